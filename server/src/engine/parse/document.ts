import type { DecodedOrigin, DocumentKind, Message, MessageKind, ParsedDocument } from '../model';
import { decodeBody } from './mime';
import { detectEol, LineIndex, type Span } from '../text';
import { isB4CoverFile } from './b4';
import { parseMessage, type MessageParseOptions } from './message';

/**
 * An mbox separator line: `From <sha> Mon Sep 17 00:00:00 2001` as git format-patch
 * writes it, or `From <addr> Sun 09 Jun 2019 09:24:16 AM CEST` as other tools do.
 */
const MBOX_FROM = /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ ,].*\b\d{4}\b/;

/** Whether a line starts a new message of an mbox. */
export function isMboxSeparator(line: string): boolean {
  return MBOX_FROM.test(line);
}

export interface ParseOptions extends MessageParseOptions {
  /** Overrides content sniffing. */
  readonly kind?: DocumentKind;
}

/**
 * Turns one document into messages with exact source ranges. The kind is
 * decided from content: mbox separators and mail headers make mails, a leading
 * diff makes a bare diff, anything else is a commit message.
 */
export function parseDocument(id: string, text: string, opts: ParseOptions): ParsedDocument {
  const scan = scanDocument(id, text, opts);
  for (let i = 0; i < scan.segments.length; i++) scan.document.messages.push(parseSegment(scan, i));
  const doc = scan.document;
  const mails = doc.messages.filter((m) => m.kind !== 'commit').length;
  doc.kind = opts.kind ?? (doc.messages.length > 1 ? 'mbox' : mails > 0 ? 'patch' : 'message');
  return doc;
}

/** Where one message lies: lines [first, last), after its mbox `From ` line if any. */
export interface Segment {
  readonly first: number;
  readonly last: number;
  readonly mboxFrom?: Span;
}

/** A document split into messages that are not parsed yet (see parseSegment). */
export interface DocumentScan {
  readonly document: { -readonly [K in keyof ParsedDocument]: ParsedDocument[K] } & { messages: Message[] };
  readonly segments: readonly Segment[];
  readonly options: ParseOptions;
}

/**
 * Finds the messages of a document without parsing them, so a large mbox can be
 * parsed and linted a series at a time instead of holding every message's model.
 */
export function scanDocument(id: string, text: string, opts: ParseOptions): DocumentScan {
  const lines = new LineIndex(text);
  const L = lines;
  const document = { id, text, lines, eol: detectEol(text), kind: opts.kind ?? ('message' as DocumentKind), messages: [] as Message[] };
  const segments: Segment[] = [];
  if (opts.kind === 'message') {
    segments.push({ first: 0, last: L.count });
  } else {
    let segStart = 0;
    let segFrom: Span | undefined;
    for (let i = 0; i < L.count; i++) {
      if (!isMboxSeparator(L.line(i).text)) continue;
      if (i > segStart || segFrom) {
        if (segFrom || hasContent(lines, segStart, i)) segments.push({ first: segStart, last: i, mboxFrom: segFrom });
      }
      segFrom = { start: L.line(i).start, end: L.line(i).end };
      segStart = i + 1;
    }
    if (segFrom || hasContent(lines, segStart, L.count) || segments.length === 0) {
      segments.push({ first: segStart, last: L.count, mboxFrom: segFrom });
    }
  }
  if (segments.length > 1 && !opts.kind) document.kind = 'mbox';
  // The file b4 opens for its cover letter is known by its name (see isB4CoverFile).
  return { document, segments, options: opts.kind === 'patch' || opts.b4CoverFile !== undefined || !isB4CoverFile(id) ? opts : { ...opts, b4CoverFile: true } };
}

/** Parses the scanned document's `index`th message. */
export function parseSegment(scan: DocumentScan, index: number): Message {
  const seg = scan.segments[index];
  const forced: MessageKind | undefined = scan.options.kind === 'message' ? 'commit' : scan.options.kind === 'patch' ? 'mail' : undefined;
  const draft = parseMessage(scan.document.lines, seg.first, seg.last, seg.mboxFrom, forced, scan.options);
  const message: Message = { ...draft, document: scan.document, index };
  if (draft.kind !== 'mail') return message;
  const decoded = decodedTwin(scan, seg, message);
  return decoded ? Object.assign(message, { decoded }) : message;
}

/**
 * A transfer-encoded mail parsed again as its headers followed by its decoded
 * body, so that every rule reads what the author wrote; runRules moves what
 * they report back to the source (see DecodedOrigin).
 */
function decodedTwin(scan: DocumentScan, seg: Segment, message: Message): Message | undefined {
  const L = scan.document.lines;
  const text = scan.document.text;
  if (seg.first >= seg.last) return undefined;
  const start = L.line(seg.first).start;
  const end = L.line(seg.last - 1).next;
  // `From:`/`Subject:` lines git am reads at the top of the body are body text: encoded with it.
  const inBody = message.headers.find((h) => h.inBody);
  const bodyStart = inBody ? L.lineAt(inBody.span.start).start : message.headerEnd;
  // A mail that is all headers has no body to decode.
  if (bodyStart <= start || bodyStart >= end) return undefined;
  const body = decodeBody(message.headers.filter((h) => !h.inBody), text.slice(bodyStart, end));
  if (!body) return undefined;
  const twinText = text.slice(start, bodyStart) + body.text;
  const lines = new LineIndex(twinText);
  const origin: DecodedOrigin = { document: scan.document, base: start, headerLength: bodyStart - start, header: body.header.span, encoding: body.encoding };
  const twinDoc: ParsedDocument = { id: scan.document.id, text: twinText, lines, eol: scan.document.eol, kind: 'patch', messages: [], decodedFrom: origin };
  const draft = parseMessage(lines, 0, lines.count, undefined, 'mail', scan.options);
  const twin: Message = { ...draft, document: twinDoc, index: message.index, origin: message };
  (twinDoc.messages as Message[]).push(twin);
  return twin;
}

function hasContent(lines: LineIndex, first: number, last: number): boolean {
  for (let i = first; i < last; i++) if (lines.line(i).text.trim() !== '') return true;
  return false;
}
