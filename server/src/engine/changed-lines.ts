/**
 * The lines a change removes or modifies, on the old side of its diff: what
 * `git blame` should be asked about to find the commit that introduced them.
 */
import type { Message } from './model';

export interface ChangedLines {
  readonly path: string;
  /** 1-based line numbers in the old file. */
  readonly lines: readonly number[];
}

export function changedLines(m: Message): ChangedLines[] {
  const out: ChangedLines[] = [];
  const L = m.document.lines;
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
    if (lines.length > 0) out.push({ path: f.oldPath, lines });
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
