import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * The first folder at or above `start` (a file or folder) for which `found`
 * returns a value. The climb reads files others may have planted (a config, a
 * FAQ, MAINTAINERS), so it stops: after the top of a git work tree, after the
 * user's home, at a filesystem boundary, and before any folder others can write
 * to (/tmp), which it does not read at all.
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
    if (st.mode & 0o002) return undefined; // world-writable: anyone could have put the file there
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
