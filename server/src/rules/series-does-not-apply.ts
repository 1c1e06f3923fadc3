import { FAQ } from '../engine/faq';
import { culpritsKey } from '../engine/facts';
import type { Rule } from '../engine/types';
import { prefixSpan } from './series-incomplete';

const rule: Rule = {
  id: 'series-does-not-apply',
  description: 'A patch of the series does not apply to the head of its tree\'s branch.',
  severity: 'error',
  faq: FAQ.whichTree,
  readiness: 'apply',
  appliesTo: 'submission',
  explanation: [
    'The maintainers, and the netdev CI before them, apply the series to the current head',
    'of the tree its subject names; a patch that does not apply there is answered with',
    '"does not apply" and nothing else is looked at. Usually the series was made on an',
    'older base, or on the other tree of the pair: rebase it on the tree\'s branch',
    '(`git fetch` first, then `git rebase`) and generate it again. This check applies the',
    'patches, in order, to your copy of the branch (a remote whose URL is the tree on',
    'git.kernel.org, a remote named like the tree, or `treeRefs` in `.bpf-patch-lint.json`),',
    'so it is only as current as your last fetch.',
  ].join('\n'),
  check(ctx) {
    const applies = ctx.facts.applies;
    if (!applies?.failed) return;
    const failing = ctx.series.patches.find((m) => culpritsKey(m.document.id, m.index) === applies.failed!.key);
    if (!failing) return;
    // The series' own place: its cover letter, else its first patch.
    const anchor = ctx.series.coverLetters[0] ?? ctx.series.patches[0];
    const n = failing.subject?.prefix.numbering;
    const which = n ? `Patch ${n.index}/${n.total}` : 'The patch';
    const branch = applies.branch.ref.replace(/^refs\/remotes\//, '');
    const when = applies.branch.date ? `, as of ${applies.branch.date.slice(0, 10)}` : '';
    ctx.report(anchor, {
      message: `${which} ("${failing.subject?.summary.text ?? ''}") does not apply to ${applies.branch.tree} (${branch}${when}): ${applies.failed.reason}; rebase the series on it.`,
      range: prefixSpan(anchor),
      related: failing === anchor ? [] : [{ message: failing, range: failing.subject?.span ?? failing.span, text: `does not apply to ${branch}` }],
    });
  },
};

export default rule;
