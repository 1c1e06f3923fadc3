import { FAQ } from '../engine/faq';
import type { Message, Paragraph } from '../engine/model';
import type { Line } from '../engine/text';
import type { Fix, Rule, TextEdit } from '../engine/types';
import { columns, lineOf, messagesWithText, overflowSpan } from './util';

const EXEMPT_PREFIX = /^(?:fixes|link|closes)\s*:/i;
// The scheme is bounded: unbounded, a long base64 line (no `://`, a `+` every few
// characters) costs quadratic time, 8 s for half a megabyte (found by #7's fuzzer).
const URL = /\b[a-z][a-z0-9+.-]{0,31}:\/\/\S/i;
/** `Key-by: ...` or `Cc: ...`: trailers may carry long names and addresses. */
const TRAILER_LIKE = /^[A-Za-z][A-Za-z0-9-]*-by\s*:|^cc\s*:/i;
const LIST_MARKER = /^(?:[-*+•]|\d+[.)]|\(?[a-z0-9]\)|\[\d+\])\s/i;

function inTrailerBlock(m: Message, index: number): boolean {
  return !!m.trailerBlock && index >= m.trailerBlock.firstLine && index <= m.trailerBlock.lastLine;
}

/**
 * Output pasted at the left margin: compiler diagnostics (`file.c:12:3: error`),
 * kernel log lines, shell prompts, quoted mail, tool log prefixes.
 */
