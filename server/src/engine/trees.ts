/**
 * Which words of a subject prefix name a tree, ours or someone else's. Shared by
 * the scope decision (a real tree that is not ours puts a mail out of scope)
 * and by subject-tree-unknown (only a near miss of ours is a misspelling).
 */
import { BUILTIN_TREES, GLUED_VERSION } from './parse/subject';

/** Edit distance, for "did you mean" suggestions. */
export function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

/**
 * Trees of other maintainers that sit a letter or two from ours, so that edit
 * distance alone would call them misspellings (`nf-next` is one edit from
 * `net-next`), and the bare `next`/`-next` of linux-next.
 */
const OTHER_TREES = new Set(['nf', 'nf-next', 'mm', '-mm', 'iwl-net', 'iwl-next', 'intel-net', 'intel-next', 'ipsec', 'ipsec-next', 'wireless', 'wireless-next', 'mlx5-next', 'rdma-next', 'netfs', 'nvme']);

/**
 * linux-next's words (`[PATCH next]`, `[PATCH -next]`): they say "not a fix"
 * without naming a maintainer's tree, so they decide no scope; on a BPF or
 * networking patch they are a near miss of that area's -next tree.
 */
export const GENERIC_NEXT = /^(?:-?next|linux-next|for-next)$/i;

/** Prefix words that are neither a tree nor a version: they say how the mail is sent. */
const NOT_TREES = /^(?:resend|repost|patch|patches|patchset|series|rft|rfc|wip|dnm|fyi|git|pull|request|for|review|internal|draft|test|tests|update|follow-?up|v\d+(?:\.\d+)?)$/i;

/** Nearest of `trees` for a word, when the word is plausibly a misspelling of it. */
export function nearestTree(word: string, trees: Iterable<string> = BUILTIN_TREES): string | undefined {
  const w = word.toLowerCase();
  if (OTHER_TREES.has(w)) return undefined;
  if (GENERIC_NEXT.test(w)) return 'bpf-next';
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const t of trees) {
    const d = levenshtein(w, t);
    if (d < bestDistance) {
      best = t;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const close = bestDistance <= Math.max(1, Math.floor(best.length / 3));
  const mentionsTree = /^(bpf|net)([-_ ]|$)/.test(w) || /^bpf/.test(w);
  return close || mentionsTree ? best : undefined;
}

export function looksLikeTree(word: string, trees?: Iterable<string>): boolean {
  return nearestTree(word, trees) !== undefined;
}

/** A stable series' version in the prefix: `6.6`, `5.10.y`, `linux-6.1.y`, `v6.12`. */
export const STABLE_VERSION = /^(?:linux-)?(?:stable-)?v?\d+\.\d+(?:\.\d+)?(?:\.y)?(?:-stable)?$/i;

/**
 * Whether a prefix word names a tree that is not ours: a word with letters that
 * is no known prefix keyword, version, stable version or near miss of our trees.
 */
export function namesOtherTree(word: string, ours: Iterable<string>): boolean {
  if (!/[a-z]/i.test(word) || GENERIC_NEXT.test(word) || NOT_TREES.test(word) || GLUED_VERSION.test(word) || STABLE_VERSION.test(word)) return false;
  if (/^autosel$/i.test(word) || /^stable$/i.test(word)) return false;
  if (/^(?:rfc|patch)v?\d*$/i.test(word)) return false;
  return !looksLikeTree(word, ours);
}

/**
 * The trees the netdev CI applies patches to, and for each the other tree of
 * its pair: a fix of a commit only the other one has belongs there.
 */
export const TREE_PAIRS: Readonly<Record<string, string>> = {
  bpf: 'bpf-next',
  'bpf-next': 'bpf',
  net: 'net-next',
  'net-next': 'net',
};

/** The trees of TREE_PAIRS among `named` (lower case, once each). */
export function pairedTrees(named: Iterable<string>): string[] {
  return [...new Set([...named].map((t) => t.toLowerCase()).filter((t) => t in TREE_PAIRS))];
}

/** `trees` and the other tree of each pair: the branches a series targeting them needs looked at. */
export function withPairs(trees: readonly string[]): string[] {
  return [...new Set(trees.flatMap((t) => (t in TREE_PAIRS ? [t, TREE_PAIRS[t]] : [])))];
}
