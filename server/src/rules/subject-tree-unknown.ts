import { knownTrees } from '../engine/config';
import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { BUILTIN_TREES } from '../engine/parse/subject';
import { hasFixesLine } from './fixes-tag-format';
import { FIX_TREES, levenshtein, mails } from './util';

/** Nearest known tree for a word, when the word is plausibly a misspelt tree. */
export function nearestTree(word: string, trees: Iterable<string> = BUILTIN_TREES): string | undefined {
  const w = word.toLowerCase();
  if (w === 'next') return 'bpf-next';
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const t of trees) {
    const d = levenshtein(w, t);
    if (d < bestDistance) {
      best = t;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const close = bestDistance <= Math.max(1, Math.floor(best.length / 3));
  const mentionsTree = /^(bpf|net)([-_ ]|$)/.test(w) || /^bpf/.test(w);
  return close || mentionsTree ? best : undefined;
}

export function looksLikeTree(word: string, trees?: Iterable<string>): boolean {
  return nearestTree(word, trees) !== undefined;
}

const rule: Rule = {
  id: 'subject-tree-unknown',
  description: 'The subject prefix names a tree that does not exist (e.g. bpf_next).',
  severity: 'warning',
  faq: FAQ.whichTree,
  readiness: 'tree',
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
        const nearest = nearestTree(t.text, trees);
        if (!nearest) continue;
        // Turning a near miss into a fixes-only tree is a guess at the author's intent when
        // the patch has no Fixes tag (`bpf-rc` may mean bpf-next), and would make it
        // fixes-tag-missing's error: then the fix is offered, not applied by fix-all.
        const certain = m.isCoverLetter || !FIX_TREES.has(nearest) || hasFixesLine(m);
        ctx.report(m, {
          message: `"${t.text}" is not a tree; did you mean "${nearest}"?`,
          range: t.span,
          fixes: t.exact ? [{ title: `Replace with ${nearest}`, edits: [{ start: t.span.start, end: t.span.end, newText: nearest }], isPreferred: certain }] : [],
        });
        break;
      }
    }
  },
};

export default rule;
