/**
 * Facts from the user's git repository, through simple-git: who is committing,
 * whether the clone is shallow, and what the commit ids mentioned in messages
 * name. Every id is validated before git sees it, arguments are arrays ending
 * options with --end-of-options, and all ids of a document or series are
 * resolved by a fixed number of git processes, never one per tag.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { NO_CONVERSION, safeGit } from './safe-git';
import type { CommitInfo, CommitLookup, EngineFacts, Identity, TreeRef } from '../engine/facts';
import type { ApplyQuestion } from '../rules/git-refs';
import { mailmapOf, maintainersOf } from './maintainers-file';
import { remotesOf, treeRefCandidates } from './tree-refs';
import { withPairs } from '../engine/trees';
import { changedLines, toRanges, type ChangedLines } from '../engine/changed-lines';
import { parseDocument } from '../engine/parse/document';

/** Paths we pass to git after `--`: no option-like or parent-escaping names. */
const SAFE_PATH = /^(?!-)(?!.*(?:^|\/)\.\.(?:\/|$))[^\0\n]+$/;
/** Blame at most this many files per document: a tree-wide change would cost a process each. */
const MAX_BLAME_FILES = 20;
/** Recent commits offered for the changed files. */
const RECENT_COMMITS = 10;

/** The `key\nvalue` records of `git config -z --get-regexp`, keys lower-cased, in git's order. */
export function configEntries(out: string): [string, string][] {
  return out
    .split('\0')
    .map((entry) => [entry.indexOf('\n'), entry] as const)
    .filter(([nl]) => nl > 0)
    .map(([nl, entry]) => [entry.slice(0, nl).toLowerCase(), entry.slice(nl + 1)]);
}

/** A tree object exactly when HEAD is a kernel tree (see holdsKernelHistory). */
const KERNEL_PROBE = 'HEAD:kernel/bpf';
/**
 * Mainline tags: releases and release candidates (v6.12, v6.13-rc1, and before
 * 3.0 v2.6.39 and v2.6.39-rc7), not stable updates (v6.6.12 is on a branch of its own).
 */
const MAINLINE_TAG = /^v(?:2\.6\.(\d+)|([3-9]|[1-9]\d+)\.(\d+))(?:-rc(\d+))?$/;

/** A mainline tag's place in release order: [major, minor, 2.6's third number, rc or Infinity for the release]. */
function releaseRank(tag: string): number[] | undefined {
  const m = MAINLINE_TAG.exec(tag);
  if (!m) return undefined;
  const rc = m[4] === undefined ? Infinity : Number(m[4]);
  return m[1] !== undefined ? [2, 6, Number(m[1]), rc] : [Number(m[2]), Number(m[3]), 0, rc];
}

/**
 * The newest release or release candidate among `tags`. Not git's version sort:
 * that puts v6.13-rc1 after v6.13.
 */
export function newestMainlineTag(tags: readonly string[]): string | undefined {
  const mainline = tags.filter((t) => MAINLINE_TAG.test(t));
  return mainline.length === 0 ? undefined : mainline.reduce((a, b) => (byRelease(a, b) >= 0 ? a : b));
}

/** Orders mainline tags oldest first: v2.6.39 < v3.0-rc1 < v6.12-rc7 < v6.12 < v6.13-rc1. */
export function byRelease(a: string, b: string): number {
  const [x, y] = [releaseRank(a)!, releaseRank(b)!];
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k] < y[k] ? -1 : 1;
  return 0;
}

/** How long after it was committed a commit is looked for a second time: a merge a whole cycle late. */
const LATE_MERGE_SECONDS = 120 * 24 * 3600;

/** Fixes commits checked for having shipped, per run; more is not a real series. */
const MAX_RELEASE_CHECKS = 20;
/** merge-base processes at once: the machines we run on have a few cores. */
const RELEASE_PROBES_AT_ONCE = 2;

/**
 * Whether `dir` or a folder above it looks like a git directory (a .git folder,
 * a bare repository, a worktree's admin folder: HEAD beside objects or a
 * commondir), where `rev-parse --show-toplevel` fails although git answers.
 */
export function insideGitDir(dir: string): boolean {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'HEAD')) && (existsSync(join(d, 'objects')) || existsSync(join(d, 'commondir')))) return true;
    if (dirname(d) === d) return false;
  }
}

/** What git accepts from us as a commit id: lower-case hex, 4 to 40 digits. */
/** Ids per rev-parse --disambiguate process: one process for all but absurd batches, within any command-line limit. */
const DISAMBIGUATE_PER_PROCESS = 2000;
export const SAFE_SHA = /^[0-9a-f]{4,40}$/;

export interface GitOptions {
  /** Milliseconds a git command may stay silent before it is killed. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Told why git failed where the failure only means fewer facts (an editor's log). Not told of cancelled work. */
  readonly log?: (message: string) => void;
  /**
   * The repository does not change while this object is used (one CLI run):
   * release tags, what HEAD's tree is and commit lookups are asked once. An
   * editor's long-lived objects leave this off (a fetch brings tags and commits).
   */
  readonly stable?: boolean;
}

/** Reports a git failure that costs facts, unless the work was cancelled. */
function logFailure(opts: GitOptions, what: string, err: unknown): void {
  if (opts.signal?.aborted) return;
  opts.log?.(`git ${what} failed: ${(err instanceof Error ? err.message : String(err)).trim().split('\n')[0]}`);
}

const FIELD = '\x1f';
const RECORD = '\x1e';
/** A record separator first, then the fields; `--name-only` appends the touched files after each. */
/** The signatures get_maintainer.pl counts as a commit's signers, one line, separated by SIGNER. */
const SIGNERS = '%(trailers:key=Signed-off-by,key=Reviewed-by,key=Acked-by,valueonly,separator=%x1d)';
const SIGNER = '\x1d';
const LOG_FORMAT = '%x1e' + ['%H', '%s', '%an <%ae>', '%aI', '%ct', '%cn <%ce>', SIGNERS].join('%x1f');

