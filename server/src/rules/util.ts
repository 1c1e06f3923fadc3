/**
 * Small shared helpers for rules: reading lines of a message and building
 * edits that keep the document's own line terminator.
 */
import type { Header, Message } from '../engine/model';

import type { Line, Span } from '../engine/text';
import type { RuleContext, TextEdit } from '../engine/types';

export function lineOf(message: Message, index: number): Line {
  return message.document.lines.line(index);
}

/** The lines of the notes below `---` (empty without notes). */
export function notesLines(m: Message): Line[] {
  if (!m.notes) return [];
  const lines = m.document.lines;
  const out: Line[] = [];
  for (let i = lines.lineAt(m.notes.start).index; i <= lines.lineAt(m.notes.end).index; i++) out.push(lines.line(i));
  return out;
}

export function eolOf(message: Message): string {
  return message.document.eol;
}

/** An edit inserting whole lines before `line`. */
export function insertLinesBefore(message: Message, line: Line, texts: readonly string[]): TextEdit {
  const eol = eolOf(message);
  return { start: line.start, end: line.start, newText: texts.map((t) => t + eol).join('') };
}

/**
 * An edit inserting whole lines after `line` (handles a last line without
 * terminator). In a document of mixed line endings the inserted text must not
 * pair with its neighbours: an LF right after a bare-CR terminator, or a CR
 * right before an empty LF line, would read as one CRLF and a line break (the
 * blank line opening a new paragraph) would vanish (found by #7's fuzzer).
 * There the neighbour's own ending is used for that one break.
 */
export function insertLinesAfter(message: Message, line: Line, texts: readonly string[]): TextEdit {
  const eol = eolOf(message);
  if (line.next === line.end) return { start: line.end, end: line.end, newText: texts.map((t) => eol + t).join('') };
  const text = message.document.text;
  let newText = texts.map((t) => t + eol).join('');
  if (newText.startsWith('\n') && text.charCodeAt(line.next - 1) === 13) newText = '\r' + newText.slice(1);
  if (newText.endsWith('\r') && text.charCodeAt(line.next) === 10) newText = newText.slice(0, -1) + '\n';
  return { start: line.next, end: line.next, newText };
}

/**
 * An edit deleting lines `first`..`last` (default: one line) with their
 * terminator. When the line above ends in a bare CR and the line below is an
 * empty LF line, deleting [first.start, last.next) would join that CR and LF
 * into one CRLF and swallow a line break (the blank line that ends a
 * paragraph; found by #7's fuzzer); then the line above's CR goes and the
 * deleted lines' terminator stays, unless that CR too sits after a CR.
 */
export function deleteLine(message: Message, first: Line, last: Line = first): TextEdit {
  const text = message.document.text;
  const CR = 13;
  const LF = 10;
  if (!(first.start > 0 && text.charCodeAt(first.start - 1) === CR && text.charCodeAt(last.next) === LF)) {
    return { start: first.start, end: last.next, newText: '' };
  }
  if (last.next > last.end && !(first.start > 1 && text.charCodeAt(first.start - 2) === CR && text.charCodeAt(last.end) === LF)) {
    return { start: first.start - 1, end: last.end, newText: '' };
  }
  // A run of bare CRs above (`x\r\r` + line + `\n\n`): whichever CR stays meets an LF.
  // The run's line breaks become LFs, one for one, so every line but the deleted ones stays.
  let start = first.start;
  while (start > 0 && text.charCodeAt(start - 1) === CR) start--;
  return { start, end: last.next, newText: '\n'.repeat(first.start - start) };
}

/**
 * deleteLine, and when the line is a paragraph of its own (blank lines around
 * it), the blank line after it too, so no double gap is left behind.
 */
export function deleteLineWithGap(message: Message, line: Line): TextEdit {
  const L = message.document.lines;
  const i = line.index;
  const blank = (k: number) => k >= 0 && k < L.count && L.line(k).text.trim() === '';
  if (blank(i - 1) && blank(i + 1)) return deleteLine(message, line, L.line(i + 1));
  return deleteLine(message, line);
}

/** Mails and commit messages: everything that carries a commit message. */
export function messagesWithText(ctx: RuleContext): Message[] {
  return ctx.series.messages.filter((m) => m.kind !== 'diff');
}

/** Patch mails (not cover letters, not bare commit messages or diffs). */
export function patchMails(ctx: RuleContext): Message[] {
  return ctx.series.messages.filter((m) => m.kind === 'mail' && !m.isCoverLetter);
}

// Local part and domain bounded (64, 255): unbounded, a long trailer value without an `@`
// costs quadratic time.
const EMAIL = /<?([^\s<>"(),;]{1,64}@[^\s<>"(),;]{1,255})>?/g;

/** The To: and Cc: headers of a mail (not in-body ones). */
export function addressHeaders(m: Message): Header[] {
  return m.headers.filter((h) => !h.inBody && /^(to|cc)$/i.test(h.name));
}

