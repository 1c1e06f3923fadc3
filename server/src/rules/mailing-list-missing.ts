import { FAQ } from '../engine/faq';
import type { Header, Message } from '../engine/model';
import type { Rule } from '../engine/types';
import { eolOf, lineOf, mails } from './util';

const LISTS = new Set(['bpf@vger.kernel.org', 'netdev@vger.kernel.org']);
const LIST_IN_TEXT = /\b(?:bpf|netdev)@vger\.kernel\.org\b/i;
export const BPF_LIST = 'bpf@vger.kernel.org';
const NETDEV_LIST = 'netdev@vger.kernel.org';

/** `Cc:` lines in the message text: git send-email copies them to the mail's Cc. */
function bodyCcsList(m: Message): boolean {
  return m.bodyLines.some((i) => {
    const t = lineOf(m, i).text;
    return /^cc\s*:/i.test(t) && LIST_IN_TEXT.test(t);
  });
}

const rule: Rule = {
  id: 'mailing-list-missing',
  description: 'The mail is not addressed to bpf@vger.kernel.org or netdev@vger.kernel.org (info while it has no recipients at all).',
  severity: 'warning',
  faq: FAQ.mailingList,
  readiness: 'recipients',
  appliesTo: 'submission',
  explanation: [
    'BPF patches are reviewed and picked up only from the mailing list: patchwork, the CI',
    'bots and the maintainers all work from what reaches `bpf@vger.kernel.org` (with',
    '`netdev@vger.kernel.org` for networking parts). A mail sent only to people never',
    'enters that queue. Put the list in To: or Cc: (for example',
    '`git send-email --to bpf@vger.kernel.org`), cover letter included.',
  ].join('\n'),
  check(ctx) {
    const inScope = mails(ctx).filter((m) => ctx.scope(m).submission);
    const lacking = inScope.filter((m) => !addressesList(m) && m.headers.some((h) => !h.inBody));
    // A series written without any recipients (format-patch output waiting for git send-email
    // --to) is one omission, said once on its first mail; it has no fix there, since one
    // command line addresses every file. Mails with recipients but no list are each wrong.
    const unaddressed = lacking.filter((m) => !m.headers.some((h) => !h.inBody && /^(to|cc)$/i.test(h.name)));
    const wholeSeries = unaddressed.length >= 2 && unaddressed.length === inScope.length;
    // b4 addresses its mails when it sends them, from the cover letter's To:/Cc: trailers (and
    // b4 prep --auto-to-cc): that is where b4 users add a list, not the mails it wrote.
    const byB4 = ctx.series.messages.some((m) => m.madeByB4);
    const b4How = (list: string) => (byB4 ? `; with b4: b4 prep --auto-to-cc, or a Cc: ${list} line in b4 prep --edit-cover` : '');
    if (wholeSeries) {
      const [first, ...others] = unaddressed;
      const list = ctx.scope(first).area === 'networking' ? NETDEV_LIST : BPF_LIST;
      // `b4 prep -p` writes mails without recipients; b4 send takes them from the cover letter's trailers.
      const cover = ctx.series.messages.find((m) => m.isCoverLetter);
      if (byB4 && cover?.trailers.some((t) => /^(?:to|cc)$/i.test(t.key) && t.value.toLowerCase().includes(list))) return;
      ctx.report(first, {
        message: byB4
          ? `None of the ${unaddressed.length} mails of this series has a To: or Cc: header, nor its cover letter a To:/Cc: ${list} line${b4How(list)}.`
          : `None of the ${unaddressed.length} mails of this series has a To: or Cc: header; send them to ${list} (git send-email --to ${list}).`,
        range: headerToPoint(first).nameSpan,
        severity: 'info',
        related: others.map((o) => ({ message: o, range: headerToPoint(o).nameSpan, text: `${o.subject?.text ?? 'this mail'}: no recipients either` })),
      });
      return;
    }
    for (const m of lacking) {
      const own = m.headers.filter((h) => !h.inBody);
      const addressHeaders = own.filter((h) => /^(to|cc)$/i.test(h.name));
      const anchor = addressHeaders[addressHeaders.length - 1] ?? own.find((h) => h.name.toLowerCase() === 'subject') ?? own[own.length - 1];
      const eol = eolOf(m);
      // Networking patches that touch nothing of BPF belong on netdev.
      const list = ctx.scope(m).area === 'networking' ? NETDEV_LIST : BPF_LIST;
      ctx.report(m, {
        message: addressHeaders.length
          ? `Not addressed to a BPF list; add ${list} to Cc${b4How(list)}.`
          : `No To:/Cc: headers; send it to ${list}, e.g. with a Cc: header (or git send-email --to)${b4How(list)}.`,
        range: headerToPoint(m).nameSpan,
        // A format-patch file without recipients usually gets them from git send-email's
        // command line; say it, but softly. Explicit recipients without a list are wrong.
        severity: addressHeaders.length ? undefined : 'info',
        fixes: [
          {
            title: `Add Cc: ${list}`,
            edits: [{ start: anchor.span.end, end: anchor.span.end, newText: `${eol}Cc: ${list}` }],
            isPreferred: true,
          },
        ],
      });
    }
  },
};

/** The header a finding about recipients points at: the first To:/Cc:, else Subject:. */
function headerToPoint(m: Message): Header {
  const own = m.headers.filter((h) => !h.inBody);
  return own.find((h) => /^(to|cc)$/i.test(h.name)) ?? own.find((h) => h.name.toLowerCase() === 'subject') ?? own[0];
}

function addressesList(m: Message): boolean {
  return m.recipients.some((a) => LISTS.has(a.email.toLowerCase())) || bodyCcsList(m);
}

export default rule;
