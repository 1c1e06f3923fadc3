import { FAQ } from '../engine/faq';
import type { Message } from '../engine/model';
import type { Rule } from '../engine/types';
import { lineOf, messagesWithText, trailerInsertion } from './util';

/** Any line that tries to be a sign-off, spelt right or not (trailer-syntax judges the spelling). */
const SIGN_OFF_ATTEMPT = /^\s*signed[-_ ]?off?[-_ ]?by\s*:/i;

export function hasSignOffAttempt(m: Message): boolean {
  // A sign-off quoted in an indented block (a squash's git log) is someone else's, for another commit.
  const quoted = new Set(m.paragraphs.filter((p) => p.quoted).flatMap((p) => Array.from({ length: p.lastLine - p.firstLine + 1 }, (_, k) => p.firstLine + k)));
  return m.bodyLines.some((i) => !quoted.has(i) && SIGN_OFF_ATTEMPT.test(lineOf(m, i).text));
}

const rule: Rule = {
  id: 'signed-off-by-missing',
  description: 'No Signed-off-by: trailer.',
  severity: 'error',
  faq: FAQ.minimumRequirement,
  readiness: 'sign-off',
  appliesTo: 'every-patch',
  explanation: [
    'A `Signed-off-by:` line is your certification of the Developer Certificate of Origin:',
    'that you wrote the change or have the right to pass it on. Patches without one',
    'cannot be applied to any kernel tree. `git commit -s` adds it for you.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      if (m.isCoverLetter || hasSignOffAttempt(m)) continue;
      // An empty commit message is still being written; commit-message-empty speaks for it.
      if (m.kind === 'commit' && m.paragraphs.length === 0 && !m.subject) continue;
      const who = m.from ?? ctx.facts.committer;
      const edit = who ? trailerInsertion(m, [`Signed-off-by: ${who.name ? `${who.name} ` : ''}<${who.email}>`]) : undefined;
      ctx.report(m, {
        message: who ? `No Signed-off-by: trailer; ${who.name || who.email} must sign off.` : 'No Signed-off-by: trailer.',
        range: m.subject?.span ?? m.body,
        // Fix-all may sign off only for the person running git commit, and only when asked
        // (`--signoff`, like `git commit -s`); a mail's author must certify the DCO themselves.
        // Without a name (user.name set empty) the line would be trailer-syntax's error.
        fixes: edit && who ? [{ title: `Add Signed-off-by: ${who.name || who.email}`, edits: [edit], signOff: !m.from && who.name.trim() !== '' }] : [],
      });
    }
  },
};

export default rule;
