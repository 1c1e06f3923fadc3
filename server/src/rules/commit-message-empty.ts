import { FAQ } from '../engine/faq';
import type { Message } from '../engine/model';
import type { Rule } from '../engine/types';
import { fixesTags } from './fixes-tag-format';
import { intendedKey, isKnownKey } from './trailer-syntax';
import { lineOf, messagesWithText } from './util';

/**
 * A `Key:` line, loosely (any spacing, up to a few words in the key). The key is
 * bounded: unbounded, a long line of one letter and spaces costs quadratic time.
 */
const KEY_LINE = /^\s*([A-Za-z][A-Za-z0-9_ -]{0,63}?)\s*:/;
/**
 * What a tag's value looks like: a person (`Name <email>`, `<id@host>`, a bare
 * address) or a URL. Such a `Key:` line is someone's tag or a reference however
 * its key is spelt (`Ack-by:`, `Bugzilla:`), not a description; trailer-syntax
 * judges the key.
 */
const TAG_VALUE = /^\s*(?:[^<>]*<[^<>\s@]+@[^<>\s@]+>|[^\s<>@/:]+@[^\s<>@/]+|<?[a-z][a-z0-9+.-]*:\/\/\S+?>?)\s*(?:#.*)?$/i;

/**
 * Whether the message has a line of text that is not a tag. A line is judged by
 * what it says, not by where it stands: git reads any `Key: value` line of the
 * last paragraph as a trailer, so `bpf: Keep state` or `Date: ...` would be a
 * description above the trailer block and none inside it, and a fix that
 * changes which paragraph is the block (a duplicate sign-off removed, a
 * misspelt one corrected) would make a message with a body "lose" it.
 */
function hasText(m: Message): boolean {
  const tag = new Set<number>();
  // A Fixes tag whose title wraps onto the next line is still one tag.
  for (const f of fixesTags(m)) for (let k = f.line; k <= f.lastLine; k++) tag.add(k);
  let afterTag = false;
  for (const i of m.bodyLines) {
    const t = lineOf(m, i).text;
    const continues = afterTag && /^[ \t]+\S/.test(t);
    afterTag = false;
    if (t.trim() === '') continue;
    // An indented line after a tag line continues it (git's rule).
    if (tag.has(i) || continues) {
      afterTag = true;
      continue;
    }
    // Maintainers' notes and cherry-pick lines among the trailers are not a description.
    if (/^\s*\[.*\]\s*$/.test(t) || t.startsWith('(cherry picked from commit ')) continue;
    const k = KEY_LINE.exec(t);
    // A key of one word (git's trailer token) that is a known tag, any `*-by`, or whose value is a
    // person or a URL; `More info: https://...` is a sentence.
    const key = k?.[1].trim() ?? '';
    const token = /^[A-Za-z][A-Za-z0-9-]*$/.test(key);
    if (k && (intendedKey(k[1]) || (token && (isKnownKey(key) || /-by$/i.test(key) || TAG_VALUE.test(t.slice(k[0].length)))))) {
      afterTag = true;
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
  appliesTo: 'every-patch',
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
