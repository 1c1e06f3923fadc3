import { parseOneAddress } from 'email-addresses';
import type { Address, Header } from '../model';
import type { Line, LineIndex, Span } from '../text';
import { decodeHeaderValue } from './decode';

/** RFC 5322 field name: printable US-ASCII except ':' (and no space). */
const FIELD = /^([!-9;-~]+):/;

export function isHeaderLine(line: string): boolean {
  return FIELD.test(line);
}

export interface HeaderBlock {
  readonly headers: Header[];
  /** Index of the first line after the block (the blank separator line, if any). */
  readonly nextLine: number;
}

/**
 * Reads `Name: value` fields with folded continuation lines from `firstLine`
 * until the first line that is neither (normally the blank line before the body).
 */
export function parseHeaderBlock(lines: LineIndex, firstLine: number, lastLine: number): HeaderBlock {
  const text = lines.text;
  const headers: Header[] = [];
  let i = firstLine;
  while (i < lastLine) {
    const line = lines.line(i);
    const m = FIELD.exec(line.text);
    if (!m) break;
    let last: Line = line;
    let j = i + 1;
    while (j < lastLine && /^[ \t]/.test(lines.line(j).text) && lines.line(j).text.trim() !== '') {
      last = lines.line(j);
      j++;
    }
    const nameSpan = { start: line.start, end: line.start + m[1].length };
    let valueStart = nameSpan.end + 1;
    while (valueStart < line.end && (text[valueStart] === ' ' || text[valueStart] === '\t')) valueStart++;
    const valueSpan = { start: valueStart, end: last.end };
    headers.push({
      name: m[1],
      nameSpan,
      valueSpan,
      span: { start: line.start, end: last.end },
      value: decodeHeaderValue(text, valueStart, last.end),
    });
    i = j;
  }
  return { headers, nextLine: i };
}

export function findHeader(headers: readonly Header[], name: string): Header | undefined {
  const lower = name.toLowerCase();
  // In-body headers come after the mail's own; the last one wins, as with git am.
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i].name.toLowerCase() === lower) return headers[i];
  return undefined;
}

/**
 * Splits an address-list header at top-level commas (outside quotes, angle
 * brackets and comments), keeping each entry's source span; the entry itself
 * is parsed by email-addresses, with a lenient fallback for the malformed
 * entries people really send.
 */
export function parseAddressList(text: string, header: Header): Address[] {
  const { start, end } = header.valueSpan;
  const pieces: Span[] = [];
  let depthParen = 0;
  let inQuote = false;
  let inAngle = false;
  let pieceStart = start;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (c === '(') depthParen++;
    else if (c === ')' && depthParen > 0) depthParen--;
    else if (c === '<' && depthParen === 0) inAngle = true;
    else if (c === '>') inAngle = false;
    else if (c === ',' && depthParen === 0 && !inAngle) {
      pieces.push({ start: pieceStart, end: i });
      pieceStart = i + 1;
    }
  }
  pieces.push({ start: pieceStart, end });

  const out: Address[] = [];
  pieces.forEach((piece, k) => {
    const trimmed = trimSpan(text, piece);
    if (trimmed.start >= trimmed.end) return;
    const decoded = decodeHeaderValue(text, trimmed.start, trimmed.end).text;
    const parsed = parseMailbox(decoded);
    if (!parsed) return;
    // Removing an entry takes one neighbouring comma with it so the list stays well formed.
    const removalSpan =
      k < pieces.length - 1
        ? { start: trimmed.start, end: trimSpan(text, pieces[k + 1]).start }
        : k > 0
          ? { start: pieces[k - 1].end, end: trimmed.end }
          : withTerminator(text, header.span);
    out.push({ ...parsed, span: trimmed, header, removalSpan });
  });
  return out;
}

/** `Plain Name <user@host>` or `user@host`: nothing the full RFC 5322 grammar would read differently. */
const SIMPLE_MAILBOX = /^(?:([A-Za-z0-9][\w .'-]*?)\s*<([\w.+-]+@[\w-]+(?:\.[\w-]+)+)>|([\w.+-]+@[\w-]+(?:\.[\w-]+)+))$/;

const MAX_MAILBOX = 998;

export function parseMailbox(raw: string): { name: string; email: string } | undefined {
  const input = raw.trim();
  if (!input) return undefined;
  // Most addresses in patches are this simple; the full grammar is for the rest (quotes, comments, groups).
  const simple = SIMPLE_MAILBOX.exec(input);
  if (simple) return simple[3] ? { name: '', email: simple[3] } : { name: simple[1].trim(), email: simple[2] };
  // The grammar backtracks over long input (0.4 s for a 20,000-character entry, found by
  // #7's fuzzer); no mailbox is longer than a mail line may be (998), so longer text gets
  // the lenient reading only.
  if (input.length <= MAX_MAILBOX) {
    try {
      const parsed = parseOneAddress({ input, rfc6532: true });
      if (parsed && parsed.type === 'mailbox') return { name: parsed.name ?? '', email: parsed.address };
    } catch {
      // fall through to the lenient reading
    }
  }
  const angle = /^(.*?)<([^<>\s]+@[^<>\s]+)>/.exec(input);
  if (angle) return { name: angle[1].trim().replace(/^"(.*)"$/, '$1'), email: angle[2] };
  // Bounded as RFC 5321 bounds them (64 and 255): unbounded, a long entry with no usable
  // `@` costs quadratic time (1.4 s for a 50,000-character Cc:, found by #7's fuzzer).
  const bare = /[^\s<>"(),;]{1,64}@[^\s<>"(),;]{1,255}/.exec(input);
  if (bare) return { name: '', email: bare[0] };
  return undefined;
}

/** Characters RFC 5322 does not allow in an unquoted display name (a phrase of atoms; `.` as in obs-phrase). */
const NAME_SPECIALS = /[()<>[\]:;@\\,"]/;

/**
 * `Name <user@host>` as a header or a --cc value must carry it: a name with a
 * comma or another special character is quoted, or `Doe, John <j@x>` would be
 * read as two recipients. Written so that parseMailbox reads it back unchanged.
 */
export function formatMailbox(name: string, email: string): string {
  const flat = name.replace(/[\r\n]+/g, ' ').trim();
  if (!flat) return email;
  const phrase = NAME_SPECIALS.test(flat) ? `"${flat.replace(/["\\]/g, '\\$&')}"` : flat;
  return `${phrase} <${email}>`;
}

/**
 * A span extended over the line terminator that follows it, so deleting it leaves no
 * blank line. When the line above ends in a bare CR and an empty LF line follows,
 * that deletion would pair the two into one CRLF and swallow the blank line (the
 * end of the headers; found by #7's fuzzer): the line above's CR goes instead.
 */
export function withTerminator(text: string, s: Span): Span {
  let end = s.end;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  if (end > s.end && s.start > 0 && text[s.start - 1] === '\r' && text[end] === '\n') return { start: s.start - 1, end: s.end };
  return { start: s.start, end };
}

function trimSpan(text: string, s: Span): Span {
  let a = s.start;
  let b = s.end;
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  return { start: a, end: b };
}
