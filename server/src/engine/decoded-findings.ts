/**
 * Findings on a transfer-encoded mail's decoded twin (see parse/mime.ts), moved
 * back to the source document: what lies in the headers keeps its place; what
 * lies in the decoded body has none in the source, so it is reported on the
 * Content-Transfer-Encoding header with the decoded line quoted, and fixes that
 * would edit the body are dropped (the encoded text cannot be edited as is).
 */
import type { DecodedOrigin, ParsedDocument } from './model';
import type { Span } from './text';
import type { Finding, Fix } from './types';

/** Quoted lines are cut here: the message names the line, it does not reprint the mail. */
const QUOTE_MAX = 100;

function inHeaders(origin: DecodedOrigin, s: Span): boolean {
  return s.end < origin.headerLength;
}

function shifted(origin: DecodedOrigin, s: Span): Span {
  return { start: s.start + origin.base, end: s.end + origin.base };
}

/** Where a twin's span is in the source: itself shifted, or the encoding header for body text. */
export function sourceSpan(origin: DecodedOrigin, s: Span): Span {
  return inHeaders(origin, s) ? shifted(origin, s) : origin.header;
}

export function toSource(f: Finding, twin: ParsedDocument, origin: DecodedOrigin): Finding {
  const fixes: Fix[] = f.fixes
    .filter((x) => x.edits.every((e) => inHeaders(origin, e)))
    .map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, ...shifted(origin, e) })) }));
  const moved = { ...f, document: origin.document.id, fixes };
  if (inHeaders(origin, f.range)) return { ...moved, range: shifted(origin, f.range) };
  const at = twin.lines.lineAt(f.range.start);
  // Counted from the body's first line: the twin's header lines are the source's, the body's are nobody's.
  const line = at.index - twin.lines.lineAt(origin.headerLength).index + 1;
  const shown = at.text.length > QUOTE_MAX ? `${at.text.slice(0, QUOTE_MAX)}…` : at.text;
  return {
    ...moved,
    range: origin.header,
    message: `${f.message} In the ${origin.encoding} body, decoded line ${line} reads: ${shown}`,
    decoded: { line, text: at.text, encoding: origin.encoding },
  };
}
