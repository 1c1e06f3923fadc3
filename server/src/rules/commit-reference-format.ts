import { FAQ } from '../engine/faq';
import type { Message } from '../engine/model';
import type { Line } from '../engine/text';
import type { Fix, Rule } from '../engine/types';
import { lineOf, messagesWithText } from './util';

/** `commit <hex>`: the word, then an id of 7+ hex digits (checked for a digit below). */
const WITH_WORD = /\bcommit([ \t]+)([0-9a-fA-F]{7,40})\b(?![-_/.]\w)/gi;
/** A 12+ hex id right before a parenthesised title, without the word. */
const BARE = /(?<![\w./:@#-])([0-9a-fA-F]{12,40})\b(?=[ \t]*\(\s*["“'])/g;

/** Lines git and the stable process write themselves; their format is fixed. */
const GENERATED = [
  /^This reverts commit [0-9a-f]{40}\b/,
  /^\(cherry picked from commit [0-9a-f]{7,40}\)/,
  /^\[\s*[Uu]pstream commit [0-9a-f]{7,40}\s*\]/,
  /^commit [0-9a-f]{40} upstream\.?\s*$/,
];

interface Title {
  /** Offset (in the line) where the reference ends. */
  readonly end: number;
  /** The reference text from the SHA on, normalised, or undefined when only git could fix it. */
  readonly normalised?: string;
  readonly problem?: string;
  readonly missing: boolean;
}

/** Reads what follows the id at `at` in `text` (one line), given the id. */
function readTitle(text: string, at: number, sha: string, next: Line | undefined): Title {
  const rest = text.slice(at);
  const lower = sha.toLowerCase();
  let m: RegExpExecArray | null;
  // Well formed: ` ("title")`, the title possibly running on to the next line.
  if ((m = /^ \("/.exec(rest))) {
    const close = /"\)/.exec(rest.slice(2));
    const end = close ? at + 2 + close.index + 2 : text.length;
    return { end, missing: false, normalised: `${lower}${text.slice(at, end)}` };
  }
  // `("title")` with odd spacing, or with typographic or single quotes.
  if ((m = /^[ \t]*\([ \t]*(["“'])(.*?)(["”'])[ \t]*\)/.exec(rest)) && m[2].trim() !== '') {
    const simple = m[1] === '"' && m[3] === '"';
    return {
      end: at + m[0].length,
      missing: false,
      problem: simple ? 'write the title as ("<title>") with one space before it' : 'quote the title as ("<title>")',
      normalised: m[2].includes('"') && !simple ? undefined : `${lower} ("${m[2]}")`,
    };
  }
  // The title opened on this line and continues on the next, with odd spacing.
  if ((m = /^[ \t]*\([ \t]*"/.exec(rest))) {
    return {
      end: text.length,
      missing: false,
      problem: 'write the title as ("<title>") with one space before it',
      normalised: `${lower} ("${text.slice(at + m[0].length)}`,
    };
  }
  // `"title"` without the parentheses.
  if ((m = /^[ \t]+"([^"]+)"/.exec(rest))) {
    return { end: at + m[0].length, missing: false, problem: 'put the title in parentheses', normalised: `${lower} ("${m[1]}")` };
  }
  // A revert's subject carries its own quotes: (Revert "subsys: Title").
  if (/^ \(Revert "/.test(rest)) {
    const close = /"\)/.exec(rest);
    return { end: close ? at + close.index + 2 : text.length, missing: false, normalised: `${lower}${close ? rest.slice(0, close.index + 2) : rest}` };
  }
  // The id ends the line and the title starts the next one: git's own wrapping.
  if (rest.trim() === '' && next && /^\("/.test(next.text)) {
    return { end: at, missing: false, normalised: lower };
  }
  return { end: at, missing: true };
}

function skippedLine(m: Message, index: number, text: string): boolean {
  if (/^\s/.test(text)) return true; // quoted logs, code, lists of commits
  if (/^fixes\s*:/i.test(text)) return true;
  if (m.trailerBlock && index >= m.trailerBlock.firstLine && index <= m.trailerBlock.lastLine) return true;
  // `git log` output (as `git merge --squash` writes into SQUASH_MSG): the commit line heads a record.
  if (/^commit [0-9a-f]{40}\b/.test(text) && index + 1 < m.document.lines.count && /^(Author|Merge):\s/.test(lineOf(m, index + 1).text)) return true;
  return GENERATED.some((g) => g.test(text));
}

const hasDigit = (s: string) => /[0-9]/.test(s);
const HEX_RUN = /[0-9a-fA-F]{7}/;

const rule: Rule = {
  id: 'commit-reference-format',
  description: 'A commit is mentioned in prose without the form commit <12+ hex> ("<subject>").',
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  readiness: 'fixes',
  appliesTo: 'every-patch',
  explanation: [
    'A commit id alone says little to a reader and may become ambiguous as the tree grows;',
    'with its subject the reference stays readable, greppable and survives rebases and',
    'backports. Kernel style is `commit 0123456789ab ("subsys: Subject of the commit")`:',
    'the word `commit`, at least 12 lower-case hex digits, and the subject in `("...")`.',
    '`git log -1 --abbrev=12 --format=\'commit %h ("%s")\' <id>` prints it for you.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      // A cover letter is not committed: how it names commits is between the author and the reviewers.
      if (m.isCoverLetter) continue;
      const body = m.bodyLines;
      const titled: string[] = [];
      for (let k = 0; k < body.length; k++) {
        const line = lineOf(m, body[k]);
        const text = line.text;
        // Both forms need seven hex digits in a row; most lines have none.
        if (!HEX_RUN.test(text) || skippedLine(m, body[k], text)) continue;
        const next = k + 1 < body.length && body[k + 1] === body[k] + 1 ? lineOf(m, body[k + 1]) : undefined;
        const seen = new Set<number>();
        const titledBefore = (sha: string) => titled.some((t) => t.startsWith(sha.toLowerCase()) || sha.toLowerCase().startsWith(t));

        for (const w of text.matchAll(WITH_WORD)) {
          const sha = w[2];
          if (!hasDigit(sha)) continue; // "commit added", "commit deface"
          const shaAt = w.index! + 'commit'.length + w[1].length;
          seen.add(shaAt);
          const shaEnd = shaAt + sha.length;
          const title = readTitle(text, shaEnd, sha, next);
          const problems: string[] = [];
          if (sha.length < 12) problems.push(`use at least 12 hex digits (not ${sha.length})`);
          if (sha !== sha.toLowerCase()) problems.push('write the id in lower case');
          if (w[1] !== ' ') problems.push('put one space after "commit"');
          // A second mention of a commit already introduced with its subject may be short.
          if (title.missing && !(sha.length >= 12 && titledBefore(sha))) problems.push('add its subject as ("<subject>")');
          if (!title.missing) titled.push(sha.toLowerCase());
          if (title.problem) problems.push(title.problem);
          if (problems.length === 0) continue;
          const start = line.start + w.index!;
          const end = line.start + Math.max(title.end, shaEnd);
          const fixes: Fix[] = [];
          if (sha.length >= 12 && !title.missing && title.normalised !== undefined) {
            const word = text.slice(w.index!, w.index! + 'commit'.length);
            fixes.push({
              title: 'Normalise the commit reference',
              edits: [{ start, end, newText: `${word} ${title.normalised}` }],
              isPreferred: true,
            });
          }
          ctx.report(m, { message: `Commit reference: ${problems.join('; ')}.`, range: { start, end }, fixes });
        }

        for (const b of text.matchAll(BARE)) {
          const shaAt = b.index!;
          if (seen.has(shaAt) || !hasDigit(b[1])) continue;
          const before = text.slice(0, shaAt);
          if (/\bcommit:?\s+$/i.test(before)) continue;
          // A list of commits (`[1] <id> ("...")`, `- <id> ...`) or a line starting with the id.
          if (/^\s*(?:\[\d+\]|[-*•]|\d+[.)])?\s*$/.test(before)) continue;
          const sha = b[1];
          const shaEnd = shaAt + sha.length;
          const title = readTitle(text, shaEnd, sha, next);
          if (title.missing) continue;
          titled.push(b[1].toLowerCase());
          const start = line.start + shaAt;
          const end = line.start + title.end;
          const fixes: Fix[] =
            title.normalised !== undefined
              ? [{ title: 'Write it as commit <id> ("<subject>")', edits: [{ start, end, newText: `commit ${title.normalised}` }], isPreferred: true }]
              : [];
          ctx.report(m, {
            message: 'Commit reference without the word "commit"; kernel style writes it as commit <id> ("<subject>").',
            range: { start, end },
            fixes,
            // The id and the subject, which are what a reader needs, are both there.
            severity: 'info',
          });
        }
      }
    }
  },
};

export default rule;
