/**
 * A repository shaped like linux.git, for the kernel-scale figures (#16): no
 * linux.git can be downloaded here, so it is generated with `git fast-import`
 * and cached in the user's cache folder (~/.cache/bpf-patch-lint, linked from
 * bench/.cache/kernel-repo).
 *
 * The tip is the real tree of Debian's linux-source-6.12 (its MAINTAINERS,
 * Documentation, 80,000-odd files), so what reads the work tree, the index or
 * MAINTAINERS pays what it pays in a kernel checkout. Behind it: a long
 * first-parent history with merges every hundred commits, release and -rc tags
 * from v2.6.12 on, and kernel/bpf/verifier.c written by thousands of commits
 * (each adds the next part of the real file), so blame there has real work.
 * The other commits each change one of many small real files (a newline added
 * or taken away again), spread over the tree as kernel history is, which keeps
 * the stream small: those commits name blobs by mark instead of sending text.
 *
 *   npx tsx bench/kernel-repo.ts [--commits N] [--force]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
// The fuzzer's seeded generator (mulberry32): the same repository every time.
import { prng } from '../test/fuzz/documents';

const REPO = resolve(__dirname, '..');
const TARBALL = '/usr/src/linux-source-6.12.tar.xz';
const VERIFIER = 'kernel/bpf/verifier.c';
/** 2005-04-16 (Linux-2.6.12-rc2, git's first kernel commit) to 2026-11-30. */
const FIRST_DATE = 1113690036;
const LAST_DATE = 1796000000;

export interface KernelRepoOptions {
  /** Commits in all, merges included (default 1,000,000). */
  readonly commits?: number;
  /** Commits that write kernel/bpf/verifier.c (default 3,000). */
  readonly verifierCommits?: number;
  /** Small files the other commits change (default 20,000). */
  readonly hotFiles?: number;
  /** Where the repository goes (default bench/.cache/kernel-repo, or -N for another size). */
  readonly dir?: string;
  /** Build again even when a repository of these parameters is cached. */
  readonly force?: boolean;
  readonly log?: (message: string) => void;
}

export interface KernelRepo {
  readonly dir: string;
  readonly commits: number;
  readonly merges: number;
  readonly verifierCommits: number;
  readonly tags: number;
  readonly files: number;
  /** Seconds the generation took, and the size of .git when done. */
  readonly seconds: number;
  readonly gitBytes: number;
  /** Commits of kernel/bpf/verifier.c, oldest first (for Fixes tags with real ids). */
  readonly verifierShas: readonly string[];
}

/** Mainline release tags in order, each after its release candidates: v2.6.12-rc2 ... v6.18. */
export function releaseTags(): string[] {
  const releases: string[] = [];
  for (let m = 12; m <= 39; m++) releases.push(`2.6.${m}`);
  for (const [major, last] of [[3, 19], [4, 20], [5, 19], [6, 18]] as const) for (let m = 0; m <= last; m++) releases.push(`${major}.${m}`);
  const out: string[] = [];
  for (const r of releases) {
    for (let rc = r === '2.6.12' ? 2 : 1; rc <= 7; rc++) out.push(`v${r}-rc${rc}`);
    out.push(`v${r}`);
  }
  return out;
}

function git(dir: string, args: readonly string[], input?: string): string {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function duBytes(path: string): number {
  const r = spawnSync('du', ['-sb', path], { encoding: 'utf8' });
  return Number(r.stdout.split('\t')[0]) || 0;
}

/** Writes to fast-import's stdin, waiting when the pipe is full (the stream is gigabytes). */
class Stream {
  private pending: Buffer[] = [];
  private size = 0;
  constructor(private readonly sink: NodeJS.WritableStream) {}
  text(s: string): void {
    this.bytes(Buffer.from(s, 'utf8'));
  }
  bytes(b: Buffer): void {
    this.pending.push(b);
    this.size += b.length;
  }
  data(content: Buffer): void {
    this.text(`data ${content.length}\n`);
    this.bytes(content);
    this.text('\n');
  }
  async flush(force = false): Promise<void> {
    if (!force && this.size < 1 << 20) return;
    const chunk = Buffer.concat(this.pending);
    this.pending = [];
    this.size = 0;
    if (!this.sink.write(chunk)) await new Promise((r) => this.sink.once('drain', r));
  }
}

const SUBSYSTEMS: Record<string, string> = { drivers: 'drivers', net: 'net', fs: 'fs', arch: 'arch', kernel: 'kernel', mm: 'mm', tools: 'tools', sound: 'ALSA', include: 'include', Documentation: 'docs' };

/** A subject like the kernel's: `net/ipv4: Update tcp_input.c (1234)`. */
function subjectFor(path: string, n: number): string {
  const parts = path.split('/');
  const area = parts.length > 2 ? parts.slice(0, 2).join('/') : (SUBSYSTEMS[parts[0]] ?? parts[0]);
  return `${area}: Update ${parts[parts.length - 1]} (${n})`;
}

/**
 * Where the repositories go: outside the source tree, in the user's cache
 * (tools that walk the tree, like vsce packaging the extension, spent two
 * minutes on the 80,000 files of one in bench/.cache); bench/.cache/kernel-repo
 * is a link to it.
 */
const CACHE_HOME = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'bpf-patch-lint');

