import { FAQ } from '../engine/faq';
import { sectionsFor, type MaintainerEntry } from '../engine/maintainers';
import { touchedPaths, type Message } from '../engine/model';
import type { Rule } from '../engine/types';
import { formatMailbox } from '../engine/parse/headers';
import { eolOf, mails } from './util';

// Local part and domain bounded (64, 255): unbounded, a long trailer value without an `@`
// costs quadratic time.
const EMAIL = /<?([^\s<>"(),;]{1,64}@[^\s<>"(),;]{1,255})>?/g;

/**
 * Addresses the mail will reach: its To/Cc, plus those git send-email copies
 * from the message's trailers (Cc:, Signed-off-by:, Acked-by: ...).
 */
function reached(m: Message): Set<string> {
  const out = new Set(m.recipients.map((r) => r.email.toLowerCase()));
  for (const t of m.trailers) for (const e of t.value.matchAll(EMAIL)) out.add(e[1].toLowerCase());
  return out;
}

function label(e: MaintainerEntry): string {
  return formatMailbox(e.name, e.email);
}

const rule: Rule = {
  id: 'maintainers-not-cc',
  description: 'The mail does not reach a list or maintainer that MAINTAINERS names for the files it changes.',
  severity: 'warning',
  faq: FAQ.mailingList,
  readiness: 'recipients',
  appliesTo: 'submission',
  explanation: [
    'BPF code touches many subsystems, and each one\'s people review what lands in their',
    'files only if the mail reaches them. The repository\'s `MAINTAINERS` file says who',
    'that is for every path (`scripts/get_maintainer.pl` prints it): copy those lists,',
    'maintainers and reviewers, so they can ack the change and nobody learns of it late.',
  ].join('\n'),
  check(ctx) {
    const sections = ctx.facts.maintainers;
    if (!sections) return;
    const allPaths = ctx.series.patches.flatMap((p) => touchedPaths(p));
    for (const m of mails(ctx)) {
      const addressHeaders = m.headers.filter((h) => !h.inBody && /^(to|cc)$/i.test(h.name));
      // A format-patch export without recipients gets them at send time (mailing-list-missing says so).
      if (addressHeaders.length === 0) continue;
      const paths = m.isCoverLetter ? allPaths : touchedPaths(m);
      if (paths.length === 0) continue;
      const diffText = m.diff ? m.document.text.slice(m.diff.span.start, m.diff.span.end) : '';
      const have = reached(m);
      const missing = new Map<string, { entry: MaintainerEntry; section: string }>();
      for (const s of sectionsFor(sections, paths, diffText)) {
        for (const e of s.entries) {
          const key = e.email.toLowerCase();
          if (!have.has(key) && !missing.has(key)) missing.set(key, { entry: e, section: s.title });
        }
      }
      if (missing.size === 0) continue;
      const list = [...missing.values()];
      const shown = list.slice(0, 4).map((x) => `${label(x.entry)} (${x.section})`);
      const anchor = addressHeaders[addressHeaders.length - 1];
      const eol = eolOf(m);
      ctx.report(m, {
        message: `MAINTAINERS names ${list.length} more recipient${list.length === 1 ? '' : 's'} for the files this changes: ${shown.join(', ')}${list.length > 4 ? `, and ${list.length - 4} more` : ''}.`,
        range: addressHeaders[0].nameSpan,
        fixes: [
          {
            title: `Add ${list.length} Cc: header${list.length === 1 ? '' : 's'} from MAINTAINERS`,
            edits: [{ start: anchor.span.end, end: anchor.span.end, newText: list.map((x) => `${eol}Cc: ${label(x.entry)}`).join('') }],
            isPreferred: true,
          },
        ],
      });
    }
  },
};

export default rule;
