/**
 * Decisions for preparing a series with `git format-patch`, kept pure so the
 * CLI and the editor make the same ones: which tree to suggest, the subject
 * prefix, who receives the mails, the next version, and how a new cover letter
 * inherits the previous version's text.
 */
import { sectionsFor, type MaintainersSection } from './maintainers';
import { PLACEHOLDER_MARK, PLACEHOLDER_TEXT } from './placeholders';
import { maxOf } from './arrays';
import { formatMailbox, parseMailbox } from './parse/headers';

export interface PlannedCommit {
  readonly sha: string;
  readonly subject: string;
  /** Values of the commit's Fixes: trailers. */
  readonly fixes: readonly string[];
  readonly files: readonly string[];
  /** What git knows of the commits those tags name, in the same order (absent: git was not asked). */
  readonly fixTargets?: readonly FixTarget[];
}

/** A commit a Fixes: tag names, as the repository knows it. */
export interface FixTarget {
  /** The id as written, lower case. */
  readonly id: string;
  readonly found: boolean;
  readonly sha?: string;
  readonly subject?: string;
  /** A release tag that contains it (the first one after it, when git found it there); null: in no release tag here; undefined: unknown. */
  readonly release?: string | null;
  /** Whom a fix of it must reach (`Name <email>`): its signers, as get_maintainer.pl --fixes names them. */
  readonly people?: readonly string[];
}

export interface TreeChoice {
  readonly tree: 'bpf' | 'bpf-next';
  /** Why, in a few words, for the user. */
  readonly why: string;
  /** Fixes: tags that name another commit of the same series: squash, or it is not a fix for the tree. */
  readonly inSeries: readonly { readonly commit: PlannedCommit; readonly id: string }[];
}

/** The commit id a Fixes: value starts with, lower case (`commit ` before it tolerated). */
export function fixTargetId(value: string): string | undefined {
  return /^(?:commit\s+)?([0-9a-fA-F]{4,40})\b/.exec(value)?.[1].toLowerCase();
}

/**
 * The tree, as subject-tree-suggestion reasons: a fix for code that shipped in a
 * release (or -rc) goes to `bpf`, for code only in development history to
 * `bpf-next`, and a series without fixes to `bpf-next`. A Fixes tag naming a
 * commit of the series itself fixes nothing in the tree.
 */
export function chooseTree(commits: readonly PlannedCommit[]): TreeChoice {
  const inSeries: { commit: PlannedCommit; id: string }[] = [];
  const external: { commit: PlannedCommit; target?: FixTarget; id: string }[] = [];
  for (const c of commits) {
    c.fixes.forEach((value, k) => {
      const id = fixTargetId(value);
      const target = c.fixTargets?.[k];
      if (id && commits.some((o) => o !== c && o.sha.startsWith(id))) inSeries.push({ commit: c, id });
      else external.push({ commit: c, target, id: id ?? value });
    });
  }
  if (external.length === 0) {
    return { tree: 'bpf-next', why: inSeries.length ? 'its Fixes: tags name commits of this series only' : 'no Fixes: tags', inSeries };
  }
  const name = (t: FixTarget) => `${(t.sha ?? t.id).slice(0, 12)}${t.subject ? ` ("${t.subject}")` : ''}`;
  const shipped = external.find((e) => typeof e.target?.release === 'string');
  if (shipped) return { tree: 'bpf', why: `${name(shipped.target!)} is in ${shipped.target!.release}`, inSeries };
  if (external.every((e) => e.target?.found && e.target.release === null)) {
    const targets = external.map((e) => e.target!);
    return { tree: 'bpf-next', why: `${targets.map(name).join(', ')} ${targets.length === 1 ? 'is' : 'are'} in no release tag here`, inSeries };
  }
  return { tree: 'bpf', why: 'a commit has a Fixes: tag (whether what it fixes shipped is unknown here)', inSeries };
}

/** The tree chooseTree picks. */
export function suggestTree(commits: readonly PlannedCommit[]): 'bpf' | 'bpf-next' {
  return chooseTree(commits).tree;
}

/** `[RFC PATCH RESEND bpf-next]`: extra words (RESEND) go between PATCH and the tree. */
export function subjectPrefix(tree: string, rfc: boolean, extraWords: readonly string[] = []): string {
  return [...(rfc ? ['RFC'] : []), 'PATCH', ...extraWords, tree].join(' ');
}

/**
 * A single patch of version N (no cover letter) gets what the cover letter would
 * carry, below its `---` line where git am drops it: a `Changes in vN:` section
 * to fill in, a line for the link to the previous version, and the previous
 * version's own changelog. Line endings of `generated` are kept.
 */
