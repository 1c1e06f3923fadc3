import { FAQ } from '../engine/faq';
import type { Message } from '../engine/model';
import type { Rule } from '../engine/types';
import { mails } from './util';

const HEAD = /^Range-diff against (v\d+):\s*$/;
/** `1:  0123abc = 1:  4567def bpf: Title`: `=` unchanged, `!` changed, `<`/`>` removed/added. */
const ENTRY = /^\s*(?:\d+|-):\s+(?:[0-9a-f]{4,40}|-+)\s+([=!<>])\s+(?:\d+|-):\s+/;

/** The range-diff git format-patch put in the message: its previous version and whether any patch changed. */
function rangeDiff(m: Message): { line: number; against: string; entries: number; changed: number } | undefined {
  const lines = m.document.lines;
  const first = lines.lineAt(m.headerEnd).index;
  const end = m.diff?.span.start ?? m.span.end;
  for (let i = first; i < lines.count && lines.line(i).start < end; i++) {
    const head = HEAD.exec(lines.line(i).text);
    if (!head) continue;
    let entries = 0;
    let changed = 0;
    for (let j = i + 1; j < lines.count && lines.line(j).start < end; j++) {
      const e = ENTRY.exec(lines.line(j).text);
      if (e) {
        entries++;
        if (e[1] !== '=') changed++;
      } else if (/^\S/.test(lines.line(j).text)) break;
    }
    return { line: i, against: head[1], entries, changed };
  }
  return undefined;
}

const rule: Rule = {
  id: 'range-diff-unchanged',
  description: 'A new version whose range-diff shows no patch changed.',
  severity: 'warning',
  faq: FAQ.whichTree,
  readiness: 'cover-letter',
  appliesTo: 'submission',
  explanation: [
    'A new version number tells reviewers the patches changed in answer to review. When',
    'the range-diff against the previous version marks every patch `=`, nothing did: the',
    'rework may not be committed yet (an amend forgotten, the wrong branch), or the same',
    'series is being sent again, which is a RESEND of the old version, not a new one.',
  ].join('\n'),
  check(ctx) {
    for (const m of mails(ctx)) {
      const r = rangeDiff(m);
      if (!r || r.entries === 0 || r.changed > 0) continue;
      // A rebase is a real reason for a new version; the author says so in the changelog.
      if (/\brebas(e|ed|ing)\b/i.test(textBefore(m, r.line))) continue;
      const line = m.document.lines.line(r.line);
      ctx.report(m, {
        message: `The range-diff against ${r.against} shows no patch changed: commit the rework before formatting, or send the same series as RESEND; if it is a rebase, say so in the changelog.`,
        range: { start: line.start, end: line.end },
      });
    }
  },
};

/** The message text above `line` (the changelog is there). */
function textBefore(m: Message, line: number): string {
  return m.document.text.slice(m.headerEnd, m.document.lines.line(line).start);
}

export default rule;
