/**
 * The stdio byte stream, made safe for vscode-jsonrpc's reader.
 *
 * That reader trusts the framing completely: after a header without a usable
 * Content-Length, a wrong Content-Length or a few stray bytes between frames,
 * it glues the left-over bytes to the next header, never finds a valid one
 * again, and the server, still alive, answers nothing more (issue #7: 6 of 8
 * kinds of garbage made it deaf for good). It also drops, silently, a message
 * that is JSON but not JSON-RPC, so a client waits forever for that answer.
 *
 * FrameGuard sits between stdin and the reader. It passes on only whole,
 * well-formed frames; it skips garbage up to the next `Content-Length:` header;
 * it notices a declared length that runs into the next frame's header (a raw
 * `Content-Length: <n>` line cannot occur inside a JSON text: JSON strings
 * escape CR and LF) and resumes there. A request the reader would drop although
 * it has an id to answer (`"method": 5`) becomes a request for
 * `invalidRequestMethod`, whose handler answers it with an error; the rest of
 * what the reader would drop (no JSON, batches, no usable id) is dropped here,
 * with the reason. Answers always go through the connection's own writer: it
 * writes a frame's header and body in two awaited writes, and a reply written
 * beside it could land in between.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** A header block longer than this without its blank line is garbage, not a header. */
const MAX_HEADER_BYTES = 8192;
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
/** A header line that starts a frame; `\d` makes it impossible inside a JSON text (see above). */
const HEADER_LINE = /^content-length[ \t]*:[ \t]*\d+[ \t]*\r\n/i;
const HEADER_START = /content-(?:length|type)[ \t]*:/gi;
const NEEDLES = [Buffer.from('Content-Length', 'latin1'), Buffer.from('content-length', 'latin1'), Buffer.from('CONTENT-LENGTH', 'latin1')];
const EMPTY = Buffer.alloc(0);
/** Body bytes kept from one chunk to the next to find a header split between them. */
const SEAM = 48;

export interface FrameGuardOptions {
  /** Bytes that were skipped, and why. */
  readonly dropped?: (bytes: number, why: string) => void;
  /** The method invalid requests with an id are turned into (params: `{ message }`); without it they are dropped. */
  readonly invalidRequestMethod?: string;
}

export class FrameGuard extends Transform {
  /** Bytes not yet known to be a frame's body: headers, or garbage. */
  private head: Buffer = EMPTY;
  /** The current frame: its header and body pieces, held until the body is complete. */
  private header: Buffer | undefined;
  private body: Buffer[] = [];
  /** Body bytes still missing (meaningful while `header` is set). */
  private need = 0;
  /** The last few body bytes, so a header split across two chunks is still noticed. */
  private tail: Buffer = EMPTY;

