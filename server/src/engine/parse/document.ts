import type { DocumentKind, Message, MessageKind, ParsedDocument } from '../model';
import { detectEol, LineIndex, type Span } from '../text';
import { parseMessage, type MessageParseOptions } from './message';

/**
 * An mbox separator line: `From <sha> Mon Sep 17 00:00:00 2001` as git format-patch
 * writes it, or `From <addr> Sun 09 Jun 2019 09:24:16 AM CEST` as other tools do.
 */
const MBOX_FROM = /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ ,].*\b\d{4}\b/;

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
  const lines = new LineIndex(text);
  const L = lines;
  const doc = { id, text, lines, eol: detectEol(text), kind: 'message' as DocumentKind, messages: [] as Message[] };

  const forced: MessageKind | undefined = opts.kind === 'message' ? 'commit' : opts.kind === 'patch' ? 'mail' : undefined;
  const segments: { first: number; last: number; mboxFrom?: Span }[] = [];
  if (opts.kind === 'message') {
    segments.push({ first: 0, last: L.count });
  } else {
    let segStart = 0;
    let segFrom: Span | undefined;
    for (let i = 0; i < L.count; i++) {
      if (!MBOX_FROM.test(L.line(i).text)) continue;
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

  for (const seg of segments) {
    const draft = parseMessage(lines, seg.first, seg.last, seg.mboxFrom, forced, opts);
    doc.messages.push({ ...draft, document: doc, index: doc.messages.length });
  }
  const mails = doc.messages.filter((m) => m.kind !== 'commit').length;
  doc.kind =
    opts.kind ?? (doc.messages.length > 1 ? 'mbox' : mails > 0 ? 'patch' : 'message');
  return doc;
}

function hasContent(lines: LineIndex, first: number, last: number): boolean {
  for (let i = first; i < last; i++) if (lines.line(i).text.trim() !== '') return true;
  return false;
}
