/**
 * Decisions for preparing a series with `git format-patch`, kept pure so the
 * CLI and the editor make the same ones: which tree to suggest, the subject
 * prefix, who receives the mails, the next version, and how a new cover letter
 * inherits the previous version's text.
 */
import { sectionsFor, type MaintainersSection } from './maintainers';
import { PLACEHOLDER_TEXT } from './placeholders';

export interface PlannedCommit {
  readonly sha: string;
  readonly subject: string;
  /** Values of the commit's Fixes: trailers. */
  readonly fixes: readonly string[];
  readonly files: readonly string[];
}

/** Fixes go to `bpf` (the current release), everything else to `bpf-next`. */
export function suggestTree(commits: readonly PlannedCommit[]): 'bpf' | 'bpf-next' {
  return commits.some((c) => c.fixes.length > 0) ? 'bpf' : 'bpf-next';
}

export function subjectPrefix(tree: string, rfc: boolean): string {
  return `${rfc ? 'RFC ' : ''}PATCH ${tree}`;
}

/** The version after the highest one already prepared (1 when none is). */
export function nextVersion(existing: readonly number[]): number {
  return existing.length === 0 ? 1 : Math.max(...existing) + 1;
}

const LIST_OF_TREE: Record<string, string> = { bpf: 'bpf@vger.kernel.org', 'bpf-next': 'bpf@vger.kernel.org', net: 'netdev@vger.kernel.org', 'net-next': 'netdev@vger.kernel.org' };

/**
 * To: the tree's list and every list MAINTAINERS names for the touched files;
 * Cc: their maintainers and reviewers. `self` (the sender) is left out.
 */
export function recipients(tree: string, files: readonly string[], sections: readonly MaintainersSection[] | undefined, self?: string): { to: string[]; cc: string[] } {
  const to = new Map<string, string>();
  const cc = new Map<string, string>();
  const own = LIST_OF_TREE[tree.toLowerCase()] ?? 'bpf@vger.kernel.org';
  to.set(own, own);
  for (const s of sections ? sectionsFor(sections, files) : []) {
    for (const e of s.entries) {
      const key = e.email.toLowerCase();
      if (key === self?.toLowerCase()) continue;
      const label = e.name ? `${e.name} <${e.email}>` : e.email;
      if (e.role === 'L') to.set(key, label);
      else if (!to.has(key)) cc.set(key, label);
    }
  }
  return { to: [...to.values()], cc: [...cc].filter(([key]) => !to.has(key)).map(([, label]) => label) };
}

/** The text of a cover letter that the next version can reuse. */
export interface CoverText {
  /** The series title after the `[PATCH ...]` prefix. */
  readonly title?: string;
  /** The description, changelogs included, without git's shortlog and diffstat. */
  readonly blurb?: string;
}

const SHORTLOG_HEAD = /^\S.*\(\d+\):$/;

/** Title and blurb of a cover letter git format-patch wrote (LF or CRLF). */
export function readCoverLetter(text: string): CoverText {
  const lines = text.split(/\r?\n/);
  const subjectAt = lines.findIndex((l) => /^Subject:/i.test(l));
  let title: string | undefined;
  if (subjectAt >= 0) {
    let subject = lines[subjectAt].replace(/^Subject:\s*/i, '');
    for (let i = subjectAt + 1; i < lines.length && /^[ \t]/.test(lines[i]); i++) subject += lines[i].replace(/^[ \t]+/, ' ');
    title = subject.replace(/^(\s*\[[^\]]*\])+\s*/, '').trim() || undefined;
  }
  const bodyAt = lines.indexOf('', Math.max(0, subjectAt));
  if (bodyAt < 0) return { title };
  const body: string[] = [];
  for (let i = bodyAt + 1; i < lines.length; i++) {
    if (SHORTLOG_HEAD.test(lines[i]) || /^Range-diff against /.test(lines[i]) || /^base-commit: /.test(lines[i]) || lines[i] === '-- ') break;
    body.push(lines[i]);
  }
  const blurb = body.join('\n').trim();
  return { title, blurb: blurb || undefined };
}

/**
 * A new cover letter that keeps the previous version's title and blurb and
 * opens a `Changes in vN:` section above the older ones, with a placeholder the
 * cover-letter-placeholder rule flags until it is filled in. Line endings of
 * `generated` are kept.
 */
export function carryOverCoverLetter(generated: string, previous: CoverText | undefined, version: number): string {
  const eol = generated.includes('\r\n') ? '\r\n' : '\n';
  const changes = `Changes in v${version}:${eol}- ${PLACEHOLDER_TEXT.changes}`;
  let blurb = previous?.blurb?.replace(/\r?\n/g, eol) ?? PLACEHOLDER_TEXT.blurb;
  if (version > 1) {
    const older = blurb.search(/^Changes in v\d+:/m);
    blurb = older >= 0 ? `${blurb.slice(0, older)}${changes}${eol}${eol}${blurb.slice(older)}` : `${blurb}${eol}${eol}${changes}`;
  }
  let out = generated;
  if (previous?.title) out = out.replace(PLACEHOLDER_TEXT.subject, () => previous.title!);
  return out.replace(PLACEHOLDER_TEXT.blurb, () => blurb);
}
