import { FAQ } from '../engine/faq';
import type { Message } from '../engine/model';
import type { Rule } from '../engine/types';
import { lineOf, messagesWithText } from './util';

/** A tag that credits a report: `Closes:`, `Link:`, `BugLink:`, `Reported-by:` and the like. */
const CREDIT_TAG = /^\s*(?:closes|link|buglink|bug|reported-by|reported-and-tested-by)\s*:/i;
const MENTIONS_BUGZILLA = /bugzilla\.kernel\.org/i;
const BUGZILLA = /\b(?:https?:\/\/)?bugzilla\.kernel\.org(?:\/[^\s<>()"'\]]*)?/gi;

/** Line indices to scan: message text, plus the notes below `---`. */
function linesToScan(m: Message): number[] {
  const out = [...m.bodyLines];
  if (m.notes) {
    const idx = m.document.lines;
    for (let i = idx.lineAt(m.notes.start).index; i <= idx.lineAt(m.notes.end).index; i++) out.push(i);
  }
  return out;
}

const rule: Rule = {
  id: 'bugzilla-link',
  description: 'The message points to bugzilla.kernel.org.',
  severity: 'warning',
  faq: FAQ.reportBugs,
  readiness: 'message',
  appliesTo: 'submission',
  explanation: [
    'The BPF maintainers do not watch bugzilla.kernel.org: a BPF bug filed there is, in',
    'practice, never seen. Bugs are reported and discussed on the mailing list, with the',
    'BPF maintainers (and the authors of the offending commit) in Cc. Report the bug there',
    'and point to the lore.kernel.org thread (`Link:` or `Closes:`) instead of the',
    'bugzilla entry.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      if (ctx.scope(m).area !== 'bpf') continue;
      // One search of the whole message first: a long message that never names bugzilla costs no walk over its lines.
      if (!MENTIONS_BUGZILLA.test(m.document.text.slice(m.span.start, m.span.end))) continue;
      for (const i of linesToScan(m)) {
        const line = lineOf(m, i);
        // Crediting a report that already exists there is fair; the advice is for the next one.
        const credit = CREDIT_TAG.test(line.text);
        for (const hit of line.text.matchAll(BUGZILLA)) {
          const url = hit[0].replace(/[.,;:!?]+$/, '');
          const start = line.start + hit.index!;
          ctx.report(m, {
            message: credit
              ? 'Crediting an existing bugzilla.kernel.org report is fine; new BPF bugs are better reported on the bpf list, which the maintainers read.'
              : 'BPF bugs are not tracked on bugzilla.kernel.org; report it on the bpf list and link the lore thread.',
            range: { start, end: start + url.length },
            severity: credit ? 'info' : undefined,
          });
        }
      }
    }
  },
};

export default rule;
