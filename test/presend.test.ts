/**
 * The pre-send gate's git-backed checks (the netdev CI's verify_fixes,
 * verify_signedoff and cc_maintainers) against real temporary repositories:
 * remote-tracking branches made locally, signers read from real commits,
 * .mailmap read from the work tree.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitRepository } from '../server/src/node/git-facts';
import { GitFactsCache } from '../server/src/node/git-cache';
import { treeRefCandidates } from '../server/src/node/tree-refs';
import { AUTHOR, patch } from './helpers/mail';
import { REPO } from './helpers/paths';

const BIN = join(REPO, 'bin', 'bpf-patch-lint.js');
const ENV = { ...process.env, GIT_AUTHOR_DATE: '2025-01-02T03:04:05Z', GIT_COMMITTER_DATE: '2025-01-02T03:04:05Z', GIT_CONFIG_NOSYSTEM: '1' };

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: ENV }).trim();
}

function commit(dir: string, file: string, message: string): string {
  writeFileSync(join(dir, file), `${message}\n`);
  gitIn(dir, 'add', file);
  gitIn(dir, 'commit', '-q', '-m', message);
  return gitIn(dir, 'rev-parse', 'HEAD');
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, '--no-color', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pre-send gate: the trees\' branches', function () {
  this.timeout(60000);
  let dir: string;
  let repo: string;
  /** A commit on the bpf branch (and so in bpf-next too), one only bpf-next has, one of a private branch. */
  let shared: string;
  let nextOnly: string;
  let privateOnly: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-presend-'));
    repo = join(dir, 'linux');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    gitIn(repo, 'config', 'user.name', 'Jane Developer');
    gitIn(repo, 'config', 'user.email', 'jane@example.org');
    execFileSync('mkdir', ['-p', join(repo, 'kernel', 'bpf')]);
    commit(repo, 'kernel/bpf/Makefile', 'bpf: Start');
    shared = commit(repo, 'a.c', 'bpf: Add the helper\n\nSigned-off-by: Ann Author <ann@old.org>\nAcked-by: Mo Maintainer <mo@kernel.org>');
    gitIn(repo, 'update-ref', 'refs/remotes/bpf/master', shared);
    nextOnly = commit(repo, 'b.c', 'bpf: Add the feature\n\nSigned-off-by: Ann Author <ann@old.org>');
    gitIn(repo, 'update-ref', 'refs/remotes/upstream-next/master', nextOnly);
    privateOnly = commit(repo, 'c.c', 'bpf: My own work');
    // Remotes as a kernel developer has them: found by URL (any scheme), or by the remote's name.
    gitIn(repo, 'remote', 'add', 'bpf', 'https://git.kernel.org/pub/scm/linux/kernel/git/bpf/bpf.git');
    gitIn(repo, 'remote', 'add', 'upstream-next', 'git://git.kernel.org/pub/scm/linux/kernel/git/bpf/bpf-next');
    writeFileSync(join(repo, '.mailmap'), 'Ann Author <ann@new.org> <ann@old.org>\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the branches by remote URL or name, and a configured ref first', () => {
    const remotes = new Map([['origin', 'git@github.com:me/linux.git'], ['bpf', 'https://example.org/mirror.git'], ['nn', 'ssh://git@gitolite.kernel.org/pub/scm/linux/kernel/git/netdev/net-next.git/']]);
    const c = treeRefCandidates(remotes, { bpf: 'refs/remotes/origin/bpf-master', net: '--upload-pack=evil' });
    assert.deepEqual(c.get('bpf'), ['refs/remotes/origin/bpf-master', 'refs/remotes/bpf/master']);
    assert.deepEqual(c.get('net-next'), ['refs/remotes/nn/main']);
    // A configured value that is not a ref name never reaches git.
    assert.equal(c.get('net'), undefined);
  });

  it('says which branch holds each Fixes commit, in a fixed number of processes', async () => {
    const r = (await GitRepository.discover(repo))!;
    const refs = await r.treeRefs(['bpf', 'bpf-next', 'net']);
    assert.deepEqual(refs.map((x) => [x.tree, x.ref, x.tip]), [
      ['bpf', 'refs/remotes/bpf/master', shared],
      ['bpf-next', 'refs/remotes/upstream-next/master', nextOnly],
    ]);
    assert.equal(refs[0].date, '2025-01-02T03:04:05+00:00');
    const inTrees = await r.reachableFrom([shared, nextOnly, privateOnly], refs);
    assert.deepEqual(Object.fromEntries(inTrees), {
      [shared]: { bpf: true, 'bpf-next': true },
      [nextOnly]: { bpf: false, 'bpf-next': true },
      [privateOnly]: { bpf: false, 'bpf-next': false },
    });
  });

  it('reads the signers get_maintainer.pl --fixes asks for, and .mailmap', async () => {
    const r = (await GitRepository.discover(repo))!;
    const facts = await r.facts([shared.slice(0, 12)]);
    const l = facts.commits!.get(shared.slice(0, 12));
    assert.equal(l?.status, 'found');
    assert.deepEqual(l.status === 'found' && l.commit.signers, ['Ann Author <ann@old.org>', 'Mo Maintainer <mo@kernel.org>']);
    assert.equal(l.status === 'found' && l.commit.committer, 'Jane Developer <jane@example.org>');
    assert.equal(facts.mailmap?.canonical('ANN@old.org'), 'ann@new.org');
  });

  const fix = (sha: string, subject: string, tree: string, cc = 'Ann Author <ann@new.org>, mo@kernel.org') =>
    patch({ sha: 'feed'.repeat(10), subject: `[PATCH ${tree}] bpf: Fix it`, cc, body: `Fix it.\n\nFixes: ${sha.slice(0, 12)} ("${subject}")\nSigned-off-by: ${AUTHOR}` });

  it('CLI: a bpf fix of a commit only bpf-next has is told where it belongs', () => {
    writeFileSync(join(dir, 'wrong-tree.patch'), fix(nextOnly, 'bpf: Add the feature', 'bpf', 'ann@new.org'));
    const r = cli(['--repo', repo, join(dir, 'wrong-tree.patch')], dir);
    assert.match(r.stdout, /fixes-target-not-in-tree/);
    assert.match(r.stdout, new RegExp(`${nextOnly.slice(0, 12)} is in bpf-next \\(upstream-next/master, as of 2025-01-02\\) but not in bpf \\(bpf/master, as of 2025-01-02\\)`));
  });

  it('CLI: the same fix for bpf-next, and a bpf fix of a commit bpf has, pass', () => {
    writeFileSync(join(dir, 'next.patch'), fix(nextOnly, 'bpf: Add the feature', 'bpf-next', 'ann@new.org'));
    writeFileSync(join(dir, 'bpf.patch'), fix(shared, 'bpf: Add the helper', 'bpf'));
    for (const f of ['next.patch', 'bpf.patch']) {
      const r = cli(['--repo', repo, '--format', 'json', join(dir, f)], dir);
      const rules = (JSON.parse(r.stdout) as { rule: string }[]).map((x) => x.rule);
      assert.ok(!rules.includes('fixes-target-not-in-tree') && !rules.includes('fixes-author-not-cc'), `${f}: ${rules.join(', ')}`);
    }
  });

  it('CLI: a fix that does not reach the fixed commit\'s signers fails, and --fix adds them', () => {
    const file = join(dir, 'no-cc.patch');
    writeFileSync(file, fix(shared, 'bpf: Add the helper', 'bpf', 'someone@else.org'));
    const r = cli(['--repo', repo, file], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /was signed off or reviewed by Ann Author, Mo Maintainer, whom this fix does not reach/);
    cli(['--repo', repo, '--fix', file], dir);
    const again = cli(['--repo', repo, '--format', 'json', file], dir);
    assert.ok(!again.stdout.includes('fixes-author-not-cc'));
  });

  it('editor: the cache answers with the branches, once per fetch', async () => {
    const cache = new GitFactsCache();
    // The editor asks the repository the document is in.
    const file = join(repo, 'outgoing.patch');
    const facts = await cache.factsFor(file, [nextOnly.slice(0, 12)], [], undefined, undefined, [], { trees: ['bpf', 'bpf-next'] });
    const l = facts?.commits?.get(nextOnly.slice(0, 12));
    assert.deepEqual(l?.status === 'found' && l.commit.inTrees, { bpf: false, 'bpf-next': true });
    assert.deepEqual(facts?.treeRefs?.map((x) => x.tree), ['bpf', 'bpf-next']);
    // A fetch moves the branch: the answer follows.
    gitIn(repo, 'update-ref', 'refs/remotes/bpf/master', privateOnly);
    await new Promise((r) => setTimeout(r, 10_100));
    const later = await cache.factsFor(file, [nextOnly.slice(0, 12)], [], undefined, undefined, [], { trees: ['bpf', 'bpf-next'] });
    const l2 = later?.commits?.get(nextOnly.slice(0, 12));
    assert.deepEqual(l2?.status === 'found' && l2.commit.inTrees, { bpf: true, 'bpf-next': true });
    gitIn(repo, 'update-ref', 'refs/remotes/bpf/master', shared);
  });

  it('tries the series on the tree\'s branch: the first patch that does not apply, in a scratch index', async () => {
    const r = (await GitRepository.discover(repo))!;
    // The files hold their commit's message: the first line changes, the rest is context.
    const rest = { 'a.c': ['', 'Signed-off-by: Ann Author <ann@old.org>', 'Acked-by: Mo Maintainer <mo@kernel.org>'], 'b.c': ['', 'Signed-off-by: Ann Author <ann@old.org>'] };
    const diff = (file: 'a.c' | 'b.c', from: string, to: string) => {
      const n = rest[file].length + 1;
      return [`diff --git a/${file} b/${file}`, '--- a/' + file, '+++ b/' + file, `@@ -1,${n} +1,${n} @@`, `-${from}`, `+${to}`, ...rest[file].map((l) => ` ${l}`), ''].join('\n');
    };
    // a.c holds the commit message's first line on the bpf branch; b.c is not there at all.
    const first = patch({ subject: '[PATCH bpf 1/2] bpf: One', diff: diff('a.c', 'bpf: Add the helper', 'bpf: Changed') });
    const second = patch({ subject: '[PATCH bpf 2/2] bpf: Two', diff: diff('a.c', 'bpf: Changed', 'bpf: Again') });
    assert.equal(await r.firstNotApplying(shared, [first, second], ['a.c']), undefined);
    const stale = patch({ subject: '[PATCH bpf 2/2] bpf: Two', diff: diff('a.c', 'bpf: Something else', 'bpf: Again') });
    assert.deepEqual(await r.firstNotApplying(shared, [first, stale], ['a.c']), { index: 1, reason: 'patch failed: a.c:1' });
    const missing = patch({ subject: '[PATCH bpf 1/1] bpf: Three', diff: diff('b.c', 'bpf: Add the feature', 'x') });
    assert.equal((await r.firstNotApplying(shared, [missing], ['b.c']))?.index, 0);
    assert.equal(await r.firstNotApplying(nextOnly, [missing], ['b.c']), undefined);
    // Nothing of the work tree or the real index changed.
    assert.equal(gitIn(repo, 'status', '--porcelain', '--untracked-files=no'), '');
  });

  it('CLI: a series made on bpf-next but sent to bpf is told it does not apply there', () => {
    const out = join(dir, 'series');
    execFileSync('mkdir', ['-p', out]);
    const diff = ['diff --git a/b.c b/b.c', '--- a/b.c', '+++ b/b.c', '@@ -1,3 +1,3 @@', '-bpf: Add the feature', '+bpf: Better feature', ' ', ' Signed-off-by: Ann Author <ann@old.org>', ''].join('\n');
    writeFileSync(join(out, '0001-x.patch'), patch({ sha: 'feed'.repeat(10), subject: '[PATCH bpf] bpf: Better feature', diff }));
    const r = cli(['--repo', repo, out], dir);
    assert.match(r.stdout, /The patch \("bpf: Better feature"\) does not apply to bpf \(bpf\/master, as of 2025-01-02\): b\.c: does not exist in index; rebase the series on it\. \[series-does-not-apply\]/);
    writeFileSync(join(out, '0001-x.patch'), patch({ sha: 'feed'.repeat(10), subject: '[PATCH bpf-next] bpf: Better feature', diff }));
    assert.ok(!cli(['--repo', repo, out], dir).stdout.includes('series-does-not-apply'));
  });

  it('editor: the cache tries a series once per text and branch commit', async () => {
    const cache = new GitFactsCache();
    const diff = ['diff --git a/b.c b/b.c', '--- a/b.c', '+++ b/b.c', '@@ -1,3 +1,3 @@', '-bpf: Add the feature', '+bpf: Better feature', ' ', ' Signed-off-by: Ann Author <ann@old.org>', ''].join('\n');
    const q = { tree: 'bpf', patches: [{ key: 'k', text: patch({ subject: '[PATCH bpf] bpf: Better', diff }), paths: ['b.c'] }] };
    const file = join(repo, 'outgoing.patch');
    const facts = await cache.factsFor(file, [], [], undefined, undefined, [], { apply: q });
    assert.equal(facts?.applies?.branch.ref, 'refs/remotes/bpf/master');
    assert.deepEqual(facts?.applies?.failed, { key: 'k', reason: 'b.c: does not exist in index' });
    const next = await cache.factsFor(file, [], [], undefined, undefined, [], { apply: { ...q, tree: 'bpf-next' } });
    assert.equal(next?.applies?.branch.tree, 'bpf-next');
    assert.equal(next?.applies?.failed, undefined);
  });

  it('format-patch copies the fixed commit\'s people, so its own series passes cc_maintainers', () => {
    const work = join(dir, 'fp');
    execFileSync('git', ['clone', '-q', repo, work]);
    gitIn(work, 'config', 'user.name', 'Jane Developer');
    gitIn(work, 'config', 'user.email', 'jane@example.org');
    writeFileSync(join(work, '.mailmap'), 'Ann Author <ann@new.org> <ann@old.org>\n');
    writeFileSync(join(work, 'a.c'), 'fixed\n');
    gitIn(work, 'commit', '-qam', `bpf: Fix the helper\n\nIt was wrong.\n\nFixes: ${shared.slice(0, 12)} ("bpf: Add the helper")\nSigned-off-by: Jane Developer <jane@example.org>`);
    const run = spawnSync(process.execPath, [BIN, 'format-patch', '--tree', 'bpf', '-o', join(dir, 'fp-out'), '-1'], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const r = { stdout: run.stdout, stderr: run.stderr };
    const written = execFileSync('sh', ['-c', `cat "${join(dir, 'fp-out')}"/v1/*.patch`], { encoding: 'utf8' });
    // git folds the Cc: header over lines.
    const cc = /^Cc: (.*(?:\n\s+.*)*)/m.exec(written)?.[1] ?? '';
    assert.match(cc, /Ann Author <ann@new\.org>/, r.stdout + r.stderr);
    assert.match(cc, /Mo Maintainer <mo@kernel\.org>/);
    assert.ok(!/fixes-author-not-cc/.test(r.stdout), r.stdout);
  });
});
