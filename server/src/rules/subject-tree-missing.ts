import { knownTrees } from '../engine/config';
import { FAQ } from '../engine/faq';
import type { Message } from '../engine/model';
import type { Fix, Rule } from '../engine/types';
import { looksLikeTree } from '../engine/trees';
import { treeFromFixes } from './subject-tree-suggestion';
import { mails } from './util';

/** Whether the message says it fixes something: a Fixes tag in any spelling. */
export function hasFixesTag(message: Message): boolean {
  const L = message.document.lines;
  return message.bodyLines.some((i) => /^\s*fix(es)?\s*:/i.test(L.line(i).text));
}

const rule: Rule = {
  id: 'subject-tree-missing',
  description: 'The subject prefix names no target tree (bpf or bpf-next).',
  severity: 'error',
  faq: FAQ.whichTree,
  readiness: 'tree',
  appliesTo: 'submission',
  explanation: [
    'BPF maintainers apply patches to one of two trees: `bpf` takes fixes for the current',
    'release cycle, `bpf-next` takes everything else. The only signal they get is the',
    'subject prefix, so `[PATCH]` alone leaves them guessing and the patchwork bots',
    'cannot pick a base to test against. Generate the series with',
    "`git format-patch --subject-prefix='PATCH bpf-next'` (or `'PATCH bpf'` for a fix).",
    'The netdev CI warns too ("Target tree name not specified in the subject", in its',
    '`series_format` check) and its `tree_selection` then has to guess the tree from the',
    'files; the BPF FAQ makes the tree a requirement, so here it is an error.',
  ].join('\n'),
  check(ctx) {
    for (const m of mails(ctx)) {
      const subject = m.subject;
      if (!subject) continue;
      const p = subject.prefix;
      if (p.trees.length > 0) continue;
      // A misspelt tree is subject-tree-unknown's business.
      if (p.other.some((t) => looksLikeTree(t.text, knownTrees(ctx.config)))) continue;
      const fixes = hasFixesTag(m);
      // A networking patch that touches nothing of BPF belongs to net/net-next, which the FAQ accepts too.
      const networking = ctx.scope(m).area === 'networking';
      const [fixTree, nextTree] = networking ? ['net', 'net-next'] : ['bpf', 'bpf-next'];
      // What git says of the fixed commits beats "it has a Fixes tag": a fix of code in no release goes to bpf-next.
      const advice = fixes && !networking ? treeFromFixes(ctx, m) : undefined;
      const preferred = advice?.tree ?? (fixes ? fixTree : nextTree);
      const alternative = preferred === fixTree ? nextTree : fixTree;
      const because = advice ? ` (${advice.why}, from your local tags)` : fixes ? ' (it has a Fixes tag)' : '';
      const firstGroup = subject.groups[0];
      const edits = (tree: string): Fix['edits'] | undefined => {
        if (p.patch?.exact) return [{ start: p.patch.span.end, end: p.patch.span.end, newText: ` ${tree}` }];
        if (firstGroup && firstGroup.exact) {
          // e.g. "[RFC]": the tree goes after the last word that must precede it.
          const anchor = p.rfc ?? undefined;
          if (anchor) return [{ start: anchor.span.end, end: anchor.span.end, newText: ` PATCH ${tree}` }];
          return [{ start: firstGroup.inner.start, end: firstGroup.inner.start, newText: `PATCH ${tree} ` }];
        }
        if (!firstGroup && subject.summary.exact) {
          return [{ start: subject.summary.span.start, end: subject.summary.span.start, newText: `[PATCH ${tree}] ` }];
        }
        return undefined;
      };
      const fixList: Fix[] = [];
      // The likelier tree is listed first, but choosing the tree is the author's decision:
      // neither is applied by fix-all.
      for (const tree of [preferred, alternative]) {
        const e = edits(tree);
        if (e) fixList.push({ title: `Target the ${tree} tree`, edits: e, isPreferred: false });
      }
      // b4 keeps the prefix in its prep branch.
      const how = m.madeByB4 ? `; with b4: b4 prep --set-prefixes ${preferred}` : '';
      ctx.report(m, {
        message: firstGroup
          ? `Subject prefix names no tree; say which tree this is for, e.g. [PATCH ${preferred}]${because}${how}.`
          : `Subject has no [PATCH <tree>] prefix; say which tree this is for, e.g. [PATCH ${preferred}]${how}.`,
        range: firstGroup ? firstGroup.span : subject.span,
        fixes: fixList,
      });
    }
  },
};

export default rule;
