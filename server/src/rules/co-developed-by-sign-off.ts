import { FAQ } from '../engine/faq';
import type { Message } from '../engine/model';
import type { Fix, Rule } from '../engine/types';
import { emailOf, means, trailerLines } from './trailer-syntax';
import { deleteLine, insertLinesAfter, lineOf, messagesWithText } from './util';

function onlyNotesBetween(m: Message, after: number, before: number): boolean {
  for (let k = after + 1; k < before; k++) if (!/^\s*\[.*\]\s*$/.test(lineOf(m, k).text)) return false;
  return true;
}

const NAME_EMAIL = /^[^<>@\s][^<>@]*\s<[^<>\s@]+@[^<>\s@]+>$/;

const rule: Rule = {
  id: 'co-developed-by-sign-off',
  description: "Co-developed-by: is not followed by that person's Signed-off-by:.",
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  readiness: 'sign-off',
  appliesTo: 'every-patch',
  explanation: [
    '`Co-developed-by:` makes someone a co-author, and every author must certify the',
    'Developer Certificate of Origin. The kernel convention pairs the two: each',
    "`Co-developed-by:` line is directly followed by the same person's `Signed-off-by:`.",
    'Ask your co-author for their sign-off and put it right below their tag.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      if (m.isCoverLetter) continue;
      const lines = trailerLines(m);
      lines.forEach((t, k) => {
        if (!means(t, 'Co-developed-by')) return;
        const email = emailOf(t.value)?.toLowerCase();
        const next = lines[k + 1];
        // A maintainer's note (`[ ab: cleanups ]`) may sit between the pair.
        const adjacent = next !== undefined && onlyNotesBetween(m, t.lastLine, next.line);
        const signs = (x: typeof t) => means(x, 'Signed-off-by') && email !== undefined && emailOf(x.value)?.toLowerCase() === email;
        if (adjacent && signs(next)) return;
        const who = email ?? (t.value || 'the co-developer');
        const fixes: Fix[] = [];
        const theirs = lines.filter((x) => x !== t && signs(x));
        const after = lineOf(m, t.lastLine);
        if (theirs.length === 1 && theirs[0].lastLine === theirs[0].line) {
          // Their sign-off exists elsewhere: move it under the tag.
          const s = theirs[0];
          const line = lineOf(m, s.line);
          fixes.push({
            title: `Move ${who}'s Signed-off-by: under Co-developed-by:`,
            edits: [deleteLine(m, line), insertLinesAfter(m, after, [line.text.trim()])],
            isPreferred: true,
          });
        } else if (theirs.length === 0 && NAME_EMAIL.test(t.value)) {
          fixes.push({
            title: `Add Signed-off-by: ${t.value}`,
            edits: [insertLinesAfter(m, after, [`Signed-off-by: ${t.value}`])],
            // Only that person can certify the DCO: offer the line, never add it unasked.
            isPreferred: false,
          });
        }
        ctx.report(m, {
          message:
            theirs.length > 0
              ? `${who}'s Signed-off-by: must come right after their Co-developed-by: line.`
              : `Co-developed-by: ${who} needs ${email ? 'their' : 'a'} Signed-off-by: on the next line.`,
          range: t.span,
          fixes,
        });
      });
    }
  },
};

export default rule;
