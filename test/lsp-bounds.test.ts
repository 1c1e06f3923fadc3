/**
 * The language server's bounds (#18, item 14): a folder of huge siblings is
 * not a series to re-lint per keystroke, folder listings are reused until the
 * folder changes, git work waits in one queue, and bpfPatchLint.git.timeoutMs
 * is the limit each git command gets.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MAX_SERIES_CHARS, SeriesFiles } from '../server/src/lsp/series-files';
import { WorkQueue } from '../server/src/node/work-queue';
import { AUTHOR, patch } from './helpers/mail';
import { LspClient } from './helpers/lsp-client';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('work queue', () => {
  it('runs at most its limit at once, newest waiting job first, and drops a job aborted while waiting', async () => {
    const q = new WorkQueue(2);
    const order: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const job = (name: string) => () => {
      order.push(name);
      const gate = deferred();
      gates.set(name, gate);
      return gate.promise.then(() => name);
    };
    const a = q.run(job('a'));
    const b = q.run(job('b'));
    const c = q.run(job('c'));
    const abort = new AbortController();
    const d = q.run(job('d'), abort.signal);
    const e = q.run(job('e'));
    assert.deepEqual([q.active, q.queued], [2, 3]);
    abort.abort(new Error('edited again'));
    await assert.rejects(d, /edited again/);
    assert.equal(q.queued, 2);
    gates.get('a')!.resolve();
    assert.equal(await a, 'a');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, ['a', 'b', 'e']);
    gates.get('b')!.resolve();
    gates.get('e')!.resolve();
    await Promise.all([b, e]);
    await new Promise((r) => setImmediate(r));
    gates.get('c')!.resolve();
    assert.equal(await c, 'c');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, ['a', 'b', 'e', 'c']);
    assert.deepEqual([q.active, q.queued], [0, 0]);
    // A job that throws frees its place.
    await assert.rejects(q.run(() => Promise.reject(new Error('git failed'))), /git failed/);
    await assert.rejects(q.run(() => { throw new Error('sync'); }), /sync/);
    await new Promise((r) => setImmediate(r));
    assert.equal(q.active, 0);
  });
});

describe('language server bounds (#18, item 14)', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-bounds-lsp-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }));

  const member = (n: number, of: number, pad = 0) =>
    patch({ subject: `[PATCH bpf-next ${n}/${of}] bpf: Part ${n}`, body: `Part ${n}.\n\n${'Filler line of text.\n'.repeat(pad)}\nSigned-off-by: ${AUTHOR}` });

  it('lints a document alone when its siblings are larger than a series can be, without reading them', () => {
    const series = new SeriesFiles();
    // Three siblings of 3 MiB: each a file the server would read, together more than a series can be.
    const big = Math.ceil((3 << 20) / 21);
    writeFileSync(join(dir, '0001-a.patch'), member(1, 4));
    for (const [n, name] of ['0002-b', '0003-c', '0004-d'].entries()) writeFileSync(join(dir, `${name}.patch`), member(n + 2, 4, big));
    assert.ok(3 * statSync(join(dir, '0002-b.patch')).size > MAX_SERIES_CHARS);
    const uri = pathToFileURL(join(dir, '0001-a.patch')).href;
    const openText = (u: string) => (u === uri ? member(1, 4) : undefined);
    assert.deepEqual(series.collect(uri, openText).map((m) => m.uri), [uri]);
    // Below the bound the folder is one series again.
    writeFileSync(join(dir, '0004-d.patch'), member(4, 4));
    assert.equal(series.collect(uri, openText).length, 4);
  });

  it('lists a folder again only when it changed', () => {
    const series = new SeriesFiles();
    writeFileSync(join(dir, '0001-a.patch'), member(1, 3));
    writeFileSync(join(dir, '0002-b.patch'), member(2, 3));
    const uri = pathToFileURL(join(dir, '0001-a.patch')).href;
    // Whole seconds, so the time stamp can be put back exactly.
    const stamp = Math.floor(Date.now() / 1000) - 60;
    utimesSync(dir, stamp, stamp);
    assert.equal(series.collect(uri, () => undefined).length, 2);
    // A third file, with the folder's time stamp put back: the listing in memory is used.
    writeFileSync(join(dir, '0003-c.patch'), member(3, 3));
    utimesSync(dir, stamp, stamp);
    assert.equal(series.collect(uri, () => undefined).length, 2);
    // The folder changes (as any file creation changes it): listed again.
    utimesSync(dir, stamp, stamp + 5);
    assert.equal(series.collect(uri, () => undefined).length, 3);
  });

  /** A repository with a commit to name, and a git on PATH that notes when each of its processes starts and ends. */
  function slowGitRepo(sleepFor: string, delay: string, once = false) {
    const repo = join(dir, 'linux');
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(join(repo, 'a.c'), 'int a;\n');
    execFileSync('git', ['-C', repo, 'add', 'a.c']);
    execFileSync('git', ['-C', repo, '-c', 'user.name=A', '-c', 'user.email=a@b.c', 'commit', '-qm', 'bpf: Add a']);
    const sha = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const bin = join(dir, 'bin');
    const log = join(dir, 'git.log');
    mkdirSync(bin);
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(bin, 'git'),
      `#!/bin/sh\necho "start $$" >> "${log}"\ncase " $* " in *" ${sleepFor} "*) [ -n "${once ? 'once' : ''}" ] && [ -e "${log}.slept" ] || { : > "${log}.slept"; sleep ${delay}; };; esac\n${realGit} "$@"\nrc=$?\necho "end $$" >> "${log}"\nexit $rc\n`,
      { mode: 0o755 },
    );
    return { repo, sha, bin, log };
  }

  const stillRunning = (log: string) => {
    const lines = readFileSync(log, 'utf8').split('\n');
    return lines.filter((l) => l.startsWith('start ')).length - lines.filter((l) => l.startsWith('end ')).length;
  };

  const mostAtOnce = (log: string) => {
    let now = 0;
    let most = 0;
    for (const line of readFileSync(log, 'utf8').split('\n')) {
      if (line.startsWith('start ')) most = Math.max(most, ++now);
      else if (line.startsWith('end ')) now--;
    }
    return most;
  };

  it('queues the git work of 150 open patches and answers a request meanwhile', async () => {
    const { repo, sha, bin, log } = slowGitRepo('cat-file', '0.2');
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    const client = LspClient.spawn();
    process.env.PATH = path;
    try {
      await client.initialize();
      const uris: string[] = [];
      for (let i = 0; i < 150; i++) {
        const folder = join(repo, `p${i}`);
        mkdirSync(folder);
        const uri = pathToFileURL(join(folder, '0001-fix.patch')).href;
        uris.push(uri);
        await client.open(uri, patch({ subject: '[PATCH bpf] bpf: Fix a', body: `Fix a.\n\nFixes: ${sha.slice(0, 12)} ("bpf: Add a")\nSigned-off-by: ${AUTHOR}` }), 'kernel-patch');
      }
      const t0 = Date.now();
      const rules = await client.connection.sendRequest<unknown[]>('bpfPatchLint/rules');
      const answeredMs = Date.now() - t0;
      assert.ok(rules.length > 10);
      assert.ok(answeredMs < 3000, `a simple request waited ${answeredMs} ms behind git`);
      // The last document opened gets its git-backed answer (no unknown-commit error: the commit is found).
      const last = await client.waitFor(uris[uris.length - 1], (p) => p.diagnostics.every((d) => d.code !== 'fixes-tag-unknown-commit'));
      assert.ok(last);
      assert.ok(mostAtOnce(log) <= 8, `${mostAtOnce(log)} git processes at once`);
    } finally {
      await client.close();
      // The server's last git processes may outlive it by a moment; the folder is removed after them.
      for (let waited = 0; waited < 5000 && stillRunning(log) > 0; waited += 50) await new Promise((r) => setTimeout(r, 50));
    }
  });

  it('gives each git command the bpfPatchLint.git.timeoutMs the user set', async () => {
    // A git that is silent for 6 s the first time it is asked about commits: over the default 5 s limit, under the user's 20 s.
    const { repo, sha, bin, log } = slowGitRepo('--batch-check=%(objectname)', '6', true);
    const fixes = `Fixes: ${sha.slice(0, 12)} ("bpf: Something else")`;
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    const client = LspClient.spawn();
    process.env.PATH = path;
    try {
      client.settings = { git: { timeoutMs: 20000 } };
      await client.initialize();
      const uri = pathToFileURL(join(repo, '0001-fix.patch')).href;
      await client.open(uri, patch({ subject: '[PATCH bpf] bpf: Fix a', body: `Fix a.\n\n${fixes}\nSigned-off-by: ${AUTHOR}` }), 'kernel-patch');
      const pub = await client.waitFor(uri, (p) => p.diagnostics.some((d) => d.code === 'fixes-tag-title-mismatch'), 15000);
      assert.ok(pub);
    } finally {
      await client.close();
      // As above: the server's last git processes (the trees' branches, blame) may outlive it by a moment.
      for (let waited = 0; waited < 5000 && stillRunning(log) > 0; waited += 50) await new Promise((r) => setTimeout(r, 50));
    }
  });
});
