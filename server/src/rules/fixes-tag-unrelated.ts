import { FAQ } from '../engine/faq';
import { touchedPaths } from '../engine/model';
import type { Fix, Rule } from '../engine/types';
import { fixesTags, shaToWrite } from './fixes-tag-format';
import { lineOf, messagesWithText } from './util';

const rule: Rule = {
  id: 'fixes-tag-unrelated',
  description: 'The commit a Fixes tag names changed none of the files this patch changes.',
  severity: 'info',
  faq: FAQ.minimumRequirement,
  explanation: [
    'A fix usually repairs code that the culprit commit wrote, so the two share files.',
    'When they share none, the SHA may be a typo that happens to exist, or the blame',
    'went to the wrong commit (a refactoring that only moved the code). `git blame` on',
    'the lines you change shows who last wrote them; the candidates are offered as fixes.',
  ].join('\n'),
  check(ctx) {
    const commits = ctx.facts.commits;
    if (!commits) return;
    for (const m of messagesWithText(ctx)) {
      if (m.isCoverLetter) continue;
      const mine = touchedPaths(m);
      if (mine.length === 0) continue;
      for (const tag of fixesTags(m)) {
        const lookup = tag.sha ? commits.get(tag.sha) : undefined;
        if (lookup?.status !== 'found' || !lookup.commit.files?.length) continue;
        const theirs = lookup.commit.files;
        if (theirs.some((f) => mine.includes(f))) continue;
        const first = lineOf(m, tag.line);
        const last = lineOf(m, tag.lastLine);
        const fixes: Fix[] = (ctx.facts.blame ?? [])
          .filter((b) => b.commit.sha !== lookup.commit.sha)
          .slice(0, 3)
          .map((b) => {
            const text = `Fixes: ${shaToWrite('', b.commit)} ("${b.commit.subject}")`;
            return { title: `Use ${text} (last wrote ${b.lines} of the changed lines)`, edits: [{ start: first.start, end: last.end, newText: text }] };
          });
        const shown = theirs.slice(0, 5).join(', ') + (theirs.length > 5 ? `, and ${theirs.length - 5} more` : '');
        ctx.report(m, {
          message: `${lookup.commit.sha.slice(0, 12)} ("${lookup.commit.subject}") changed none of the files this patch changes; it touched ${shown}.`,
          range: tag.range,
          fixes,
        });
      }
    }
  },
};

export default rule;
