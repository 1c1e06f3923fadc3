import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { shaToWrite } from './fixes-tag-format';
import { resolvedFixesTags } from './git-refs';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Whether a quoted title is the subject, or its start cut short with "..." (or "…"). */
export function titleMatches(quoted: string, subject: string): boolean {
  const q = squash(quoted);
  const s = squash(subject);
  if (q === s) return true;
  const cut = /^(.*?)\s*(?:\.\.\.|…)$/.exec(q);
  return cut !== null && cut[1].length > 0 && s.startsWith(cut[1]);
}

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
    for (const { message: m, tag, lookup, replaceWith } of resolvedFixesTags(ctx)) {
      if (lookup.status !== 'found' || tag.title === undefined || titleMatches(tag.title, lookup.commit.subject)) continue;
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