/**
 * Addresses (lower case) the mail will reach: its To/Cc and sender, plus those
 * git send-email copies from the message's trailers (Cc:, Signed-off-by:, Acked-by: ...).
 */
export function reachedAddresses(m: Message): Set<string> {
  const out = new Set(m.recipients.map((r) => r.email.toLowerCase()));
  if (m.from?.email) out.add(m.from.email.toLowerCase());
  for (const t of m.trailers) for (const e of t.value.matchAll(EMAIL)) out.add(e[1].toLowerCase());
  return out;
}

/** Cc: headers for `mailboxes`, after the last of `headers` (the mail's To/Cc), in the file's line ending. */
export function ccInsertion(m: Message, headers: readonly Header[], mailboxes: readonly string[]): TextEdit {
  const anchor = headers[headers.length - 1];
  const eol = eolOf(m);
  return { start: anchor.span.end, end: anchor.span.end, newText: mailboxes.map((x) => `${eol}Cc: ${x}`).join('') };
}

export function mails(ctx: RuleContext): Message[] {
  return ctx.series.messages.filter((m) => m.kind === 'mail');
}

/** The commit a `git format-patch` mail was made from, from its `From <sha> Mon Sep 17 00:00:00 2001` line. */
export function commitOf(m: Message): string | undefined {
  if (!m.mboxFrom) return undefined;
  const sha = /^From ([0-9a-f]{40}) /.exec(m.document.lines.lineAt(m.mboxFrom.start).text)?.[1];
  return sha && !/^0+$/.test(sha) ? sha : undefined;
}

/** The tree named by a subject prefix (the first tree token), lower-cased. */
export function treeOf(message: Message): string | undefined {
  return message.subject?.prefix.trees[0]?.text.toLowerCase();
}

/** Trees that take only fixes. */
export const FIX_TREES: ReadonlySet<string> = new Set(['bpf', 'net']);

/**
 * Where a new trailer goes: after the last trailer of the block, or, when the
 * message has none, as a new paragraph after the last line of text.
 */
export function trailerInsertion(message: Message, lines: readonly string[]): TextEdit | undefined {
  const L = message.document.lines;
  if (message.trailerBlock) return insertLinesAfter(message, L.line(message.trailerBlock.lastLine), lines);
  const lastText = message.paragraphs[message.paragraphs.length - 1];
  if (lastText) {
    return insertLinesAfter(message, L.line(lastText.lastLine), ['', ...lines]);
  }
  if (message.kind === 'commit' && message.subject) {
    return insertLinesAfter(message, message.document.lines.lineAt(message.subject.span.start), ['', ...lines]);
  }
  if (message.kind === 'mail') {
    const L = message.document.lines;
    // Above the `---` line, or at the end of a message that is all headers.
    let at = message.separator ? L.lineAt(message.separator.start).start : message.headerEnd;
    if (message.mboxFrom) at = Math.max(at, L.lineAt(message.mboxFrom.start).next);
    // Lines right under the headers (or the mbox From line, or at the top of a headerless
    // mail) would read as more headers, and fix-all would add them again on every pass:
    // open the body with a blank line first.
    const prev = at > message.span.start ? L.lineAt(at - 1) : undefined;
    const texts = !prev || prev.text.trim() !== '' ? ['', ...lines] : lines;
    if (prev) return insertLinesAfter(message, prev, texts);
    return { start: at, end: at, newText: texts.map((t) => t + eolOf(message)).join('') };
  }
  return undefined;
}

export { levenshtein } from '../engine/trees';

/**
 * The part of [start, end) in `text` past `limit` columns, counting code points
 * (an emoji is one column, not two UTF-16 units) and tabs to the next multiple
 * of 8. Undefined when the text fits.
 */
export function overflowSpan(text: string, start: number, end: number, limit: number): Span | undefined {
  let col = 0;
  let i = start;
  while (i < end) {
    const cp = text.codePointAt(i)!;
    const width = cp === 9 ? 8 - (col % 8) : 1;
    if (col + width > limit) return { start: i, end };
    col += width;
    i += cp > 0xffff ? 2 : 1;
  }
  return undefined;
}

/** Columns of [start, end) as overflowSpan counts them. */
export function columns(text: string, start: number, end: number): number {
  let col = 0;
  for (let i = start; i < end; ) {
    const cp = text.codePointAt(i)!;
    col += cp === 9 ? 8 - (col % 8) : 1;
    i += cp > 0xffff ? 2 : 1;
  }
  return col;
}

/**
 * Remembers a per-message reading (Fixes tags, trailer lines) so the several
 * rules that need it do not each re-read the message. Keyed by the message
 * object, so a new parse (a new version of the text) starts afresh.
 */
export function perMessage<T>(read: (m: Message) => T): (m: Message) => T {
  const cache = new WeakMap<Message, T>();
  return (m) => {
    if (!cache.has(m)) cache.set(m, read(m));
    return cache.get(m)!;
  };
}
