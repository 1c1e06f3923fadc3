import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { mode, prefixSpan, seriesView } from './series-incomplete';

const MAX_PATCHES = 15;

const rule: Rule = {
  id: 'series-too-long',
  description: 'The series has more than 15 patches.',
  severity: 'error',
  // The BPF FAQ sends submitters to the netdev process for this; the 15-patch cap is netdev's.
  faq: FAQ.whichTree,
  readiness: 'cover-letter',
  appliesTo: 'submission',
  explanation: [
    'For how a submission is put together, the BPF FAQ points to the netdev process, and',
    'netdev asks for no more than 15 patches in one series. Review time grows with series',
    'size, and a long series tends to be respun many times before any of it lands: send',
    'preparatory cleanups or independent fixes first, and split a large feature into parts',
    'that each make sense on their own. The netdev CI (which tests BPF series as well)',
    'fails a series of more than 15 patches in its `series_format` check, so for networking',
    'trees this is an error; BPF maintainers do take longer series (reviewed real ones',
    'were applied), so for `bpf` and `bpf-next` it is advice. The netdev process also asks',
    'that one author have no more than 15 patches outstanding (posted, not yet applied or',
    'rejected) per tree at a time; that spans all your series and the list\'s state, so it',
    'cannot be checked here.',
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
    // The cap is netdev's; bpf-next takes somewhat longer series, so there it is advice.
    const networking = ctx.scope(first).area === 'networking';
    ctx.report(first, {
      message: networking
        ? `The series has ${count} patches; netdev takes ${MAX_PATCHES} or fewer (the CI's series_format fails it), so split it into smaller series.`
        : `The series has ${count} patches; the netdev CI's series_format fails more than ${MAX_PATCHES}, and long series are hard to review: consider splitting it.`,
      range: prefixSpan(first),
      severity: networking ? undefined : 'info',
    });
  },
};

export default rule;
