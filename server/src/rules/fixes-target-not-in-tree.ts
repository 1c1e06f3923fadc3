import { FAQ } from '../engine/faq';
import type { TreeRef } from '../engine/facts';
import { TREE_PAIRS } from '../engine/trees';
import type { Fix, Rule } from '../engine/types';
import { resolvedFixesTags } from './git-refs';
import { commitOf, patchMails } from './util';

/** `bpf/master (refs/remotes/bpf/master, fetched state of 2025-06-01)`, as the message names a branch. */
function describe(r: TreeRef): string {
  const short = r.ref.replace(/^refs\/remotes\//, '');
  return r.date ? `${short}, as of ${r.date.slice(0, 10)}` : short;
}

const rule: Rule = {
  id: 'fixes-target-not-in-tree',
  description: 'A Fixes tag names a commit the target tree\'s branch does not contain.',
  severity: 'warning',
  faq: FAQ.whichTree,
  readiness: 'git-fixes',
  appliesTo: 'submission',
  explanation: [
    'The netdev CI applies a patch to the branch of the tree its subject names, and the',
    'maintainers merge it there: a fix of a commit that branch does not contain repairs',
    'nothing in it. Usually the commit is only in the other tree of the pair (a bug that',
    'came in through `bpf-next` is fixed in `bpf-next` until the merge window takes it to',
    'mainline, and so to `bpf`), or it comes from a branch of your own that was never',
    'applied. When your repository tracks the trees (a remote whose URL is the tree on',
    'git.kernel.org, a remote named `bpf`, or `treeRefs` in `.bpf-patch-lint.json`), this',
    'check looks for the commit in your copy of the branch; the copy is only as new as',
    'your last `git fetch`, and the message says how old it is.',
  ].join('\n'),
  check(ctx) {
    const refs = ctx.facts.treeRefs;
    if (!refs?.length) return;
    // Commits the series' own patches were made from: fixes-tag-in-series speaks for those.
    const own = patchMails(ctx).flatMap((m) => commitOf(m) ?? []);
    for (const { message: m, tag, lookup } of resolvedFixesTags(ctx)) {
      if (m.kind !== 'mail' || m.isCoverLetter || lookup.status !== 'found') continue;
      const word = m.subject?.prefix.trees[0];
      const tree = word?.text.toLowerCase();
      const target = refs.find((r) => r.tree === tree);
      const commit = lookup.commit;
      if (!word || !tree || !target || commit.inTrees?.[tree] !== false || own.includes(commit.sha)) continue;
      const pair = refs.find((r) => r.tree === TREE_PAIRS[tree]);
      const id = commit.sha.slice(0, 12);
      if (pair && commit.inTrees[pair.tree] === true) {
        const fixes: Fix[] = word.exact ? [{ title: `Target the ${pair.tree} tree`, edits: [{ start: word.span.start, end: word.span.end, newText: pair.tree }], isPreferred: false }] : [];
        ctx.report(m, {
          message: `${id} is in ${pair.tree} (${describe(pair)}) but not in ${tree} (${describe(target)}): a fix of it belongs in ${pair.tree}.`,
          range: tag.range,
          fixes,
          // The tree in the subject is what is wrong: the tree_selection row says so.
          readiness: 'tree',
        });
        continue;
      }
      // A commit newer than the copy of the branch says nothing yet: the copy is stale.
      const newer = commit.date !== undefined && target.date !== undefined && Date.parse(commit.date) > Date.parse(target.date);
      ctx.report(m, {
        message: newer
          ? `${id} is newer than your copy of ${tree} (${describe(target)}); fetch it to check that the branch the CI applies this to has the commit.`
          : `${id} is not in ${tree} (${describe(target)}), the branch the CI applies this patch to; name a commit of that branch, or fetch it if it is newer.`,
        range: tag.range,
        severity: newer ? 'info' : undefined,
      });
    }
  },
};

export default rule;
