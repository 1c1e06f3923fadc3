/**
 * What the VS Code client and the server agree on beyond LSP itself. No
 * runtime dependencies: the client bundles these few constants.
 */
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { FixTarget } from '../engine/series-plan';

/** Server command: open (or, with `{ open: false }`, return) a rule's FAQ section. */
export const OPEN_FAQ_COMMAND = 'bpfPatchLint.openFaq';
/** Custom request: the rule catalogue's metadata, for pickers in the client. */
export const RULES_REQUEST = 'bpfPatchLint/rules';
/** Source of every diagnostic the server publishes. */
export const SOURCE = 'bpf-patch-lint';
export const FIX_ALL_KIND = 'source.fixAll.bpfPatchLint';
/**
 * Client command (VS Code): asks where to turn a rule off (user settings,
 * workspace settings, the repository's config file), then opens what it changed.
 * Arguments: rule id, document uri.
 */
export const DISABLE_RULE_COMMAND = 'bpfPatchLint.disableRule';
/**
 * Client command (VS Code): one quick pick of a finding's alternative fixes
 * (the commits a Fixes tag may name); applies the chosen edit. Argument:
 * `PickFixArgs`.
 */
export const PICK_FIX_COMMAND = 'bpfPatchLint.pickFix';

export interface PickFixArgs {
  readonly title: string;
  readonly items: readonly { readonly label: string; readonly detail: string; readonly edit: WorkspaceEdit }[];
}

/** Custom request: the edit that turns a rule off in the config file a document uses (`DisableRuleInfo`). */
export const DISABLE_RULE_REQUEST = 'bpfPatchLint/disableRule';

export interface DisableRuleInfo {
  /** The config file the document uses, or the one to create at the top of its repository. */
  readonly file?: string;
  /** The edit to that file (undefined when it cannot be read as a regular file). */
  readonly edit?: WorkspaceEdit;
  /** The config file already sets this rule: a setting in VS Code would not win over it. */
  readonly fileSetsRule: boolean;
}

/** Server notification: whether a document's git-backed checks run, and why not (`GitStateInfo`), sent when it changes. */
export const GIT_STATE_NOTIFICATION = 'bpfPatchLint/gitState';

export type GitState = 'on' | 'disabled' | 'untrusted' | 'not-a-file' | 'no-repository' | 'failed';

export interface GitStateInfo {
  readonly uri: string;
  readonly state: GitState;
  /** What failed, for `failed`. */
  readonly detail?: string;
}

/** Client notification: whether the workspace is trusted (git runs only when it is). */
export const TRUST_NOTIFICATION = 'bpfPatchLint/trust';

export interface RuleInfo {
  readonly id: string;
  readonly description: string;
  readonly severity: string;
  readonly explanation: string;
  readonly faqHeading: string;
  readonly faqUrl: string;
}

/** Where a FAQ section is: the kernel tree's .rst at a 0-based line, or a web page. */
export interface FaqTarget {
  readonly uri: string;
  readonly line?: number;
  readonly external: boolean;
}

/** Custom request: what `format-patch` would do in a folder's repository (`SeriesPlanInfo` or an error). */
export const SERIES_PLAN_REQUEST = 'bpfPatchLint/seriesPlan';
/** Custom request: run format-patch with the user's choices (`FormatSeriesInfo` or an error). */
export const FORMAT_SERIES_REQUEST = 'bpfPatchLint/formatSeries';
/**
 * Custom request: on a b4 prep branch (where format-patch answers with `b4Owns`),
 * what `b4 send` would mail, written to a temporary folder and linted (`FormatSeriesInfo` or an error).
 */
export const B4_CHECK_REQUEST = 'bpfPatchLint/b4Check';
/** Custom request: the readiness summary of the series in a folder (or of one file). */
export const SERIES_SUMMARY_REQUEST = 'bpfPatchLint/seriesSummary';

/** A refusal the user should read (not a crash). */
export interface RequestFailure {
  readonly error: string;
  /** b4 prep manages this branch: the client may offer B4_CHECK_REQUEST instead. */
  readonly b4Owns?: boolean;
}

export interface SeriesPlanInfo {
  readonly from: string;
  readonly to: string;
  readonly branch?: string;
  /** Oldest first. */
  readonly commits: readonly {
    readonly sha: string;
    readonly subject: string;
    readonly hasFixes: boolean;
    /** The Fixes: values, and what git knows of the commits they name (for the tree of a picked subset). */
    readonly fixes?: readonly string[];
    readonly fixTargets?: readonly FixTarget[];
  }[];
  readonly suggestedTree: string;
  /** Why that tree (a Fixes target shipped in v6.12, say). */
  readonly treeReason?: string;
  readonly trees: readonly string[];
  readonly nextVersion: number;
  /** Folder of the version folders. */
  readonly root: string;
  /** Tracked files with uncommitted changes: a series ending at HEAD leaves them out, so the user is asked first. */
  readonly dirty: readonly string[];
}

export interface FormatSeriesParams {
  /** A file or folder inside the repository. */
  readonly uri: string;
  readonly tree: string;
  readonly version: number;
  readonly rfc?: boolean;
  /** `PATCH RESEND`, as the CLI's --resend. */
  readonly resend?: boolean;
  readonly commits?: readonly string[];
  readonly allowDirty?: boolean;
  /** The folder of version folders (the CLI's -o); default `patches/<branch>` at the top of the repository. */
  readonly outDir?: string;
  readonly signoff?: boolean;
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
  readonly inReplyTo?: string;
}

export interface FormatSeriesInfo {
  readonly dir: string;
  readonly files: readonly string[];
  readonly errors: number;
  readonly warnings: number;
  /** Placeholders still to fill in the cover letter. */
  readonly placeholders: number;
}

export interface SummaryFinding {
  readonly rule: string;
  readonly severity: string;
  readonly message: string;
  /** LSP range in `uri`. */
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
}

/** Custom request: fix-all over the series in a folder, as one edit of its files (`FixSeriesInfo` or an error). */
export const FIX_SERIES_REQUEST = 'bpfPatchLint/fixSeries';

export interface FixSeriesInfo {
  /** Whole-region edits of the files that change (none: nothing to fix). */
  readonly edit: WorkspaceEdit;
  /** Fixes applied, and files they change. */
  readonly fixes: number;
  readonly files: number;
}

export interface SeriesSummaryInfo {
  readonly folder: string;
  readonly messages: readonly {
    readonly uri: string;
    readonly subject: string;
    readonly isCoverLetter: boolean;
    readonly line: number;
    readonly rows: readonly { readonly check: string; readonly title: string; readonly nipa?: string; readonly state: 'pass' | 'warn' | 'fail' | 'skip'; readonly note?: string; readonly findings: readonly SummaryFinding[] }[];
  }[];
  readonly errors: number;
  readonly warnings: number;
  /** b4 wrote these mails: b4 sends them (from its prep branch), not git send-email. */
  readonly madeByB4?: boolean;
}

/**
 * Where the client may take the user for a FAQ section: the kernel's own site
 * or a file on disk. Anything else (a compromised or confused server) is refused.
 */
export function isFaqDestination(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'file:' || (u.protocol === 'https:' && (u.hostname === 'kernel.org' || u.hostname.endsWith('.kernel.org')) && u.username === '' && u.password === '');
  } catch {
    return false;
  }
}
