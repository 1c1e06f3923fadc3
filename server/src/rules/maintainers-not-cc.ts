import { FAQ } from '../engine/faq';
import { NO_MAILMAP } from '../engine/mailmap';
import { requiredRecipients, type MaintainerEntry } from '../engine/maintainers';
import { touchedPaths } from '../engine/model';
import type { Rule } from '../engine/types';
import { formatMailbox } from '../engine/parse/headers';
import { addressHeaders, ccInsertion, mails, reachedAddresses } from './util';

function label(e: MaintainerEntry): string {
  return formatMailbox(e.name, e.email);
}

const rule: Rule = {
  id: 'maintainers-not-cc',
  description: 'The mail does not reach a list, or a maintainer of the most specific section, that MAINTAINERS names for the files it changes.',
  severity: 'warning',
  faq: FAQ.mailingList,
  readiness: 'recipients',
  appliesTo: 'submission',
  explanation: [
    'BPF code touches many subsystems, and each one\'s people review what lands in their',
    'files only if the mail reaches them. The repository\'s `MAINTAINERS` file says who',
    'that is for every path (`scripts/get_maintainer.pl` prints it). This check asks for',
    'the lists of every section that owns a changed file and the maintainers of the most',
    'specific one, so they can ack the change and nobody learns of it late. Reviewers and',
    'umbrella sections (the selftest framework for a BPF selftest) are welcome too, but',
    'leaving them out is common practice and not flagged.',
  ].join('\n'),
  check(ctx) {
    const sections = ctx.facts.maintainers;
    if (!sections) return;
    const allPaths = ctx.series.patches.flatMap((p) => touchedPaths(p));
    for (const m of mails(ctx)) {
      const headers = addressHeaders(m);
      // A format-patch export without recipients gets them at send time (mailing-list-missing says so).
      if (headers.length === 0) continue;
      const paths = m.isCoverLetter ? allPaths : touchedPaths(m);
      if (paths.length === 0) continue;
      // Any address of the same person reaches them (.mailmap), as the netdev CI counts it.
      const mailmap = ctx.facts.mailmap ?? NO_MAILMAP;
      const have = new Set([...reachedAddresses(m)].flatMap((e) => [...mailmap.addressesOf(e)]));
      const list = requiredRecipients(sections, paths).filter((r) => !have.has(r.entry.email.toLowerCase()));
      if (list.length === 0) continue;
      const shown = list.slice(0, 4).map((x) => `${label(x.entry)} (${x.section})`);
      ctx.report(m, {
        message: `MAINTAINERS names ${list.length} more recipient${list.length === 1 ? '' : 's'} for the files this changes: ${shown.join(', ')}${list.length > 4 ? `, and ${list.length - 4} more` : ''}.`,
        range: headers[0].nameSpan,
        fixes: [
          {
            title: `Add ${list.length} Cc: header${list.length === 1 ? '' : 's'} from MAINTAINERS`,
            edits: [ccInsertion(m, headers, list.map((x) => label(x.entry)))],
            isPreferred: true,
          },
        ],
      });
    }
  },
};

export default rule;
