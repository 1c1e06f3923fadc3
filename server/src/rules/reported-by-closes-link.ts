import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { means, trailerLines } from './trailer-syntax';
import { messagesWithText } from './util';

const REPORTED = ['Reported-by', 'Reported-and-tested-by'];

const rule: Rule = {
  id: 'reported-by-closes-link',
  description: 'Reported-by: is not followed by Closes: or Link:.',
  severity: 'info',
  faq: FAQ.minimumRequirement,
  readiness: 'message',
  appliesTo: 'every-patch',
  explanation: [
    'A `Reported-by:` credits the reporter, but the report itself (the syzbot page, the',
    'mailing-list thread, the bug tracker entry) is what later readers need to see the',
    'original symptoms. Put a `Closes:` line with the URL of the report right after the',
    '`Reported-by:` (or `Link:` when the patch does not fully resolve it). checkpatch.pl',
    'accepts either, and the netdev CI turned its own check of this off, so it stays a',
    'hint; the credit itself is never in question: keep the `Reported-by:`.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      if (m.isCoverLetter) continue;
      const lines = trailerLines(m);
      // A Closes: anywhere in the trailers links the report (some put it above Reported-by:).
      if (lines.some((t) => means(t, 'Closes'))) continue;
      lines.forEach((t, k) => {
        if (!REPORTED.some((key) => means(t, key))) return;
        // Several reporters of one bug share the Closes: line after the last of them.
        let j = k + 1;
        while (j < lines.length && lines[j].line === lines[j - 1].lastLine + 1 && REPORTED.some((key) => means(lines[j], key))) j++;
        if (j > k + 1) return;
        const next = lines[j];
        if (next && next.line === t.lastLine + 1 && (means(next, 'Closes') || means(next, 'Link'))) return;
        ctx.report(m, {
          message: 'Add a Closes: (or Link:) line with the URL of the report right after Reported-by:.',
          range: t.span,
        });
      });
    }
  },
};

export default rule;
