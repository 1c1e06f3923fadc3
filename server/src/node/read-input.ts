/**
 * Reading documents from disk or stdin for the CLI: decoding that never throws
 * and remembers whether the text is a faithful copy of the bytes (only then may
 * --fix write it back).
 */
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { BoundedReadError, readAtMost, STREAM_INPUT_LIMIT } from './bounded-read';
import { extname, join } from 'node:path';
import { identityOf, type FileIdentity } from './write-file';

export class InputError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`${input}: ${reason}`);
  }
}

export interface LoadedDocument {
  /** What findings are reported against: the path as given, or `<stdin>`. */
  readonly id: string;
  /** File path, absent for stdin. */
  readonly path?: string;
  /** Text without a byte-order mark. */
  readonly text: string;
  readonly bom: boolean;
  /** False when the bytes were not valid UTF-8 (then the file is never rewritten). */
  readonly faithful: boolean;
  /** The bytes as read. */
  readonly bytes: Buffer;
  /** The file as it was when read (absent for stdin), so --fix can tell whether it is still the same. */
  readonly identity?: FileIdentity;
}

/** Files a directory argument contributes to its series. */
export const SERIES_EXTENSIONS = new Set(['.patch', '.eml', '.mbox', '.diff']);

export function decodeBytes(id: string, bytes: Buffer, path?: string, identity?: FileIdentity): LoadedDocument {
  let text: string;
  let faithful = true;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    faithful = false;
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { id, path, text: bom ? text.slice(1) : text, bom, faithful, bytes, identity };
}

function errnoReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return code ? `cannot read (${code})` : (e as Error).message;
  }
}

export function readDocumentFile(path: string): LoadedDocument {
  const read = readIdentified(path);
  return decodeBytes(path, read.bytes, path, read.identity);
}

export function readBytes(path: string): Buffer {
  return readIdentified(path).bytes;
}

/** A file's bytes and, from the same open file, who it was. */
function readIdentified(path: string): { bytes: Buffer; identity: FileIdentity } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputError(path, errnoReason(e));
  }
  try {
    const identity = identityOf(fstatSync(fd));
    // A regular file has a size; a pipe or a device (/dev/zero) has none and is read up to a cap.
    if (identity.regular) return { bytes: readFileSync(fd), identity };
    return { bytes: readAtMost(fd, STREAM_INPUT_LIMIT, path), identity };
  } catch (e) {
    if (e instanceof BoundedReadError) throw new InputError(path, `more than ${STREAM_INPUT_LIMIT >> 20} MiB from a pipe or device; refused`);
    throw new InputError(path, errnoReason(e));
  } finally {
    closeSync(fd);
  }
}

/** Standard input, up to the same cap as any pipe. */
export function readStdin(): Buffer {
  try {
    return readAtMost(0, STREAM_INPUT_LIMIT, 'stdin');
  } catch (e) {
    if (e instanceof BoundedReadError) throw new InputError('<stdin>', `more than ${STREAM_INPUT_LIMIT >> 20} MiB; refused`);
    throw new InputError('<stdin>', errnoReason(e));
  }
}

/**
 * One command-line argument as one series: a file is one document (an mbox
 * with several messages is a series by itself), a directory is the series of
 * its patch files in name order.
 */
