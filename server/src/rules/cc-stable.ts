import { FAQ } from '../engine/faq';
import type { Fix, Rule, TextEdit } from '../engine/types';
import { deleteLineWithGap, insertLinesAfter, lineOf, messagesWithText, notesLines } from './util';

const STABLE_ADDRESS = /\bstable@(?:vger\.)?kernel\.org\b/i;
const CC_LINE = /^\s*cc\s*:/i;

export function isStableAddress(email: string): boolean {
  return STABLE_ADDRESS.test(email);
}

/** The note that replaces the tag: a request to the maintainers, which no tool reads as an address. */
export const STABLE_NOTE = /^Please queue (?:this|it) for stable\b/;

interface StableCc {
  readonly indent: number;
  /** What followed `#` on the tag (`6.6+`), which the note keeps. */
  readonly versions: string;
}

function stableCc(text: string): StableCc | undefined {
  if (!CC_LINE.test(text) || !STABLE_ADDRESS.test(text)) return undefined;
  const hash = text.indexOf('#');
  return { indent: /^\s*/.exec(text)![0].length, versions: hash < 0 ? '' : text.slice(hash + 1).trim() };
}

function stableNote(tag: StableCc): string {
  return tag.versions ? `Please queue this for stable (${tag.versions}).` : 'Please queue this for stable.';
}

const rule: Rule = {
  id: 'cc-stable',
  description: 'Cc: stable@vger.kernel.org in a BPF patch; ask the maintainers to queue it instead.',
  severity: 'error',
  faq: FAQ.stable,
  readiness: 'stable',
  appliesTo: 'submission',
  explanation: [
    'BPF fixes reach stable kernels through the BPF maintainers, who queue them once the',
    'fix has landed in mainline and had some exposure. A `Cc: stable@vger.kernel.org` tag',
    '(or copying the stable list on the mail) bypasses that queue. Instead, say that the',
    'fix should go to stable in a note below the `---` line, where it reaches the',
    'maintainers without entering the git history, or ask them by mail.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      // Other subsystems have their own stable process (netdev now accepts the tag).
      if (ctx.scope(m).area !== 'bpf') continue;
      const sep = m.separator && m.document.lines.lineAt(m.separator.start);
      // One request to stable is one problem: a Cc: tag and the stable list among the
      // mail's recipients are reported once, on the tag, and one fix removes both.
      const addressed = m.recipients.filter((a) => isStableAddress(a.email));
      let headersTaken = false;
      for (const i of m.bodyLines) {
        const line = lineOf(m, i);
        const tag = stableCc(line.text);
        if (!tag) continue;
        const alsoHeaders = headersTaken ? [] : addressed;
        headersTaken = true;
        const unaddress: TextEdit[] = alsoHeaders.map((a) => ({ ...a.removalSpan, newText: '' }));
        // Below --- the request still reaches the maintainers, so moving it keeps the author's intent.
        const fixes: Fix[] = [];
        if (sep) {
          fixes.push({
            title: 'Move it below --- as a note to the maintainers',
            // Notes are set off from the diffstat by a blank line, as git writes them.
            edits: [...unaddress, deleteLineWithGap(m, line), insertLinesAfter(m, sep, m.notes ? [stableNote(tag)] : [stableNote(tag), ''])],
            isPreferred: true,
          });
        }
        fixes.push({ title: 'Remove the stable Cc tag', edits: [...unaddress, deleteLineWithGap(m, line)], isPreferred: !sep });
        const also = alsoHeaders.length ? ` (the mail's ${[...new Set(alsoHeaders.map((a) => `${a.header.name}:`))].join(' and ')} header copies stable too)` : '';
        ctx.report(m, {
          message: sep
            ? `Do not Cc stable in a BPF patch${also}; ask the BPF maintainers to queue it (a note below ---).`
            : `Do not Cc stable in a BPF patch${also}; ask the BPF maintainers to queue it when you send it (a note below ---).`,
          range: { start: line.start + tag.indent, end: line.end },
          fixes,
          related: alsoHeaders.map((a) => ({ message: m, range: a.span, text: `${a.email} in ${a.header.name}:` })),
        });
      }
      // git send-email copies every `Cc:` line of the whole mail, notes included: below ---
      // only a sentence asks the maintainers without mailing stable.
      for (const line of notesLines(m)) {
        const tag = stableCc(line.text);
        if (!tag) continue;
        ctx.report(m, {
          message: 'git send-email still copies stable on a Cc: line below ---; ask the BPF maintainers in a sentence instead.',
          range: { start: line.start + tag.indent, end: line.end },
          fixes: [{ title: `Write "${stableNote(tag)}"`, edits: [{ start: line.start, end: line.end, newText: stableNote(tag) }], isPreferred: true }],
        });
      }
      for (const a of headersTaken ? [] : addressed) {
        ctx.report(m, {
          message: `The mail is addressed to ${a.email}; BPF fixes go to stable through the maintainers' queue.`,
          range: a.span,
          fixes: [{ title: `Remove ${a.email} from ${a.header.name}:`, edits: [{ ...a.removalSpan, newText: '' }], isPreferred: true }],
        });
      }
    }
  },
};

export default rule;
