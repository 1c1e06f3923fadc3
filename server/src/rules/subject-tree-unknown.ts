import { knownTrees } from '../engine/config';
import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { GENERIC_NEXT, nearestTree } from '../engine/trees';
import { hasFixesLine } from './fixes-tag-format';
import { FIX_TREES, mails } from './util';

const rule: Rule = {
  id: 'subject-tree-unknown',
  description: 'The subject prefix names a tree that does not exist (e.g. bpf_next).',
  severity: 'warning',
  faq: FAQ.whichTree,
  readiness: 'tree',
  appliesTo: 'submission',
  explanation: [
    'Maintainers and their patchwork automation match the tree name in the prefix',
    'literally. A near miss such as `bpf_next` or `bpf-nxt` is not recognised, so the',
    'series may be tested against the wrong base or not delegated to the BPF queue at',
    'all. Known trees are `bpf`, `bpf-next`, `net` and `net-next` (plus any configured',
    'in `extraTrees`).',
  ].join('\n'),
  check(ctx) {
    const trees = knownTrees(ctx.config);
    for (const m of mails(ctx)) {
      const p = m.subject?.prefix;
      if (!p || p.trees.length > 0) continue;
      for (const t of p.other) {
        let nearest = nearestTree(t.text, trees);
        if (!nearest) continue;
        // linux-next's word is a real tree, named on purpose: which of ours is meant is a choice.
        const generic = GENERIC_NEXT.test(t.text);
        if (generic && ctx.scope(m).area === 'networking') nearest = 'net-next';
        // Turning a near miss into a fixes-only tree is a guess at the author's intent when
        // the patch has no Fixes tag (`bpf-rc` may mean bpf-next), and would make it
        // fixes-tag-missing's error: then the fix is offered, not applied by fix-all.
        const certain = !generic && (m.isCoverLetter || !FIX_TREES.has(nearest) || hasFixesLine(m));
        ctx.report(m, {
          message: generic
            ? `"${t.text}" names linux-next, which takes no patches of its own; a ${nearest === 'net-next' ? 'networking' : 'BPF'} patch names "${nearest}".`
            : `"${t.text}" is not a tree; did you mean "${nearest}"?`,
          range: t.span,
          fixes: t.exact ? [{ title: `Replace with ${nearest}`, edits: [{ start: t.span.start, end: t.span.end, newText: nearest }], isPreferred: certain }] : [],
        });
        break;
      }
    }
  },
};

export default rule;
