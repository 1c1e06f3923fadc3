import { FAQ } from '../engine/faq';
import { lookupCommit } from '../engine/facts';
import type { Fix, Rule } from '../engine/types';
import { fixesTags } from './fixes-tag-format';
import { patchMails } from './util';

const rule: Rule = {
  id: 'subject-tree-suggestion',
  description: 'The tree does not fit where the fixed commit is: released code (bpf) or development only (bpf-next).',
  severity: 'info',
  faq: FAQ.whichTree,
  readiness: 'tree',
  appliesTo: 'submission',
  explanation: [
    'Which tree a fix goes to follows from the commit it fixes: if that commit is already',
    'in a release (or release candidate), users run the bug and the fix belongs in `bpf`;',
    'if it only exists in the development history, it is fixed in `bpf-next` before the',
    'merge window. This check looks the Fixes commits up in your repository\'s release',
    'tags, so it is only as current as your last fetch.',
  ].join('\n'),
  check(ctx) {
    const commits = ctx.facts.commits;
    if (!commits || !ctx.facts.releaseTags?.length) return;
    for (const m of patchMails(ctx)) {
      const tree = m.subject?.prefix.trees[0];
      const name = tree?.text.toLowerCase();
      if (!tree || (name !== 'bpf' && name !== 'bpf-next')) continue;
      const fixed = fixesTags(m)
        .map((t) => (t.sha ? lookupCommit(commits, t.sha) : undefined))
        .flatMap((l) => (l?.status === 'found' ? [l.commit] : []));
      if (fixed.length === 0) continue;
      const released = fixed.filter((c) => typeof c.release === 'string');
      let want: 'bpf' | 'bpf-next' | undefined;
      let why = '';
      if (name === 'bpf-next' && released.length > 0) {
        want = 'bpf';
        why = `${released[0].sha.slice(0, 12)} is already in ${released[0].release}`;
      } else if (name === 'bpf' && released.length === 0 && fixed.every((c) => c.release === null)) {
        want = 'bpf-next';
        why = `${fixed.map((c) => c.sha.slice(0, 12)).join(', ')} ${fixed.length === 1 ? 'is' : 'are'} in no release tag here`;
      }
      if (!want) continue;
      const fixes: Fix[] = tree.exact ? [{ title: `Target the ${want} tree`, edits: [{ start: tree.span.start, end: tree.span.end, newText: want }] }] : [];
      ctx.report(m, {
        message: `This fix may belong in ${want}: ${why} (from your local tags).`,
        range: tree.span,
        fixes,
      });
    }
  },
};

export default rule;
