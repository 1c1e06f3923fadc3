import type { Span } from './text';
import type { ParsedDocument, Message } from './model';
import type { FaqSection } from './faq';
import type { EngineFacts } from './facts';
import type { MessageScope } from './scope';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** A replacement of [start, end) in one document by newText. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly isPreferred?: boolean;
  /**
   * The fix adds the user's own Signed-off-by. Signing off certifies the DCO, a
   * deliberate act: fix-all applies it only when asked (`--signoff`, like
   * `git commit -s`), never as a preferred fix.
   */
  readonly signOff?: boolean;
  /**
   * The fix is one of several alternatives of a finding (the commits a Fixes
   * tag may name): an editor that can may offer them as one list under this
   * title instead of an action each. `detail` says why this one is offered.
   */
  readonly alternative?: { readonly of: string; readonly label: string; readonly detail: string };
}

export interface RelatedLocation {
  /** Document id (as given to lint) the location is in. */
  readonly document: string;
  readonly range: Span;
  readonly message: string;
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** Document id this finding is in. */
  readonly document: string;
  readonly range: Span;
  readonly fixes: readonly Fix[];
  readonly related: readonly RelatedLocation[];
  /**
   * For a finding in a transfer-encoded body: the line of the decoded body
   * (1-based, from the first line below the headers) it is about; `range` is
   * then the header that says how the body is encoded.
   */
  readonly decoded?: { readonly line: number; readonly text: string; readonly encoding: string };
  /** The summary row this finding falls under, when not its rule's (a misspelt sign-off is a sign-off problem). */
  readonly readiness?: CheckId;
  /**
   * A finding of another tool (checkpatch.pl) shown with ours: its name, its own
   * code for the problem and where that is documented. `rule` is then
   * `<source>:<code>`, never one of our ids.
   */
  readonly external?: { readonly source: 'checkpatch'; readonly code: string; readonly href: string };
}

/** What a rule reports; rule id, severity and document are filled in by the engine. */
export interface Report {
  readonly message: string;
  readonly range: Span;
  readonly fixes?: readonly Fix[];
  readonly related?: readonly { readonly message: Message; readonly range: Span; readonly text: string }[];
  /** Overrides the configured severity for this one finding (e.g. info instead of error on non-fix trees). */
  readonly severity?: Severity;
  /** Overrides the rule's summary row for this one finding. */
  readonly readiness?: CheckId;
}

export interface LintConfig {
  /** Maximum columns for the summary and body lines. */
  readonly lineLength: number;
  /** Trees accepted in the subject prefix besides the built-in ones. */
  readonly extraTrees: readonly string[];
  /** Refs holding the trees' branches, as configured (the git layer finds the rest by remote). */
  readonly treeRefs: Readonly<Record<string, string>>;
  /** git's core.commentChar for commit messages. */
  readonly commentChar: string;
  /**
   * How git will clean the commit message up (`git commit --cleanup`): only
   * `strip` drops comment lines; `strip` and `scissors` cut at the scissors line.
   * `git commit -m`/`-F` without an editor keeps `#` lines (`whitespace`).
   * `default` decides as git does, from the text: `strip` when git's editor
   * hint is in it (an editor was used), else `whitespace` (a recorded message
   * from `git log`, a file for `git commit -F`).
   */
  readonly cleanup: CleanupMode;
  /** Per-rule severity overrides. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /**
   * `send` (default): mail about to be sent, judged by every rule. `archive`: a
   * folder of exported commits (a backport queue) that is never mailed as it is,
   * so the submission rules stay silent.
   */
  readonly profile: Profile;
}

export type Profile = 'send' | 'archive';

export type CleanupMode = 'default' | 'strip' | 'whitespace' | 'scissors' | 'verbatim';
export const CLEANUP_MODES: readonly CleanupMode[] = ['default', 'strip', 'whitespace', 'scissors', 'verbatim'];
export const PROFILES: readonly Profile[] = ['send', 'archive'];

export interface RuleContext {
  readonly config: LintConfig;
  /** Every message of the series, in order; a lone document is a series of its messages. */
  readonly series: Series;
  /** Facts learned outside the engine (git); empty when none were provided. */
  readonly facts: EngineFacts;
  /** Whether the submission rules judge a message, and why (see scope.ts). */
  scope(message: Message): MessageScope;
  report(message: Message, report: Report): void;
}

export interface Series {
  readonly documents: readonly ParsedDocument[];
  /** All messages of all documents in series order. */
  readonly messages: readonly Message[];
  /** Patch messages (not cover letters, not bare diffs). */
  readonly patches: readonly Message[];
  readonly coverLetters: readonly Message[];
}

/** Rows of the series readiness summary (see summary.ts). */
export type CheckId = 'tree' | 'fixes' | 'git-fixes' | 'stable' | 'sign-off' | 'selftests' | 'cover-letter' | 'recipients' | 'apply' | 'checkpatch' | 'message';

export interface RuleMeta {
  /** Stable id: users' configs and suppressions rely on it. */
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  readonly faq: FaqSection;
  /** The row of the series readiness summary this rule's findings fall under. */
  readonly readiness: CheckId;
  /** Why the rule exists, in our words (markdown). */
  readonly explanation: string;
  /**
   * `submission`: a rule of the BPF/netdev submission process (tree, recipients,
   * stable, Fixes on fix trees, series form), silent on messages out of scope.
   * `every-patch`: holds for any kernel patch and runs whatever the scope.
   */
  readonly appliesTo: 'submission' | 'every-patch';
  /**
   * Its fixes offer the commits blame and recent history suggest for a Fixes
   * tag. That git work costs seconds in a tree the size of linux.git, so a run
   * that cannot wait for it does it only when such a rule has a finding.
   */
  readonly offersCulprits?: boolean;
}

export interface Rule extends RuleMeta {
  check(ctx: RuleContext): void;
}
