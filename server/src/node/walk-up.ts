import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The first folder at or above `start` (a file or folder) for which `found` returns a value. */
export function walkUp<T>(start: string, found: (dir: string) => T | undefined): T | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    const hit = found(dir);
    if (hit !== undefined) return hit;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