export function readSeriesArgument(arg: string, stdin: () => Buffer): LoadedDocument[] {
  if (arg === '-') return [decodeBytes('<stdin>', stdin())];
  let isDir: boolean;
  try {
    isDir = statSync(arg).isDirectory();
  } catch (e) {
    throw new InputError(arg, errnoReason(e));
  }
  if (!isDir) return [readDocumentFile(arg)];
  let names: string[];
  try {
    names = readdirSync(arg);
  } catch (e) {
    throw new InputError(arg, errnoReason(e));
  }
  const files = names
    .filter((n) => SERIES_EXTENSIONS.has(extname(n).toLowerCase()))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((n) => join(arg, n))
    .filter((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
  if (files.length === 0) throw new InputError(arg, `no ${[...SERIES_EXTENSIONS].map((e) => `*${e}`).join('/')} files in this directory`);
  return files.map(readDocumentFile);
}

/** Above this size a single file is linted a piece at a time (see lintIncrementally). */
export const LARGE_INPUT_BYTES = 8 << 20;

/**
 * Decodes a large input piece by piece, each piece cut just before a line that
 * `startsMessage` accepts (an mbox separator) once `pieceBytes` have gone by.
 * Pieces are decoded on their own, so an ASCII piece stays a one-byte string
 * even when another piece holds a character beyond Latin-1, and none is kept.
 * Cuts fall after a line feed, never inside a UTF-8 sequence. `read` fills the
 * buffer it is given and returns how many bytes it wrote (0 at the end).
 */
export function* piecesOf(read: (into: Buffer) => number, startsMessage: (line: string) => boolean, pieceBytes = 256 << 10): Generator<string> {
  // Small pieces read small blocks (tests cut lines across reads that way).
  const block = Math.max(16, Math.min(pieceBytes, 4 << 20));
  // The unread bytes are pending = store[at, at + size). The store doubles when a message
  // outgrows it, so a 50 MB line costs amortised linear copying, not a copy of all it
  // has so far per block read (quadratic: 73 s for one 50 MB line).
  let store = Buffer.allocUnsafe(Math.max(2 * block, pieceBytes + 2 * block));
  let at = 0;
  let size = 0;
  let pending = store.subarray(0, 0);
  let ended = false;
  let bomChecked = false;
  const fill = () => {
    if (at + size + block > store.length) {
      // Too small for what is pending: a bigger store; merely full of bytes already handed out: move down.
      const grown = size + block > store.length / 2 ? Buffer.allocUnsafe(2 * (size + block)) : store;
      store.copy(grown, 0, at, at + size);
      store = grown;
      at = 0;
    }
    const n = read(store.subarray(at + size, at + size + block));
    if (n === 0) ended = true;
    size += n;
    pending = store.subarray(at, at + size);
  };
  /** Drops the first `n` pending bytes (handed out or skipped). */
  const consume = (n: number) => {
    at += n;
    size -= n;
    pending = store.subarray(at, at + size);
  };
  const decode = (bytes: Buffer) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  // Bytes before `scanned` hold no separator line (so a growing piece is not searched twice).
  let scanned = pieceBytes;
  for (;;) {
    while (!ended && pending.length < scanned + block) fill();
    if (!bomChecked) {
      if (pending[0] === 0xef && pending[1] === 0xbb && pending[2] === 0xbf) consume(3);
      bomChecked = true;
    }
    let cut: number | undefined;
    let from = scanned;
    while (cut === undefined) {
      const nl = pending.indexOf('\nFrom ', Math.max(0, from - 1), 'latin1');
      if (nl < 0) {
        from = Math.max(from, pending.length - 6);
        break;
      }
      const lineStart = nl + 1;
      const lineEnd = pending.indexOf(10, lineStart);
      if (lineEnd < 0 && !ended) {
        from = lineStart; // the line is not all read yet: look at it again after the next read
        break;
      }
      const line = pending.toString('utf8', lineStart, lineEnd < 0 ? pending.length : lineEnd).replace(/\r$/, '');
      if (startsMessage(line)) cut = lineStart;
      else from = lineStart + 1;
    }
    if (cut !== undefined) {
      const piece = decode(pending.subarray(0, cut));
      consume(cut);
      // After one huge message the store would stay huge for the rest of the input: shrink it.
      if (store.length > 4 * (pieceBytes + 2 * block) && size < store.length / 8) {
        const smaller = Buffer.allocUnsafe(Math.max(pieceBytes + 2 * block, 2 * size));
        store.copy(smaller, 0, at, at + size);
        store = smaller;
        at = 0;
        pending = store.subarray(0, size);
      }
      scanned = pieceBytes;
      yield piece;
    } else if (!ended) {
      // No separator yet: the piece grows until one comes (one huge message stays whole).
      scanned = from;
      fill();
    } else {
      if (pending.length > 0) yield decode(pending);
      return;
    }
  }
}

/** piecesOf for bytes already in memory. */
export function decodedPieces(bytes: Uint8Array, startsMessage: (line: string) => boolean, pieceBytes?: number): Generator<string> {
  let at = 0;
  return piecesOf(
    (into) => {
      const n = Math.min(into.length, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return n;
    },
    startsMessage,
    pieceBytes,
  );
}

/** piecesOf for a file, read a block at a time so the whole file is never in memory at once. */
export function* filePieces(path: string, startsMessage: (line: string) => boolean, pieceBytes?: number): Generator<string> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputError(path, errnoReason(e));
  }
  try {
    yield* piecesOf((into) => readSync(fd, into, 0, into.length, null), startsMessage, pieceBytes);
  } finally {
    closeSync(fd);
  }
}
