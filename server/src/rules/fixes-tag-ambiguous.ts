import { FAQ } from '../engine/faq';
import type { Fix, Rule } from '../engine/types';
import { resolvedFixesTags } from './git-refs';

const rule: Rule = {
  id: 'fixes-tag-ambiguous',
  description: 'The short SHA in a Fixes tag matches several commits.',
  severity: 'error',
  faq: FAQ.minimumRequirement,
  readiness: 'git-fixes',
  appliesTo: 'every-patch',
  explanation: [
    'A short SHA that already names more than one commit in your repository will only',
    'name more as the kernel grows, so nobody can tell which commit the fix is for. Pick',
    'the right one; its 12-digit id and subject make the tag unambiguous for years.',
  ].join('\n'),
  check(ctx) {
    for (const { message: m, tag, lookup, replaceWith } of resolvedFixesTags(ctx)) {
      if (lookup.status !== 'ambiguous') continue;
      // Which commit was meant is the author's knowledge: one fix per candidate, none preferred.
      const fixes: Fix[] = lookup.candidates.map((c) => ({
        title: `Use ${c.sha.slice(0, 12)} ("${c.subject}")`,
        edits: [replaceWith(`Fixes: ${c.sha.slice(0, 12)} ("${c.subject}")`)],
      }));
      ctx.report(m, {
        message: `${tag.sha} is ambiguous: it matches ${lookup.candidates.length} commits (${lookup.candidates.map((c) => c.sha.slice(0, 12)).join(', ')}).`,
        range: tag.range,
        fixes,
      });
    }
  },
};

export default rule;
