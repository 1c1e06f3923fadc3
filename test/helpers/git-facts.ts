/** Engine facts as a repository would give them, for rule fixtures. */
import type { CommitInfo, CommitLookup, EngineFacts } from '../../server/src/engine/facts';

export const OLD: CommitInfo = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'bpf: Add the helper', author: 'A <a@x.org>', date: '2024-01-02T03:04:05+00:00' };
export const OTHER: CommitInfo = { sha: '0123aaaa89abcdef0123456789abcdef01234567', subject: 'bpf: Something else', author: 'B <b@x.org>', date: '2024-02-02T03:04:05+00:00' };

export function facts(lookups: Record<string, CommitLookup>, extra: Partial<EngineFacts> = {}): EngineFacts {
  return { commits: new Map(Object.entries(lookups)), ...extra };
}

export const found = (commit: CommitInfo): CommitLookup => ({ status: 'found', commit });
export const missing: CommitLookup = { status: 'missing' };
export const ambiguous = (...candidates: CommitInfo[]): CommitLookup => ({ status: 'ambiguous', candidates });
