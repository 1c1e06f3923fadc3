/**
 * Offsets are the single source of truth for positions: every range in the
 * engine is a pair of UTF-16 offsets into one document string. Line/column
 * pairs are derived here and nowhere else, so LSP (UTF-16 columns) and the
 * CLI (1-based columns) agree by construction.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Position {
  /** 0-based line. */
  readonly line: number;
  /** 0-based column in UTF-16 code units (what LSP uses). */
  readonly character: number;
}

export type Eol = '\n' | '\r\n' | '\r';

export interface Line {
  readonly index: number;
  /** Offset of the first character of the line. */
  readonly start: number;
  /** Offset just past the last character, line terminator excluded. */
  readonly end: number;
  /** Offset just past the line terminator (== end on the last line without one). */
  readonly next: number;
  /** The line's text (sliced on access, not stored: a big mbox has millions of lines). */
  readonly text: string;
}

class LineRecord implements Line {
  constructor(
    private readonly source: string,
    readonly index: number,
    readonly start: number,
    readonly end: number,
    readonly next: number,
  ) {}

  get text(): string {
    return this.source.slice(this.start, this.end);
  }
}

export class LineIndex {
  readonly lines: readonly Line[];

  constructor(readonly text: string) {
    const lines: Line[] = [];
    // A byte-order mark is not content: line 0 starts after it.
    let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const n = text.length;
    let i = start;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */ || c === 13 /* \r */) {
        const end = i;
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        lines.push(new LineRecord(text, lines.length, start, end, i));
        start = i;
      } else {
        i++;
      }
    }
    // A trailing terminator does not open a new (empty) line of content.
    if (start < n || lines.length === 0) {
      lines.push(new LineRecord(text, lines.length, start, n, n));
    }
    this.lines = lines;
  }

  /** The line containing `offset` (an offset on a terminator belongs to its line). */
  lineAt(offset: number): Line {
    const lines = this.lines;
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lines[lo];
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    // Offsets inside a CRLF pair or past the end of a line sit at its end.
    const character = Math.min(clamped, line.end) - line.start;
    if (clamped > line.end && clamped === line.next && line.next === this.text.length && line.next !== line.end) {
      // The very end of a document that ends with a terminator is the start of a virtual empty line.
      return { line: line.index + 1, character: 0 };
    }
    return { line: line.index, character };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lines.length) return this.text.length;
    const line = this.lines[position.line];
    return Math.min(line.start + Math.max(0, position.character), line.end);
  }
}

/** The dominant line terminator; edits insert this so a CRLF file stays CRLF. */
export function detectEol(text: string): Eol {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  const limit = Math.min(text.length, 1 << 20);
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    } else if (c === 10) lf++;
  }
  if (crlf > lf && crlf >= cr) return '\r\n';
  if (cr > lf && cr > crlf) return '\r';
  return '\n';
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function spanText(text: string, s: Span): string {
  return text.slice(s.start, s.end);
}