function planOf(opts: KernelRepoOptions) {
  const commits = opts.commits ?? 1_000_000;
  const verifierCommits = Math.min(opts.verifierCommits ?? 3000, Math.floor(commits / 4));
  const hotFiles = opts.hotFiles ?? 20_000;
  const name = commits === 1_000_000 ? 'kernel-repo' : `kernel-repo-${commits}`;
  const dir = opts.dir ?? join(CACHE_HOME, name);
  return { dir, link: opts.dir ? undefined : join(REPO, 'bench', '.cache', name), marker: join(dir, '.git', 'bench-kernel-repo.json'), params: { commits, verifierCommits, hotFiles, version: 1 } };
}

/** The repository of these parameters when it has been built here, else undefined (nothing is built). */
export function cachedKernelRepo(opts: KernelRepoOptions = {}): KernelRepo | undefined {
  const { dir, link, marker, params } = planOf(opts);
  if (!existsSync(marker)) return undefined;
  const built = JSON.parse(readFileSync(marker, 'utf8')) as KernelRepo & { params: typeof params };
  if (JSON.stringify(built.params) !== JSON.stringify(params)) return undefined;
  linkTo(dir, link);
  return { ...built, dir };
}

/** bench/.cache/NAME, pointing at the repository. */
function linkTo(dir: string, link: string | undefined): void {
  if (!link) return;
  try {
    if (lstatSync(link).isSymbolicLink() && readlinkSync(link) === dir) return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    // no link yet
  }
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(dir, link);
}

