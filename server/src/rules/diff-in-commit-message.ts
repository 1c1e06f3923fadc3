import { FAQ } from '../engine/faq';
import type { Message } from '../engine/model';
import type { Span } from '../engine/text';
import type { Rule } from '../engine/types';
import { lineOf, messagesWithText } from './util';

const DIFF_GIT = /^diff --git (?:"?a\/\S+ "?b\/\S+|\S+ \S+)\s*$/;
const HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;
const OLD_FILE = /^--- (?:a\/\S|\/dev\/null)/;
const NEW_FILE = /^\+\+\+ (?:b\/\S|\/dev\/null)/;
const INDEX = /^index [0-9a-f]{7,40}\.\.[0-9a-f]{7,40}(?: [0-7]{6})?\s*$/;
const FILE_MODE = /^(?:new|deleted) file mode [0-7]{6}\s*$/;

/**
 * Blocks of unindented diff text among the message lines: each starts at a
 * line only a diff has (`diff --git`, `index a..b`, `@@ -a,b +c,d @@`, a
 * `---`/`+++` pair) and runs over the header and hunk lines that follow it.
 */
function diffBlocks(m: Message): Span[] {
  // Indices and a text accessor, not Line objects: a message may have millions of lines.
  const body = m.bodyLines;
  const textAt = (j: number) => lineOf(m, body[j]).text;
  const blocks: Span[] = [];
  let k = 0;
  const isHeader = (j: number): boolean => {
    const t = textAt(j);
    if (DIFF_GIT.test(t) || HUNK.test(t) || INDEX.test(t) || FILE_MODE.test(t)) return true;
    return OLD_FILE.test(t) && j + 1 < body.length && body[j + 1] === body[j] + 1 && NEW_FILE.test(textAt(j + 1));
  };
  while (k < body.length) {
    if (!isHeader(k)) {
      k++;
      continue;
    }
    let end = k;
    let inHunk = HUNK.test(textAt(k));
    let j = k + 1;
    for (; j < body.length && body[j] === body[j - 1] + 1; j++) {
      const t = textAt(j);
      if (isHeader(j) || (NEW_FILE.test(t) && OLD_FILE.test(textAt(j - 1)))) {
        if (HUNK.test(t)) inHunk = true;
        end = j;
        continue;
      }
      if (inHunk && /^[-+ \\]/.test(t) && t.trim() !== '') {
        end = j;
        continue;
      }
      break;
    }
    blocks.push({ start: lineOf(m, body[k]).start, end: lineOf(m, body[end]).end });
    k = end + 1;
  }
  return blocks;
}

/**
 * A mail whose message pastes a `diff --git` at the left margin: the parser
 * takes it for the patch and ends the message there, and the real `---` comes
 * after it. The pasted diff is then in the message part.
 */
function pastedDiffBeforeSeparator(m: Message): Span | undefined {
  if (m.kind !== 'mail' || m.separator || !m.diff) return undefined;
  const idx = m.document.lines;
  const last = idx.lineAt(m.span.end).index;
  for (let i = idx.lineAt(m.diff.span.end).index + 1; i <= last; i++) {
    const t = idx.line(i).text;
    if (/^---[ \t]*$/.test(t)) {
      // The diff may end on blank lines the parser let it run over.
      const first = idx.lineAt(m.diff.span.start).index;
      let k = idx.lineAt(m.diff.span.end).index;
      while (k > first && idx.line(k).text.trim() === '') k--;
      return { start: m.diff.span.start, end: idx.line(k).end };
    }
    if (t === '-- ' || t.startsWith('diff --git ')) return undefined;
  }
  return undefined;
}

const rule: Rule = {
  id: 'diff-in-commit-message',
  description: 'The commit message contains diff text.',
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  readiness: 'message',
  appliesTo: 'every-patch',
  explanation: [
    'Diff text in the commit message confuses the tools that apply patches: `git am` and',
    'patchwork look for the first diff header, so a pasted hunk can end the message early',
    'or be applied as if it were part of the change. The message should explain the change',
    'in prose; if a snippet really helps, indent it and leave out the `diff --git`, `---`/',
    '`+++`, `index` and `@@` lines.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      const blocks = diffBlocks(m);
      const pasted = pastedDiffBeforeSeparator(m);
      if (pasted) blocks.push(pasted);
      for (const range of blocks) {
        ctx.report(m, {
          message: 'Diff text in the commit message; describe the change in prose or indent the snippet without diff headers.',
          range,
        });
      }
    }
  },
};

export default rule;
