import { FAQ } from '../engine/faq';
import type { Fix, Rule, RuleContext, TextEdit } from '../engine/types';
import { emailOf, means, signOffLines, trailerLines } from './trailer-syntax';
import { commitOf, insertLinesBefore, lineOf, patchMails, trailerInsertion } from './util';
import { lookupCommit } from '../engine/facts';
import { formatMailbox, parseMailbox } from '../engine/parse/headers';

/** The display name of a `Name <email>` value, lower-cased, quotes removed. */
function nameOf(value: string): string {
  return value
    .replace(/<[^<>]*>.*$/, '')
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .toLowerCase();
}

const rule: Rule = {
  id: 'signed-off-by-author-mismatch',
  description: 'The author in From: (or, in COMMIT_EDITMSG, the git user) has not signed off.',
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  readiness: 'sign-off',
  appliesTo: 'every-patch',
  explanation: [
    'The `From:` line makes its person the author of the commit, and the author has to',
    'certify the Developer Certificate of Origin like everyone else who handled the',
    'patch. When the sign-off uses another address (a work address, say) than `From:`,',
    'either send from the address you sign off with or add a sign-off for the `From:`',
    'identity, so the two match. A patch made from a commit that someone else committed',
    '(a patch you applied with `git am` and now pass on) needs the committer\'s sign-off',
    'too: the netdev CI\'s `verify_signedoff` checks both of every commit it applies.',
  ].join('\n'),
  check(ctx) {
    for (const m of patchMails(ctx)) {
      const from = m.from;
      if (!from || !from.email) continue;
      const signOffs = signOffLines(m);
      // No sign-off at all is signed-off-by-missing's finding.
      if (signOffs.length === 0) continue;
      const author = from.email.toLowerCase();
      const name = from.name.trim().toLowerCase();
      const signed = signOffs.some((t) => {
        const email = emailOf(t.value);
        // A sign-off without an address is trailer-syntax's finding; match it by name.
        return email ? email.toLowerCase() === author : name !== '' && t.value.trim().toLowerCase() === name;
      });
      if (signed) continue;

      // The author signed off with another address: the same person, two identities.
      const same = name === '' ? undefined : signOffs.find((t) => nameOf(t.value) === name && emailOf(t.value));
      if (same) {
        const other = emailOf(same.value)!;
        // Which address is right is the author's call: offer both, prefer neither.
        // Search the source of this one trailer (not its unfolded value) for the bracketed address.
        const source = m.document.text.slice(same.valueSpan.start, same.valueSpan.end);
        const bracket = source.lastIndexOf(`<${other}>`);
        const fixes: Fix[] = [];
        if (bracket >= 0) {
          const at = same.valueSpan.start + bracket + 1;
          fixes.push({ title: `Sign off as ${from.email}`, edits: [{ start: at, end: at + other.length, newText: from.email }] });
        }
        const raw = m.document.text.slice(from.header.valueSpan.start, from.header.valueSpan.end);
        const inFrom = raw.indexOf(from.email);
        if (inFrom >= 0 && raw.indexOf(from.email, inFrom + 1) < 0) {
          const start = from.header.valueSpan.start + inFrom;
          fixes.push({ title: `Send as ${other} (change From:)`, edits: [{ start, end: start + from.email.length, newText: other }] });
        }
        ctx.report(m, {
          message: `${from.name} sends as ${from.email} but signs off as ${other}; use one address for both.`,
          range: from.header.valueSpan,
          fixes,
        });
        continue;
      }

      // The author signs first: before the first sign-off of the block (and before the
      // Co-developed-by line that a co-author's sign-off belongs to).
      const text = `Signed-off-by: ${from.name ? `${from.name} ` : ''}<${from.email}>`;
      const ordered = trailerLines(m);
      const firstIdx = ordered.findIndex((t) => means(t, 'Signed-off-by'));
      let edit: TextEdit | undefined;
      if (firstIdx >= 0) {
        const before = firstIdx > 0 && means(ordered[firstIdx - 1], 'Co-developed-by') && ordered[firstIdx - 1].lastLine + 1 === ordered[firstIdx].line
          ? ordered[firstIdx - 1]
          : ordered[firstIdx];
        edit = insertLinesBefore(m, lineOf(m, before.line), [text]);
      } else {
        edit = trailerInsertion(m, [text]);
      }
      const who = from.name || from.email;
      ctx.report(m, {
        message: `The author ${from.email} (From:) has not signed off; add their Signed-off-by: (or send from an address that signed off).`,
        range: from.header.valueSpan,
        // A sign-off is the author's own certification: offered, never applied by fix-all.
        fixes: edit ? [{ title: `Add Signed-off-by: ${who}`, edits: [edit], isPreferred: false }] : [],
      });
    }
    checkCommitter(ctx);
    checkPatchCommitter(ctx);
  },
};

