import type { Diff, DiffFile, DiffHunk } from '../model';
import type { LineIndex } from '../text';

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Whether line `i` opens a diff: `diff --git`, `Index:` or a `---`/`+++` header pair. */
export function isDiffStart(lines: LineIndex, i: number, last: number): boolean {
  const t = lines.line(i).text;
  if (t.startsWith('diff --git ') || t.startsWith('diff -') || t.startsWith('Index: ')) return true;
  return t.startsWith('--- ') && i + 1 < last && lines.line(i + 1).text.startsWith('+++ ');
}

function stripPrefix(path: string): string {
  const unquoted = path.startsWith('"') && path.endsWith('"') ? path.slice(1, -1) : path;
  // Strip a/ b/ (or any single-letter prefix git's --src-prefix may use) and timestamps after a tab.
  const noTab = unquoted.split('\t')[0].trim();
  return noTab.replace(/^[a-z]\//, '');
}

function setOldPath(file: { oldPath?: string; status: DiffFile['status'] }, headerLine: string): void {
  const p = headerLine.slice(4);
  if (p.trim() === '/dev/null') file.status = 'added';
  else file.oldPath = stripPrefix(p);
}

/**
 * Parses a diff from line `first` up to (not including) line `last`: files,
 * their status and hunks. Hunk bodies are counted by their line numbers, so a
 * removed line reading `-- ` or `--- x` is never mistaken for a header.
 * Stops at the first line that cannot belong to a diff (a mail signature).
 */
export function parseDiff(lines: LineIndex, first: number, last: number): Diff {
  const files: DiffFile[] = [];
  let cur: {
    start: number;
    end: number;
    oldPath?: string;
    newPath?: string;
    status: DiffFile['status'];
    binary: boolean;
    hunks: DiffHunk[];
    preImage?: string;
  } | undefined;
  const L = lines;
  let end = first < last ? L.line(first).start : 0;
  const flush = () => {
    if (cur) {
      files.push({
        span: { start: cur.start, end: cur.end },
        oldPath: cur.oldPath,
        newPath: cur.newPath,
        status: cur.status,
        binary: cur.binary,
        hunks: cur.hunks,
        ...(cur.preImage ? { preImage: cur.preImage } : {}),
      });
    }
    cur = undefined;
  };
  let i = first;
  while (i < last) {
    const line = L.line(i);
    const t = line.text;
    if (t.startsWith('diff --git ')) {
      flush();
      const m = /^diff --git (?:"?[a-z]\/)?(.+?)"? (?:"?[a-z]\/)(.+?)"?$/.exec(t);
      cur = { start: line.start, end: line.end, status: 'modified', binary: false, hunks: [], oldPath: m?.[1], newPath: m?.[2] };
    } else if (t.startsWith('Index: ') || t.startsWith('diff -') || (t.startsWith('--- ') && i + 1 < last && L.line(i + 1).text.startsWith('+++ ') && (!cur || cur.hunks.length > 0))) {
      // A diff not made by git: each "Index:", "diff -u..." or "---"/"+++" pair (with no opener of its own) opens a file.
      flush();
      cur = { start: line.start, end: line.end, status: 'modified', binary: false, hunks: [] };
      if (t.startsWith('Index: ')) cur.oldPath = cur.newPath = t.slice(7).trim();
      else if (t.startsWith('--- ')) setOldPath(cur, t);
    } else if (!cur) {
      if (t.trim() === '') {
        i++;
        continue;
      }
      break;
    } else if (t.startsWith('--- ')) {
      setOldPath(cur, t);
    } else if (t.startsWith('+++ ')) {
      const p = t.slice(4);
      if (p.trim() !== '/dev/null') cur.newPath = stripPrefix(p);
      else cur.status = 'deleted';
    } else if (t.startsWith('new file mode')) cur.status = 'added';
    else if (t.startsWith('deleted file mode')) cur.status = 'deleted';
    else if (t.startsWith('rename from ')) {
      cur.status = 'renamed';
      cur.oldPath = t.slice(12);
    } else if (t.startsWith('rename to ')) cur.newPath = t.slice(10);
    else if (t.startsWith('copy from ')) {
      cur.status = 'copied';
      cur.oldPath = t.slice(10);
    } else if (t.startsWith('copy to ')) cur.newPath = t.slice(8);
    else if (t.startsWith('Binary files ') || t === 'GIT binary patch') {
      cur.binary = true;
      if (t === 'GIT binary patch') {
        // literal/delta blocks run until a blank line; two blocks (forward and reverse).
        let j = i + 1;
        let blanks = 0;
        while (j < last && blanks < 2) {
          if (L.line(j).text === '') blanks++;
          else if (!/^(literal|delta) \d+$/.test(L.line(j).text) && !/^[A-Za-z]/.test(L.line(j).text)) break;
          j++;
        }
        cur.end = L.line(j - 1).end;
        end = cur.end;
        i = j;
        continue;
      }
    } else if (HUNK.test(t)) {
      const m = HUNK.exec(t)!;
      const oldLines = m[2] === undefined ? 1 : Number(m[2]);
      const newLines = m[4] === undefined ? 1 : Number(m[4]);
      let oldLeft = oldLines;
      let newLeft = newLines;
      let j = i + 1;
      while (j < last && (oldLeft > 0 || newLeft > 0)) {
        const c = L.line(j).text[0];
        if (c === '-') oldLeft--;
        else if (c === '+') newLeft--;
        else if (c === ' ' || c === undefined) {
          // An empty line is a context line whose space a mailer stripped.
          oldLeft--;
          newLeft--;
        } else if (c !== '\\') break;
        j++;
      }
      // "\ No newline at end of file" may follow the last counted line.
      while (j < last && L.line(j).text.startsWith('\\')) j++;
      cur.hunks.push({
        span: { start: line.start, end: L.line(j - 1).end },
        oldStart: Number(m[1]),
        oldLines,
        newStart: Number(m[3]),
        newLines,
      });
      cur.end = L.line(j - 1).end;
      end = cur.end;
      i = j;
      continue;
    } else if (/^(index |old mode|new mode|similarity index|dissimilarity index|=+$)/.test(t)) {
      // extended header lines; `index <old>..<new>` names the blobs (all zeros: no old file)
      const blobs = /^index ([0-9a-f]{7,64})\.\.[0-9a-f]{7,64}(?: [0-7]{6})?$/.exec(t);
      if (blobs && !/^0+$/.test(blobs[1])) cur.preImage = blobs[1];
    } else if (t.trim() === '' && cur.hunks.length > 0) {
      // A blank line between files in hand-edited patches: skipped, not part of any file.
      i++;
      continue;
    } else {
      break;
    }
    if (cur) {
      cur.end = line.end;
      end = cur.end;
    }
    i++;
  }
  flush();
  return { span: { start: first < last ? L.line(first).start : 0, end }, files };
}
