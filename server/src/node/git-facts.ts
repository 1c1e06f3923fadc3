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

/** What git accepts from us as a commit id: lower-case hex, 4 to 40 digits. */
export const SAFE_SHA = /^[0-9a-f]{4,40}$/;

export interface GitOptions {
  /** Milliseconds a git command may stay silent before it is killed. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

const FIELD = '\x1f';
const RECORD = '\x1e';
const LOG_FORMAT = ['%H', '%s', '%an <%ae>', '%aI'].join('%x1f') + '%x1e';

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
    .map((r) => r.replace(/^\s+/, ''))
    .filter((r) => r !== '')
    .map((r) => {
      const [sha, subject, author, date] = r.split(FIELD);
      return { sha, subject, author, date };
    });
}

export class GitRepository {
  private shallowCache?: Promise<boolean>;

  private constructor(
    /** A directory inside the repository (work tree or .git): git finds the rest. */
    readonly dir: string,
    readonly topLevel: string | undefined,
    private readonly opts: GitOptions,
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
      return new GitRepository(dir, top, opts);
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
      const log = await git(this.dir, opts).raw(['log', '--no-walk=unsorted', '--ignore-missing', `--format=${LOG_FORMAT}`, '--end-of-options', ...toLog]);
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
    const [commits, shallow, committer, releaseTags] = await Promise.all([this.resolveCommits(ids, signal), this.isShallow(), this.committer(), this.releaseTags(signal)]);
    return { commits, shallow, committer, releaseTags, maintainers: maintainersOf(this.topLevel) };
  }
}