export function singlePatchChanges(generated: string, version: number, previous?: string): string {
  const eol = generated.includes('\r\n') ? '\r\n' : '\n';
  const lines = generated.split(/\r?\n/);
  const sep = lines.indexOf('---');
  if (sep < 0) return generated;
  const older = previous ? withoutPlaceholders(olderChangelog(previous)) : [];
  const notes = [`Changes in v${version}:`, `- ${PLACEHOLDER_TEXT.changes}`, '', `v${version - 1}: ${PLACEHOLDER_TEXT.link}`, ...(older.length ? ['', ...older] : []), ''];
  return [...lines.slice(0, sep + 1), ...notes, ...lines.slice(sep + 1)].join(eol);
}

/**
 * Changelog lines without the markers a previous version left unfilled: their
 * lines go, then any `Changes in vN:` heading left with nothing under it, and
 * the blank lines that doubles.
 */
export function withoutPlaceholders(lines: readonly string[]): string[] {
  const kept = lines.filter((l) => !PLACEHOLDER_MARK.test(l));
  const out: string[] = [];
  kept.forEach((l, k) => {
    const next = kept.slice(k + 1).find((x) => x.trim() !== '');
    if (/^Changes in v\d+:\s*$/.test(l) && (next === undefined || /^Changes in v\d+:\s*$/.test(next) || /^v\d+:/.test(next))) return;
    if (l.trim() === '' && (out.length === 0 || out[out.length - 1].trim() === '')) return;
    out.push(l);
  });
  while (out.length && out[out.length - 1].trim() === '') out.pop();
  return out;
}

/** The `Changes in vN:` sections below a previous single patch's `---`, up to its diffstat. */
function olderChangelog(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const sep = lines.indexOf('---');
  if (sep < 0) return [];
  const notes: string[] = [];
  for (let i = sep + 1; i < lines.length && !/^ \S.*\|\s+\d|^ \d+ files? changed|^Range-diff against |^diff --git /.test(lines[i]); i++) notes.push(lines[i]);
  const from = notes.findIndex((l) => /^Changes in v\d+:/.test(l));
  if (from < 0) return [];
  const kept = notes.slice(from);
  while (kept.length && kept[kept.length - 1].trim() === '') kept.pop();
  return kept;
}

/** The version after the highest one already prepared (1 when none is). */
export function nextVersion(existing: readonly number[]): number {
  return existing.length === 0 ? 1 : maxOf(existing) + 1;
}

const LIST_OF_TREE: Record<string, string> = { bpf: 'bpf@vger.kernel.org', 'bpf-next': 'bpf@vger.kernel.org', net: 'netdev@vger.kernel.org', 'net-next': 'netdev@vger.kernel.org' };

/**
 * To: the tree's list and every list MAINTAINERS names for the touched files;
 * Cc: their maintainers and reviewers. `self` (the sender) is left out.
 */
export function recipients(
  tree: string,
  files: readonly string[],
  sections: readonly MaintainersSection[] | undefined,
  self?: string,
  /** The people of the commits the series fixes (`Name <email>`, see FixTarget.people): the netdev CI fails a fix that misses them. */
  fixesPeople: readonly string[] = [],
): { to: string[]; cc: string[] } {
  const to = new Map<string, string>();
  const cc = new Map<string, string>();
  const own = LIST_OF_TREE[tree.toLowerCase()] ?? 'bpf@vger.kernel.org';
  to.set(own, own);
  for (const s of sections ? sectionsFor(sections, files) : []) {
    for (const e of s.entries) {
      const key = e.email.toLowerCase();
      if (key === self?.toLowerCase()) continue;
      const label = formatMailbox(e.name, e.email);
      if (e.role === 'L') to.set(key, label);
      else if (!to.has(key)) cc.set(key, label);
    }
  }
  for (const who of fixesPeople) {
    const box = parseMailbox(who);
    const key = box?.email.toLowerCase();
    if (box && key && key !== self?.toLowerCase() && !to.has(key) && !cc.has(key)) cc.set(key, formatMailbox(box.name, box.email));
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
  // A section left unfilled in the previous version says nothing: it is not carried over.
  const kept = previous?.blurb !== undefined ? withoutPlaceholders(previous.blurb.split(/\r?\n/)).join(eol).trim() : '';
  let blurb = kept || PLACEHOLDER_TEXT.blurb;
  if (version > 1) {
    const older = blurb.search(/^Changes in v\d+:/m);
    blurb = older >= 0 ? `${blurb.slice(0, older)}${changes}${eol}${eol}${blurb.slice(older)}` : `${blurb}${eol}${eol}${changes}`;
  }
  let out = generated;
  if (previous?.title) out = out.replace(PLACEHOLDER_TEXT.subject, () => previous.title!);
  return out.replace(PLACEHOLDER_TEXT.blurb, () => blurb);
}
