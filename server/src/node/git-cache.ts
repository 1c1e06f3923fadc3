/**
 * Git facts for an editor: repositories found once per folder, commit lookups
 * cached per id and dropped when HEAD moves (a fetch or rebase can make a
 * missing commit appear), identity and shallowness cached per repository.
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommitLookup, Culprits, EngineFacts, Identity, TreeRef } from '../engine/facts';
import { GitRepository, type GitOptions } from './git-facts';
import { mailmapOf, maintainersOf } from './maintainers-file';
import type { ChangedLines } from '../engine/changed-lines';
import { WorkQueue } from './work-queue';
import { withPairs } from '../engine/trees';
import type { ApplyQuestion } from '../rules/git-refs';

/** How often HEAD is re-read at most, in milliseconds. */
const HEAD_RECHECK_MS = 2000;
/** How often the trees' branches are looked up again at most. */
const TREE_REFS_RECHECK_MS = 10_000;
/**
 * Bounds on what a long editor session accumulates: a folder per document ever
 * opened, and a blame answer per distinct diff (each edit of a patch is one).
 */
const MAX_FOLDERS = 256;
const MAX_CULPRITS = 32;
const MAX_SHIPPED = 4096;

/** Sets `key`, first forgetting the oldest entry when `map` is full (Maps keep insertion order). */
function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (!map.has(key) && map.size >= max) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

interface RepoState {
  readonly repo: GitRepository;
  head?: string;
  headCheckedAt: number;
  readonly lookups: Map<string, CommitLookup>;
  committer?: Promise<Identity | undefined>;
  tags?: Promise<string[]>;
  /** Asked again when HEAD moves (a first commit, a checkout of another tree). */
  kernelHistory?: Promise<boolean>;
  /** Blame runs by what they blame: started once, shared by every lint that asks, never cut short by an edit. */
  readonly culprits: Map<string, CulpritsRun>;
  /** The release tag found to contain a commit, or null (keyed by the newest tag and commit; history below a tag never changes). */
  readonly shipped: Map<string, string | null>;
  /** Whether a tree's branch contains a commit (keyed by the branch's commit and the commit: a fetch moves the key). */
  readonly inTrees: Map<string, boolean>;
  /** The trees' branches per question, read again after TREE_REFS_RECHECK_MS (a fetch moves them without moving HEAD). */
  readonly treeRefs: Map<string, { readonly at: number; readonly refs: Promise<TreeRef[]> }>;
  /** Whether a series applies to a branch, per branch commit and patch texts. */
  readonly applies: Map<string, Promise<Pick<EngineFacts, 'applies'>>>;
  /**
   * The staged change, for as long as the index file, HEAD and the commit it is
   * measured from are unchanged (`git add` rewrites the index; `git commit`
   * writes it before the editor opens, then moves HEAD).
   */
  staged?: { readonly key: string; readonly lines: Promise<ChangedLines[]> };
  /** HEAD's parent when the message amends HEAD (null: a root commit), per author date git showed. */
  readonly amends: Map<string, Promise<string | null | undefined>>;
}

/**
 * Blame's candidates for some changed lines, in two steps: the files' recent
 * commits (a log that stops at the tenth commit, quick on a busy file), then
 * blame (seconds in linux.git).
 */
interface CulpritsRun {
  /** The recent commits alone, once known. */
  recent?: Culprits;
  /** Blame's answer with them: the whole answer. */
  value?: Culprits;
  readonly recentDone: Promise<unknown>;
  readonly done: Promise<Culprits>;
}

/**
 * How long a blame run may take in all, and stay silent: in a tree the size of
 * linux.git blame walks for seconds before it names the oldest lines' commits.
 * It runs beside the lint (see `culprits: 'later'`), so nothing waits on it but
 * the Fixes candidates.
 */
const CULPRITS_BUDGET_MS = 120_000;
const CULPRITS_SILENCE_MS = 60_000;

