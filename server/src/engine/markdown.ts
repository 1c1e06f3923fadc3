/**
 * Markdown built from text we did not write: commit subjects and author names
 * from the repository, lines of the linted document quoted in a message, and
 * the FAQ file of whatever kernel tree the document sits in. Editors render
 * hovers as markdown, and VS Code runs the one command link we allow; a
 * planted FAQ or a crafted commit subject must not be able to add a link, an
 * image (a request to a remote server on hover), HTML or a heading. Such text
 * therefore only ever reaches markdown through these functions.
 */

/**
 * The characters that open or close inline markdown: emphasis, code, links and
 * images (`[`, `!`), autolinks and HTML (`<`), entities, tables, strike-through.
 * Bare web addresses may still be shown as links by some renderers; they are
 * the text's own words, not a hidden target.
 */
const INLINE_ACTIVE = /[\\`*_[\]<>!&|~]/g;

/** What a line must not start with: a heading, a quote, a list item, a setext underline. */
const BLOCK_START = /^(\s*)([#>+=-]|\d+[.)])/;

/** The text on one line: a line break inside untrusted text could start a block (a heading, a list, a quote). */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** Text shown literally, on one line, wherever it is placed. */
export function escapeMarkdown(text: string): string {
  return oneLine(text).replace(INLINE_ACTIVE, '\\$&');
}

/** Text shown literally at the start of a line of its own. */
export function escapeMarkdownLine(text: string): string {
  // Four columns of indent would make the line a code block: at most three stay.
  const indented = escapeMarkdown(text).replace(/^[ \t]+/, (lead) => (lead.includes('\t') || lead.length > 3 ? '   ' : lead));
  return indented.replace(BLOCK_START, (_, space: string, mark: string) => `${space}${mark.replace(/[#>+=\-.)]/, '\\$&')}`);
}

/** Longest run of backticks in the text. */
function longestRun(text: string, tick: string): number {
  let longest = 0;
  let run = 0;
  for (const ch of text) {
    run = ch === tick ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** A code span that shows the text as it is, whatever backticks it holds. */
export function codeSpan(text: string): string {
  const flat = oneLine(text);
  const fence = '`'.repeat(longestRun(flat, '`') + 1);
  // A space on each side lets the span start or end with a backtick; markdown strips one of each.
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced code block that no line of the text can close early. */
export function codeBlock(lines: readonly string[]): string[] {
  const fence = '`'.repeat(Math.max(3, longestRun(lines.join('\n'), '`') + 1));
  return [fence, ...lines, fence];
}

/**
 * A finding's message, which we wrote but which quotes the document: spans
 * between backticks stay code (they cannot hold a link), everything else is
 * escaped. When quoted text brings its own backtick the pairing shifts, which
 * costs some formatting and never safety: each piece is either code or escaped.
 */
export function messageMarkdown(message: string): string {
  const pieces = message.split('`');
  return pieces
    .map((piece, i) => {
      // Odd pieces sit between two backticks, except a last one after an unpaired backtick.
      const between = i % 2 === 1 && i < pieces.length - 1;
      if (between) return piece === '' ? escapeMarkdown('``') : codeSpan(piece);
      return escapeMarkdown(i % 2 === 1 ? `\`${piece}` : piece);
    })
    .join('');
}

/**
 * A link from a document we did not write: only to a web page, with a target
 * that cannot end the link early; anything else (command:, file:, javascript:)
 * becomes its text alone.
 */
export function webLink(text: string, target: string): string {
  if (!/^https?:\/\/[^\s<>()[\]\\`"']+$/i.test(target)) return escapeMarkdown(text);
  return `[${escapeMarkdown(text)}](${target})`;
}
