/**
 * A repository's MAINTAINERS and .mailmap, parsed once per change of the file (its
 * identity: device, inode, size, mtime), not per lint; a file that is not a
 * regular file or is absurdly large is not read (see bounded-read.ts).
 */
import { join } from 'node:path';
import { parseMaintainers, type MaintainersSection } from '../engine/maintainers';
import { parseMailmap, type Mailmap } from '../engine/mailmap';
import { cachedParse, LIMITS } from './bounded-read';

const cache = new Map<string, { id: string; value: readonly MaintainersSection[] }>();
const mailmaps = new Map<string, { id: string; value: Mailmap }>();

export function maintainersOf(topLevel: string | undefined): readonly MaintainersSection[] | undefined {
  if (!topLevel) return undefined;
  return cachedParse(cache, join(topLevel, 'MAINTAINERS'), LIMITS.maintainers, parseMaintainers);
}

/** Whom the repository's .mailmap says each address belongs to (undefined: none, or unreadable). */
export function mailmapOf(topLevel: string | undefined): Mailmap | undefined {
  if (!topLevel) return undefined;
  return cachedParse(mailmaps, join(topLevel, '.mailmap'), LIMITS.mailmap, parseMailmap);
}
