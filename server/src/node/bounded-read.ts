/**
 * Reading what a repository (or a pipe) hands us without letting it decide how
 * much we read: `.bpf-patch-lint.json`, the FAQ and MAINTAINERS symlinked to
 * /dev/zero, or a 100 MB FAQ, must not hang or exhaust memory. Files a
 * repository controls are read only when they are regular files within a size
 * cap, and the parsed result is kept per file identity (device, inode, size,
 * modification time), so an unchanged file is never read twice.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** Caps for the files a repository controls; each is far above any real one. */
export const LIMITS = {
  config: 1 << 20, // .bpf-patch-lint.json: a few hundred bytes in practice
  faq: 2 << 20, // Documentation/bpf/bpf_devel_QA.rst: about 30 KB
  maintainers: 16 << 20, // MAINTAINERS: about 800 KB
  mailmap: 4 << 20, // .mailmap: about 50 KB
} as const;

/** Input that is not a regular file (a pipe, stdin, a device): read up to this much, then refuse. */
export const STREAM_INPUT_LIMIT = 256 << 20;

export class BoundedReadError extends Error {}

function describe(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Reads from `fd` until end of file or `limit` bytes; throws BoundedReadError beyond it. */
export function readAtMost(fd: number, limit: number, what: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      // A non-blocking pipe with nothing yet: wait briefly rather than spin (stdin from a slow producer).
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw new BoundedReadError(`${what} is larger than ${Math.round(limit / (1 << 20))} MiB; refused`);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

/**
 * The bytes of a file a repository controls: a regular file (a symlink is
 * followed, but what it names must be regular) of at most `limit` bytes.
 * Throws BoundedReadError (why) otherwise; fs errors pass through.
 */
export function readRegularFile(path: string, limit: number): { bytes: Buffer; stats: Stats } {
  // O_NONBLOCK: opening a FIFO someone planted must not wait for a writer.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new BoundedReadError(`${path} is ${describe(stats)}, not a file; not read`);
    if (stats.size > limit) throw new BoundedReadError(`${path} is larger than ${Math.round(limit / (1 << 20))} MiB; not read`);
    return { bytes: readAtMost(fd, limit, path), stats };
  } finally {
    closeSync(fd);
  }
}

const identityOf = (st: Stats) => `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;

/**
 * `parse(text)` of a bounded regular file, remembered per path until the file
 * changes identity. Undefined when the file is missing, unreadable, not
 * regular or too large (a hostile tree gets no answer, not a hang).
 */
export function cachedParse<T>(cache: Map<string, { id: string; value: T }>, path: string, limit: number, parse: (text: string) => T): T | undefined {
  try {
    // The identity first: an unchanged file is not read again.
    const st = statSync(path);
    const hit = cache.get(path);
    if (hit && st.isFile() && hit.id === identityOf(st)) return hit.value;
    const read = readRegularFile(path, limit);
    const value = parse(read.bytes.toString('utf8'));
    if (cache.size >= 64) cache.delete(cache.keys().next().value as string);
    cache.set(path, { id: identityOf(read.stats), value });
    return value;
  } catch {
    cache.delete(path);
    return undefined;
  }
}