/**
 * A patch made from a commit (format-patch's `From <sha>` line) that someone
 * other than its author committed: the committer handled the patch and must
 * sign off as well, as the netdev CI's verify_signedoff checks of the commits
 * it applies. Matched as that check matches: the address, or the name before it.
 */
function checkPatchCommitter(ctx: RuleContext): void {
  for (const m of patchMails(ctx)) {
    const sha = commitOf(m);
    const lookup = sha ? lookupCommit(ctx.facts.commits, sha) : undefined;
    if (lookup?.status !== 'found' || !lookup.commit.committer) continue;
    const committer = parseMailbox(lookup.commit.committer);
    if (!committer?.email) continue;
    const email = committer.email.toLowerCase();
    const name = committer.name.trim().toLowerCase();
    if (m.from?.email.toLowerCase() === email) continue; // the author's sign-off is checked above
    const signOffs = signOffLines(m);
    if (signOffs.length === 0) continue; // signed-off-by-missing says it
    if (signOffs.some((t) => emailOf(t.value)?.toLowerCase() === email || (name !== '' && nameOf(t.value) === name))) continue;
    const text = `Signed-off-by: ${formatMailbox(committer.name, committer.email)}`;
    const edit = trailerInsertion(m, [text]);
    const me = ctx.facts.committer?.email.toLowerCase() === email;
    ctx.report(m, {
      message: `${committer.name || committer.email} committed ${sha!.slice(0, 12)}, which this patch was made from, and has not signed off; everyone who handles a patch signs off (git commit --amend -s).`,
      range: m.subject?.span ?? m.body,
      // Not a second address of one person but a missing certification: the netdev CI fails it.
      severity: 'error',
      // Your own sign-off is what --signoff adds; someone else's is theirs to give.
      fixes: edit ? [{ title: `Add ${text}`, edits: [edit], ...(me ? { signOff: true } : { isPreferred: false }) }] : [],
    });
  }
}

/**
 * In COMMIT_EDITMSG the author is whoever runs git commit: with git's
 * user.email known, their own sign-off must be there. Adding it is what
 * `git commit -s` does, so fix-all applies it when asked to sign off.
 */
function checkCommitter(ctx: RuleContext): void {
  const me = ctx.facts.committer;
  if (!me?.email) return;
  for (const m of ctx.series.messages) {
    if (m.kind !== 'commit') continue;
    const signOffs = signOffLines(m);
    if (signOffs.length === 0) continue; // signed-off-by-missing says it
    if (signOffs.some((t) => emailOf(t.value)?.toLowerCase() === me.email.toLowerCase())) continue;
    const text = `Signed-off-by: ${me.name ? `${me.name} ` : ''}<${me.email}>`;
    const edit = trailerInsertion(m, [text]);
    ctx.report(m, {
      message: `You (${me.email}, git config user.email) have not signed off; add your Signed-off-by:.`,
      range: m.subject?.span ?? m.body,
      // A sign-off without a name is trailer-syntax's error: offered, never applied by fix-all.
      fixes: edit ? [{ title: `Add ${text}`, edits: [edit], signOff: me.name.trim() !== '' }] : [],
    });
  }
}

export default rule;
