/**
 * A FAQ section read from the user's own kernel tree, turned from reST into
 * markdown for a hover. Only the constructs the BPF FAQ uses are handled:
 * headings, literals, inline links, :ref: roles, literal blocks, quotes, bullets.
 */
import { RST_UNDERLINE, headingIndex, type FaqSection } from './faq';
import { minOf, pushAll } from './arrays';
import { codeBlock, codeSpan, escapeMarkdown, escapeMarkdownLine, webLink } from './markdown';

function isHeadingAt(lines: readonly string[], i: number): boolean {
  return i + 1 < lines.length && lines[i].trim() !== '' && RST_UNDERLINE.test(lines[i + 1]) && !RST_UNDERLINE.test(lines[i]);
}

/** The line above a heading that is underlined and overlined: it belongs to the next section. */
function isOverlineAt(lines: readonly string[], i: number): boolean {
  return RST_UNDERLINE.test(lines[i]) && isHeadingAt(lines, i + 1);
}

/** The lines of a section, heading excluded, up to the next heading. */
export function sectionLines(rst: string, section: FaqSection): string[] | undefined {
  const lines = rst.split(/\r\n|\r|\n/);
  const heading = headingIndex(lines, section);
  if (heading === undefined) return undefined;
  // The text starts below the heading's underline.
  const start = heading + 2;
  let end = start;
  while (end < lines.length && !isHeadingAt(lines, end) && !isOverlineAt(lines, end) && !lines[end].startsWith('.. ')) end++;
  return lines.slice(start, end);
}

/** Inline reST constructs, in the order they must be tried: literals, references, links, plain references. */
const INLINE_RST = /``([^`]+)``|:ref:`([^`<]+?)\s*(?:<[^>`]*>)?`|`([^`<]+?)\s*<([^>`]+)>`__?|`([^`]+)`__?/g;

/**
 * One line of FAQ prose as markdown. The FAQ file comes from whatever tree the
 * document sits in, so its words are escaped and only web links survive.
 */
function inline(s: string): string {
  const out: string[] = [];
  let last = 0;
  for (const m of s.matchAll(INLINE_RST)) {
    const gap = s.slice(last, m.index);
    out.push(out.length === 0 ? escapeMarkdownLine(gap) : escapeMarkdown(gap));
    if (m[1] !== undefined) out.push(codeSpan(m[1]));
    else if (m[2] !== undefined) out.push(escapeMarkdown(m[2]));
    else if (m[3] !== undefined) out.push(webLink(m[3], m[4]));
    else out.push(escapeMarkdown(m[5]));
    last = m.index + m[0].length;
  }
  const rest = s.slice(last);
  out.push(out.length === 0 ? escapeMarkdownLine(rest) : escapeMarkdown(rest));
  return out.join('');
}

/** A bullet (`* ` or `- `) as a markdown list item, its text escaped. */
function bulletOrLine(line: string): string {
  const bullet = /^(\s*)[-*] (.*)$/.exec(line);
  // The item's text starts a block of its own: `- # x` would be a heading inside the item.
  return bullet ? `${bullet[1]}- ${inline(bullet[2])}` : inline(line);
}

/** Markdown for the section, or undefined when the file lacks it. */
export function faqSectionMarkdown(rst: string, section: FaqSection): string | undefined {
  const lines = sectionLines(rst, section);
  if (!lines) return undefined;
  const out: string[] = [];
  let i = 0;
  let literalNext = false;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      out.push('');
      i++;
      continue;
    }
    if (/^\s/.test(line)) {
      // An indented block: code after "::", otherwise a quotation.
      const block: string[] = [];
      while (i < lines.length && (lines[i].trim() === '' || /^\s/.test(lines[i]))) block.push(lines[i++]);
      while (block.length && block[block.length - 1].trim() === '') block.pop();
      const indent = minOf(block.filter((b) => b.trim()).map((b) => /^\s*/.exec(b)![0].length));
      const body = block.map((b) => b.slice(indent));
      if (literalNext) pushAll(out, codeBlock(body));
      else if (body.every((b) => /^[-*] /.test(b) || /^\s/.test(b) || b === '')) pushAll(out, body.map(bulletOrLine));
      else pushAll(out, body.map((b) => (b ? `> ${inline(b)}` : '>')));
      // A blank line after the block: markdown would carry the next line of prose into a list or quotation.
      out.push('');
      literalNext = false;
      continue;
    }
    literalNext = /::\s*$/.test(line);
    const text = line.replace(/\s*::\s*$/, literalNext && /\S\s*::\s*$/.test(line) && !/\s::\s*$/.test(line) ? ':' : '');
    if (text.trim() !== '') out.push(bulletOrLine(text));
    i++;
  }
  const md = out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return `#### ${escapeMarkdown(section.heading)}\n\n${md}`;
}
