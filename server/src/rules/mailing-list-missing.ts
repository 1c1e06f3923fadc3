import { FAQ } from '../engine/faq';
import type { Header, Message } from '../engine/model';
import type { Rule } from '../engine/types';
import { eolOf, lineOf, mails } from './util';

const LISTS = new Set(['bpf@vger.kernel.org', 'netdev@vger.kernel.org']);
const LIST_IN_TEXT = /\b(?:bpf|netdev)@vger\.kernel\.org\b/i;
export const BPF_LIST = 'bpf@vger.kernel.org';

/**
 * The mail's own header block: in-body `From:`/`Subject:` lines (after the
 * blank line) are part of `message.headers` too, but a Cc must not go there.
 */
function ownHeaders(m: Message): Header[] {
  const L = m.document.lines;
  const out: Header[] = [];
  for (const h of m.headers) {
    const line = L.lineAt(h.span.start);
    if (out.length > 0 && line.index > 0 && L.lines[line.index - 1].text.trim() === '') break;
    out.push(h);
  }
  return out;
}

/** `Cc:` lines in the message text: git send-email copies them to the mail's Cc. */
function bodyCcsList(m: Message): boolean {
  return m.bodyLines.some((i) => {
    const t = lineOf(m, i).text;
    return /^cc\s*:/i.test(t) && LIST_IN_TEXT.test(t);
  });
}

const rule: Rule = {
  id: 'mailing-list-missing',
  description: 'The mail is not addressed to bpf@vger.kernel.org or netdev@vger.kernel.org.',
  severity: 'warning',
  faq: FAQ.mailingList,
  explanation: [
    'BPF patches are reviewed and picked up only from the mailing list: patchwork, the CI',
    'bots and the maintainers all work from what reaches `bpf@vger.kernel.org` (with',
    '`netdev@vger.kernel.org` for networking parts). A mail sent only to people never',
    'enters that queue. Put the list in To: or Cc: (for example',
    '`git send-email --to bpf@vger.kernel.org`), cover letter included.',
  ].join('\n'),
  check(ctx) {
    for (const m of mails(ctx)) {
      if (m.recipients.some((a) => LISTS.has(a.email.toLowerCase()))) continue;
      if (bodyCcsList(m)) continue;
      const own = ownHeaders(m);
      if (own.length === 0) continue;
      const addressHeaders = own.filter((h) => /^(to|cc)$/i.test(h.name));
      const subject = own.find((h) => h.name.toLowerCase() === 'subject');
      const anchor = addressHeaders[addressHeaders.length - 1] ?? subject ?? own[own.length - 1];
      const rangeHeader = addressHeaders[0] ?? subject ?? own[0];
      const eol = eolOf(m);
      ctx.report(m, {
        message: addressHeaders.length
          ? `Not addressed to a BPF list; add ${BPF_LIST} to Cc (or netdev@vger.kernel.org for networking).`
          : `No To:/Cc: headers; send it to ${BPF_LIST} (or netdev@vger.kernel.org), e.g. with a Cc: header.`,
        range: rangeHeader.nameSpan,
        // A format-patch file without recipients usually gets them from git send-email's
        // command line; say it, but softly. Explicit recipients without a list are wrong.
        severity: addressHeaders.length ? undefined : 'info',
        fixes: [
          {
            title: `Add Cc: ${BPF_LIST}`,
            edits: [{ start: anchor.span.end, end: anchor.span.end, newText: `${eol}Cc: ${BPF_LIST}` }],
            isPreferred: true,
          },
        ],
      });
    }
  },
};

export default rule;
