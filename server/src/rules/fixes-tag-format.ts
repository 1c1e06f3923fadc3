import { FAQ } from '../engine/faq';
import type { Message, Paragraph } from '../engine/model';
import type { Span } from '../engine/text';
import { lookupCommit, type CommitInfo, type EngineFacts } from '../engine/facts';
import type { Fix, Rule, TextEdit } from '../engine/types';
import { GITHUB_ISSUE, intendedKey, isKnownKey, isTrailerParagraph } from './trailer-syntax';
import { deleteLine, insertLinesBefore, lineOf, messagesWithText, perMessage, trailerInsertion } from './util';

/** A line that starts like a Fixes tag, in any spelling: `Fixes:`, `fixes:`, `Fix:`, `Fixes :`, indented. */
const FIXES_LINE = /^([ \t]*)(fix(?:es)?)([ \t]*):([ \t]*)(.*?)\s*$/i;
/** Any line that says the message fixes something (a malformed tag counts). */
const FIXES_ANY = /^\s*fix(es)?\s*:/i;
/** What a Fixes value in a prose paragraph must start with to be meant as a tag. */
const COMMIT_LIKE = /^(?:commit\s+)?[0-9a-f]{6,40}\b|^<?https?:\/\/\S*(?:\/commit|[?&]id=)/i;
const CANONICAL = /^Fixes: [0-9a-f]{12,40} \(".+"\)$/;
/** A commit URL on git.kernel.org (cgit), GitHub, GitLab and the like. */
const COMMIT_URL = /^<?https?:\/\/\S*?(?:\/commit\/?(?:\?(?:\S*&)?id=)?|[?&]id=)([0-9a-f]{7,40})\b\S*?>?(?=\s|$)/i;

