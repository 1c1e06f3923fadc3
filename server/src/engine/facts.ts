/**
 * Facts the engine cannot learn from the text alone. They are gathered outside
 * (git, the editor) and injected, so the engine itself stays pure; every field
 * is optional and rules must work, with less precision, when it is missing.
 */
import type { MaintainersSection } from './maintainers';
import type { Mailmap } from './mailmap';

export interface Identity {
  readonly name: string;
  readonly email: string;
}

export interface CommitInfo {
  /** Full object id. */
  readonly sha: string;
  readonly subject: string;
  /** `Name <email>`. */
  readonly author?: string;
  /** ISO 8601 author date. */
  readonly date?: string;
  /** `Name <email>` of who committed it. */
  readonly committer?: string;
  /**
   * The `Name <email>` values of its Signed-off-by, Reviewed-by and Acked-by
   * trailers: whom get_maintainer.pl --fixes asks a fix of it to be sent to.
   */
  readonly signers?: readonly string[];
  /**
   * A mainline release tag that contains the commit (the first one tagged after
   * it, when it is in that one); null when no local release tag contains it;
   * undefined when not asked (a CLI run stops once each patch has a shipped target).
   */
  readonly release?: string | null;
  /** Paths the commit changed. */
  readonly files?: readonly string[];
  /**
   * For each tree asked about (see EngineFacts.treeRefs), whether the commit is
   * reachable from that tree's branch here; trees not asked are absent.
   */
  readonly inTrees?: Readonly<Record<string, boolean>>;
}

/** Where this repository has a tree's branch (a remote-tracking ref), as of its last fetch. */
export interface TreeRef {
  /** bpf, bpf-next, net or net-next. */
  readonly tree: string;
  /** The full ref name, e.g. refs/remotes/bpf/master. */
  readonly ref: string;
  /** The commit the ref points at. */
  readonly tip?: string;
  /** The committer date (ISO 8601) of the commit the ref points at: how fresh the copy is. */
  readonly date?: string;
}

/** What a commit id written in a message names in the repository. */
export type CommitLookup =
  | { readonly status: 'found'; readonly commit: CommitInfo }
  | { readonly status: 'missing' }
  | { readonly status: 'ambiguous'; readonly candidates: readonly CommitInfo[] };

export interface EngineFacts {
  /** Who is writing the commit (git config user.name/user.email). */
  readonly committer?: Identity;
  /**
   * Lookups of the commit ids mentioned in the messages, keyed by the id as
   * written, lower-cased. Absent when no repository was consulted.
   */
  readonly commits?: ReadonlyMap<string, CommitLookup>;
  /** The repository is a shallow clone: a commit it lacks may still exist upstream. */
  readonly shallow?: boolean;
  /**
   * Whether the repository holds the kernel's history (its HEAD has kernel/bpf).
   * False for a libbpf or bpftool mirror, or a folder of patches kept in some
   * other repository: a commit it lacks says nothing about a kernel commit.
   * Absent when unknown, which counts as true.
   */
  readonly kernelHistory?: boolean;
  /** The repository's MAINTAINERS file, parsed. */
  readonly maintainers?: readonly MaintainersSection[];
  /** The repository's .mailmap: which addresses are one person's. */
  readonly mailmap?: Mailmap;
  /**
   * Commits that last touched the lines the change removes or modifies, most
   * lines first: the likely culprits a Fixes tag should name.
   */
  readonly blame?: readonly { readonly commit: CommitInfo; readonly lines: number }[];
  /** Recent commits touching the changed files, newest first. */
  readonly recent?: readonly CommitInfo[];
  /**
   * blame and recent for each message with a diff (keyed by culpritsKey), so the
   * candidates of one mail of an mbox or one patch of a series are its own lines'.
   * When present, a mail or patch without an entry has no candidates; blame and
   * recent above stand for a commit message (git's staged change) and for
   * callers that give no per-message answers.
   */
  readonly culprits?: ReadonlyMap<string, Culprits>;
  /**
   * The trees' branches this repository has (found by remote URL, remote name
   * or configuration); CommitInfo.inTrees says what each contains.
   */
  readonly treeRefs?: readonly TreeRef[];
  /**
   * Whether the series applies to the head of its tree's branch (see
   * seriesToApply): the branch tried, and the first patch that did not apply
   * (keyed by culpritsKey) with git's reason. Absent when not tried.
   */
  readonly applies?: { readonly branch: TreeRef; readonly failed?: { readonly key: string; readonly reason: string } };
  /** The repository's release tags (`v*`), as local refs say (they may be stale). */
  readonly releaseTags?: readonly string[];
}

export const NO_FACTS: EngineFacts = Object.freeze({});

export type Culprits = Pick<EngineFacts, 'blame' | 'recent'>;

/** The key of a message's own culprits: its document and its place there. */
export function culpritsKey(document: string, messageIndex: number): string {
  return `${messageIndex}\u0000${document}`;
}

/** A commit a Fixes tag may name, and why it is offered. */
export interface FixesCandidate {
  readonly commit: CommitInfo;
  readonly why: string;
  /** `why` in a few words, for a fix's title. */
  readonly short: string;
}

/**
 * The commits a Fixes tag may name, best first: those that last wrote the
 * lines the change removes or modifies (most lines first), then recent commits
 * touching the changed files. Completion, the quick fixes and the editor's
 * picker all offer this one list.
 */
export function fixesCandidates(facts: EngineFacts, message?: { readonly document: { readonly id: string }; readonly index: number; readonly kind: string }): FixesCandidate[] {
  const own = message && facts.culprits ? facts.culprits.get(culpritsKey(message.document.id, message.index)) : undefined;
  // Per-message answers given: a mail or patch has its own or none; a commit message, git's staged change.
  const from: Culprits = own ?? (message && facts.culprits && message.kind !== 'commit' ? {} : facts);
  const out: FixesCandidate[] = [];
  const seen = new Set<string>();
  const add = (commit: CommitInfo, why: string, short: string) => {
    if (seen.has(commit.sha)) return;
    seen.add(commit.sha);
    out.push({ commit, why, short });
  };
  for (const b of from.blame ?? []) add(b.commit, `Last wrote ${b.lines} of the lines this change removes or modifies (git blame).`, `last wrote ${b.lines} of the changed lines`);
  for (const c of from.recent ?? []) add(c, 'A recent commit touching the files this change modifies.', 'recently changed these files');
  return out;
}

/**
 * What `id` (lower case) names. An id a fix has just expanded (`449969db` to
 * `449969db8695`) was not asked about as such, but it is the commit git found
 * for the shorter one: without this, fix-all stopped after the expansion and
 * a wrong title needed a second run.
 */
export function lookupCommit(commits: ReadonlyMap<string, CommitLookup> | undefined, id: string): CommitLookup | undefined {
  if (!commits) return undefined;
  const exact = commits.get(id);
  if (exact) return exact;
  for (const [asked, lookup] of commits) {
    if (lookup.status === 'found' && id.startsWith(asked) && lookup.commit.sha.startsWith(id)) return lookup;
  }
  return undefined;
}
