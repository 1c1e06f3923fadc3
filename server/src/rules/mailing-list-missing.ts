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
    if (wholeSeries) {
      const [first, ...others] = unaddressed;
      const list = ctx.scope(first).area === 'networking' ? NETDEV_LIST : BPF_LIST;
      ctx.report(first, {
        message: `None of the ${unaddressed.length} mails of this series has a To: or Cc: header; send them to ${list} (git send-email --to ${list}).`,
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
          ? `Not addressed to a BPF list; add ${list} to Cc.`
          : `No To:/Cc: headers; send it to ${list}, e.g. with a Cc: header (or git send-email --to).`,
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
