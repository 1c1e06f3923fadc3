import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { seriesIncomplete, seriesSites, seriesTouchesSelftests } from './verifier-change-without-selftest';

const rule: Rule = {
  id: 'samples-instead-of-selftests',
  description: 'New files under samples/bpf/ without a selftests change.',
  severity: 'info',
  faq: FAQ.samplesVsSelftests,
  readiness: 'selftests',
  appliesTo: 'submission',
  explanation: [
    'Code under `samples/bpf/` is meant as a small demo for newcomers; nothing runs it',
    'regularly, so it rots and proves nothing about regressions. The BPF selftests are run',
    'by CI and bots on every change. If the new sample really tests a feature or its corner',
    'cases, put it under `tools/testing/selftests/bpf/` instead (or add a selftest next to',
    'a deliberately simple demo).',
  ].join('\n'),
  check(ctx) {
    const sites = seriesSites(ctx).filter((s) => s.status === 'added' && s.path.startsWith('samples/bpf/'));
    if (sites.length === 0 || seriesIncomplete(ctx) || seriesTouchesSelftests(ctx)) return;
    for (const s of sites) {
      ctx.report(s.message, {
        message: `New sample ${s.path}: if it tests behaviour, make it a selftest under tools/testing/selftests/bpf/ instead.`,
        range: s.range,
      });
    }
  },
};

export default rule;
