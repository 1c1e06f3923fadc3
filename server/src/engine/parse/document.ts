import type { DocumentKind, Message, MessageKind, ParsedDocument } from '../model';
import { detectEol, LineIndex, type Span } from '../text';
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
  return { document, segments, options: opts };
}

/** Parses the scanned document's `index`th message. */
export function parseSegment(scan: DocumentScan, index: number): Message {
  const seg = scan.segments[index];
  const forced: MessageKind | undefined = scan.options.kind === 'message' ? 'commit' : scan.options.kind === 'patch' ? 'mail' : undefined;
  const draft = parseMessage(scan.document.lines, seg.first, seg.last, seg.mboxFrom, forced, scan.options);
  return { ...draft, document: scan.document, index };
}

function hasContent(lines: LineIndex, first: number, last: number): boolean {
  for (let i = first; i < last; i++) if (lines.line(i).text.trim() !== '') return true;
  return false;
}