const LOG_LINE = [
  /^[\w.\-+/~]*\.\w+:\d+(?::\d+)?:/, // path.c:12:3:
  /^<command line>:\d+/,
  /^(?:[.\w-]*\/)+[\w.\-+]+:/, // dir/file: ...
  /^\[\s*\d+\.\d+\]/, // [   12.345678]
  /^[>|]/, // quoted mail
  /^\$ /, // shell prompt
  /^(?:libbpf|bpftool|[Ee]rror|ERROR|[Ww]arning|WARNING|BUG|Oops|Call Trace|RIP|FAIL|PASS|#\d+(?:\/\d+)?)\b[:\s]/,
  /^\[\d+\] /, // reference list entry: [1] commit 0123456789ab ("...")
  /^\+\d/, // packetdrill
  // BPF tooling output, pasted unindented as often as not:
  /^\d+: \([0-9a-f]{2}\) /, // verifier instruction: 12: (71) r6 = *(u8 *)(r1 +0)
  /^\d+: R\d+(?:_[rwx]+)?=/, // verifier state: 12: R1_w=ctx()
  /\bR\d+(?:_[rwx]+)?=\S+ R\d+(?:_[rwx]+)?=/, // register dumps: R1=ctx() R10=fp0
  /^(?:from \d+ to \d+:|processed \d+ insns|verification time \d+|stack depth \d+|mark_precise: |last_idx \d+|func#\d+ @|Validating \S+ func#|; .* @ \S+:\d+$)/,
  /^(?:test_\w+:(?:PASS|FAIL)|run_subtest:|Summary: \d+\/\d+ PASSED|#\d+(?:\/\d+)?\s+\S+:(?:OK|FAIL|SKIP))/, // test_progs
  /^(?:\d+: \w+\s+name |\s*\d+\.\d+%\s)/, // bpftool prog show, perf report
  /^(?:\S+\+0x[0-9a-f]+\/0x[0-9a-f]+|Hardware name:|CPU: \d+ (?:UID: \d+ )?PID:|Workqueue:|Code: |Modules linked in:|BUG: |KASAN: |={10,}|0x[0-9a-f]{6,}\b)/, // kernel splats, sanitizer reports
  /^[A-Z][A-Z_]{2,}(?: [A-Z_]+)?: /, // selftest output labels: TEST: ..., COMMAND: ...
  /\[\s*(?:OK|FAIL|PASS|SKIP|XFAIL)\s*\]\s*$/, // a test's verdict at the end of its line
  /^(?:\.\.?\/|sudo |make |git |perf |bpftool |ip |tc |veristat )\S/, // a command as typed
];

/**
 * A line that is nothing but a commit reference, as in a list of reverted or
 * related commits (`Revert 0123456789ab ("subsys: Title")`): it reads as one
 * unit, like a Fixes tag. A reference inside a sentence can be wrapped around.
 */
const WHOLE_REFERENCE = /^(?:[-*]\s+|\d+[.)]\s+)?(?:reverts?\s+)?(?:commit\s+)?[0-9a-f]{12,40}\s+\(".*"\)[.,;:]?$/i;

/** A row of a table (veristat, perf, ascii art): several column gaps or bars. */
function looksLikeTableRow(t: string): boolean {
  return (t.match(/\|/g) ?? []).length >= 2 || (t.match(/\S {2,}(?=\S)/g) ?? []).length >= 2 || /^[-+=|]{3,}(?:[ +|][-+=|]{3,})*\s*$/.test(t);
}

export function looksLikeLog(t: string): boolean {
  return LOG_LINE.some((r) => r.test(t)) || looksLikeTableRow(t);
}

/** Lines the width limit does not apply to. */
function exempt(m: Message, line: Line): boolean {
  const t = line.text;
  if (/^\s/.test(t)) return true; // quoted logs, stack traces, code
  if (looksLikeLog(t)) return true;
  // Below a log line, the rest of its paragraph is log output too.
  const p = m.paragraphs.find((q) => q.firstLine <= line.index && line.index <= q.lastLine);
  if (p) for (let i = p.firstLine; i < line.index; i++) if (looksLikeLog(lineOf(m, i).text)) return true;
  if (EXEMPT_PREFIX.test(t) || TRAILER_LIKE.test(t) || URL.test(t) || WHOLE_REFERENCE.test(t)) return true;
  if (inTrailerBlock(m, line.index)) return true;
  // One unbreakable token (a path, a symbol, an error string): wrapping cannot help.
  return !/\S\s+\S/.test(t.trim());
}

/**
 * Greedy re-wrap of a paragraph of plain prose, or undefined when the paragraph
 * has structure a re-wrap would destroy (lists, code, trailers, links, very
 * long words) or when the result would be no better.
 */
function rewrap(m: Message, p: Paragraph, limit: number, commentChar: string): TextEdit | undefined {
  const lines: Line[] = [];
  for (let i = p.firstLine; i <= p.lastLine; i++) lines.push(lineOf(m, i));
  for (const [k, l] of lines.entries()) {
    const t = l.text;
    if (/^\s/.test(t) || LIST_MARKER.test(t) || EXEMPT_PREFIX.test(t) || TRAILER_LIKE.test(t) || URL.test(t) || looksLikeLog(t)) {
      return undefined;
    }
    if (/^[A-Za-z][A-Za-z0-9-]*:\s/.test(t) && k > 0) return undefined; // a tag or header inside
    if (/[{};]\s*$/.test(t) || /\t/.test(t)) return undefined; // code
    // A line ending in ':' (other than the last) introduces something laid out by hand.
    if (k < lines.length - 1 && /:\s*$/.test(t)) return undefined;
  }
  // Words with the spacing before them: kept inside a line (two spaces after a full
  // stop stay two), one space where a line break was. Only a plain space separates
  // words: a non-breaking one (or any other) belongs to its word, never a break.
  const tokens: { word: string; sep: string }[] = [];
  for (const l of lines) {
    let sep = ' ';
    for (const w of l.text.replace(/ +$/, '').matchAll(/([^ ]+)( *)/g)) {
      tokens.push({ word: w[1], sep });
      sep = w[2];
    }
  }
  if (tokens.some((t) => columns(t.word, 0, t.word.length) > limit)) return undefined;
  const out: string[] = [];
  let cur = '';
  let width = 0;
  for (const t of tokens) {
    const w = columns(t.word, 0, t.word.length);
    if (cur === '') {
      cur = t.word;
      width = w;
    } else if (width + t.sep.length + w <= limit) {
      cur += t.sep + t.word;
      width += t.sep.length + w;
    } else {
      out.push(cur);
      cur = t.word;
      width = w;
    }
  }
  if (cur !== '') out.push(cur);
  // A word that lands at the start of a line must not change what the line is: a comment,
  // a list item, a quote, the --- separator, a tag, an mbox From line. The first line keeps
  // its first word, but may be left with nothing else: `--- a/x.c` must not become `---`.
  if (/^---\s*$/.test(out[0])) return undefined;
  const comment = m.kind === 'commit' ? commentChar : '';
  for (const l of out.slice(1)) {
    if ((comment !== '' && l.startsWith(comment)) || /^(?:[-*+>#|]|\d+[.)]\s|From\s|diff\s|index\s|@@)/.test(l)) return undefined;
    if (/^[A-Za-z][A-Za-z0-9-]*\s*:/.test(l)) return undefined;
  }
  const newText = out.join(m.document.eol);
  const span = { start: lines[0].start, end: lines[lines.length - 1].end };
  if (newText === m.document.text.slice(span.start, span.end)) return undefined;
  return { ...span, newText };
}

const rule: Rule = {
  id: 'body-line-length',
  description: 'A commit message line is longer than the configured width.',
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  readiness: 'message',
  appliesTo: 'every-patch',
  explanation: [
    'Commit messages are read in `git log`, in mail clients and in review tools that indent',
    'the text; lines wrapped at about 72-75 columns stay readable in all of them, overlong',
    'ones wrap at random places. Wrap prose paragraphs at the limit. Things that must stay',
    'whole are fine as they are: `Fixes:`/`Link:`/`Closes:` tags and other trailers, URLs,',
    'and indented quotes of logs, stack traces or code.',
  ].join('\n'),
  check(ctx) {
    const limit = ctx.config.lineLength;
    for (const m of messagesWithText(ctx)) {
      // A cover letter is not committed as written: its width is the author's business.
      if (m.isCoverLetter) continue;
      const text = m.document.text;
      const fixCache = new Map<Paragraph, TextEdit | undefined>();
      for (const i of m.bodyLines) {
        const line = lineOf(m, i);
        const over = overflowSpan(text, line.start, line.end, limit);
        if (!over || exempt(m, line)) continue;
        const p = m.paragraphs.find((q) => q.firstLine <= i && i <= q.lastLine);
        let edit: TextEdit | undefined;
        if (p) {
          if (!fixCache.has(p)) fixCache.set(p, rewrap(m, p, limit, ctx.config.commentChar));
          edit = fixCache.get(p);
        }
        const fixes: Fix[] = edit ? [{ title: `Re-wrap the paragraph at ${limit} columns`, edits: [edit], isPreferred: true }] : [];
        ctx.report(m, {
          message: `Line is ${columns(text, line.start, line.end)} columns long; wrap the message at ${limit}.`,
          range: over,
          fixes,
        });
      }
    }
  },
};

export default rule;
