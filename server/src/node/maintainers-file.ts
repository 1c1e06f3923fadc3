/**
 * A repository's MAINTAINERS, parsed once per change of the file (by mtime and
 * size), not per lint.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseMaintainers, type MaintainersSection } from '../engine/maintainers';

const cache = new Map<string, { mtimeMs: number; size: number; sections: readonly MaintainersSection[] }>();

export function maintainersOf(topLevel: string | undefined): readonly MaintainersSection[] | undefined {
  if (!topLevel) return undefined;
  const file = join(topLevel, 'MAINTAINERS');
  try {
    const st = statSync(file);
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.sections;
    const sections = parseMaintainers(readFileSync(file, 'utf8'));
    cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, sections });
    return sections;
  } catch {
    return undefined;
  }
}
