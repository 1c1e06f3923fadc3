import { FAQ } from '../engine/faq';
import type { Message } from '../engine/model';
import type { Rule } from '../engine/types';
import { fixesTags } from './fixes-tag-format';
import { intendedKey } from './trailer-syntax';
import { lineOf, messagesWithText } from './util';

/** A trailer line (known key in any spelling, or any `Key: value` line of git's trailer block). */
const KEY_LINE = /^\s*([A-Za-z][A-Za-z0-9_ -]*?)\s*:/;
/**
 * A `Key:` line naming a person (`Name <email>` or an address): someone's tag however
 * its key is spelt (`Ack-by:`), not a description; trailer-syntax judges the key.
 */
const PERSON_VALUE = /^\s*(?:[^<>]*<[^<>\s@]+@[^<>\s@]+>|[^\s<>@]+@[^\s<>@]+)\s*$/;

/** Whether the message has a line of text that is not a trailer. */
function hasText(m: Message): boolean {
  // Lines of git's trailers (any key); a prose line git tolerates in the block is still text.
  const trailer = new Set<number>();
  const lines = m.document.lines;
  for (const t of m.trailers) {
    for (let k = lines.lineAt(t.span.start).index; k <= lines.lineAt(t.span.end).index; k++) trailer.add(k);
  }
  // A Fixes tag whose title wraps onto the next line is still one tag.
  for (const f of fixesTags(m)) for (let k = f.line; k <= f.lastLine; k++) trailer.add(k);
  let afterKey = false;
  for (const i of m.bodyLines) {
    const t = lineOf(m, i).text;
    const continues = afterKey && /^[ \t]+\S/.test(t);
    afterKey = false;
    if (t.trim() === '') continue;
    // An indented line after a tag line continues it (git's rule), also outside a trailer block.
    if (trailer.has(i) || continues) {
      afterKey = true;
      continue;
    }
    // Maintainers' notes and cherry-pick lines among the trailers are not a description.
    if (/^\s*\[.*\]\s*$/.test(t) || t.startsWith('(cherry picked from commit ')) continue;
    const k = KEY_LINE.exec(t);
    if (k && (intendedKey(k[1]) || /^(fix(es)?|change-id)$/i.test(k[1].trim()) || PERSON_VALUE.test(t.slice(k[0].length)))) {
      afterKey = true;
      continue;
    }
    return true;
  }
  return false;
}

const rule: Rule = {
  id: 'commit-message-empty',
  description: 'The commit message has no text besides trailers.',
  severity: 'error',
  faq: FAQ.minimumRequirement,
  readiness: 'message',
  explanation: [
    'A subject line and a sign-off do not explain a change. Reviewers, and anyone',
    'running `git log` or `git blame` years later, need to know what was wrong, why',
    'this is the right fix and how it was tested. BPF maintainers do not take patches',
    'without a body: describe the problem and the reasoning behind the change.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      if (m.isCoverLetter) continue;
      // A COMMIT_EDITMSG with nothing but git's comments is a message not yet started.
      if (m.kind === 'commit' && !m.subject) continue;
      if (hasText(m)) continue;
      ctx.report(m, {
        message: 'The commit message has no body; explain what the change does and why.',
        range: m.subject?.span ?? { start: m.body.start, end: m.body.start },
      });
    }
  },
};

export default rule;