  constructor(private readonly events: FrameGuardOptions = {}) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.feed(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    } catch (err) {
      // Never let a bug here end the stream (and the server with it): start afresh.
      this.events.dropped?.(this.head.length, `framing error: ${String(err)}`);
      this.reset();
      this.head = EMPTY;
    }
    done();
  }

  private feed(chunk: Buffer): void {
    while (chunk.length > 0) {
      if (this.header) {
        chunk = this.feedBody(chunk);
        continue;
      }
      this.head = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
      chunk = this.readHeader();
    }
  }

  /** Parses `head` for one header block; returns the bytes after it (the body's start), or nothing when more is needed. */
  private readHeader(): Buffer {
    for (;;) {
      const end = this.head.indexOf(HEADER_END);
      if (end < 0) {
        if (this.head.length > MAX_HEADER_BYTES) {
          // Keep only what could be the start of a header split across chunks.
          const keep = 256;
          this.events.dropped?.(this.head.length - keep, 'bytes without a header');
          this.head = Buffer.from(this.head.subarray(this.head.length - keep));
        }
        return EMPTY;
      }
      const block = this.head.subarray(0, end).toString('latin1');
      const length = contentLength(block);
      if (length !== undefined) {
        this.header = Buffer.from(`Content-Length: ${length}\r\n\r\n`, 'latin1');
        this.need = length;
        this.body = [];
        this.tail = EMPTY;
        const rest = this.head.subarray(end + HEADER_END.length);
        this.head = EMPTY;
        if (length === 0) this.finishFrame();
        return rest;
      }
      // Not a header: resume at the next thing that looks like one, else after this block.
      HEADER_START.lastIndex = 1;
      const next = HEADER_START.exec(block);
      const skip = next ? next.index : end + HEADER_END.length;
      this.events.dropped?.(skip, `malformed header ${JSON.stringify(block.slice(0, 80))}`);
      this.head = this.head.subarray(skip);
    }
  }

  /** Adds body bytes; returns what is left of `chunk` after the frame ends (or at a header the body ran into). */
  private feedBody(chunk: Buffer): Buffer {
    const piece = chunk.subarray(0, this.need);
    // A header that straddles the previous piece and this one, then one inside this piece (no copy of the piece).
    const seam = Buffer.concat([this.tail, piece.subarray(0, SEAM)]);
    const inSeam = this.tail.length ? headerIn(seam) : -1;
    const inPiece = inSeam >= 0 ? -1 : headerIn(piece);
    if (inSeam >= 0 || inPiece >= 0) {
      // The declared length was too long: the client has moved on to its next frame.
      this.events.dropped?.(this.header!.length + this.body.reduce((n, b) => n + b.length, 0) + Math.max(inPiece, 0), 'a frame shorter than its Content-Length');
      const rest = inPiece >= 0 ? chunk.subarray(inPiece) : Buffer.concat([seam.subarray(inSeam), chunk.subarray(seam.length - this.tail.length)]);
      this.reset();
      return rest;
    }
    this.body.push(piece);
    this.need -= piece.length;
    this.tail = Buffer.from((piece.length >= SEAM ? piece : seam).subarray(-SEAM));
    if (this.need === 0) this.finishFrame();
    return chunk.subarray(piece.length);
  }

  private finishFrame(): void {
    const header = this.header!;
    const body = this.body;
    this.reset();
    const size = body.reduce((n, b) => n + b.length, 0);
    // Every frame is checked, however large: the reader drops an invalid request of any size
    // without a word, and its client waits for an answer forever. Parsing costs about 40 ms
    // for a 16 MB didOpen, once per open; edits are small.
    const whole = body.length === 1 ? body[0] : Buffer.concat(body, size);
    const checked = this.checked(whole);
    if (checked === undefined) return;
    this.push(checked === whole ? header : Buffer.from(`Content-Length: ${checked.length}\r\n\r\n`, 'latin1'));
    this.push(checked);
  }

  private reset(): void {
    this.header = undefined;
    this.body = [];
    this.need = 0;
    this.tail = EMPTY;
  }

  /** The body when the reader can act on it, a replacement request when it cannot but the message has an id to answer, else undefined. */
  private checked(body: Buffer): Buffer | undefined {
    let msg: unknown;
    try {
      msg = JSON.parse(body.toString('utf8'));
    } catch (err) {
      this.events.dropped?.(body.length, `not JSON (${err instanceof Error ? err.message : String(err)})`);
      return undefined;
    }
    const m = (msg && typeof msg === 'object' && !Array.isArray(msg) ? msg : {}) as Record<string, unknown>;
    const id = m.id;
    const validId = typeof id === 'string' || typeof id === 'number';
    if (typeof m.method === 'string' && (id === undefined || validId)) return body; // a request or notification
    if (!('method' in m) && (m.result !== undefined || m.error) && (validId || id === null)) return body; // a response
    const why = Array.isArray(msg) ? 'a batch (LSP has none)' : 'not a JSON-RPC request, notification or response';
    // Only a request's id is the client's to be answered: a broken response's id is the server's own.
    if ('method' in m && validId && this.events.invalidRequestMethod) {
      return Buffer.from(JSON.stringify({ jsonrpc: '2.0', id, method: this.events.invalidRequestMethod, params: { message: `Invalid Request: ${why}` } }), 'utf8');
    }
    this.events.dropped?.(body.length, why);
    return undefined;
  }
}

/** The Content-Length of a well-formed header block (only Content-Length and Content-Type allowed), else undefined. */
export function contentLength(block: string): number | undefined {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const m = /^(content-length|content-type)[ \t]*:[ \t]*(.*?)[ \t]*$/i.exec(line);
    if (!m) return undefined;
    if (m[1].toLowerCase() === 'content-type') continue;
    if (length !== undefined || !/^\d{1,15}$/.test(m[2])) return undefined;
    length = Number(m[2]);
  }
  return length;
}

/** Where a frame header starts in `buf`, or -1. */
function headerIn(buf: Buffer): number {
  let best = -1;
  for (const needle of NEEDLES) {
    for (let i = buf.indexOf(needle); i >= 0 && (best < 0 || i < best); i = buf.indexOf(needle, i + 1)) {
      if (HEADER_LINE.test(buf.subarray(i, i + 64).toString('latin1'))) {
        best = i;
        break;
      }
    }
  }
  return best;
}
