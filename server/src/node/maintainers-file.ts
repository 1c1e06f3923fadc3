/**
 * A repository's MAINTAINERS, parsed once per change of the file (its
 * identity: device, inode, size, mtime), not per lint; a file that is not a
 * regular file or is absurdly large is not read (see bounded-read.ts).
 */
import { join } from 'node:path';
import { parseMaintainers, type MaintainersSection } from '../engine/maintainers';
import { cachedParse, LIMITS } from './bounded-read';

const cache = new Map<string, { id: string; value: readonly MaintainersSection[] }>();

export function maintainersOf(topLevel: string | undefined): readonly MaintainersSection[] | undefined {
  if (!topLevel) return undefined;
  return cachedParse(cache, join(topLevel, 'MAINTAINERS'), LIMITS.maintainers, parseMaintainers);
}
