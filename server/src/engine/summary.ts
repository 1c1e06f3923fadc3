/**
 * The series readiness summary: per message of a series, one row per kind of
 * check with pass/warn/fail, like the checks maintainers see on patchwork but
 * before the mail is sent. Rules say which row they belong to (`readiness`).
 */
import type { MessageScope } from './scope';
import { lastStartingAtOrBefore } from './text';
import { isAutosquash, type LintResult } from './lint';
import type { Message, ParsedDocument } from './model';
import type { CheckId, Finding, Rule } from './types';

/**
 * The rows, each with the name of the netdev CI (NIPA) check that judges the
 * same thing after posting, so a developer who has seen its verdicts on
 * patchwork recognises them here before sending.
 */
export const CHECKS: readonly { readonly id: CheckId; readonly title: string; readonly nipa?: string }[] = [
  { id: 'tree', title: 'Tree prefix', nipa: 'tree_selection' },
  { id: 'fixes', title: 'Fixes tags', nipa: 'verify_fixes' },
  { id: 'git-fixes', title: 'Fixes verified in git', nipa: 'verify_fixes' },
  { id: 'stable', title: 'Cc stable' },
  { id: 'sign-off', title: 'Sign-off', nipa: 'verify_signedoff' },
  { id: 'selftests', title: 'Selftests' },
  { id: 'cover-letter', title: 'Cover letter and series', nipa: 'series_format' },
  { id: 'recipients', title: 'Lists and MAINTAINERS', nipa: 'cc_maintainers' },
  { id: 'apply', title: 'Applies to the tree' },
  { id: 'checkpatch', title: 'checkpatch.pl', nipa: 'checkpatch' },
  { id: 'message', title: 'Commit message' },
];

/** `skip`: the check could not run (git was not consulted) or does not apply (a commit message has no recipients yet). */
export type CheckState = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckRow {
  readonly check: CheckId;
  readonly title: string;
  /** The netdev CI check of the same thing, when there is one. */
  readonly nipa?: string;
  readonly state: CheckState;
  readonly findings: readonly Finding[];
  readonly note?: string;
}

export interface MessageSummary {
  readonly document: string;
  /** The message's place in its document (an mbox holds several). */
  readonly index: number;
  readonly subject: string;
  readonly isCoverLetter: boolean;
  /** Whether the submission rules judged the message, and why. */
  readonly scope?: MessageScope;
  readonly rows: readonly CheckRow[];
}

