import { FAQ } from '../engine/faq';
import { lookupCommit } from '../engine/facts';
import type { Message } from '../engine/model';
import type { Fix, Rule, RuleContext } from '../engine/types';
import { fixesTags } from './fixes-tag-format';
import { patchMails } from './util';

/**
 * The tree the message's Fixes commits point to, as the repository's release
 * tags say: `bpf` when one of them is in a release, `bpf-next` when all are in
 * none; undefined when git was not asked or does not know them all.
 */
export function treeFromFixes(ctx: RuleContext, m: Message): { tree: 'bpf' | 'bpf-next'; why: string } | undefined {
  const commits = ctx.facts.commits;
  if (!commits || !ctx.facts.releaseTags?.length) return undefined;
  const fixed = fixesTags(m)
    .map((t) => (t.sha ? lookupCommit(commits, t.sha) : undefined))
    .flatMap((l) => (l?.status === 'found' ? [l.commit] : []));
  if (fixed.length === 0) return undefined;
  const released = fixed.find((c) => typeof c.release === 'string');
  if (released) return { tree: 'bpf', why: `${released.sha.slice(0, 12)} is already in ${released.release}` };
  if (fixed.every((c) => c.release === null)) {
    return { tree: 'bpf-next', why: `${fixed.map((c) => c.sha.slice(0, 12)).join(', ')} ${fixed.length === 1 ? 'is' : 'are'} in no release tag here` };
  }
  return undefined;
}

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
    for (const m of patchMails(ctx)) {
      const tree = m.subject?.prefix.trees[0];
      const name = tree?.text.toLowerCase();
      if (!tree || (name !== 'bpf' && name !== 'bpf-next')) continue;
      const advice = treeFromFixes(ctx, m);
      if (!advice || advice.tree === name) continue;
      const { tree: want, why } = advice;
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
