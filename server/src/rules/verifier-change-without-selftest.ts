import { FAQ } from '../engine/faq';
import type { FileStatus, Message } from '../engine/model';
import { isDiffstatLine } from '../engine/parse/message';
import type { Span } from '../engine/text';
import type { RuleContext, Rule, Severity } from '../engine/types';
import { lineOf } from './util';

export const SELFTESTS_DIR = 'tools/testing/selftests/bpf/';


/** A file a message changes, with where to point at it. */
export interface PathSite {
  readonly message: Message;
  readonly path: string;
  readonly status: FileStatus;
  readonly range: Span;
}

/**
 * Files a message changes: its diff (the range is the `diff --git` line) and,
 * in a commit message, the `Changes to be committed:` comment list (the range
 * is the path in that comment line). A path named by both is listed once, at
 * its diff.
 */
export function pathSites(m: Message): PathSite[] {
  const out: PathSite[] = [];
  const seen = new Set<string>();
  const add = (s: PathSite) => {
    if (seen.has(s.path)) return;
    seen.add(s.path);
    out.push(s);
  };
  const idx = m.document.lines;
  for (const f of m.diff?.files ?? []) {
    const first = idx.lineAt(f.span.start);
    const range = { start: f.span.start, end: first.end };
    for (const p of [f.newPath, f.oldPath]) if (p) add({ message: m, path: p, status: f.status, range });
  }
  for (const f of m.stagedFiles) add({ message: m, path: f.path, status: f.status, range: f.span });
  return out;
}

/** Every file changed anywhere in the series. */
export function seriesSites(ctx: RuleContext): PathSite[] {
  return ctx.series.messages.flatMap((m) => pathSites(m));
}

/**
 * Whether the series visibly holds more than we were given: a patch numbered
 * n/m (m > 1) while fewer than m patches are present. Its other patches may
 * carry the selftests (or the header sync), so path rules stay quiet.
 */
export function seriesIncomplete(ctx: RuleContext): boolean {
  let total = 0;
  const present = new Set<number>();
  for (const m of ctx.series.messages) {
    const n = m.subject?.prefix.numbering;
    if (!n) continue;
    total = Math.max(total, n.total);
    if (n.index > 0) present.add(n.index);
  }
  return total > 1 && present.size < total;
}

/** Diffstat-like lines of cover letters (their diffstat is part of the body). */
function coverLetterLines(ctx: RuleContext): string[] {
  return ctx.series.coverLetters.flatMap((m) => m.bodyLines.map((i) => lineOf(m, i).text));
}

/** Whether anything in the series changes the BPF selftests. */
export function seriesTouchesSelftests(ctx: RuleContext): boolean {
  if (seriesSites(ctx).some((s) => s.path.startsWith(SELFTESTS_DIR))) return true;
  // A cover letter's diffstat (paths may be shortened to .../selftests/bpf/...) or shortlog.
  return coverLetterLines(ctx).some(
    (t) => (isDiffstatLine(t) && /selftests\/bpf\//.test(t)) || /^\s+selftests\/bpf: /.test(t),
  );
}

/** Whether a cover letter's diffstat names `path` (possibly shortened from the left). */
export function coverLetterDiffstatNames(ctx: RuleContext, path: string): boolean {
  return coverLetterLines(ctx).some((t) => {
    if (!isDiffstatLine(t)) return false;
    const raw = t.split('|')[0].trim();
    // git shortens long paths from the left: ".../uapi/linux/bpf.h".
    if (!raw.startsWith('.../')) return raw === path;
    const tail = raw.slice(4);
    return tail !== '' && path.endsWith(`/${tail}`);
  });
}

/**
 * Findings in a commit message being written are hints about the series to
 * come (the selftest or sync usually lands in a commit of its own), so they are
 * softened to info there.
 */
export function siteSeverity(site: PathSite): Severity | undefined {
  return site.message.kind === 'commit' ? 'info' : undefined;
}

const VERIFIER = 'kernel/bpf/verifier.c';

const rule: Rule = {
  id: 'verifier-change-without-selftest',
  description: 'kernel/bpf/verifier.c changes without a selftests change.',
  severity: 'warning',
  faq: FAQ.verifierTests,
  readiness: 'selftests',
  appliesTo: 'submission',
  explanation: [
    'What the verifier accepts or rejects is, in practice, defined by the BPF selftests:',
    'behaviour nobody tests can silently change with the next verifier rework. So a change',
    'to `kernel/bpf/verifier.c` is expected to come with test programs under',
    '`tools/testing/selftests/bpf/` (usually a separate `selftests/bpf:` patch in the same',
    'series) that show the new behaviour and the corner cases around it. Reviewers will',
    'ask for them if they are missing.',
  ].join('\n'),
  check(ctx) {
    const sites = seriesSites(ctx).filter((s) => s.path === VERIFIER);
    if (sites.length === 0 || seriesIncomplete(ctx) || seriesTouchesSelftests(ctx)) return;
    for (const s of sites) {
      ctx.report(s.message, {
        message:
          s.message.kind === 'commit'
            ? 'Verifier change: add selftests under tools/testing/selftests/bpf/ (in this commit or the next one of the series).'
            : 'Verifier change without selftests: add tests under tools/testing/selftests/bpf/ to the series.',
        range: s.range,
        severity: siteSeverity(s),
      });
    }
  },
};

export default rule;
