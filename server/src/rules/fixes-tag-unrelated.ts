import { FAQ } from '../engine/faq';
import { touchedPaths } from '../engine/model';
import type { Rule } from '../engine/types';
import { candidateFixes, resolvedFixesTags } from './git-refs';

const rule: Rule = {
  id: 'fixes-tag-unrelated',
  description: 'The commit a Fixes tag names changed none of the files this patch changes.',
  severity: 'info',
  faq: FAQ.minimumRequirement,
  readiness: 'git-fixes',
  appliesTo: 'every-patch',
  offersCulprits: true,
  explanation: [
    'A fix usually repairs code that the culprit commit wrote, so the two share files.',
    'When they share none, the SHA may be a typo that happens to exist, or the blame',
    'went to the wrong commit (a refactoring that only moved the code). `git blame` on',
    'the lines you change shows who last wrote them; the candidates are offered as fixes.',
  ].join('\n'),
  check(ctx) {
    for (const { message: m, tag, lookup, replaceWith } of resolvedFixesTags(ctx)) {
      if (lookup.status !== 'found' || !lookup.commit.files?.length) continue;
      const mine = touchedPaths(m);
      const theirs = lookup.commit.files;
      if (mine.length === 0 || theirs.some((f) => mine.includes(f))) continue;
      const fixes = candidateFixes(ctx.facts, m, replaceWith, lookup.commit.sha);
      const shown = theirs.slice(0, 5).join(', ') + (theirs.length > 5 ? `, and ${theirs.length - 5} more` : '');
      ctx.report(m, {
        message: `${lookup.commit.sha.slice(0, 12)} ("${lookup.commit.subject}") changed none of the files this patch changes; it touched ${shown}.`,
        range: tag.range,
        fixes,
      });
    }
  },
};

export default rule;
