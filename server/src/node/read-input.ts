/**
 * Reading documents from disk or stdin for the CLI: decoding that never throws
 * and remembers whether the text is a faithful copy of the bytes (only then may
 * --fix write it back).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

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
}

/** Files a directory argument contributes to its series. */
export const SERIES_EXTENSIONS = new Set(['.patch', '.eml', '.mbox', '.diff']);

export function decodeBytes(id: string, bytes: Buffer, path?: string): LoadedDocument {
  let text: string;
  let faithful = true;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    faithful = false;
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { id, path, text: bom ? text.slice(1) : text, bom, faithful, bytes };
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
  try {
    return decodeBytes(path, readFileSync(path), path);
  } catch (e) {
    throw new InputError(path, errnoReason(e));
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
