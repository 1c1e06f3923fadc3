/**
 * Facts from the user's git repository, through simple-git: who is committing,
 * whether the clone is shallow, and what the commit ids mentioned in messages
 * name. Every id is validated before git sees it, arguments are arrays ending
 * options with --end-of-options, and all ids of a document or series are
 * resolved by a fixed number of git processes, never one per tag.
 */
import { simpleGit, type SimpleGit } from 'simple-git';
import type { CommitInfo, CommitLookup, EngineFacts, Identity } from '../engine/facts';
import { maintainersOf } from './maintainers-file';
import { changedLines, toRanges, type ChangedLines } from '../engine/changed-lines';
import { parseDocument } from '../engine/parse/document';

/** Paths we pass to git after `--`: no option-like or parent-escaping names. */
const SAFE_PATH = /^(?!-)(?!.*(?:^|\/)\.\.(?:\/|$))[^\0\n]+$/;
/** Blame at most this many files per document: a tree-wide change would cost a process each. */
const MAX_BLAME_FILES = 20;

/** What git accepts from us as a commit id: lower-case hex, 4 to 40 digits. */
export const SAFE_SHA = /^[0-9a-f]{4,40}$/;

export interface GitOptions {
  /** Milliseconds a git command may stay silent before it is killed. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

const FIELD = '\x1f';
const RECORD = '\x1e';
/** A record separator first, then the fields; `--name-only` appends the touched files after each. */
const LOG_FORMAT = '%x1e' + ['%H', '%s', '%an <%ae>', '%aI'].join('%x1f');

function git(baseDir: string, opts: GitOptions, input?: string): SimpleGit {
  if (opts.signal?.aborted) throw new Error('cancelled');
  return simpleGit({
    baseDir,
    timeout: { block: opts.timeoutMs ?? 10000 },
    ...(opts.signal ? { abort: opts.signal } : {}),
    ...(input !== undefined ? { input: () => input } : {}),
  });
}

function parseLog(out: string): CommitInfo[] {
  return out
    .split(RECORD)
    .filter((r) => r.trim() !== '')
    .map((r) => {
      const [fields, ...rest] = r.split('\n');
      const [sha, subject, author, date] = fields.split(FIELD);
      return { sha, subject, author, date, files: rest.map((f) => f.trim()).filter((f) => f !== '') };
    });
}

export class GitRepository {
  private shallowCache?: Promise<boolean>;

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
    try {
      const g = git(dir, opts);
      const gitDir = (await g.raw(['rev-parse', '--absolute-git-dir'])).trim();
      if (!gitDir) return undefined;
      let top: string | undefined;
      try {
        top = (await g.raw(['rev-parse', '--show-toplevel'])).trim() || undefined;
      } catch {
        top = undefined; // inside .git itself there is no work tree to name
      }
      return new GitRepository(dir, top, opts, gitDir);
    } catch {
      return undefined;
    }
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
  holdsKernelHistory(): Promise<boolean> {
    return git(this.dir, this.opts)
      .raw(['ls-tree', '--full-tree', '-d', '--name-only', 'HEAD', '--', 'kernel/bpf'])
      .then((o) => o.trim() === 'kernel/bpf')
      .catch(() => false);
  }

