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

/**
 * Line boundaries without the text: enough to turn offsets into positions.
 * Kept as typed arrays (a 50 MB mbox has over a million lines: objects per
 * line would cost more than the text).
 */
export class LineMap {
  constructor(
    /** Number of lines. */
    readonly count: number,
    protected readonly starts: Uint32Array,
    protected readonly ends: Uint32Array,
    protected readonly nexts: Uint32Array,
    /** Length of the text in UTF-16 code units. */
    readonly length: number,
  ) {}

  /** Index of the line containing `offset` (an offset on a terminator belongs to its line). */
  indexAt(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.length));
    const i = this.indexAt(clamped);
    const start = this.starts[i];
    const end = this.ends[i];
    const next = this.nexts[i];
    // The very end of a document that ends with a terminator is the start of a virtual empty line.
    if (clamped > end && clamped === next && next === this.length && next !== end) return { line: i + 1, character: 0 };
    // Offsets inside a CRLF pair or past the end of a line sit at its end.
    return { line: i, character: Math.min(clamped, end) - start };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.count) return this.length;
    return Math.min(this.starts[position.line] + Math.max(0, position.character), this.ends[position.line]);
  }
}

/** Line boundaries of one document, with its text; `line(i)` makes a small Line view on demand. */
export class LineIndex extends LineMap {
  constructor(readonly text: string) {
    const n = text.length;
    // A byte-order mark is not content: line 0 starts after it.
    let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let starts = new Uint32Array(1024);
    let ends = new Uint32Array(1024);
    let nexts = new Uint32Array(1024);
    let count = 0;
    const push = (s: number, e: number, nx: number) => {
      if (count === starts.length) {
        const grow = (a: Uint32Array) => {
          const b = new Uint32Array(a.length * 2);
          b.set(a);
          return b;
        };
        starts = grow(starts);
        ends = grow(ends);
        nexts = grow(nexts);
      }
      starts[count] = s;
      ends[count] = e;
      nexts[count] = nx;
      count++;
    };
    let i = start;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */ || c === 13 /* \r */) {
        const end = i;
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        push(start, end, i);
        start = i;
      } else {
        i++;
      }
    }
    // A trailing terminator does not open a new (empty) line of content.
    if (start < n || count === 0) push(start, n, n);
    super(count, starts.slice(0, count), ends.slice(0, count), nexts.slice(0, count), n);
  }

  line(i: number): Line {
    return new LineRecord(this.text, i, this.starts[i], this.ends[i], this.nexts[i]);
  }

  /** The line containing `offset`. */
  lineAt(offset: number): Line {
    return this.line(this.indexAt(offset));
  }

  /** The same boundaries without holding on to the text. */
  withoutText(): LineMap {
    return new LineMap(this.count, this.starts, this.ends, this.nexts, this.length);
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

/**
 * A copy of `s` that shares no memory with the text it was cut from. V8 keeps
 * a substring as a view on its parent, so one short string kept in a finding
 * or a cache can pin a whole multi-megabyte document in memory.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * The index of the last of `items` (sorted by start) that starts at or before
 * `offset`; 0 when none does, -1 when there are no items.
 */
export function lastStartingAtOrBefore<T>(items: readonly T[], startOf: (item: T) => number, offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (startOf(items[mid]) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return hi < 0 ? -1 : lo;
}