export interface SeriesSummary {
  readonly messages: readonly MessageSummary[];
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** Checks about a patch's commit message and change, which a cover letter has none of. */
const NOT_IN_COVER_LETTERS: ReadonlySet<CheckId> = new Set(['fixes', 'git-fixes', 'sign-off', 'selftests', 'checkpatch', 'message']);

/** Checks about the mail itself, which a commit message being written cannot fail or pass yet. */
const MAIL_ONLY: ReadonlySet<CheckId> = new Set(['tree', 'cover-letter', 'recipients', 'apply']);

export interface SummaryOptions {
  /** Whether git answered for this series (otherwise its row is `skip`). */
  readonly gitChecked: boolean;
  /** EngineFacts.kernelHistory: false when the repository could not know kernel commits. */
  readonly kernelHistory?: boolean;
  /** Whether the series was tried on its tree's branch (EngineFacts.applies is set); otherwise its row is `skip`. */
  readonly applyTried?: boolean;
  /** Whether checkpatch.pl ran on the series (otherwise its row is `skip`, with this note). */
  readonly checkpatch?: { readonly ran: true; readonly shadowed?: readonly Finding[] } | { readonly ran: false; readonly why: string };
}

/** The message of `doc` whose text holds `offset` (findings outside any message go to the first). */
export function messageAt(doc: ParsedDocument, offset: number): Message | undefined {
  return doc.messages[lastStartingAtOrBefore(doc.messages, (m) => m.span.start, offset)];
}

function stateOf(findings: readonly Finding[]): CheckState {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}

export function summarize(result: LintResult, rules: readonly Rule[], opts: SummaryOptions): SeriesSummary {
  const readiness = new Map(rules.map((r) => [r.id, r.readiness]));
  // A row all of whose rules are submission rules says nothing about a message out of scope.
  const submissionOnly = new Set(CHECKS.map((c) => c.id).filter((id) => rules.some((r) => r.readiness === id) && rules.every((r) => r.readiness !== id || r.appliesTo === 'submission')));
  const docs = new Map(result.documents.map((d) => [d.id, d]));
  const byMessage = new Map<Message, Finding[]>();
  for (const f of result.findings) {
    const doc = docs.get(f.document);
    const m = doc && messageAt(doc, f.range.start);
    if (!m) continue;
    byMessage.set(m, [...(byMessage.get(m) ?? []), f]);
  }
  const messages = result.documents.flatMap((d) => d.messages.filter((m) => !m.isReply && !isAutosquash(m)));
  return {
    messages: messages.map((m) => {
      const findings = byMessage.get(m) ?? [];
      const scope = result.scopes.get(m);
      return {
        document: m.document.id,
        index: m.index,
        subject: m.subject?.text ?? m.document.lines.line(m.document.lines.indexAt(m.body.start)).text,
        isCoverLetter: m.isCoverLetter,
        scope,
        rows: CHECKS.map(({ id, title, nipa }) => {
          const also = nipa ? { nipa } : {};
          const mine = findings.filter((f) => (f.readiness ?? readiness.get(f.rule) ?? 'message') === id);
          if (m.isCoverLetter && NOT_IN_COVER_LETTERS.has(id) && mine.length === 0) {
            return { check: id, title, ...also, state: 'skip' as const, findings: mine, note: 'n/a for a cover letter' };
          }
          if (scope && !scope.submission && submissionOnly.has(id)) {
            return { check: id, title, ...also, state: 'skip' as const, findings: mine, note: 'not a BPF/netdev submission' };
          }
          if (m.kind === 'commit' && MAIL_ONLY.has(id) && mine.length === 0) {
            return { check: id, title, ...also, state: 'skip' as const, findings: mine, note: 'a commit message is not a mail yet' };
          }
          if (id === 'apply' && !opts.applyTried && mine.length === 0) {
            return { check: id, title, ...also, state: 'skip' as const, findings: mine, note: 'not tried (no branch of its tree here, or not a whole series)' };
          }
          if (id === 'checkpatch' && opts.checkpatch?.ran !== true && mine.length === 0) {
            return { check: id, title, ...also, state: 'skip' as const, findings: mine, note: opts.checkpatch?.ran === false ? opts.checkpatch.why : 'not run' };
          }
          if (id === 'git-fixes' && !opts.gitChecked) return { check: id, title, ...also, state: 'skip' as const, findings: mine, note: 'git was not consulted' };
          if (id === 'git-fixes' && opts.kernelHistory === false && mine.length === 0) {
            return { check: id, title, ...also, state: 'skip' as const, findings: mine, note: 'this repository has no kernel history to look commits up in' };
          }
          if (id === 'checkpatch' && opts.checkpatch?.ran && opts.checkpatch.shadowed?.length) {
            // Its reports on lines our rules report are not shown twice, but they are still its verdict.
            const docOf = new Map(result.documents.map((d) => [d.id, d]));
            const hidden = opts.checkpatch.shadowed.filter((f) => f.document === m.document.id && messageAt(docOf.get(f.document)!, f.range.start) === m);
            if (hidden.length > 0) {
              const note = `${hidden.length} more on lines our rules report`;
              return { check: id, title, ...also, state: stateOf([...mine, ...hidden]), findings: mine, note };
            }
          }
          return { check: id, title, ...also, state: stateOf(mine), findings: mine };
        }),
      };
    }),
    errors: result.findings.filter((f) => f.severity === 'error').length,
    warnings: result.findings.filter((f) => f.severity === 'warning').length,
    infos: result.findings.filter((f) => f.severity === 'info').length,
  };
}