/** What the caller of factsFor needs of blame (the Fixes candidates). */
export interface CulpritsWanted {
  /**
   * `wait` (default): the facts hold the candidates. `later`: they hold them
   * only when blame has answered already; otherwise blame goes on without the
   * lint (see onPending).
   */
  readonly culprits?: 'wait' | 'later';
  /** Called, with `later`, when blame is still running for these facts: `done` settles when it has answered. */
  readonly onPending?: (done: Promise<unknown>) => void;
  /**
   * Who asks (the editor's document): a blame still waiting for its turn when
   * no one asks for it any more (the diff was edited since) is not run.
   */
  readonly slot?: string;
  /** Trees the subjects name, whose branches (and their pairs') the Fixes commits are looked for in, and refs configured for them. */
  readonly trees?: readonly string[];
  readonly treeRefs?: Readonly<Record<string, string>>;
  /** A series to try on its tree's branch (see applyQuestion). */
  readonly apply?: ApplyQuestion;
  /** Ids of the series' own commits (see sourceCommitsOf): looked up, not asked about releases or trees. */
  readonly sources?: readonly string[];
}

/** The index file's size and modification time, or undefined when it cannot be read. */
function indexStamp(gitDir: string | undefined): string | undefined {
  if (!gitDir) return undefined;
  try {
    const st = statSync(join(gitDir, 'index'));
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}

export class GitFactsCache {
  /** Folders looked up so far (bounded by MAX_FOLDERS; tests read it). */
  get folderCount(): number {
    return this.repos.size;
  }

  private readonly repos = new Map<string, Promise<RepoState | undefined>>();
  /** One blame at a time (each can keep a core busy for seconds), the newest asked first. */
  private readonly blameQueue = new WorkQueue(1);
  /** The blame keys each slot asked for last. */
  private readonly wantedBy = new Map<string, Set<string>>();

  constructor(private readonly opts: GitOptions = {}) {}

  private stateFor(dir: string): Promise<RepoState | undefined> {
    let s = this.repos.get(dir);
    if (!s) {
      s = GitRepository.discover(dir, this.opts).then((repo) => (repo ? { repo, headCheckedAt: 0, lookups: new Map(), culprits: new Map(), shipped: new Map(), inTrees: new Map(), treeRefs: new Map(), applies: new Map(), amends: new Map() } : undefined));
      remember(this.repos, dir, s, MAX_FOLDERS);
    }
    return s;
  }

  /**
   * Facts for the ids a document mentions and the lines it changes (`changes`
   * undefined: the staged change, for COMMIT_EDITMSG); undefined outside a
   * repository. `keptAuthorDate` is the date a commit message's comments show
   * when git keeps an author date: HEAD's when amending.
   */
  async factsFor(
    filePath: string,
    ids: readonly string[],
    changes: readonly ChangedLines[] | undefined,
    signal?: AbortSignal,
    keptAuthorDate?: string,
    /** The lines of each message with a diff, apart (an mbox's mails), keyed by culpritsKey. */
    perMessage: readonly { readonly key: string; readonly lines: readonly ChangedLines[] }[] = [],
    wanted: CulpritsWanted = {},
  ): Promise<EngineFacts | undefined> {
    const state = await this.stateFor(dirname(filePath));
    if (!state) return undefined;
    const now = Date.now();
    if (now - state.headCheckedAt > HEAD_RECHECK_MS) {
      const head = await state.repo.head(signal);
      if (head !== state.head) {
        state.lookups.clear();
        state.culprits.clear();
        state.amends.clear();
        state.tags = undefined;
        state.kernelHistory = undefined;
      }
      state.head = head;
      state.headCheckedAt = now;
    }
    const unknown = ids.map((i) => i.toLowerCase()).filter((i) => !state.lookups.has(i));
    if (unknown.length > 0) {
      const resolved = await state.repo.resolveCommits(unknown, signal);
      for (const [id, lookup] of resolved) state.lookups.set(id, lookup);
    }
    state.committer ??= state.repo.committer();
    state.tags ??= state.repo.releaseTags();
    state.kernelHistory ??= state.repo.holdsKernelHistory();
    const asked = new Map<string, CommitLookup>();
    for (const id of ids) {
      const l = state.lookups.get(id.toLowerCase());
      if (l) asked.set(id.toLowerCase(), l);
    }
    const tags = await state.tags;
    if (state.shipped.size > MAX_SHIPPED) state.shipped.clear();
    // The series' own commits are looked up for their committer only (see sourceCommitsOf).
    const sources = new Set((wanted.sources ?? []).map((i) => i.toLowerCase()));
    const fixed = new Map([...asked].filter(([id]) => !sources.has(id)));
    const shippedOnly = fixed.size > 0 ? await state.repo.withReleases(fixed, tags, signal, state.shipped) : fixed;
    const treeRefs = fixed.size > 0 && wanted.trees?.length ? await this.treeRefsOf(state, withPairs(wanted.trees), wanted.treeRefs ?? {}, signal) : undefined;
    if (state.inTrees.size > MAX_SHIPPED) state.inTrees.clear();
    const judged = treeRefs?.length ? await state.repo.withTrees(shippedOnly, treeRefs, wanted.trees ?? [], signal, state.inTrees) : shippedOnly;
    const commits = new Map([...asked, ...judged]);
    // Amending: the change is the commit's whole change, from its parent, and blame reads the parent.
    let base: string | null | undefined;
    if (keptAuthorDate !== undefined) {
      let amend = state.amends.get(keptAuthorDate);
      if (!amend) {
        amend = state.repo.amendedParent(keptAuthorDate, signal);
        remember(state.amends, keptAuthorDate, amend, MAX_CULPRITS);
      }
      base = await amend;
      // An aborted run answers undefined for this edit only.
      if (signal?.aborted && state.amends.get(keptAuthorDate) === amend) state.amends.delete(keptAuthorDate);
    }
    const lines = changes ?? (base === null ? [] : await this.stagedChanges(state, signal, base));
    // A mail's candidates leave out every commit of its series, not only its own.
    const series = [...new Set([...lines, ...perMessage.flatMap((m) => m.lines)].flatMap((c) => (c.commit ? [c.commit] : [])))];
    const pending: Promise<unknown>[] = [];
    const keysNow = new Set<string>();
    if (wanted.slot !== undefined) remember(this.wantedBy, wanted.slot, keysNow, MAX_FOLDERS);
    const culpritsOf = async (of: readonly ChangedLines[]): Promise<Culprits | undefined> => {
      const key = JSON.stringify([base, of, series]);
      keysNow.add(key);
      let run = state.culprits.get(key);
      if (!run) {
        run = this.startCulprits(state, key, of, base ?? undefined, series, wanted.slot !== undefined);
        remember(state.culprits, key, run, MAX_CULPRITS);
      }
      if (run.value) return run.value;
      if (wanted.culprits === 'later') {
        // The next step's end: the lint after it shows what it found.
        pending.push(run.recent ? run.done : run.recentDone);
        return run.recent;
      }
      return run.done;
    };
    // With mails apart, each has its own answer and none reads the document-wide one: no blame of
    // the whole mbox besides its mails'. One mail alone is the whole document's answer.
    const culprits: Culprits = perMessage.length > 1 ? {} : ((await culpritsOf(lines)) ?? {});
    const byMessage = new Map<string, Culprits>();
    for (const m of perMessage) {
      const own = perMessage.length === 1 ? culprits : await culpritsOf(m.lines);
      if (own) byMessage.set(m.key, own);
    }
    // One step is passed as itself, the same promise to every lint that finds it running.
    if (pending.length > 0) wanted.onPending?.(pending.length === 1 ? pending[0] : Promise.all(pending));
    return {
      ...culprits,
      ...(perMessage.length > 0 ? { culprits: byMessage } : {}),
      commits,
      shallow: await state.repo.isShallow(),
      kernelHistory: await state.kernelHistory,
      committer: await state.committer,
      releaseTags: tags,
      ...(treeRefs ? { treeRefs } : {}),
      ...(wanted.apply ? await this.appliesOf(state, wanted.apply, wanted.treeRefs ?? {}, signal) : {}),
      maintainers: maintainersOf(state.repo.topLevel),
      mailmap: mailmapOf(state.repo.topLevel),
    };
  }

  /** The trees' branches, looked up at most once per TREE_REFS_RECHECK_MS for the same question. */
  private treeRefsOf(state: RepoState, trees: readonly string[], configured: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<TreeRef[]> {
    const key = JSON.stringify([trees, configured]);
    const now = Date.now();
    const known = state.treeRefs.get(key);
    if (known && now - known.at < TREE_REFS_RECHECK_MS) return known.refs;
    const refs = state.repo.treeRefs(trees, configured, signal);
    const entry = { at: now, refs };
    remember(state.treeRefs, key, entry, MAX_CULPRITS);
    // A cancelled lookup answers [] for this lint only; it must not stand for the next ten seconds.
    void refs.then(() => {
      if (signal?.aborted && state.treeRefs.get(key) === entry) state.treeRefs.delete(key);
    });
    return refs;
  }

  /** Whether the series applies to its branch: tried once per branch commit and text of its patches. */
  private async appliesOf(state: RepoState, q: ApplyQuestion, configured: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<Pick<EngineFacts, 'applies'>> {
    const [branch] = await this.treeRefsOf(state, [q.tree], configured, signal);
    if (!branch?.tip) return {};
    const key = JSON.stringify([branch.ref, branch.tip, q.patches.map((p) => p.key), q.patches.map((p) => p.text)]);
    let answer = state.applies.get(key);
    if (!answer) {
      answer = state.repo.appliesOn(branch, q, signal);
      remember(state.applies, key, answer, MAX_CULPRITS);
      const entry = answer;
      // An edit cancels the attempt: its empty answer must not stand for this text.
      void answer.then(() => {
        if (signal?.aborted && state.applies.get(key) === entry) state.applies.delete(key);
      });
    }
    return answer;
  }

  /**
   * `git diff --cached` for a commit message being written: once per state of
   * the index, not once per keystroke (each edit of COMMIT_EDITMSG is a lint).
   */
  private stagedChanges(state: RepoState, signal?: AbortSignal, base?: string): Promise<ChangedLines[]> {
    const stamp = indexStamp(state.repo.gitDir);
    const key = stamp === undefined ? undefined : `${stamp} ${state.head ?? ''} ${base ?? 'HEAD'}`;
    if (key !== undefined && state.staged?.key === key) return state.staged.lines;
    const lines = state.repo.stagedChanges(signal, base);
    // An aborted run answers [] for this edit only; it must not stand for the index.
    if (key !== undefined && !signal?.aborted) {
      const entry = { key, lines };
      state.staged = entry;
      void lines.then(() => {
        if (signal?.aborted && state.staged === entry) state.staged = undefined;
      });
    }
    return lines;
  }

  /**
   * Queues the two steps of a culprits run (one git job at a time, the newest
   * first): the recent commits, then blame. A step still waiting when no slot
   * asks for its key any more (`slotted`) is dropped unrun, and the run with it.
   */
  private startCulprits(state: RepoState, key: string, of: readonly ChangedLines[], base: string | undefined, series: readonly string[], slotted: boolean): CulpritsRun {
    // The queue may start a step at once, before the run object exists: the steps fill in what it holds.
    // Each step's time counts from its start, not from its wait behind another document's blame.
    const answer: { recent?: Culprits; value?: Culprits } = {};
    const superseded = () => {
      if (!slotted || this.isWanted(key)) return false;
      // Asked for by an edit since superseded: not worth seconds of git; asked again if it comes back.
      if (state.culprits.get(key) === answer) state.culprits.delete(key);
      return true;
    };
    const recentDone = this.blameQueue
      .run(async () => {
        if (superseded()) return;
        answer.recent = { recent: await state.repo.recentCommits(of, AbortSignal.timeout(CULPRITS_BUDGET_MS), base, series, CULPRITS_SILENCE_MS) };
      })
      .catch(() => undefined);
    // Blame is queued once its recent commits are known: queued beside them, the newest-first queue would run it first.
    const done = recentDone
      .then(() => this.blameQueue.run(async (): Promise<Culprits> => {
        if (superseded()) return {};
        const blame = await state.repo.blame(of, AbortSignal.timeout(CULPRITS_BUDGET_MS), base, series, CULPRITS_SILENCE_MS);
        return (answer.value = { blame, recent: answer.recent?.recent ?? [] });
      }))
      .catch(() => (answer.value = {}));
    return Object.assign(answer, { recentDone, done });
  }

  /** Whether some slot still asks for the blame `key`. */
  private isWanted(key: string): boolean {
    for (const keys of this.wantedBy.values()) if (keys.has(key)) return true;
    return false;
  }

  /** The slot no longer asks for anything (its document was closed). */
  release(slot: string): void {
    this.wantedBy.delete(slot);
  }

  /** Forget everything (configuration changed, or the user asked). */
  clear(): void {
    this.repos.clear();
  }
}