  async committer(): Promise<Identity | undefined> {
    try {
      const g = git(this.dir, this.opts);
      const name = (await g.raw(['config', '--get', 'user.name'])).trim();
      const email = (await g.raw(['config', '--get', 'user.email'])).trim();
      return email ? { name, email } : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Resolves commit ids (as written, any case) in two git processes: one
   * `cat-file --batch-check` over all of them through stdin, one `log --no-walk`
   * for the subjects of those that are commits. Only ambiguous short ids cost
   * one more process each, to list their candidates.
   */
  async resolveCommits(ids: Iterable<string>, signal?: AbortSignal): Promise<Map<string, CommitLookup>> {
    const opts: GitOptions = signal ? { ...this.opts, signal } : this.opts;
    const wanted = [...new Set([...ids].map((i) => i.toLowerCase()))].filter((i) => SAFE_SHA.test(i));
    const out = new Map<string, CommitLookup>();
    if (wanted.length === 0) return out;
    const batch = await git(this.dir, opts, wanted.join('\n') + '\n').raw(['cat-file', '--batch-check=%(objectname) %(objecttype)']);
    const lines = batch.split('\n').filter((l) => l !== '');
    const full = new Map<string, string>();
    const ambiguous: string[] = [];
    lines.forEach((line, k) => {
      const id = wanted[k];
      if (id === undefined) return;
      const [name, type] = line.split(' ');
      if (type === 'commit') full.set(id, name);
      else if (type === 'ambiguous') ambiguous.push(id);
      else out.set(id, { status: 'missing' });
    });
    const candidates = new Map<string, string[]>();
    for (const id of ambiguous) {
      const names = (await git(this.dir, opts).raw(['rev-parse', `--disambiguate=${id}`])).split('\n').filter((n) => SAFE_SHA.test(n));
      candidates.set(id, names);
    }
    const toLog = [...new Set([...full.values(), ...[...candidates.values()].flat()])];
    const infos = new Map<string, CommitInfo>();
    if (toLog.length > 0) {
      // Non-commit candidates of an ambiguous prefix are dropped by --ignore-missing's sibling: log only prints commits.
      const log = await git(this.dir, opts).raw(['log', '--no-walk=unsorted', '--ignore-missing', '--name-only', `--format=${LOG_FORMAT}`, '--end-of-options', ...toLog]);
      for (const c of parseLog(log)) infos.set(c.sha, c);
      // Which release first carried each commit: one name-rev over all of them.
      const shas = [...infos.keys()];
      if (shas.length > 0) {
        const names = (await git(this.dir, opts).raw(['name-rev', '--tags', '--refs=v*', '--name-only', '--end-of-options', ...shas])).split('\n');
        shas.forEach((sha, k) => {
          const name = (names[k] ?? '').trim();
          infos.set(sha, { ...infos.get(sha)!, release: name === '' || name === 'undefined' ? null : name.replace(/[~^].*$/, '') });
        });
      }
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
    return out;
  }

  /**
   * Who last touched the given old-side lines (one `git blame` per file, all its
   * ranges in one call), ranked by how many of the lines each commit owns; and
   * the most recent commits touching those files.
   */
  async culprits(changes: readonly ChangedLines[], signal?: AbortSignal): Promise<Pick<EngineFacts, 'blame' | 'recent'>> {
    const opts: GitOptions = signal ? { ...this.opts, signal } : this.opts;
    const counts = new Map<string, number>();
    const subjects = new Map<string, { subject?: string; author?: string; time?: number }>();
    const files = changes.filter((c) => SAFE_PATH.test(c.path)).slice(0, MAX_BLAME_FILES);
    for (const c of files) {
      const ranges = toRanges(c.lines).flatMap(([a, b]) => ['-L', `${a},${b}`]);
      let out: string;
      try {
        out = await git(this.dir, opts).raw(['blame', '--porcelain', ...ranges, 'HEAD', '--', c.path]);
      } catch {
        continue; // a file the repository does not have at HEAD
      }
      let current: string | undefined;
      for (const line of out.split('\n')) {
        const head = /^([0-9a-f]{40}) \d+ \d+/.exec(line);
        if (head) {
          current = head[1];
          counts.set(current, (counts.get(current) ?? 0) + 1);
          if (!subjects.has(current)) subjects.set(current, {});
          continue;
        }
        if (!current) continue;
        const s = subjects.get(current)!;
        if (line.startsWith('summary ')) s.subject = line.slice(8);
        else if (line.startsWith('author ')) s.author = line.slice(7);
        else if (line.startsWith('author-time ')) s.time = Number(line.slice(12));
      }
    }
    const blame = [...counts]
      .filter(([sha]) => !/^0+$/.test(sha))
      .sort((a, b) => b[1] - a[1])
      .map(([sha, lines]) => {
        const s = subjects.get(sha)!;
        return { commit: { sha, subject: s.subject ?? '', author: s.author, date: s.time ? new Date(s.time * 1000).toISOString() : undefined }, lines };
      });
    let recent: CommitInfo[] = [];
    if (files.length > 0) {
      try {
        const log = await git(this.dir, opts).raw(['log', '-n', '10', `--format=${LOG_FORMAT}`, 'HEAD', '--', ...files.map((f) => f.path)]);
        recent = parseLog(log);
      } catch {
        recent = [];
      }
    }
    return { blame, recent };
  }

  /** The lines the staged change removes or modifies (what `git commit` is about to record). */
  async stagedChanges(signal?: AbortSignal): Promise<ChangedLines[]> {
    try {
      const diff = await git(this.dir, signal ? { ...this.opts, signal } : this.opts).raw(['diff', '--cached', '-U0', '--no-color', '--no-ext-diff']);
      if (!diff.trim()) return [];
      const doc = parseDocument('staged.diff', diff, { commentChar: '#', knownTrees: new Set() });
      return doc.messages.flatMap((m) => changedLines(m));
    } catch {
      return [];
    }
  }

  /** Release tags (`v*`), newest version first. */
  async releaseTags(signal?: AbortSignal): Promise<string[]> {
    try {
      const out = await git(this.dir, signal ? { ...this.opts, signal } : this.opts).raw(['tag', '--list', 'v*', '--sort=-version:refname']);
      return out.split('\n').map((t) => t.trim()).filter((t) => t !== '');
    } catch {
      return [];
    }
  }

  /** The commit HEAD points at (undefined in an empty repository). */
  async head(signal?: AbortSignal): Promise<string | undefined> {
    try {
      return (await git(this.dir, signal ? { ...this.opts, signal } : this.opts).raw(['rev-parse', '--verify', '--quiet', 'HEAD'])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /** Every fact the engine can use about `ids`, gathered concurrently. */
  async facts(ids: Iterable<string>, signal?: AbortSignal): Promise<EngineFacts> {
    const [commits, shallow, kernelHistory, committer, releaseTags] = await Promise.all([
      this.resolveCommits(ids, signal),
      this.isShallow(),
      this.holdsKernelHistory(),
      this.committer(),
      this.releaseTags(signal),
    ]);
    return { commits, shallow, kernelHistory, committer, releaseTags, maintainers: maintainersOf(this.topLevel) };
  }
}
