import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { mode, prefixSpan, seriesView } from './series-incomplete';

const MAX_PATCHES = 15;

const rule: Rule = {
  id: 'series-too-long',
  description: 'The series has more than 15 patches.',
  severity: 'warning',
  faq: FAQ.feedbackLatency,
  readiness: 'cover-letter',
  explanation: [
    'Review time grows with series size, and a long series tends to be respun many times',
    'before any of it lands. Keep a series to about 15 patches: send preparatory cleanups',
    'or independent fixes first, and split a large feature into parts that each make',
    'sense on their own.',
  ].join('\n'),
  check(ctx) {
    const view = seriesView(ctx);
    if (!view) return;
    const patches = view.patches;
    if (patches.length === 0) return;
    const totals = view.mails.flatMap((m) => (m.subject!.prefix.numbering ? [m.subject!.prefix.numbering.total] : []));
    const count = Math.max(patches.length, mode(totals)?.value ?? 0);
    if (count <= MAX_PATCHES) return;
    const first = patches[0];
    ctx.report(first, {
      message: `The series has ${count} patches; keep it to ${MAX_PATCHES} or fewer by splitting it into smaller series.`,
      range: prefixSpan(first),
    });
  },
};

export default rule;
