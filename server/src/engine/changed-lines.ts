/**
 * The lines a change removes or modifies, on the old side of its diff: what
 * `git blame` should be asked about to find the commit that introduced them.
 */
import type { Message } from './model';

export interface ChangedLines {
  readonly path: string;
  /** 1-based line numbers in the old file. */
  readonly lines: readonly number[];
  /**
   * The commit the change was recorded as (a format-patch file's `From <sha>`
   * line): the old file is its parent's, and it is no culprit of its own lines.
   */
  readonly commit?: string;
  /** The old file's blob id as the diff's `index` line abbreviates it. */
  readonly preImage?: string;
}

/** The commit in a format-patch file's `From <sha> Mon Sep 17 00:00:00 2001` line (not git's all-zero placeholder). */
export function recordedCommit(m: Message): string | undefined {
  if (!m.mboxFrom) return undefined;
  const sha = /^From ([0-9a-f]{40}) /.exec(m.document.text.slice(m.mboxFrom.start, m.mboxFrom.end))?.[1];
  return sha && !/^0+$/.test(sha) ? sha : undefined;
}

export function changedLines(m: Message): ChangedLines[] {
  const out: ChangedLines[] = [];
  const L = m.document.lines;
  const commit = recordedCommit(m);
  for (const f of m.diff?.files ?? []) {
    if (f.status === 'added' || !f.oldPath || f.binary) continue;
    const lines: number[] = [];
    for (const h of f.hunks) {
      let old = h.oldStart;
      const first = L.lineAt(h.span.start).index + 1;
      const last = L.lineAt(h.span.end).index;
      for (let i = first; i <= last; i++) {
        const c = L.line(i).text[0];
        if (c === '-') lines.push(old++);
        else if (c === ' ' || c === undefined) old++;
      }
    }
    if (lines.length > 0) out.push({ path: f.oldPath, lines, ...(commit ? { commit } : {}), ...(f.preImage ? { preImage: f.preImage } : {}) });
  }
  return out;
}

/** Line numbers as the fewest `start,end` ranges (for `git blame -L`). */
export function toRanges(lines: readonly number[]): [number, number][] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

/** git's default date format (`show_ident_date`, DATE_NORMAL), which no locale translates. */
const GIT_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d \d{4} [+-]\d{4}$/;

/**
 * The author date git shows in a commit message's comments when the commit
 * keeps one it already has (`git commit --amend`, also `-c`/`-C` and `--date`):
 * `# Date:      Sun Dec 6 04:07:58 2026 +0000`. When it is HEAD's, the message
 * amends HEAD, and the change it describes is measured from HEAD's parent.
 */
export function keptAuthorDate(m: Message): string | undefined {
  if (m.kind !== 'commit') return undefined;
  for (const i of m.commentLines) {
    // The label is translated ("Date:", "Datum:"); the date is not.
    const value = /^\S+ [^:\s]{1,24}: +(\S.*)$/.exec(m.document.lines.line(i).text)?.[1]?.trimEnd();
    if (value && GIT_DATE.test(value)) return value;
  }
  return undefined;
}