function git(baseDir: string, opts: GitOptions, input?: string): SimpleGit {
  if (opts.signal?.aborted) throw new Error('cancelled');
  return safeGit(baseDir, { ...gitOptions(opts), input });
}

/** The time limit and cancellation of `opts`, as safeGit takes them. */
function gitOptions(opts: GitOptions): { timeout: { block: number }; abort?: AbortSignal } {
  return { timeout: { block: opts.timeoutMs ?? 10000 }, ...(opts.signal ? { abort: opts.signal } : {}) };
}

/**
 * An author date in the author's own zone, as `git log --format=%aI` gives it
 * (blame says seconds and zone apart): the day shown must not depend on which
 * of the two found the commit.
 */
export function isoDate(epochSeconds: number, tz = '+0000'): string {
  const zone = /^([+-])(\d\d)(\d\d)$/.exec(tz) ?? ['', '+', '00', '00'];
  const offset = (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3]));
  const local = new Date((epochSeconds + offset * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${zone[1]}${zone[2]}:${zone[3]}`;
}

/** `git log --format=LOG_FORMAT` records; each commit's committer time goes into `times` when given. */
function parseLog(out: string, times?: Map<string, number>): CommitInfo[] {
  return out
    .split(RECORD)
    .filter((r) => r.trim() !== '')
    .map((r) => {
      const [fields, ...rest] = r.split('\n');
      const [sha, subject, author, date, committed, committer, signers] = fields.split(FIELD);
      if (times && /^\d+$/.test(committed ?? '')) times.set(sha, Number(committed));
      return {
        sha,
        subject,
        author,
        date,
        committer,
        signers: (signers ?? '').split(SIGNER).map((v) => v.trim()).filter((v) => v.includes('@')),
        files: rest.map((f) => f.trim()).filter((f) => f !== ''),
      };
    });
}

export class GitRepository {
  private shallowCache?: Promise<boolean>;
  private tagDatesCache?: Promise<Map<string, number>>;
  private releaseTagsCache?: Promise<string[]>;
  /** With `stable`: what each id named, and whether HEAD holds kernel history. */
  private readonly lookupCache = new Map<string, CommitLookup>();
  private kernelHistoryCache?: boolean;
  private readonly shippedMemo = new Map<string, string | null>();
  private committerCache?: Promise<Identity | undefined>;
  /** With `stable`: the trees' branches per question. */
  private readonly treeRefsCache = new Map<string, Promise<TreeRef[]>>();
  /** Committer times of the commits looked up so far (history does not change them). */
  private readonly committedAt = new Map<string, number>();

  private constructor(
    /** A directory inside the repository (work tree or .git): git finds the rest. */
    readonly dir: string,
    readonly topLevel: string | undefined,
    private readonly opts: GitOptions,
    /** The .git folder (absolute), where the index lives. */
    readonly gitDir?: string,
  ) {}

  /** The repository containing `dir`, or undefined when it is not in one (or git is missing). */
  static async discover(dir: string, opts: GitOptions = {}): Promise<GitRepository | undefined> {
    let g: SimpleGit;
    try {
      g = git(dir, opts);
    } catch {
      return undefined; // a folder that does not exist
    }
    let out: string[];
    try {
      // One process for all three answers; inside .git itself --show-toplevel fails, so ask again without it.
      out = (await g.raw(['rev-parse', '--absolute-git-dir', '--is-shallow-repository', '--show-toplevel'])).split('\n');
    } catch {
      // Outside any repository (a folder of mails in /tmp) asking again would cost a process for nothing.
      if (!insideGitDir(dir)) return undefined;
      try {
        out = (await g.raw(['rev-parse', '--absolute-git-dir', '--is-shallow-repository'])).split('\n');
      } catch {
        return undefined;
      }
    }
    const [gitDir, shallow, top] = out.map((l) => l.trim());
    if (!gitDir) return undefined;
    const repo = new GitRepository(dir, top || undefined, opts, gitDir);
    repo.shallowCache = Promise.resolve(shallow === 'true');
    return repo;
  }

  isShallow(): Promise<boolean> {
    this.shallowCache ??= git(this.dir, this.opts)
      .raw(['rev-parse', '--is-shallow-repository'])
      .then((o) => o.trim() === 'true')
      .catch(() => false);
    return this.shallowCache;
  }

  /**
   * Whether HEAD's tree has kernel/bpf: a kernel tree (any branch, shallow or
   * not), as opposed to a mirror or an unrelated repository holding patches.
   */
  async holdsKernelHistory(signal?: AbortSignal): Promise<boolean> {
    try {
      return (await this.batchCheck([KERNEL_PROBE], signal))[0]?.type === 'tree';
    } catch {
      return false;
    }
  }

  /** The identity `git commit` records (user.name, user.email), in one process. */
  committer(): Promise<Identity | undefined> {
    if (!this.opts.stable) return GitRepository.identity(this.dir, this.opts);
    return (this.committerCache ??= GitRepository.identity(this.dir, this.opts));
  }

  /** user.name and user.email as git config answers in `dir`, in a repository or not (global config). */
  static async identity(dir: string, opts: GitOptions = {}): Promise<Identity | undefined> {
    try {
      const out = await git(dir, opts).raw(['config', '-z', '--get-regexp', '^user\\.(name|email)$']);
      const values = new Map(configEntries(out));
      const email = values.get('user.email')?.trim();
      return email ? { name: values.get('user.name')?.trim() ?? '', email } : undefined;
    } catch {
      return undefined;
    }
  }

  /** `git cat-file --batch-check` over `queries` (object names or `rev:path`), one answer per query. */
  private async batchCheck(queries: readonly string[], signal?: AbortSignal): Promise<{ name: string; type: string }[]> {
    if (queries.length === 0) return [];
    const opts: GitOptions = this.gitFor(signal);
    const out = await git(this.dir, opts, queries.join('\n') + '\n').raw(['cat-file', '--batch-check=%(objectname) %(objecttype)']);
    return out
      .split('\n')
      .filter((l) => l !== '')
      .map((line) => {
        const [name, type] = line.split(' ');
        return { name, type };
      });
  }

  /**
   * Resolves commit ids (as written, any case) in two git processes: one
   * `cat-file --batch-check` over all of them through stdin, one `log --no-walk`
   * for the subjects of those that are commits. Only ambiguous short ids cost
   * one more process each, to list their candidates.
   */
  async resolveCommits(ids: Iterable<string>, signal?: AbortSignal): Promise<Map<string, CommitLookup>> {
    return (await this.lookUp(ids, false, signal)).commits;
  }

  /** resolveCommits, and (`probeKernel`) holdsKernelHistory answered by the same cat-file process. */
  private async lookUp(ids: Iterable<string>, probeKernel: boolean, signal?: AbortSignal): Promise<{ commits: Map<string, CommitLookup>; kernelHistory?: boolean }> {
    if (!this.opts.stable) return this.lookUpNow(ids, probeKernel, signal);
    const all = [...new Set([...ids].map((i) => i.toLowerCase()))].filter((i) => SAFE_SHA.test(i));
    const fresh = await this.lookUpNow(
      all.filter((i) => !this.lookupCache.has(i)),
      probeKernel && this.kernelHistoryCache === undefined,
      signal,
    );
    for (const [id, l] of fresh.commits) this.lookupCache.set(id, l);
    if (fresh.kernelHistory !== undefined) this.kernelHistoryCache = fresh.kernelHistory;
    return {
      commits: new Map(all.flatMap((i) => (this.lookupCache.has(i) ? [[i, this.lookupCache.get(i)!] as const] : []))),
      kernelHistory: probeKernel ? this.kernelHistoryCache : undefined,
    };
  }

  private async lookUpNow(ids: Iterable<string>, probeKernel: boolean, signal?: AbortSignal): Promise<{ commits: Map<string, CommitLookup>; kernelHistory?: boolean }> {
    const opts: GitOptions = this.gitFor(signal);
    const wanted = [...new Set([...ids].map((i) => i.toLowerCase()))].filter((i) => SAFE_SHA.test(i));
    const out = new Map<string, CommitLookup>();
    if (wanted.length === 0 && !probeKernel) return { commits: out };
    const answers = await this.batchCheck(probeKernel ? [...wanted, KERNEL_PROBE] : wanted, signal);
    const kernelHistory = probeKernel ? answers[wanted.length]?.type === 'tree' : undefined;
    const full = new Map<string, string>();
    const ambiguous: string[] = [];
    wanted.forEach((id, k) => {
      const answer = answers[k];
      if (answer?.type === 'commit') full.set(id, answer.name);
      else if (answer?.type === 'ambiguous') ambiguous.push(id);
      else out.set(id, { status: 'missing' });
    });
    // Every ambiguous id in one rev-parse (it takes --disambiguate many times and prints every
    // candidate of each); each candidate belongs to the ids it starts with. One process per id
    // was 1,341 processes and 28 s for 2,000 ids.
    const candidates = new Map<string, string[]>(ambiguous.map((id) => [id, []]));
    for (let k = 0; k < ambiguous.length; k += DISAMBIGUATE_PER_PROCESS) {
      const chunk = ambiguous.slice(k, k + DISAMBIGUATE_PER_PROCESS);
      const names = (await git(this.dir, opts).raw(['rev-parse', ...chunk.map((id) => `--disambiguate=${id}`)])).split('\n').filter((n) => SAFE_SHA.test(n));
      const byPrefix = new Map<string, string[]>();
      for (const id of chunk) byPrefix.set(id.toLowerCase(), candidates.get(id)!);
      const lengths = [...new Set(chunk.map((id) => id.length))];
      for (const name of new Set(names)) {
        for (const n of lengths) byPrefix.get(name.slice(0, n))?.push(name);
      }
    }
    const toLog = [...new Set([...full.values(), ...[...candidates.values()].flat()])];
    const infos = new Map<string, CommitInfo>();
    if (toLog.length > 0) {
      // Non-commit candidates of an ambiguous prefix are dropped by --ignore-missing's sibling: log only prints commits.
      const log = await git(this.dir, opts).raw(['log', '--no-walk=unsorted', '--ignore-missing', '--name-only', `--format=${LOG_FORMAT}`, '--end-of-options', ...toLog]);
      for (const c of parseLog(log, this.committedAt)) infos.set(c.sha, c);
    }
    for (const [id, sha] of full) {
      const info = infos.get(sha);
      out.set(id, info ? { status: 'found', commit: info } : { status: 'missing' });
    }
    for (const [id, names] of candidates) {
      const commits = names.map((n) => infos.get(n)).filter((c): c is CommitInfo => c !== undefined);
      if (commits.length === 1) out.set(id, { status: 'found', commit: commits[0] });
      else if (commits.length === 0) out.set(id, { status: 'missing' });
      else out.set(id, { status: 'ambiguous', candidates: commits });
    }
    return { commits: out, kernelHistory };
  }

  /**
   * Whether each found commit has shipped: it is an ancestor of a mainline tag
   * (a release or -rc) here. Proving that against the newest tag walks all
   * history between the two, most of a second for an old commit of linux.git;
   * so each commit is first tried against the first release tagged after it
   * was committed, then one tagged months later (a fix merged a cycle late),
   * and only then the newest, each a `merge-base` whose walk is about as long
   * as the gap. The commits are asked about concurrently. Lookups come back
   * with `release` set to the tag found to contain them, or null.
   */
  async withReleases(
    commits: ReadonlyMap<string, CommitLookup>,
    tags: readonly string[],
    signal?: AbortSignal,
    /** Answers kept between calls (the editor's cache), keyed by the newest tag and commit. */
    shipped: Map<string, string | null> = this.opts.stable ? this.shippedMemo : new Map(),
    /**
     * Commits that answer one question together (a message's Fixes targets): once
     * one of a group is found in a release, the others need no answer, since that
     * one already says the fix belongs to bpf. With groups, checking stops when
     * every group has a shipped commit or has all been checked (each answer is a
     * process; a linter run shows no hovers); without, every commit is checked.
     */
    groups?: readonly (readonly string[])[],
  ): Promise<Map<string, CommitLookup>> {
    const newest = newestMainlineTag(tags);
    const out = new Map(commits);
    if (!newest) return out;
    const opts: GitOptions = this.gitFor(signal);
    const key = (sha: string) => `${newest} ${sha}`;
    const mark = (c: CommitInfo): CommitInfo => ({ ...c, release: shipped.get(key(c.sha)) ?? null });
    const shas = new Set<string>();
    for (const l of commits.values()) {
      if (l.status === 'found') shas.add(l.commit.sha);
      else if (l.status === 'ambiguous') for (const c of l.candidates) shas.add(c.sha);
    }
    const asked = [...shas].filter((x) => !shipped.has(key(x)) && SAFE_SHA.test(x)).slice(0, MAX_RELEASE_CHECKS);
    let dated = await this.tagDates(signal);
    // Tags fetched since the dates were read: read them again.
    if (tags.some((t) => MAINLINE_TAG.test(t) && !dated.has(t))) {
      this.tagDatesCache = undefined;
      dated = await this.tagDates(signal);
    }
    const mainline = tags.filter((t) => MAINLINE_TAG.test(t) && dated.has(t)).sort(byRelease);
    const committed = await this.commitTimes(asked, signal);
    const contains = async (sha: string, tag: string): Promise<boolean> =>
      (await git(this.dir, opts).raw(['merge-base', '--end-of-options', sha, `refs/tags/${tag}`])).trim() === sha;
    const probe = async (sha: string) => {
      const at = committed.get(sha);
      const after = (seconds: number) => mainline.find((t) => dated.get(t)! >= seconds);
      const probes = [...new Set([...(at === undefined ? [] : [after(at), after(at + LATE_MERGE_SECONDS)]), newest])].filter((t): t is string => t !== undefined);
      try {
        let found: string | null = null;
        for (const tag of probes) {
          if (await contains(sha, tag)) {
            found = tag;
            break;
          }
        }
        if (!signal?.aborted) shipped.set(key(sha), found);
      } catch {
        // unknown: leave `release` undefined rather than claim either way
      }
    };
    // Oldest first, a few at a time: the oldest is the likeliest to have shipped.
    const order = [...asked].sort((a, b) => (committed.get(a) ?? Infinity) - (committed.get(b) ?? Infinity));
    for (let k = 0; k < order.length; k += RELEASE_PROBES_AT_ONCE) {
      await Promise.all(order.slice(k, k + RELEASE_PROBES_AT_ONCE).map(probe));
      const answered = (sha: string) => shipped.has(key(sha)) || !order.includes(sha);
      if (groups?.every((g) => g.some((sha) => typeof shipped.get(key(sha)) === 'string') || g.every(answered))) break;
    }
    for (const [id, l] of commits) {
      if (l.status === 'found' && shipped.has(key(l.commit.sha))) out.set(id, { status: 'found', commit: mark(l.commit) });
      else if (l.status === 'ambiguous') out.set(id, { status: 'ambiguous', candidates: l.candidates.map((c) => (shipped.has(key(c.sha)) ? mark(c) : c)) });
    }
    return out;
  }

  /**
   * The lookups, each found commit marked with the trees whose branches contain
   * it: the `named` trees (the subjects') first, then, for a commit one of them
   * lacks, the pair trees (which one has it says where the fix belongs).
   */
  async withTrees(commits: ReadonlyMap<string, CommitLookup>, refs: readonly TreeRef[], named: readonly string[], signal?: AbortSignal, memo: Map<string, boolean> = new Map()): Promise<Map<string, CommitLookup>> {
    const shas = [...new Set([...commits.values()].flatMap((l) => (l.status === 'found' ? [l.commit.sha] : [])))];
    const first = await this.reachableFrom(shas, refs.filter((r) => named.includes(r.tree)), signal, memo);
    const lacking = shas.filter((sha) => Object.values(first.get(sha) ?? {}).some((inIt) => !inIt));
    const then = lacking.length > 0 ? await this.reachableFrom(lacking, refs.filter((r) => !named.includes(r.tree)), signal, memo) : new Map<string, Record<string, boolean>>();
    const out = new Map(commits);
    for (const [id, l] of commits) {
      if (l.status !== 'found') continue;
      const trees = { ...first.get(l.commit.sha), ...then.get(l.commit.sha) };
      if (Object.keys(trees).length > 0) out.set(id, { status: 'found', commit: { ...l.commit, inTrees: trees } });
    }
    return out;
  }

  /** When each mainline-looking tag was made (a tag's own date, or its commit's), read once per repository object. */
  private tagDates(signal?: AbortSignal): Promise<Map<string, number>> {
    this.tagDatesCache ??= git(this.dir, this.gitFor(signal))
      .raw(['for-each-ref', '--format=%(refname:strip=2)%09%(creatordate:unix)', 'refs/tags/v*'])
      .then((out) => new Map(out.split('\n').flatMap((l) => {
        const [name, when] = l.split('\t');
        return name && MAINLINE_TAG.test(name) && /^\d+$/.test(when ?? '') ? [[name, Number(when)] as const] : [];
      })))
      .catch(() => {
        this.tagDatesCache = undefined; // asked again next time
        return new Map<string, number>();
      });
    return this.tagDatesCache;
  }

  /** Each commit's committer time (seconds): known from the lookup's log, else read in one process. */
  private async commitTimes(shas: readonly string[], signal?: AbortSignal): Promise<Map<string, number>> {
    const unknown = shas.filter((sha) => !this.committedAt.has(sha));
    if (unknown.length > 0) {
      try {
        const out = await git(this.dir, this.gitFor(signal)).raw(['log', '--no-walk=unsorted', '--format=%H %ct', '--end-of-options', ...unknown]);
        for (const l of out.split('\n')) {
          const [sha, when] = l.trim().split(' ');
          if (sha && /^\d+$/.test(when ?? '')) this.committedAt.set(sha, Number(when));
        }
      } catch {
        // unknown: only the newest tag is tried for them
      }
    }
    return new Map(shas.flatMap((sha) => (this.committedAt.has(sha) ? [[sha, this.committedAt.get(sha)!] as const] : [])));
  }

  /**
   * The revision each change's old side was read from, or null where none here
   * is known to be: the parent of the commit a format-patch file records, when
   * this repository has that commit (the patch's own commit at HEAD must not
   * blame itself); else HEAD when its file is the diff's pre-image or the diff
   * names none. A patch made against other code gets no blame at all, rather
   * than blame of lines it never saw. One cat-file process for all of them.
   */
  async changeBases(changes: readonly ChangedLines[], signal?: AbortSignal): Promise<(string | null)[]> {
    const queries = ['HEAD'];
    const ask = (q: string) => {
      const k = queries.indexOf(q);
      return k >= 0 ? k : queries.push(q) - 1;
    };
    const asked = changes.map((c) => ({
      commit: c.commit && SAFE_SHA.test(c.commit) ? ask(c.commit) : -1,
      parent: c.commit && SAFE_SHA.test(c.commit) ? ask(`${c.commit}^`) : -1,
      file: c.preImage && SAFE_PATH.test(c.path) ? ask(`HEAD:${c.path}`) : -1,
    }));
    let answers: { name: string; type: string }[];
    try {
      answers = await this.batchCheck(queries, signal);
    } catch (err) {
      logFailure(this.gitFor(signal), 'cat-file (the revisions to blame at)', err);
      return changes.map(() => null);
    }
    const head = answers[0]?.type === 'commit' ? answers[0].name : null;
    return changes.map((c, k) => {
      const a = asked[k];
      if (a.commit >= 0 && answers[a.commit]?.type === 'commit') return answers[a.parent]?.type === 'commit' ? answers[a.parent].name : null; // a root commit: no old side
      if (!c.preImage) return head;
      const blob = answers[a.file];
      return blob?.type === 'blob' && blob.name.startsWith(c.preImage) ? head : null;
    });
  }

  /**
   * Who last touched the given old-side lines (one `git blame` per file, all its
   * ranges in one call), ranked by how many of the lines each commit owns; and
   * the most recent commits touching those files. Each file is read where
   * changeBases says, or at `base` for all (an amended commit's parent); the
   * commits the changes themselves were recorded as, and `alsoNot`, are never culprits.
   */
  async culprits(changes: readonly ChangedLines[], signal?: AbortSignal, base?: string, alsoNot: readonly string[] = [], silenceMs?: number): Promise<Pick<EngineFacts, 'blame' | 'recent'>> {
    const where = await this.blameBases(changes, signal, base);
    const blamed = await this.blameAt(where, changes, signal, alsoNot, silenceMs);
    return { blame: blamed.blame, recent: await this.recentAt(blamed.read, changes, signal, alsoNot, silenceMs) };
  }

  /**
   * The most recent commits touching the changed files, alone: a log stops at
   * the tenth commit of a busy file at once, where blame of the same lines may
   * walk for seconds. Unlike culprits, it does not wait for blame to know which
   * files their bases have: a file a base lacks has no history there to list.
   */
  async recentCommits(changes: readonly ChangedLines[], signal?: AbortSignal, base?: string, alsoNot: readonly string[] = [], silenceMs?: number): Promise<CommitInfo[]> {
    const where = await this.blameBases(changes, signal, base);
    return this.recentAt(where.map(({ rev, path }) => ({ rev, path })), changes, signal, alsoNot, silenceMs);
  }

  /** Blame alone (see culprits). */
  async blame(changes: readonly ChangedLines[], signal?: AbortSignal, base?: string, alsoNot: readonly string[] = [], silenceMs?: number): Promise<NonNullable<EngineFacts['blame']>> {
    return (await this.blameAt(await this.blameBases(changes, signal, base), changes, signal, alsoNot, silenceMs)).blame;
  }

  /** The files to blame (at most MAX_BLAME_FILES, safe paths) and the revision each is read at; those with none are left out. */
  private async blameBases(changes: readonly ChangedLines[], signal?: AbortSignal, base?: string): Promise<{ rev: string; path: string; lines: readonly number[] }[]> {
    const files = changes.filter((c) => SAFE_PATH.test(c.path)).slice(0, MAX_BLAME_FILES);
    const bases = base !== undefined ? files.map(() => base) : await this.changeBases(files, signal);
    return files.flatMap((c, k) => {
      const rev = bases[k];
      return rev !== null && SAFE_SHA.test(rev) ? [{ rev, path: c.path, lines: c.lines }] : [];
    });
  }

  private gitFor(signal?: AbortSignal, silenceMs?: number): GitOptions {
    return { ...this.opts, ...(signal ? { signal } : {}), ...(silenceMs !== undefined ? { timeoutMs: silenceMs } : {}) };
  }

  /** The changes' own commits and `alsoNot` (the other patches of their series): never culprits. */
  private static notCulprits(changes: readonly ChangedLines[], alsoNot: readonly string[]): Set<string> {
    return new Set([...changes.flatMap((c) => (c.commit ? [c.commit] : [])), ...alsoNot]);
  }

  private async blameAt(
    where: readonly { rev: string; path: string; lines: readonly number[] }[],
    changes: readonly ChangedLines[],
    signal: AbortSignal | undefined,
    alsoNot: readonly string[],
    silenceMs: number | undefined,
  ): Promise<{ blame: NonNullable<EngineFacts['blame']>; read: { rev: string; path: string }[] }> {
    const opts = this.gitFor(signal, silenceMs);
    // Paths in a diff are the repository's, whatever folder the patch file is in.
    const top = this.topLevel ?? this.dir;
    const counts = new Map<string, number>();
    const subjects = new Map<string, { subject?: string; author?: string; mail?: string; time?: number; tz?: string }>();
    const own = GitRepository.notCulprits(changes, alsoNot);
    const read: { rev: string; path: string }[] = [];
    for (const { rev, path, lines } of where) {
      const ranges = toRanges(lines).flatMap(([a, b]) => ['-L', `${a},${b}`]);
      let out: string;
      try {
        // --incremental: each block of lines as blame settles it, so git is not silent while old lines are still looked for.
        out = await git(top, opts).raw(['blame', '--no-textconv', '--incremental', ...ranges, rev, '--', path]);
      } catch (err) {
        logFailure(opts, `blame ${rev.slice(0, 12)} -- ${path}`, err);
        continue; // a file the base does not have, or lines past its end
      }
      read.push({ rev, path });
      let current: string | undefined;
      for (const line of out.split('\n')) {
        const head = /^([0-9a-f]{40}) \d+ \d+ (\d+)$/.exec(line);
        if (head) {
          current = head[1];
          counts.set(current, (counts.get(current) ?? 0) + Number(head[2]));
          if (!subjects.has(current)) subjects.set(current, {});
          continue;
        }
        if (!current) continue;
        const s = subjects.get(current)!;
        if (line.startsWith('summary ')) s.subject = line.slice(8);
        else if (line.startsWith('author ')) s.author = line.slice(7);
        else if (line.startsWith('author-mail ')) s.mail = line.slice(12);
        else if (line.startsWith('author-time ')) s.time = Number(line.slice(12));
        else if (line.startsWith('author-tz ')) s.tz = line.slice(10);
      }
    }
    const blame = [...counts]
      .filter(([sha]) => !/^0+$/.test(sha) && !own.has(sha))
      .sort((a, b) => b[1] - a[1])
      .map(([sha, lines]) => {
        const s = subjects.get(sha)!;
        // "Name <mail>", as log's candidates and hovers show authors.
        const author = s.author !== undefined && s.mail ? `${s.author} ${s.mail}` : s.author;
        return { commit: { sha, subject: s.subject ?? '', author, date: s.time ? isoDate(s.time, s.tz) : undefined }, lines };
      });
    return { blame, read };
  }

  private async recentAt(read: readonly { rev: string; path: string }[], changes: readonly ChangedLines[], signal: AbortSignal | undefined, alsoNot: readonly string[], silenceMs: number | undefined): Promise<CommitInfo[]> {
    const opts = this.gitFor(signal, silenceMs);
    const top = this.topLevel ?? this.dir;
    const own = GitRepository.notCulprits(changes, alsoNot);
    const byBase = new Map<string, string[]>();
    for (const { rev, path } of read) byBase.set(rev, [...(byBase.get(rev) ?? []), path]);
    const recent = new Map<string, CommitInfo>();
    for (const [rev, paths] of byBase) {
      try {
        const log = await git(top, opts).raw(['log', '-n', String(RECENT_COMMITS), `--format=${LOG_FORMAT}`, rev, '--', ...paths]);
        for (const c of parseLog(log)) if (!own.has(c.sha)) recent.set(c.sha, c);
      } catch (err) {
        logFailure(opts, `log ${rev.slice(0, 12)}`, err); // no history to offer for these files
      }
    }
    // Newest first across the bases' logs; dates are in their authors' zones, so compared as instants.
    const when = (c: CommitInfo) => (c.date ? Date.parse(c.date) : 0);
    return [...recent.values()].sort((x, y) => when(y) - when(x)).slice(0, RECENT_COMMITS);
  }

  /**
   * The lines the staged change removes or modifies (what `git commit` is about
   * to record), against HEAD, or against `base` (an amended commit's parent).
   */
  async stagedChanges(signal?: AbortSignal, base?: string): Promise<ChangedLines[]> {
    try {
      const against = base !== undefined && SAFE_SHA.test(base) ? [base] : [];
      const diff = await git(this.dir, this.gitFor(signal)).raw(['diff', '--cached', '-U0', '--no-color', ...NO_CONVERSION, ...against]);
      if (!diff.trim()) return [];
      const doc = parseDocument('staged.diff', diff, { commentChar: '#', knownTrees: new Set() });
      return doc.messages.flatMap((m) => changedLines(m));
    } catch (err) {
      logFailure(this.gitFor(signal), 'diff --cached', err);
      return [];
    }
  }

  /**
   * The commit HEAD amends, when `keptDate` (the author date git shows in the
   * message's comments) is HEAD's: its parent, or null for a root commit.
   * Undefined when the message is a new commit.
   */
  async amendedParent(keptDate: string, signal?: AbortSignal): Promise<string | null | undefined> {
    try {
      const out = (await git(this.dir, this.gitFor(signal)).raw(['log', '-1', '--date=default', '--format=%ad%n%P', 'HEAD', '--'])).split('\n');
      if (out[0]?.trim() !== keptDate) return undefined;
      const parent = out[1]?.trim().split(' ')[0];
      return parent && SAFE_SHA.test(parent) ? parent : null;
    } catch {
      return undefined;
    }
  }

  /** Release tags (`v*`), newest version first. */
  releaseTags(signal?: AbortSignal): Promise<string[]> {
    if (!this.opts.stable) return this.readReleaseTags(signal);
    return (this.releaseTagsCache ??= this.readReleaseTags(signal));
  }

  private async readReleaseTags(signal?: AbortSignal): Promise<string[]> {
    try {
      const out = await git(this.dir, this.gitFor(signal)).raw(['tag', '--list', 'v*', '--sort=-version:refname']);
      return out.split('\n').map((t) => t.trim()).filter((t) => t !== '');
    } catch {
      return [];
    }
  }

  /**
   * Where this repository has the branches of `trees` (see tree-refs.ts): one
   * `git config` for the remotes, one `for-each-ref` for which candidates exist.
   */
  treeRefs(trees: readonly string[], configured: Readonly<Record<string, string>> = {}, signal?: AbortSignal): Promise<TreeRef[]> {
    if (!this.opts.stable) return this.readTreeRefs(trees, configured, signal);
    // One CLI run: a folder of 20 files given one by one asks the same question 20 times.
    const key = JSON.stringify([trees, configured]);
    let answer = this.treeRefsCache.get(key);
    if (!answer) this.treeRefsCache.set(key, (answer = this.readTreeRefs(trees, configured, signal)));
    return answer;
  }

  private async readTreeRefs(trees: readonly string[], configured: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<TreeRef[]> {
    if (trees.length === 0) return [];
    const opts = this.gitFor(signal);
    let remotes = new Map<string, string>();
    try {
      // Not configEntries: a remote's name keeps its case (only section and key are case-insensitive).
      const out = await git(this.dir, opts).raw(['config', '-z', '--get-regexp', '^remote\\..*\\.url$']);
      remotes = remotesOf(out.split('\0').flatMap((e) => {
        const nl = e.indexOf('\n');
        return nl > 0 ? [[e.slice(0, nl), e.slice(nl + 1)] as const] : [];
      }));
    } catch {
      // no remotes (git config exits 1): only configured refs remain
    }
    const candidates = treeRefCandidates(remotes, configured);
    const wanted = [...new Set(trees.flatMap((t) => candidates.get(t) ?? []))];
    if (wanted.length === 0) return [];
    const tips = new Map<string, { tip: string; date: string }>();
    try {
      const out = await git(this.dir, opts).raw(['for-each-ref', '--format=%(refname)%09%(objecttype)%09%(objectname)%09%(committerdate:iso-strict)', '--end-of-options', ...wanted]);
      for (const line of out.split('\n')) {
        const [ref, type, tip, date] = line.split('\t');
        if (ref && type === 'commit' && SAFE_SHA.test(tip ?? '')) tips.set(ref, { tip, date: date ?? '' });
      }
    } catch (err) {
      logFailure(opts, 'for-each-ref (the trees\' branches)', err);
      return [];
    }
    return trees.flatMap((tree) => {
      const ref = (candidates.get(tree) ?? []).find((r) => tips.has(r));
      if (!ref) return [];
      const { tip, date } = tips.get(ref)!;
      return [{ tree, ref, tip, ...(date ? { date } : {}) }];
    });
  }

  /**
   * Whether each commit is reachable from each tree's branch: a `merge-base`
   * per pair, a few at a time (the walk is about as long as the commit is old
   * relative to the branch; with a commit-graph, milliseconds). Pairs git could
   * not answer are left out.
   */
  async reachableFrom(
    shas: readonly string[],
    refs: readonly TreeRef[],
    signal?: AbortSignal,
    /** Answers kept between calls (the editor's cache), keyed by the branch's commit and the commit. */
    memo: Map<string, boolean> = new Map(),
  ): Promise<Map<string, Record<string, boolean>>> {
    const opts = this.gitFor(signal);
    const key = (sha: string, r: TreeRef) => `${r.tip ?? r.ref} ${sha}`;
    const pairs = [...new Set(shas)].filter((x) => SAFE_SHA.test(x)).slice(0, MAX_RELEASE_CHECKS).flatMap((sha) => refs.map((r) => ({ sha, r })));
    // Two trees' branches at the same commit (bpf and bpf-next just after a merge) are one question.
    const asked = [...new Map(pairs.filter(({ sha, r }) => !memo.has(key(sha, r))).map((p) => [key(p.sha, p.r), p])).values()];
    for (let k = 0; k < asked.length; k += RELEASE_PROBES_AT_ONCE) {
      await Promise.all(asked.slice(k, k + RELEASE_PROBES_AT_ONCE).map(async ({ sha, r }) => {
        try {
          // No merge base (unrelated histories) prints nothing: not contained.
          const base = (await git(this.dir, opts).raw(['merge-base', '--end-of-options', sha, r.tip ?? r.ref])).trim();
          if (!signal?.aborted) memo.set(key(sha, r), base === sha);
        } catch (err) {
          logFailure(opts, `merge-base ${sha.slice(0, 12)} ${r.ref}`, err);
        }
      }));
    }
    const out = new Map<string, Record<string, boolean>>();
    for (const { sha, r } of pairs) {
      const answer = memo.get(key(sha, r));
      if (answer !== undefined) out.set(sha, { ...(out.get(sha) ?? {}), [r.tree]: answer });
    }
    return out;
  }

  /**
   * Whether `patches` (texts holding diffs, in series order) apply one after
   * the other to `tip`, as the CI's `git am` would apply them: in a scratch index
   * holding only the files they touch (read from `tip` with ls-tree, so a
   * linux.git-sized tree costs nothing more), `git apply --cached` all at once,
   * and when that fails, each in turn.
   * Answers the index of the first that does not apply and git's reason, or
   * undefined when all do; rejects when git itself failed.
   */
  async firstNotApplying(tip: string, patches: readonly string[], paths: readonly string[], signal?: AbortSignal): Promise<{ index: number; reason: string } | undefined> {
    if (!SAFE_SHA.test(tip)) throw new Error(`not a commit id: ${tip}`);
    const scratch = mkdtempSync(join(tmpdir(), 'bpl-apply-'));
    try {
      const env = { GIT_INDEX_FILE: join(scratch, 'index'), GIT_LITERAL_PATHSPECS: '1' };
      const opts = this.gitFor(signal);
      const top = this.topLevel ?? this.dir;
      const safe = [...new Set(paths)].filter((p) => SAFE_PATH.test(p));
      const entries = safe.length > 0 ? await safeGit(top, { ...gitOptions(opts), env }).raw(['ls-tree', '-r', '--full-tree', tip, '--', ...safe]) : '';
      // None of the files on the branch (all new): the scratch index stays empty. Empty input is never sent, so git would wait for it.
      if (entries.trim() !== '') await safeGit(top, { ...gitOptions(opts), env, input: entries }).raw(['update-index', '--index-info']);
      // All at once first (one process: git applies a file's patches in turn); git apply changes
      // nothing when it fails, so then one at a time says which patch it is.
      if (patches.length > 1) {
        try {
          await safeGit(top, { ...gitOptions(opts), env, input: patches.join('\n') }).raw(['apply', '--cached', '--check', '--whitespace=nowarn', '-']);
          return undefined;
        } catch (err) {
          if (signal?.aborted) throw err;
        }
      }
      for (let k = 0; k < patches.length; k++) {
        try {
          await safeGit(top, { ...gitOptions(opts), env, input: patches[k] }).raw(['apply', '--cached', '--whitespace=nowarn', '-']);
        } catch (err) {
          if (signal?.aborted) throw err;
          const reason = (err instanceof Error ? err.message : String(err)).split('\n').map((l) => l.trim()).filter((l) => l !== '');
          return { index: k, reason: reason.find((l) => /^error: /.test(l))?.replace(/^error: /, '') ?? reason[0] ?? 'git apply failed' };
        }
      }
      return undefined;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  /** EngineFacts.applies for a series (nothing when the repository has no branch of its tree, or git could not set up the scratch index). */
  async appliesFacts(
    q: ApplyQuestion,
    configured?: Readonly<Record<string, string>>,
    signal?: AbortSignal,
    /** The branches already looked up for `asked` trees (the Fixes checks'): no second look for those. */
    known?: { readonly asked: readonly string[]; readonly refs: readonly TreeRef[] },
  ): Promise<Pick<EngineFacts, 'applies'>> {
    const [branch] = known && withPairs(known.asked).includes(q.tree) ? known.refs.filter((r) => r.tree === q.tree) : await this.treeRefs([q.tree], configured, signal);
    return branch ? this.appliesOn(branch, q, signal) : {};
  }

  /** EngineFacts.applies for a series on one branch (nothing when git could not set up the scratch index). */
  async appliesOn(branch: TreeRef, q: ApplyQuestion, signal?: AbortSignal): Promise<Pick<EngineFacts, 'applies'>> {
    if (!branch.tip) return {};
    try {
      const failed = await this.firstNotApplying(branch.tip, q.patches.map((p) => p.text), q.patches.flatMap((p) => p.paths), signal);
      return { applies: { branch, ...(failed ? { failed: { key: q.patches[failed.index].key, reason: failed.reason } } : {}) } };
    } catch (err) {
      logFailure(this.gitFor(signal), 'apply (the series on its branch)', err);
      return {};
    }
  }

  /** The commit HEAD points at (undefined in an empty repository). */
  async head(signal?: AbortSignal): Promise<string | undefined> {
    try {
      return (await git(this.dir, this.gitFor(signal)).raw(['rev-parse', '--verify', '--quiet', 'HEAD'])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Every fact the engine can use about `ids`, gathered concurrently. What only
   * some inputs need is asked for: release tags only for patches (a commit
   * message names no tree), the committer only for git's own message files.
   */
  async facts(ids: Iterable<string>, needs: FactNeeds = {}, signal?: AbortSignal): Promise<EngineFacts> {
    const idList = [...ids];
    // The tags' dates, for the release checks below, read meanwhile.
    if (needs.releases !== false && idList.length > 0) void this.tagDates(signal);
    const [looked, shallow, committer, releaseTags, treeRefs] = await Promise.all([
      this.lookUp(idList, needs.kernelHistory ?? true, signal),
      this.isShallow(),
      needs.committer === false ? undefined : typeof needs.committer === 'object' ? needs.committer : this.committer(),
      needs.releases === false ? undefined : this.releaseTags(signal),
      idList.length > 0 && needs.trees?.length ? this.treeRefs(withPairs(needs.trees), needs.treeRefs, signal) : undefined,
    ]);
    // A group's ids as the commits they name (all candidates of an ambiguous one).
    const shasOf = (id: string): string[] => {
      const l = looked.commits.get(id.toLowerCase());
      return l?.status === 'found' ? [l.commit.sha] : l?.status === 'ambiguous' ? l.candidates.map((c) => c.sha) : [];
    };
    const groups = needs.releaseGroups?.map((g) => g.flatMap(shasOf));
    // The series' own commits are looked up for their committer only (see sourceCommitsOf).
    const sources = new Set((needs.sources ?? []).map((i) => i.toLowerCase()));
    const asked = new Map([...looked.commits].filter(([id]) => !sources.has(id)));
    const shipped = releaseTags?.length ? await this.withReleases(asked, releaseTags, signal, undefined, groups) : asked;
    const inTrees = treeRefs?.length ? await this.withTrees(shipped, treeRefs, needs.trees ?? [], signal) : shipped;
    const commits = new Map([...looked.commits, ...inTrees]);
    const people = needs.maintainers === false ? {} : { maintainers: maintainersOf(this.topLevel), mailmap: mailmapOf(this.topLevel) };
    return { commits, shallow, kernelHistory: looked.kernelHistory, committer, releaseTags, ...(treeRefs ? { treeRefs } : {}), ...people };
  }
}

/** What the caller of facts() needs beyond the commits (everything, by default). */
export interface FactNeeds {
  /** Release tags, and whether each commit shipped (the tree a fix belongs to, the merge window). */
  readonly releases?: boolean;
  /** false: not needed; an identity: already known (the hook reads it with the rest of git's config). */
  readonly committer?: boolean | Identity;
  readonly kernelHistory?: boolean;
  readonly maintainers?: boolean;
  /** Ids that answer the release question together, one group per message (see withReleases' groups): no hovers to fill. */
  readonly releaseGroups?: readonly (readonly string[])[];
  /** Ids of the series' own commits (see sourceCommitsOf): looked up, not asked about releases or trees. */
  readonly sources?: readonly string[];
  /** Trees the subjects name, whose branches the found commits are looked for in (their pairs too, see withTrees). */
  readonly trees?: readonly string[];
  /** Refs the configuration names for trees (`treeRefs` of .bpf-patch-lint.json). */
  readonly treeRefs?: Readonly<Record<string, string>>;
}
