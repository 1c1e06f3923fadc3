import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { shaToWrite, titleMatches } from './fixes-tag-format';
import { resolvedFixesTags } from './git-refs';

const rule: Rule = {
  id: 'fixes-tag-title-mismatch',
  description: 'The title quoted in a Fixes tag is not the subject of the commit it names.',
  severity: 'error',
  faq: FAQ.minimumRequirement,
  readiness: 'git-fixes',
  appliesTo: 'every-patch',
  explanation: [
    'The quoted title is how readers, and tools, check that the SHA is the commit you',
    'meant: when the two disagree, one of them is wrong, and the tag sends backporters',
    'to the wrong place or makes them doubt it. Copy the subject exactly, or let the fix',
    'write it from the repository.',
  ].join('\n'),
  check(ctx) {
    const formatSaysIt = ctx.config.rules['fixes-tag-format'] !== 'off';
    for (const { message: m, tag, lookup, replaceWith } of resolvedFixesTags(ctx)) {
      if (lookup.status !== 'found' || tag.title === undefined || titleMatches(tag.title, lookup.commit.subject)) continue;
      // A malformed tag is fixes-tag-format's finding, whose fix then writes the real subject too: one problem, one fix.
      if (formatSaysIt && tag.problems.length > 0) continue;
      const text = `Fixes: ${shaToWrite(tag.sha!, lookup.commit)} ("${lookup.commit.subject}")`;
      ctx.report(m, {
        message: `${tag.sha} is "${lookup.commit.subject}", not "${tag.title}".`,
        range: tag.range,
        fixes: [{ title: `Use the commit's subject: ${text}`, edits: [replaceWith(text)], isPreferred: true }],
      });
    }
  },
};

export default rule;
