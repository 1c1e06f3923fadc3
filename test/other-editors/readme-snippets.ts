/**
 * The editor set-ups of README's "Other editors" section, as the reader copies
 * them: each fenced block with the paragraph that introduces it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/paths';

export const SECTION_HEADING = '## Other editors (the language server)';

export interface Snippet {
  /** The fence's info string: lua, toml, elisp. */
  readonly lang: string;
  /** The paragraph above the block, on one line. */
  readonly intro: string;
  /** The block's text, with a final newline. */
  readonly code: string;
}

/** The fenced blocks of the section, in order. */
export function otherEditorSnippets(readme = readFileSync(join(REPO, 'README.md'), 'utf8')): Snippet[] {
  const start = readme.indexOf(`\n${SECTION_HEADING}\n`);
  if (start < 0) throw new Error(`README.md has no "${SECTION_HEADING}" section`);
  const rest = readme.slice(start + SECTION_HEADING.length + 2);
  const end = rest.search(/^## /m);
  const lines = (end < 0 ? rest : rest.slice(0, end)).split('\n');
  const snippets: Snippet[] = [];
  let paragraph: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S+)\s*$/.exec(lines[i]);
    if (!fence) {
      if (lines[i].trim() === '') {
        if (paragraph.length > 0 && i + 1 < lines.length && !/^```/.test(lines[i + 1])) paragraph = [];
      } else paragraph.push(lines[i].trim());
      continue;
    }
    const close = lines.indexOf('```', i + 1);
    if (close < 0) throw new Error(`README.md: the ${fence[1]} block at "${lines[i]}" is not closed`);
    snippets.push({ lang: fence[1], intro: paragraph.join(' '), code: lines.slice(i + 1, close).join('\n') + '\n' });
    paragraph = [];
    i = close;
  }
  return snippets;
}

/** The one block in `lang` whose introduction starts with `introStart`. */
export function snippet(lang: string, introStart: string, all = otherEditorSnippets()): Snippet {
  const found = all.filter((s) => s.lang === lang && s.intro.startsWith(introStart));
  if (found.length !== 1) {
    throw new Error(`README.md "Other editors": expected one ${lang} block introduced by "${introStart}…", found ${found.length} (${all.map((s) => `${s.lang}: ${s.intro.slice(0, 30)}`).join('; ')})`);
  }
  return found[0];
}
