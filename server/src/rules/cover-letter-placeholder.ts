import { FAQ } from '../engine/faq';
import { PLACEHOLDER_MARK } from '../engine/placeholders';
import type { Message } from '../engine/model';
import type { Span } from '../engine/text';
import type { Rule } from '../engine/types';

/**
 * The two markers `git format-patch --cover-letter` leaves for the author to
 * replace, and the ones `bpf-patch-lint format-patch` leaves under `Changes in vN:`
 * and for the link to the previous version.
 */
export const PLACEHOLDER = new RegExp(PLACEHOLDER_MARK.source, 'g');

/** Lines of the message that may hold a placeholder: Subject header lines and the text before any diff. */
function candidateLines(m: Message): number[] {
  const lines = m.document.lines;
  const out = new Set<number>();
  for (const h of m.headers) {
    if (h.name.toLowerCase() !== 'subject') continue;
    for (let i = lines.lineAt(h.span.start).index; i <= lines.lineAt(h.span.end).index; i++) out.add(i);
  }
  const end = m.diff?.span.start ?? m.span.end;
  if (m.headerEnd < end) {
    for (let i = lines.lineAt(m.headerEnd).index; i < lines.count && lines.line(i).start < end; i++) {
      if (m.kind === 'commit' && m.commentLines.includes(i)) continue;
      out.add(i);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** b4 prep's markers (its cover letter template and the `Changes in vN:` lines of a new revision). */
const B4_PLACEHOLDER = /\bEDITME\b/g;

/** b4's EDITME markers in a cover letter's text (never its comment lines or tracking section). */
function b4Placeholders(m: Message): Span[] {
  if (!m.isCoverLetter || !/\bEDITME\b/.test(m.document.text.slice(m.span.start, m.span.end))) return [];
  const out: Span[] = [];
  const tracking = m.b4Cover?.tracking?.start ?? m.span.end;
  for (const i of candidateLines(m)) {
    const line = m.document.lines.line(i);
    if (line.start >= tracking) break;
    for (const match of line.text.matchAll(B4_PLACEHOLDER)) {
      const start = line.start + match.index!;
      // The marker and the template text after it on its line: what is to be replaced.
      const end = /^EDITME:/.test(line.text.slice(match.index!)) ? line.end : start + match[0].length;
      out.push({ start, end });
    }
  }
  return out;
}

export function placeholderSpans(m: Message): { span: Span; which: string }[] {
  const out: { span: Span; which: string }[] = [];
  // Most messages hold no marker at all: one search of the text spares a walk over every line.
  if (!PLACEHOLDER_MARK.test(m.document.text.slice(m.span.start, m.span.end))) return out;
  for (const i of candidateLines(m)) {
    const line = m.document.lines.line(i);
    for (const match of line.text.matchAll(PLACEHOLDER)) {
      const start = line.start + match.index!;
      out.push({ span: { start, end: start + match[0].length }, which: match[1] });
    }
  }
  return out;
}

const rule: Rule = {
  id: 'cover-letter-placeholder',
  description: "The cover letter still has *** SUBJECT HERE *** or *** BLURB HERE *** (or b4's EDITME).",
  severity: 'error',
  faq: FAQ.minimumRequirement,
  readiness: 'cover-letter',
  appliesTo: 'every-patch',
  explanation: [
    '`git format-patch --cover-letter` writes a template with two markers that you are',
    'meant to replace: a title for the series and a description of it. Sent as is, the',
    'series arrives without the overview maintainers need, and the empty text would end',
    'up in the merge commit. Write a real summary line and a few paragraphs on what the',
    'series does and why. `b4 prep` does the same with `EDITME:` lines in the cover letter',
    'commit it keeps at the start of the branch (and in each new revision\'s `Changes in vN:`);',
    'there they are a warning until you send, since the commit is made with them and',
    '`b4 send` itself refuses to send them.',
  ].join('\n'),
  check(ctx) {
    for (const m of ctx.series.messages) {
      if (m.kind === 'diff') continue;
      for (const p of placeholderSpans(m)) {
        ctx.report(m, {
          message:
            p.which === 'SUBJECT'
              ? 'Replace *** SUBJECT HERE *** with a title for the series.'
              : p.which === 'BLURB'
                ? 'Replace *** BLURB HERE *** with a description of what the series does and why.'
                : p.which === 'CHANGES'
                  ? 'Replace *** CHANGES HERE *** with what changed since the previous version.'
                  : 'Replace *** LINK HERE *** with the link to the previous version (https://lore.kernel.org/...), or drop the line.',
          range: p.span,
        });
      }
      for (const span of b4Placeholders(m)) {
        ctx.report(m, {
          message: "Replace b4's EDITME placeholder with the series' own text (b4 send refuses to send it).",
          range: span,
          // In b4's cover letter commit it is still being written (b4 prep makes it with the markers):
          // a warning there, so the commit-msg hook does not stop b4 prep.
          severity: m.kind === 'commit' ? 'warning' : undefined,
        });
      }
    }
  },
};

export default rule;
