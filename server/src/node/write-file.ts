import { closeSync, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Who a file is, as far as a rewrite is concerned: the same inode, unchanged,
 * and what must survive the rewrite (mode, owner).
 */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly nlink: number;
  readonly regular: boolean;
}

export function identityOf(st: Stats): FileIdentity {
  return { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, nlink: st.nlink, regular: st.isFile() };
}

/** The file was not replaced, for a reason the user can act on; the original is untouched. */
export class NotReplacedError extends Error {}

/**
 * Why a file read as `read` must not be replaced by a new one at all, or
 * undefined when it may be. Decided before any fix is computed, so the user
 * hears it once and the findings stay as they are.
 */
export function whyNotReplaceable(read: FileIdentity): string | undefined {
  if (!read.regular) return 'not a regular file (a pipe or a device); fixes are only written to files';
  // Rename gives the name a new inode: the other names would keep the old text.
  if (read.nlink > 1) return `it has ${read.nlink} hard links, and a fixed copy would reach only this name while the others kept the old text; to fix this name alone, give it its own copy first (cp FILE FILE.new && mv FILE.new FILE)`;
  if ((read.mode & 0o222) === 0) return 'the file is read-only';
  const me = process.getuid?.();
  // Only root can hand a new file to another owner; anyone else would take the file over.
  if (me !== undefined && me !== 0 && read.uid !== me) return 'the file belongs to another user, and rewriting it would make it yours';
  return undefined;
}

/** A short temporary name: a long file name plus a suffix would pass the 255-byte limit. */
function temporaryBeside(path: string): string {
  return join(dirname(path), `.bpf-patch-lint.${process.pid}.${randomHex()}.tmp`);
}

/**
 * Replaces a file's content all at once: write a temporary file beside it,
 * flush it, then rename over the original. A failure at any step leaves the
 * original untouched. With `expected`, the file must still be the one that
 * was read (same inode, same bytes) just before the rename, and it keeps its
 * mode and owner.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, expected?: { identity: FileIdentity; bytes: Uint8Array }): void {
  let keep: FileIdentity | undefined = expected?.identity;
  if (!keep) {
    try {
      keep = identityOf(statSync(path));
    } catch {
      keep = undefined;
    }
  }
  const tmp = temporaryBeside(path);
  const fd = openSync(tmp, 'wx', keep?.mode ?? 0o644);
  try {
    try {
      if (typeof content === 'string') writeSync(fd, content, null, 'utf8');
      else writeSync(fd, content);
      if (keep) {
        fchmodSync(fd, keep.mode);
        const made = fstatSync(fd);
        // Only root can give a file away; whyNotReplaceable has refused the case where that would be needed.
        if ((keep.uid !== made.uid || keep.gid !== made.gid) && process.getuid?.() === 0) fchownSync(fd, keep.uid, keep.gid);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (expected) unchangedOrThrow(path, expected.identity, expected.bytes);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file may already be gone
    }
    throw e;
  }
}

/** Throws NotReplacedError unless `path` is still the regular file that was read, byte for byte. */
function unchangedOrThrow(path: string, read: FileIdentity, bytes: Uint8Array): void {
  let now: Stats;
  try {
    now = lstatSync(path);
  } catch {
    throw new NotReplacedError('the file was removed or renamed since it was read');
  }
  if (!now.isFile()) throw new NotReplacedError('the file was replaced by something that is not a regular file since it was read');
  if (now.dev !== read.dev || now.ino !== read.ino) throw new NotReplacedError('the file was replaced since it was read');
  const changed = new NotReplacedError('the file changed since it was read (saved by an editor?); run again to fix the new text');
  if (now.size !== read.size || now.mtimeMs !== read.mtimeMs) throw changed;
  // Same size and time stamp can still hide a write within the clock's resolution.
  if (!Buffer.from(readFileSync(path)).equals(Buffer.from(bytes))) throw changed;
}

/** Eight random hex digits; node:crypto is loaded only when a file is written (start-up of every other run is shorter without it). */
function randomHex(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:crypto') as typeof import('node:crypto')).randomBytes(4).toString('hex');
}
