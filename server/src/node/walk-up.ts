import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Whether only the user (or root) can have put a file in a folder: owned by
 * the user or root, like git's safe.directory check, and writable by no one
 * else (world-writable, as /tmp, or group-writable for a group other than the
 * user's own). Another user's folder, or a shared one, could hold a planted
 * config that switches rules off for everyone who lints below it.
 */
export function ownFolder(st: { uid: number; gid: number; mode: number }): boolean {
  const me = process.getuid?.();
  if (me === undefined) return (st.mode & 0o002) === 0; // no owners to compare (Windows)
  if (st.uid !== me && st.uid !== 0) return false;
  if (st.mode & 0o002) return false;
  return (st.mode & 0o020) === 0 || st.gid === process.getgid?.();
}

/**
 * The first folder at or above `start` (a file or folder) for which `found`
 * returns a value. The climb reads files others may have planted (a config, a
 * FAQ, MAINTAINERS), so it stops: after the top of a git work tree, after the
 * user's home, at a filesystem boundary, and before any folder another user owns
 * or others can write to (/tmp), which it does not read at all.
 */
export function walkUp<T>(start: string, found: (dir: string) => T | undefined): T | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  const home = homedir();
  // A folder that does not exist (an unsaved document's, a .git not made yet) is passed through.
  for (;;) {
    try {
      statSync(dir);
      break;
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
  for (;;) {
    let st;
    try {
      st = statSync(dir);
    } catch {
      return undefined;
    }
    if (!ownFolder(st)) return undefined;
    const hit = found(dir);
    if (hit !== undefined) return hit;
    if (dir === home || existsSync(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    try {
      if (statSync(parent).dev !== st.dev) return undefined;
    } catch {
      return undefined;
    }
    dir = parent;
  }
}
