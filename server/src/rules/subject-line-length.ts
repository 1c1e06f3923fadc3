import { FAQ } from '../engine/faq';
import { findHeader } from '../engine/parse/headers';
import { mapDecoded } from '../engine/parse/decode';
import type { Message } from '../engine/model';
import type { Span } from '../engine/text';
import type { Rule } from '../engine/types';
import { columns, messagesWithText, overflowSpan } from './util';

/**
 * Where the summary of a mail overflows, in source offsets. The summary is
 * measured on the decoded, unfolded subject; the overflow start is mapped back
 * through the header's decoding map (inside an encoded word it lands on the
 * word's start, which still covers the overflowing text).
 */
function mailOverflow(m: Message, limit: number): { range: Span; length: number } | undefined {
  const subject = m.subject!;
  const summary = subject.summary;
  const text = summary.text.replace(/\s+$/, '');
  const length = columns(text, 0, text.length);
  if (length <= limit) return undefined;
  const doc = m.document.text;
  if (summary.exact) {
    const end = summary.span.start + text.length;
    const over = overflowSpan(doc, summary.span.start, end, limit);
    if (over) return { range: over, length };
  }
  const header = findHeader(m.headers, 'subject');
  const over = overflowSpan(text, 0, text.length, limit)!;
  if (header && header.value.text === subject.text) {
    const offset = subject.text.length - summary.text.length;
    const mapped = mapDecoded(header.value, offset + over.start, offset + text.length);
    if (mapped.end > mapped.start) return { range: { start: mapped.start, end: mapped.end }, length };
  }
  return { range: summary.span, length };
}

const rule: Rule = {
  id: 'subject-line-length',
  description: 'The summary line is too long.',
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  readiness: 'message',
  appliesTo: 'every-patch',
  explanation: [
    'The summary becomes the commit title, which shows up in `git log --oneline`, in',
    '`Fixes:` tags, in shortlogs and in pull requests. Titles past about 75 columns get',
    'cut or wrapped there, so say what the change does in a short phrase and move the',
    'details into the body. The limit is `lineLength` in the configuration.',
  ].join('\n'),
  check(ctx) {
    const limit = ctx.config.lineLength;
    for (const m of messagesWithText(ctx)) {
      const subject = m.subject;
      if (!subject || m.isCoverLetter) continue;
      // git writes revert titles from the reverted commit's title; the author cannot shorten them.
      if (/^Revert "/.test(subject.summary.text)) continue;
      let found: { range: Span; length: number } | undefined;
      if (m.kind === 'mail') found = mailOverflow(m, limit);
      else if (m.kind === 'commit') {
        const doc = m.document.text;
        let end = subject.span.end;
        while (end > subject.span.start && /\s/.test(doc[end - 1])) end--;
        const over = overflowSpan(doc, subject.span.start, end, limit);
        if (over) found = { range: over, length: columns(doc, subject.span.start, end) };
      }
      if (!found) continue;
      ctx.report(m, {
        message: `${m.kind === 'mail' ? 'Summary' : 'Title'} is ${found.length} columns; keep it within ${limit}.`,
        range: found.range,
      });
    }
  },
};

export default rule;
