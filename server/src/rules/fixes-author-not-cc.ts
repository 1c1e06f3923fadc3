import { pushAll } from '../engine/arrays';
import { FAQ } from '../engine/faq';
import type { CommitInfo } from '../engine/facts';
import { NO_MAILMAP, type Mailmap } from '../engine/mailmap';
import { formatMailbox, parseMailbox } from '../engine/parse/headers';
import type { Message } from '../engine/model';
import type { Fix, Rule } from '../engine/types';
import type { FixesTag } from './fixes-tag-format';
import { resolvedFixesTags } from './git-refs';
import { addressHeaders, ccInsertion, reachedAddresses } from './util';

/** get_maintainer.pl --fixes names at most this many of a fixed commit's signers. */
const MAX_BLAMED = 5;

/**
 * Addresses the netdev CI never asks for: the list everybody leaves out, Linus
 * (get_maintainer.pl leaves him out), and the address the netdev maintainer
 * applied years of history with, which the CI does not expect on every fix.
 */
const NEVER_ASKED: ReadonlySet<string> = new Set(['linux-kernel@vger.kernel.org', 'torvalds@linux-foundation.org', 'davem@davemloft.net']);

export interface Blamed {
  readonly name: string;
  /** As get_maintainer.pl asks for it: mapped through .mailmap. */
  readonly email: string;
}

/**
 * Whom get_maintainer.pl --fixes asks a fix of `commit` to reach: the people
 * who signed, reviewed or acked it, through .mailmap. It takes five of them in
 * no fixed order when there are more, so only the author is sure to be asked then.
 */
export function blamedFor(commit: CommitInfo, mailmap: Mailmap): Blamed[] {
  const out = new Map<string, Blamed>();
  for (const value of commit.signers ?? []) {
    const box = parseMailbox(value);
    if (!box?.email) continue;
    const email = mailmap.canonical(box.email);
    if (!NEVER_ASKED.has(email) && !out.has(email)) out.set(email, { name: box.name, email });
  }
  if (out.size <= MAX_BLAMED) return [...out.values()];
  const author = commit.author ? parseMailbox(commit.author) : undefined;
  const own = author?.email ? out.get(mailmap.canonical(author.email)) : undefined;
  return own ? [own] : [];
}

const rule: Rule = {
  id: 'fixes-author-not-cc',
  description: 'A fix does not reach the people who signed off the commit its Fixes tag names.',
  severity: 'error',
  faq: FAQ.mailingList,
  readiness: 'recipients',
  appliesTo: 'submission',
  explanation: [
    'Whoever wrote and applied the commit a fix repairs knows that code best, and is the',
    'first who should see the fix: they can ack it, or point out that the bug is elsewhere.',
    '`scripts/get_maintainer.pl` adds them to its answer by default (its `--fixes` option:',
    'the Signed-off-by, Reviewed-by and Acked-by addresses of the fixed commit, through',
    '`.mailmap`), and the netdev CI\'s `cc_maintainers` check fails a patch that leaves one',
    'of them out, where a missing maintainer is only a warning. The fix adds them as Cc.',
    'An address of someone who has moved on is still asked for here: this check cannot see',
    'the list archive, which the CI uses to forgive addresses silent for years. A patch',
    'file with no To:/Cc: yet (recipients given at send time) gets a warning: `git',
    'send-email` copies the patch\'s own trailers, not the fixed commit\'s people.',
  ].join('\n'),
  check(ctx) {
    const mailmap = ctx.facts.mailmap ?? NO_MAILMAP;
    const byMail = new Map<Message, { tag: FixesTag; commit: CommitInfo; missing: Blamed[] }[]>();
    for (const { message: m, tag, lookup } of resolvedFixesTags(ctx)) {
      if (m.kind !== 'mail' || m.isCoverLetter || lookup.status !== 'found') continue;
      byMail.set(m, [...(byMail.get(m) ?? []), { tag, commit: lookup.commit, missing: [] }]);
    }
    for (const [m, tags] of byMail) {
      const headers = addressHeaders(m);
      // A format-patch export without recipients gets them at send time (git send-email --to/--cc), which
      // copies the patch's own trailers but not the fixed commit's people: a warning, and Cc: headers git
      // send-email honours, after the mail's last header.
      const sendTime = headers.length === 0;
      const anchor = sendTime ? m.headers.filter((h) => !h.inBody).slice(-1) : headers;
      if (anchor.length === 0) continue;
      const have = new Set([...reachedAddresses(m)].flatMap((e) => [...mailmap.addressesOf(e)]));
      const all: Blamed[] = [];
      for (const t of tags) {
        // Someone asked for by an earlier tag is asked for once.
        t.missing = blamedFor(t.commit, mailmap).filter((b) => !have.has(b.email));
        for (const b of t.missing) have.add(b.email);
        pushAll(all, t.missing);
      }
      // Each tag's finding offers the Cc: lines for every tag's people: one edit, whichever is applied.
      const addAll: Fix = { title: `Add Cc: ${all.map((b) => b.name || b.email).join(', ')}`, edits: [ccInsertion(m, anchor, all.map((b) => formatMailbox(b.name, b.email)))], isPreferred: true };
      for (const { tag, commit, missing } of tags) {
        if (missing.length === 0) continue;
        ctx.report(m, {
          message: sendTime
            ? `${tag.sha} ("${commit.subject}") was signed off or reviewed by ${missing.map((b) => b.name || b.email).join(', ')}; Cc ${missing.length === 1 ? 'them' : 'each of them'} when you send this (git send-email --cc, or a Cc: header here), or the netdev CI fails it.`
            : `${tag.sha} ("${commit.subject}") was signed off or reviewed by ${missing.map((b) => b.name || b.email).join(', ')}, whom this fix does not reach; Cc ${missing.length === 1 ? 'them' : 'each of them'} (the netdev CI fails it otherwise).`,
          range: tag.range,
          // Without recipients yet, who gets it is still being decided: not yet the CI's failure.
          severity: sendTime ? 'warning' : undefined,
          fixes: [addAll],
        });
      }
    }
  },
};

export default rule;