export async function buildKernelRepo(opts: KernelRepoOptions = {}): Promise<KernelRepo> {
  const { dir, link, marker, params } = planOf(opts);
  const { commits, verifierCommits, hotFiles: hotCount } = params;
  const log = opts.log ?? ((m: string) => process.stderr.write(`kernel-repo: ${m}\n`));
  const cached = opts.force ? undefined : cachedKernelRepo(opts);
  if (cached) return cached;
  if (!existsSync(TARBALL)) throw new Error(`${TARBALL} is missing: install Debian's linux-source-6.12 (apt-get install linux-source-6.12)`);
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'master']);
  // No automatic gc: a prune of a million objects, started by a benchmark's commit, would be measured with it.
  git(dir, ['config', 'gc.auto', '0']);
  log(`extracting ${TARBALL}`);
  const tar = spawnSync('tar', ['-xJf', TARBALL, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  log('indexing the tree (git add)');
  // -f: Debian's tarball ends its .gitignore with /*, which would leave the whole tree out.
  git(dir, ['-c', 'core.autocrlf=false', 'add', '-A', '-f']);
  const tipTree = git(dir, ['write-tree']).trim();
  const top = git(dir, ['ls-tree', tipTree]).trim().split('\n').map((l) => {
    const [meta, name] = l.split('\t');
    const [mode, type, sha] = meta.split(' ');
    return { mode, type, sha, name };
  });
  const files = git(dir, ['ls-tree', '-r', '-l', tipTree]).trim().split('\n').map((l) => {
    const [meta, path] = l.split('\t');
    const [mode, , sha, size] = meta.split(/\s+/);
    return { mode, sha, size: Number(size), path };
  });
  const verifier = files.find((f) => f.path === VERIFIER);
  if (!verifier) throw new Error(`${VERIFIER} is not in the tree`);
  const verifierText = readFileSync(join(dir, VERIFIER));
  const verifierLines: number[] = [0];
  for (let i = 0; i < verifierText.length; i++) if (verifierText[i] === 0x0a) verifierLines.push(i + 1);

  // Small regular files anywhere but verifier.c, picked the same way every time.
  const rand = prng(20261206);
  const candidates = files.filter((f) => f.mode === '100644' && f.size > 0 && f.size <= 8192 && f.path !== VERIFIER);
  const hot: typeof candidates = [];
  for (let i = 0; i < Math.min(hotCount, candidates.length); i++) hot.push(candidates[Math.floor(rand() * candidates.length)]);
  const hotUnique = [...new Map(hot.map((h) => [h.path, h])).values()];

  log(`streaming ${commits.toLocaleString('en-US')} commits to git fast-import`);
  const fi = spawn('git', ['-C', dir, 'fast-import', '--quiet', '--done', '--export-marks=' + join(dir, '.git', 'bench-marks')], { stdio: ['pipe', 'inherit', 'inherit'] });
  const exited = new Promise<number>((r) => fi.on('close', (code) => r(code ?? 1)));
  const out = new Stream(fi.stdin!);
  // Variant blobs of the hot files: their real text and one more newline.
  hotUnique.forEach((h, k) => {
    out.text(`blob\nmark :${k + 1}\n`);
    out.data(Buffer.concat([readFileSync(join(dir, h.path)), Buffer.from('\n')]));
  });
  await out.flush(true);
  const firstCommitMark = hotUnique.length + 1;
  const toggled = new Uint8Array(hotUnique.length);
  const tags = releaseTags();
  // One merge in a hundred commits; a merge brings its topic commit, so master has the rest.
  const merges = Math.floor(commits / 100);
  const linear = commits - merges;
  const verifierAt = new Set<number>();
  for (let k = 0; k < verifierCommits; k++) verifierAt.add(1 + Math.floor(((k + 0.5) * (linear - 2)) / verifierCommits));
  const mergeAt = new Set<number>();
  for (let k = 0; k < merges; k++) {
    let at = 5 + Math.floor(((k + 0.5) * (linear - 7)) / merges);
    while (verifierAt.has(at) || mergeAt.has(at)) at++;
    if (at < linear - 1) mergeAt.add(at);
  }
  const tagAt = new Map<number, string>();
  tags.forEach((t, k) => tagAt.set(Math.floor(((k + 1) * (linear - 1)) / tags.length), t));
  const names = Array.from({ length: 500 }, (_, k) => `Dev${k} Hacker${k} <dev${k}@example.org>`);
  let mark = firstCommitMark;
  let verifierVersion = 0;
  const verifierMarks: number[] = [];
  const dateOf = (i: number) => FIRST_DATE + Math.floor(((LAST_DATE - FIRST_DATE) * i) / linear);
  const header = (ref: string, m: number, i: number, subject: string, body: string) => {
    const who = names[Math.floor(rand() * names.length)];
    const msg = `${subject}\n\n${body}\n\nSigned-off-by: ${who}\n`;
    out.text(`commit ${ref}\nmark :${m}\nauthor ${who} ${dateOf(i)} +0000\ncommitter ${who} ${dateOf(i)} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}`);
  };
  const verifierBlob = (k: number): Buffer => {
    const upto = k >= verifierCommits ? verifierText.length : verifierLines[Math.max(1, Math.floor((verifierLines.length - 1) * (k / verifierCommits)))];
    return verifierText.subarray(0, upto);
  };
  /** Flips a random hot file between its two blobs; returns its index. */
  const pickHot = () => Math.floor(rand() * hotUnique.length);
  const toggle = (j: number) => {
    toggled[j] ^= 1;
    const h = hotUnique[j];
    out.text(`M 100644 ${toggled[j] ? `:${j + 1}` : h.sha} ${h.path}\n`);
  };
  /** Master's recent commits (the tip last), for merges' parents. */
  const recentMaster: number[] = [];
  for (let i = 0; i < linear; i++) {
    const m = mark++;
    if (i === 0) {
      header('refs/heads/master', m, i, 'Linux-2.6.12-rc2', 'Initial git repository build.');
      for (const e of top) out.text(`M ${e.mode} ${e.sha} ${e.name}\n`);
      out.text(`M 100644 inline ${VERIFIER}\n`);
      out.data(verifierBlob(++verifierVersion));
    } else if (i === linear - 1) {
      header('refs/heads/master', m, i, 'Linux 6.18', 'Back to the tree as released.');
      hotUnique.forEach((h, j) => {
        if (toggled[j]) out.text(`M 100644 ${h.sha} ${h.path}\n`);
      });
      out.text(`M 100644 ${verifier.sha} ${VERIFIER}\n`);
    } else if (verifierAt.has(i)) {
      header('refs/heads/master', m, i, `bpf: Verifier change ${verifierVersion + 1}`, 'Teach the verifier the next part of what it knows.');
      out.text(`M 100644 inline ${VERIFIER}\n`);
      out.data(verifierBlob(++verifierVersion));
      verifierMarks.push(m);
    } else if (mergeAt.has(i)) {
      // A topic branch of one commit, forked a few commits back, merged into master.
      const side = mark++;
      const j = pickHot();
      header('refs/heads/topic', side, i, subjectFor(hotUnique[j].path, i), 'A change made on a topic branch.');
      out.text(`from :${recentMaster[0]}\n`);
      toggle(j);
      header('refs/heads/master', m, i, `Merge branch 'topic-${i}'`, 'Merge a topic branch.');
      out.text(`from :${recentMaster[recentMaster.length - 1]}\nmerge :${side}\n`);
      // fast-import builds a merge's tree from its first parent: the topic's change is repeated.
      out.text(`M 100644 ${toggled[j] ? `:${j + 1}` : hotUnique[j].sha} ${hotUnique[j].path}\n`);
    } else {
      const j = pickHot();
      header('refs/heads/master', m, i, subjectFor(hotUnique[j].path, i), 'Change the file a little.');
      toggle(j);
    }
    recentMaster.push(m);
    if (recentMaster.length > 5) recentMaster.shift();
    const tag = tagAt.get(i);
    if (tag) out.text(`tag ${tag}\nfrom :${m}\ntagger Linus Torvalds <torvalds@linux-foundation.org> ${dateOf(i)} +0000\ndata ${Buffer.byteLength(`Linux ${tag.slice(1)}\n`)}\nLinux ${tag.slice(1)}\n`);
    await out.flush();
  }
  out.text('done\n');
  await out.flush(true);
  fi.stdin!.end();
  const code = await exited;
  if (code !== 0) throw new Error(`git fast-import exited with ${code}`);
  const head = git(dir, ['rev-parse', 'HEAD^{tree}']).trim();
  if (head !== tipTree) throw new Error(`the generated tip ${head} is not the tree of linux-source-6.12 (${tipTree})`);
  log('writing the commit-graph');
  git(dir, ['commit-graph', 'write', '--reachable']);
  const marks = new Map(
    readFileSync(join(dir, '.git', 'bench-marks'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ') as [string, string]),
  );
  const built: KernelRepo & { params: typeof params } = {
    params,
    dir,
    commits: Number(git(dir, ['rev-list', '--count', 'HEAD']).trim()),
    merges: mergeAt.size,
    verifierCommits: verifierMarks.length + 1,
    tags: tags.length,
    files: files.length,
    seconds: (Date.now() - started) / 1000,
    gitBytes: duBytes(join(dir, '.git')),
    verifierShas: verifierMarks.map((m) => marks.get(`:${m}`)!).filter(Boolean),
  };
  writeFileSync(marker, JSON.stringify(built, null, 2) + '\n');
  linkTo(dir, link);
  rmSync(join(dir, '.git', 'bench-marks'), { force: true });
  return built;
}

if (require.main === module) {
  const arg = (name: string) => {
    const k = process.argv.indexOf(name);
    return k >= 0 ? process.argv[k + 1] : undefined;
  };
  buildKernelRepo({ commits: arg('--commits') ? Number(arg('--commits')) : undefined, force: process.argv.includes('--force') }).then(
    (r) => console.log(JSON.stringify({ ...r, verifierShas: `${r.verifierShas.length} ids` }, null, 2)),
    (e: unknown) => {
      process.stderr.write(`kernel-repo: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