/** `Fixes: #23`: GitHub's way to close an issue, which the libbpf and bpftool mirrors use. */
const ISSUE_FIXES = /^\s*fix(?:es)?\s*:\s*(#\d+)\s*$/i;

/**
 * Where `Fixes: #23` is a mistake: in a kernel tree's history or in mail to the
 * kernel lists. In a GitHub mirror (or when nothing says which) it is that
 * project's convention.
 */
function kernelContext(m: Message, facts: EngineFacts): boolean {
  return facts.kernelHistory === true || (m.kind === 'mail' && m.recipients.some((a) => /@vger\.kernel\.org$/i.test(a.email)));
}

/** Whether the message carries a Fixes tag of any form (so it says it is a fix). */
export function hasFixesLine(m: Message): boolean {
  return m.bodyLines.some((i) => FIXES_ANY.test(lineOf(m, i).text));
}

export interface FixesTag {
  readonly line: number;
  /** The wrapped title's continuation line, when the title goes on. */
  readonly lastLine: number;
  readonly paragraph: Paragraph;
  /** From the key to the end of the last line. */
  readonly range: Span;
  /** The tag text as written, lines joined with one space. */
  readonly text: string;
  /** Problems found; empty when the tag is exactly right. */
  readonly problems: string[];
  /** The tag as it should be written, when it can be worked out without git. */
  readonly canonical?: string;
  /** Why no canonical form could be worked out. */
  readonly unfixable?: string;
  /** The paragraph is prose, not trailers. */
  readonly floating: boolean;
  /** The commit id as written, lower-cased (absent when the tag names none). */
  readonly sha?: string;
  /** The quoted title, when the tag has one. */
  readonly title?: string;
}

function paragraphOf(m: Message, line: number): Paragraph | undefined {
  return m.paragraphs.find((p) => line >= p.firstLine && line <= p.lastLine);
}

function quotedBlock(m: Message, p: Paragraph): boolean {
  for (let k = p.firstLine; k <= p.lastLine; k++) if (!/^[ \t]/.test(lineOf(m, k).text)) return false;
  return true;
}

/** Whether a title part opens a parenthesis or quote that does not close on the line. */
function opensTitle(rest: string): boolean {
  if (rest === '') return false;
  if (rest.startsWith('(')) {
    let depth = 0;
    for (const ch of rest) {
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
    }
    return depth > 0;
  }
  if (/^["“]/.test(rest)) return !/.["”]\s*[.,;]?$/.test(rest);
  return false;
}

function closesTitle(next: string, rest: string): boolean {
  if (rest === '') return /^\(.*\)[.,;]?$/.test(next) || /^["“].*["”][.,;]?$/.test(next);
  if (rest.startsWith('(')) return /\)[.,;]?$/.test(next);
  return /["”][.,;]?$/.test(next);
}

/**
 * A line that is a tag of its own (`Acked-by: X <x> (for the verifier)`) is never the
 * rest of a title left open above it: joining it would delete that tag.
 */
function isTagLine(t: string): boolean {
  const k = /^([A-Za-z][A-Za-z0-9-]*)\s*:/.exec(t);
  return !!k && (intendedKey(k[1]) !== undefined || isKnownKey(k[1]));
}

/** Splits what follows the SHA into the title and anything after it. */
function readTitle(rest: string): { title?: string; trailing: string; problem?: string } {
  if (rest === '') return { trailing: '', problem: 'the commit title is missing' };
  let m = /^\("(.*)"\)(.*)$/.exec(rest);
  if (m && m[1].trim() !== '') return { title: m[1], trailing: m[2] };
  m = /^\((.*)\)(.*)$/.exec(rest);
  if (m) {
    const inner = m[1].trim();
    // A quote opened and never closed ("bpf: Foo) is still a quote: the title is what it encloses.
    const q = /^["'“‘](.*?)["'”’]?$/.exec(inner);
    const title = (q ? q[1] : inner).trim();
    if (title === '') return { trailing: m[2], problem: 'the commit title is missing' };
    return { title, trailing: m[2], problem: 'quote the title as ("…")' };
  }
  m = /^"(.*)"(.*)$/.exec(rest) ?? /^“(.*)”(.*)$/.exec(rest) ?? /^'(.*)'(.*)$/.exec(rest) ?? /^‘(.*)’(.*)$/.exec(rest);
  if (m && m[1].trim() !== '') return { title: m[1].trim(), trailing: m[2], problem: 'put the title in ("…")' };
  if (/^[("“']/.test(rest)) return { trailing: '', problem: 'the title is not closed' };
  // An unquoted commit subject (`bpf: Fix x`, `Revert "…"`): its words are the title.
  if (/^(?:[\w.,/+-]+: |[A-Z])\S/.test(rest)) return { title: rest.trim(), trailing: '', problem: 'put the title in ("…")' };
  return { trailing: '', problem: 'the title must follow the SHA as ("…")' };
}

/** Reads the value of a Fixes tag and works out its canonical form. */
function analyse(
  indent: string,
  key: string,
  separator: string,
  space: string,
  value: string,
  wrapped: boolean,
): { problems: string[]; canonical?: string; unfixable?: string; sha?: string; title?: string } {
  const problems: string[] = [];
  let unfixable: string | undefined;
  if (indent !== '') problems.push('it is indented');
  if (key !== 'Fixes' || separator !== '') problems.push(`write \`Fixes:\`, not \`${key}${separator}:\``);
  if (wrapped) problems.push('the title is wrapped onto the next line');
  let v = value;
  let sha: string | undefined;
  const word = /^commit\s+/i.exec(v);
  if (word) {
    problems.push('drop the word "commit"');
    v = v.slice(word[0].length);
  }
  const url = COMMIT_URL.exec(v);
  if (url) {
    problems.push('give the SHA, not a URL');
    sha = url[1];
    v = v.slice(url[0].length).trim();
  } else {
    const s = /^([0-9a-fA-F]{4,})(?=$|[\s("'“‘])/.exec(v);
    if (s) {
      sha = s[1];
      v = v.slice(s[0].length).trim();
    }
  }
  if (sha === undefined) {
    problems.push('it names no commit SHA');
    return { problems, unfixable: 'the commit is not named' };
  }
  if (/[A-F]/.test(sha)) problems.push('write the SHA in lower case');
  sha = sha.toLowerCase();
  if (sha.length < 12) {
    problems.push(`the SHA has ${sha.length} digits, use at least 12`);
    unfixable = 'the SHA is too short to expand without git';
  } else if (sha.length > 40) {
    problems.push('the SHA is longer than 40 digits');
    unfixable = 'the SHA is not valid';
  }
  if (!url && space !== ' ' && value !== '') problems.push('put one space after the colon');
  const t = readTitle(v);
  if (t.problem) problems.push(t.problem);
  if (t.title === undefined) unfixable ??= 'the commit title is unknown without git';
  const trailing = t.trailing.trim();
  if (trailing !== '') {
    if (/^[.,;]$/.test(trailing)) problems.push(`drop the "${trailing}" after the title`);
    else {
      problems.push('nothing may follow the title');
      unfixable ??= 'it is unclear what the text after the title means';
    }
  }
  if (unfixable || t.title === undefined) return { problems, unfixable, sha, title: t.title };
  const canonical = `Fixes: ${sha} ("${t.title}")`;
  if (problems.length === 0) problems.push(`write it as \`${canonical}\``);
  return { problems, canonical, sha, title: t.title };
}

/** Every Fixes tag of a message, read and judged. */
export const fixesTags: (m: Message) => FixesTag[] = perMessage(readFixesTags);

function readFixesTags(m: Message): FixesTag[] {
  const out: FixesTag[] = [];
  const body = m.bodyLines;
  const tags: { line: number; lastLine: number; match: RegExpExecArray; paragraph: Paragraph }[] = [];
  const continuations = new Set<number>();
  for (let k = 0; k < body.length; k++) {
    const i = body[k];
    if (continuations.has(i)) continue;
    const match = FIXES_LINE.exec(lineOf(m, i).text);
    if (!match) continue;
    const paragraph = paragraphOf(m, i);
    if (!paragraph) continue;
    let lastLine = i;
    const rest = match[5].replace(/^(?:commit\s+)?[0-9a-fA-F]{4,}\s*/i, '');
    // A title already quoted and closed on this line is whole, whatever parentheses it holds
    // (`("` is a real subject: counting its `(` took the next line for the rest of it).
    const closed = /^\(["“].*["”]\)[.,;]?$/.test(rest);
    if (!closed && (opensTitle(rest) || (rest === '' && match[5] !== '')) && i + 1 <= paragraph.lastLine && body[k + 1] === i + 1) {
      const next = lineOf(m, i + 1).text.trim();
      if (closesTitle(next, rest) && !isTagLine(next)) {
        lastLine = i + 1;
        continuations.add(i + 1);
      }
    }
    tags.push({ line: i, lastLine, match, paragraph });
  }
  for (const t of tags) {
    const [, indent, key, separator, space, value] = t.match;
    if (GITHUB_ISSUE.test(value)) continue;
    const inBlock = isTrailerParagraph(m, t.paragraph, continuations);
    // In prose, "Fixes:" starts a tag only when a commit follows, and not inside an
    // indented block (a quoted commit message or an example).
    if (!inBlock && !COMMIT_LIKE.test(value)) continue;
    if (!inBlock && indent !== '' && quotedBlock(m, t.paragraph)) continue;
    const first = lineOf(m, t.line);
    const last = lineOf(m, t.lastLine);
    const wrapped = t.lastLine > t.line;
    const joined = wrapped ? `${value} ${last.text.trim()}`.trim() : value;
    const a = analyse(indent, key, separator, space, joined, wrapped);
    const text = `${key}${separator}:${space}${joined}`;
    out.push({
      line: t.line,
      lastLine: t.lastLine,
      paragraph: t.paragraph,
      range: { start: first.start + indent.length, end: last.end },
      text,
      problems: CANONICAL.test(first.text.replace(/\s+$/, '')) && !wrapped && indent === '' ? [] : a.problems,
      canonical: a.canonical,
      unfixable: a.unfixable,
      floating: !inBlock,
      sha: a.sha,
      title: a.title,
    });
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The tag is a paragraph of its own with another paragraph below it (blank lines on both sides). */
function standsAlone(m: Message, tag: FixesTag): boolean {
  const p = tag.paragraph;
  if (p.firstLine !== tag.line || p.lastLine !== tag.lastLine) return false;
  const k = m.paragraphs.indexOf(p);
  return k > 0 && k < m.paragraphs.length - 1;
}

/**
 * Whether a quoted title is the subject, or the subject cut short with "..."
 * (or "…") as the netdev CI's verify_fixes accepts: its start (`bpf: Fix th...`),
 * its end (`...the helper`), or both ends around a cut (`bpf: Fix ... helper`).
 */
export function titleMatches(quoted: string, subject: string): boolean {
  const q = squash(quoted);
  const s = squash(subject);
  if (q === s) return true;
  const head = CUT_END.exec(q);
  if (head && head[1].length > 0) return s.startsWith(head[1]);
  const tail = CUT_START.exec(q);
  if (tail && tail[1].length > 0) return s.endsWith(tail[1]);
  const middle = CUT_MIDDLE.exec(q);
  return middle !== null && s.length >= middle[1].length + middle[2].length && s.startsWith(middle[1]) && s.endsWith(middle[2]);
}

const CUT_END = /^(.*?)\s*(?:\.\.\.|…)$/;
const CUT_START = /^(?:\.\.\.|…)\s*(.*)$/;
const CUT_MIDDLE = /^(.+?) (?:\.\.\.|…) (.+)$/;

/** The id to write for a commit: as given when it already has 12 or more digits, else 12. */
export function shaToWrite(given: string, commit: CommitInfo): string {
  return given.length >= 12 && commit.sha.startsWith(given) ? given : commit.sha.slice(0, 12);
}

/**
 * With the repository's answer, a tag whose SHA is short or whose title is
 * missing can be completed: the 12-digit id and the commit's real subject.
 */
function withGitFacts(tag: FixesTag, facts: EngineFacts): FixesTag {
  if (!tag.sha || tag.problems.length === 0) return tag;
  const lookup = lookupCommit(facts.commits, tag.sha);
  // "Unknown without git" is wrong once git has been asked: say what it answered.
  if (lookup?.status === 'missing' && tag.unfixable) {
    const why = facts.kernelHistory === false ? 'this repository is not a kernel tree' : `this repository does not have ${tag.sha}`;
    return { ...tag, unfixable: why };
  }
  if (lookup?.status === 'ambiguous' && tag.unfixable) return { ...tag, unfixable: `${tag.sha} names ${lookup.candidates.length} commits here` };
  if (lookup?.status !== 'found') return tag;
  // The fix writes the commit's real subject: a wrong title copied into the new line would need a second fix.
  const title = tag.title !== undefined && titleMatches(tag.title, lookup.commit.subject) ? tag.title : lookup.commit.subject;
  const problems = tag.title !== undefined && title !== tag.title ? [...tag.problems, `the title is not ${tag.sha}'s subject ("${lookup.commit.subject}")`] : tag.problems;
  return { ...tag, problems, canonical: `Fixes: ${shaToWrite(tag.sha, lookup.commit)} ("${title}")`, unfixable: undefined };
}

function gitHint(): string {
  return "`git log -1 --abbrev=12 --format='Fixes: %h (\"%s\")' <sha>` prints it";
}

const rule: Rule = {
  id: 'fixes-tag-format',
  description: 'A Fixes tag is not in the form Fixes: <12+ hex> ("<subject>").',
  severity: 'error',
  faq: FAQ.minimumRequirement,
  readiness: 'fixes',
  appliesTo: 'every-patch',
  explanation: [
    'Backporters and the stable tooling find the commit a fix repairs by parsing',
    '`Fixes:` lines literally, so the form is fixed: `Fixes: <sha> ("<subject>")` on one',
    'line, with at least 12 lower-case hex digits (short SHAs become ambiguous as the tree',
    'grows) and the exact subject of that commit. The tag belongs in the trailer block,',
    'usually first. `git log -1 --abbrev=12 --format=\'Fixes: %h ("%s")\' <sha>` prints it.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      if (m.isCoverLetter) continue;
      const L = m.document.lines;
      if (kernelContext(m, ctx.facts)) {
        for (const i of m.bodyLines) {
          const issue = ISSUE_FIXES.exec(lineOf(m, i).text);
          if (!issue) continue;
          const start = L.line(i).start + issue.index + issue[0].length - issue[1].length;
          ctx.report(m, {
            message: `Malformed Fixes tag: "${issue[1]}" is an issue number, which means nothing in the kernel's history; name the commit that introduced the bug, and point to the report with Closes: <URL>.`,
            range: { start, end: start + issue[1].length },
          });
        }
      }
      const seen = new Set<string>();
      for (const found of fixesTags(m)) {
        const tag = withGitFacts(found, ctx.facts);
        const first = L.line(tag.line);
        const last = L.line(tag.lastLine);
        // The same tag twice (a paste, a rebase conflict resolved twice): one is noise.
        const key = tag.canonical ?? tag.text.replace(/\s+/g, ' ').trim();
        if (seen.has(key)) {
          ctx.report(m, {
            message: `Duplicate Fixes tag: ${tag.text.trim()} is already above.`,
            range: tag.range,
            severity: 'warning',
            fixes: [{ title: 'Remove the duplicate', edits: [deleteLine(m, first, last)], isPreferred: true }],
          });
          continue;
        }
        seen.add(key);
        const replaceTag: TextEdit | undefined = tag.canonical
          ? { start: first.start, end: last.end, newText: tag.canonical }
          : undefined;
        const malformed = tag.problems.length > 0;
        const what = malformed ? `Malformed Fixes tag: ${tag.problems.join('; ')}.` : '';
        // The kernel's convention: a GitHub mirror's commits (bpftool, libbpf) keep their own.
        if (!tag.floating && standsAlone(m, tag) && ctx.facts.kernelHistory !== false && (kernelContext(m, ctx.facts) || ctx.scope(m).submission)) {
          // A paragraph of its own with more below: git's trailer parser and the netdev CI's
          // verify_fixes ("empty lines surround the Fixes tag") both miss it.
          // A tag that stays malformed once moved would keep its finding: it is mended by hand first.
          const insert = (!malformed || tag.canonical) && m.trailerBlock && m.trailerBlock.firstLine > tag.lastLine ? insertLinesBefore(m, L.line(m.trailerBlock.firstLine), [tag.canonical ?? tag.text.trim()]) : undefined;
          ctx.report(m, {
            message: `Blank lines surround the Fixes tag; put it at the top of the trailer block, with no blank line between.${malformed ? ` ${what}` : ''}`,
            range: tag.range,
            // The tag's lines and the blank line below them go; the tag (mended when it can be) goes on top of the block.
            fixes: insert ? [{ title: 'Move the Fixes tag into the trailer block', edits: [deleteLine(m, first, L.line(last.index + 1)), insert], isPreferred: true }] : [],
          });
          continue;
        }
        if (!tag.floating) {
          if (!malformed) continue;
          ctx.report(m, {
            message: replaceTag ? what : `${what} No automatic fix: ${tag.unfixable}; ${gitHint()}.`,
            range: tag.range,
            fixes: replaceTag ? [{ title: `Change to ${tag.canonical}`, edits: [replaceTag], isPreferred: true }] : [],
          });
          continue;
        }
        // A tag floating in a prose paragraph moves to the top of the trailer block.
        const moved = tag.canonical ?? tag.text.trim();
        const remove: TextEdit = deleteLine(m, first, last);
        const insert = m.trailerBlock ? insertLinesBefore(m, L.line(m.trailerBlock.firstLine), [moved]) : trailerInsertion(m, [moved]);
        const move: Fix[] = insert
          ? [{ title: 'Move the Fixes tag into the trailer block', edits: [remove, insert], isPreferred: true }]
          : [];
        if (malformed && !tag.canonical) {
          ctx.report(m, {
            message: `${what} No automatic fix: ${tag.unfixable}; ${gitHint()}.`,
            range: tag.range,
          });
        }
        ctx.report(m, {
          message:
            malformed && tag.canonical
              ? `The Fixes tag sits in a paragraph of prose; move it into the trailer block. ${what}`
              : 'The Fixes tag sits in a paragraph of prose; move it into the trailer block, where tools look for it.',
          range: tag.range,
          fixes: move,
        });
      }
    }
  },
};

export default rule;
