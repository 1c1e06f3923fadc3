import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { fixesTags } from './fixes-tag-format';
import { commitOf, patchMails } from './util';

const rule: Rule = {
  id: 'fixes-tag-in-series',
  description: 'A Fixes tag names a commit that is another patch of the same series.',
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  readiness: 'fixes',
  appliesTo: 'submission',
  explanation: [
    'A Fixes tag points backporters at a commit already in the tree. A commit that is',
    'itself a patch of this series is not there yet: the fix belongs folded into that',
    'patch (`git commit --fixup` and `git rebase -i --autosquash`), so the series arrives',
    'without the bug. If the named commit is already applied upstream, the patch in this',
    'series is a stale copy of it and should be dropped.',
  ].join('\n'),
  check(ctx) {
    const patches = patchMails(ctx).map((m) => ({ m, sha: commitOf(m) }));
    if (patches.filter((p) => p.sha).length < 2) return;
    for (const { m, sha: own } of patches) {
      for (const tag of fixesTags(m)) {
        if (!tag.sha || tag.sha.length < 7) continue;
        // Mails made from one commit (hand-made files sharing a placeholder id) are no evidence.
        const target = patches.find((p) => p.m !== m && p.sha !== own && p.sha?.startsWith(tag.sha!));
        if (!target) continue;
        const n = target.m.subject?.prefix.numbering;
        const which = n ? `patch ${n.index}/${n.total}` : 'another patch';
        ctx.report(m, {
          message: `Fixes names ${tag.sha.slice(0, 12)}, which is ${which} of this series ("${target.m.subject?.summary.text ?? ''}"): fold this fix into that patch instead.`,
          range: tag.range,
          related: [{ message: target.m, range: target.m.subject?.span ?? target.m.span, text: `the patch made from ${tag.sha.slice(0, 12)}` }],
        });
      }
    }
  },
};

export default rule;
