import { FAQ } from '../engine/faq';
import type { Fix, Rule } from '../engine/types';
import { clearlyNotBpf, deleteLine, insertLinesAfter, lineOf, messagesWithText } from './util';

const STABLE_ADDRESS = /\bstable@(?:vger\.)?kernel\.org\b/i;
const CC_LINE = /^\s*cc\s*:/i;

export function isStableAddress(email: string): boolean {
  return STABLE_ADDRESS.test(email);
}

const rule: Rule = {
  id: 'cc-stable',
  description: 'Cc: stable@vger.kernel.org in a BPF patch; ask the maintainers to queue it instead.',
  severity: 'error',
  faq: FAQ.stable,
  readiness: 'stable',
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
      if (clearlyNotBpf(m)) continue;
      for (const i of m.bodyLines) {
        const line = lineOf(m, i);
        if (!CC_LINE.test(line.text) || !STABLE_ADDRESS.test(line.text)) continue;
        const indent = /^\s*/.exec(line.text)![0].length;
        // Below --- the request still reaches the maintainers, so moving it keeps the author's intent.
        const fixes: Fix[] = [];
        if (m.separator) {
          const sep = m.document.lines.lineAt(m.separator.start);
          fixes.push({
            title: 'Move it below --- as a note to the maintainers',
            edits: [deleteLine(m, line), insertLinesAfter(m, sep, [line.text.trim()])],
            isPreferred: true,
          });
        }
        fixes.push({ title: 'Remove the stable Cc tag', edits: [deleteLine(m, line)], isPreferred: !m.separator });
        ctx.report(m, {
          message: 'Do not Cc stable in a BPF patch; ask the BPF maintainers to queue it (a note below ---).',
          range: { start: line.start + indent, end: line.end },
          fixes,
        });
      }
      for (const a of m.recipients) {
        if (!isStableAddress(a.email)) continue;
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
