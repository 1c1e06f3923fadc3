/**
 * The commit ids a series mentions that the repository should be asked about,
 * so the node layer can resolve all of them in one batch before linting.
 */
import type { ParsedDocument } from '../engine/model';
import { fixesTags } from './fixes-tag-format';

export function commitIdsIn(documents: readonly ParsedDocument[]): string[] {
  const ids = new Set<string>();
  for (const d of documents) {
    for (const m of d.messages) {
      if (m.kind === 'diff' || m.isReply) continue;
      for (const t of fixesTags(m)) if (t.sha) ids.add(t.sha);
    }
  }
  return [...ids];
}
