/**
 * Our hover and completion markdown as plain text, for clients that take only
 * plain text (eglot without markdown-mode): what the markup shows, with link
 * targets written out, since a plain-text reader cannot follow a hidden one.
 * The markdown is ours (markdown.ts escapes every outside word), so only the
 * forms we write are undone: emphasis, code, links, headings, quotes, escapes.
 */

/** Stands for an escaped character while the markup around it is taken apart. */
const ESCAPED = /\\([\\`*_[\]<>!&|~#>+=\-.)])/g;

function inline(line: string): string {
  const kept: string[] = [];
  const protectedLine = line.replace(ESCAPED, (_, ch: string) => `\u0000${kept.push(ch) - 1}\u0000`);
  const plain = protectedLine
    .replace(/\[([^\]]*)\]\(([^)\s]*)\)/g, (_, text: string, url: string) => (text === '' ? url : text === url || url === '' ? text : `${text} <${url}>`))
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/(^|[^\w*])\*([^*\s][^*]*)\*/g, '$1$2')
    // A code span closes with a run of as many backticks as opened it, so it may hold fewer.
    .replace(/(`+)(.*?[^`])\1(?!`)/g, '$2')
    .replace(/ {2}$/, '');
  return plain.replace(/\u0000(\d+)\u0000/g, (_, k: string) => kept[Number(k)]);
}

export function markdownToPlain(md: string): string {
  return md
    .split('\n')
    .filter((line) => !/^\s*```/.test(line))
    .map((line) => {
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      if (heading) return inline(heading[1]);
      return inline(line);
    })
    .join('\n');
}
