import { FAQ } from '../engine/faq';
import type { Fix, Rule } from '../engine/types';
import { hasFixesTag } from './subject-tree-missing';
import { visible } from './subject-prefix-order';
import { mails } from './util';

const BRANCHES = ['master', 'net-next'];

const rule: Rule = {
  id: 'iproute2-branch-missing',
  description: 'An iproute2 patch does not name its branch (master or net-next).',
  severity: 'warning',
  faq: FAQ.iproute2Patches,
  readiness: 'tree',
  appliesTo: 'submission',
  explanation: [
    'iproute2 is maintained outside the kernel trees and has two branches: `master`, and',
    '`net-next` for changes that depend on kernel features still queued in net-next.',
    'The prefix must say which one a patch targets, e.g. `[PATCH iproute2 master]` or',
    '`[PATCH iproute2 net-next]` (`iproute2-next` also works), so it is applied on the',
    'right base. These patches go to netdev; keep the BPF maintainers in Cc.',
  ].join('\n'),
  check(ctx) {
    for (const m of mails(ctx)) {
      const p = m.subject?.prefix;
      if (!p) continue;
      const iproute2 = p.trees.find((t) => t.text.toLowerCase() === 'iproute2');
      if (!iproute2) continue;
      const words = p.trees.map((t) => t.text.toLowerCase());
      if (words.includes('iproute2-next') || BRANCHES.some((b) => words.includes(b))) continue;
      // A Fixes tag hints at released code (master): list that branch first.
      const order = hasFixesTag(m) ? BRANCHES : [...BRANCHES].reverse();
      const list: Fix[] = iproute2.exact
        ? order.map((b) => ({
            title: `Target the iproute2 ${b} branch`,
            edits: [{ start: iproute2.span.end, end: iproute2.span.end, newText: ` ${b}` }],
            // Which branch is the author's call: offered, never applied by fix-all.
            isPreferred: false,
          }))
        : [];
      ctx.report(m, {
        message: 'Name the iproute2 branch this is for: [PATCH iproute2 master] or [PATCH iproute2 net-next].',
        range: visible(m.subject!, iproute2.span),
        fixes: list,
      });
    }
  },
};

export default rule;
