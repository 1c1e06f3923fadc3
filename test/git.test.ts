/**
 * Git-backed checks against real temporary repositories (no mocks of git).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitRepository, byRelease, insideGitDir, isoDate, newestMainlineTag } from '../server/src/node/git-facts';
import { GitFactsCache } from '../server/src/node/git-cache';
import { AUTHOR, commitMessage, patch } from './helpers/mail';
import { REPO } from './helpers/paths';
import { makeRepo } from './helpers/git-repo';

const BIN = join(REPO, 'bin', 'bpf-patch-lint.js');

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: '2024-01-02T03:04:05Z', GIT_COMMITTER_DATE: '2024-01-02T03:04:05Z' },
  }).trim();
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('git-backed checks', function () {
  this.timeout(60000);
  let dir: string;
  let repo: string;
  let head: string;
  let second: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-git-'));
    repo = join(dir, 'linux');
    makeRepo(repo, 40);
    head = gitIn(repo, 'rev-parse', 'HEAD');
    second = gitIn(repo, 'rev-parse', 'HEAD~1');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const fixesPatch = (tag: string) => patch({ body: `Fix it.\n\n${tag}\nSigned-off-by: ${AUTHOR}` });

  it('resolves every id of a batch in a fixed number of git processes', async () => {
    const r = (await GitRepository.discover(repo))!;
    const result = await r.resolveCommits([head.slice(0, 12), second.slice(0, 7).toUpperCase(), 'deadbeef0000']);
    assert.deepEqual(result.get(head.slice(0, 12)), { status: 'found', commit: { sha: head, subject: 'bpf: change 40', author: 'A <a@b.c>', date: '2023-11-14T22:14:00+00:00', committer: 'A <a@b.c>', signers: [], files: ['f.txt'] } });
    assert.equal(result.get(second.slice(0, 7))?.status, 'found');
    assert.deepEqual(result.get('deadbeef0000'), { status: 'missing' });
  });

  it('rejects anything that is not a hex id before git sees it', async () => {
    const r = (await GitRepository.discover(repo))!;
    const marker = join(dir, 'pwned');
    const result = await r.resolveCommits(['--output=' + marker, `$(touch ${marker})`, 'HEAD', 'main', 'abc', '-1', 'g0123456']);
    assert.equal(result.size, 0);
    assert.ok(!existsSync(marker));
  });

  it('lists the candidates of an ambiguous short id', async () => {
    const big = join(dir, 'big');
    makeRepo(big, 700);
    const shas = gitIn(big, 'log', '--format=%H').split('\n');
    const seen = new Map<string, string>();
    let prefix: string | undefined;
    for (const s of shas) {
      const p = s.slice(0, 4);
      if (seen.has(p)) {
        prefix = p;
        break;
      }
      seen.set(p, s);
    }
    assert.ok(prefix, '700 commits share a 4-digit prefix somewhere');
    const r = (await GitRepository.discover(big))!;
    const lookup = (await r.resolveCommits([prefix])).get(prefix);
    assert.equal(lookup?.status, 'ambiguous');
    assert.ok(lookup?.status === 'ambiguous' && lookup.candidates.length >= 2 && lookup.candidates.every((c) => c.sha.startsWith(prefix!)));
  });

  it('asks about every ambiguous short id in one git process, with the candidates each would get alone (#18, item 15)', async () => {
    const big = join(dir, 'big');
    if (!existsSync(big)) makeRepo(big, 700);
    // Every 4-digit prefix that more than one object shares: commits, trees and blobs.
    const objects = gitIn(big, 'cat-file', '--batch-all-objects', '--batch-check=%(objectname)').split('\n');
    const count = new Map<string, number>();
    for (const o of objects) count.set(o.slice(0, 4), (count.get(o.slice(0, 4)) ?? 0) + 1);
    const ambiguous = [...count].filter(([, n]) => n > 1).map(([p]) => p);
    assert.ok(ambiguous.length >= 10, `${ambiguous.length} ambiguous prefixes`);
    // A longer id under one of them is its own question.
    const longer = objects.find((o) => o.startsWith(ambiguous[0]))!.slice(0, 5);
    const ids = [...ambiguous, longer];
    // A git that notes each of its runs.
    const bin = join(dir, 'counting-bin');
    const log = join(dir, 'git-runs.log');
    mkdirSync(bin, { recursive: true });
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nn=0\nfor a in "$@"; do case "$a" in --disambiguate=*) n=$((n+1));; esac; done\necho "$n" >> "${log}"\nexec ${realGit} "$@"\n`, { mode: 0o755 });
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    let result: Awaited<ReturnType<GitRepository['resolveCommits']>>;
    try {
      result = await (await GitRepository.discover(big))!.resolveCommits(ids);
    } finally {
      process.env.PATH = path;
    }
    // One line per git process: how many ids it was asked to disambiguate.
    const runs = readFileSync(log, 'utf8').split('\n').filter(Boolean).map(Number);
    assert.equal(runs.filter((n) => n > 0).length, 1, `git runs: ${runs.join(', ')}`);
    assert.ok(runs.length <= 4, `${runs.length} git processes`);
    const alone = (id: string) => gitIn(big, 'rev-parse', `--disambiguate=${id}`).split('\n').filter((c) => gitIn(big, 'cat-file', '-t', c) === 'commit');
    for (const id of ids) {
      const commits = alone(id);
      const got = result.get(id);
      if (commits.length === 0) assert.deepEqual(got, { status: 'missing' }, id);
      else if (commits.length === 1) assert.equal(got?.status === 'found' && got.commit.sha, commits[0], id);
      else assert.deepEqual(got?.status === 'ambiguous' && got.candidates.map((c) => c.sha).sort(), commits.sort(), id);
    }
  });

  it('reports unknown commits and wrong titles from the CLI, and nothing with --no-git', () => {
    writeFileSync(join(repo, 'unknown.patch'), fixesPatch('Fixes: deadbeef0000 ("bpf: Gone")'));
    writeFileSync(join(repo, 'title.patch'), fixesPatch(`Fixes: ${head.slice(0, 12)} ("bpf: Something else")`));
    const rules = (f: string, extra: string[] = []) =>
      (JSON.parse(cli(['--format', 'json', ...extra, f], repo).stdout) as { rule: string; message: string }[]).map((x) => x.rule);
    assert.ok(rules('unknown.patch').includes('fixes-tag-unknown-commit'));
    assert.ok(rules('title.patch').includes('fixes-tag-title-mismatch'));
    assert.ok(!rules('unknown.patch', ['--no-git']).includes('fixes-tag-unknown-commit'));
    assert.ok(!rules('title.patch', ['--no-git']).includes('fixes-tag-title-mismatch'));
  });

  it('says nothing of unknown commits outside a kernel tree (a libbpf mirror, a patches repository)', async () => {
    const mirror = join(dir, 'libbpf');
    gitIn(dir, 'init', '-q', '-b', 'main', mirror);
    writeFileSync(join(mirror, 'bpf.c'), 'int x;\n');
    gitIn(mirror, 'add', 'bpf.c');
    gitIn(mirror, '-c', 'user.name=A', '-c', 'user.email=a@b.c', 'commit', '-qm', 'libbpf: Add bpf.c');
    const own = gitIn(mirror, 'rev-parse', 'HEAD');
    writeFileSync(join(mirror, 'unknown.patch'), fixesPatch('Fixes: deadbeef0000 ("bpf: Gone")'));
    writeFileSync(join(mirror, 'title.patch'), fixesPatch(`Fixes: ${own.slice(0, 12)} ("bpf: Something else")`));
    const rules = (f: string) => (JSON.parse(cli(['--format', 'json', f], mirror).stdout) as { rule: string }[]).map((x) => x.rule);
    assert.ok(!rules('unknown.patch').includes('fixes-tag-unknown-commit'));
    // A commit it does have is still that commit: its title is checked.
    assert.ok(rules('title.patch').includes('fixes-tag-title-mismatch'));
    const summary = cli(['--format', 'summary', 'unknown.patch'], mirror).stdout;
    assert.match(summary, /Fixes verified in git.*no kernel history/);
    // Asked from anywhere in the repository: a subfolder, or .git where COMMIT_EDITMSG lives.
    for (const where of [join(repo, 'kernel', 'bpf'), join(repo, '.git')]) assert.equal(await (await GitRepository.discover(where))!.holdsKernelHistory(), true, where);
    assert.equal(await (await GitRepository.discover(join(mirror, '.git')))!.holdsKernelHistory(), false);
  });

  it('checks a series written outside the tree against the current directory\'s repository, and says when none was consulted', () => {
    const outgoing = join(dir, 'outgoing');
    mkdirSync(outgoing, { recursive: true });
    writeFileSync(join(outgoing, 'x.patch'), fixesPatch('Fixes: deadbeef0000 ("bpf: Gone")'));
    const run = (cwd: string, args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GIT_CEILING_DIRECTORIES: dir } });
    const inTree = run(repo, ['--format', 'json', join('..', 'outgoing', 'x.patch')]);
    assert.ok((JSON.parse(inTree.stdout) as { rule: string }[]).some((f) => f.rule === 'fixes-tag-unknown-commit'), inTree.stdout);
    const nowhere = run(outgoing, ['x.patch']);
    assert.doesNotMatch(nowhere.stdout, /fixes-tag-unknown-commit/);
    assert.match(nowhere.stdout, /\ngit not consulted: x\.patch is in no git repository and neither is the current directory, so Fixes commits were not looked up \(--repo DIR names one\)\.\n$/);
    // A folder inside some other repository (no kernel in it) is still checked against the kernel tree you are in.
    const dotfiles = join(dir, 'dotfiles');
    execFileSync('git', ['init', '-q', dotfiles]);
    mkdirSync(join(dotfiles, 'outgoing'));
    writeFileSync(join(dotfiles, 'outgoing', 'x.patch'), fixesPatch('Fixes: deadbeef0000 ("bpf: Gone")'));
    const nested = run(repo, ['--format', 'json', join(dotfiles, 'outgoing', 'x.patch')]);
    assert.ok((JSON.parse(nested.stdout) as { rule: string }[]).some((f) => f.rule === 'fixes-tag-unknown-commit'), nested.stdout);
    // --no-git is the user's own choice: nothing to say.
    assert.doesNotMatch(run(outgoing, ['--no-git', 'x.patch']).stdout, /git not consulted/);
  });

  it('--fix fills the real title and expands a short id with --repo', () => {
    const f = join(dir, 'short.patch');
    writeFileSync(f, fixesPatch(`Fixes: ${second.slice(0, 7)}`));
    const r = cli(['--fix', '--repo', repo, f], dir);
    assert.equal(readFileSync(f, 'utf8'), fixesPatch(`Fixes: ${second.slice(0, 12)} ("bpf: change 39")`), r.stdout + r.stderr);
  });

  it('signs off COMMIT_EDITMSG as the git user on --fix --signoff only, and says what it changed', () => {
    const f = join(repo, '.git', 'COMMIT_EDITMSG');
    writeFileSync(f, commitMessage({ body: 'Explain the change.' }));
    // The sign-off certifies the DCO: --fix alone never adds it.
    const plain = cli(['--fix', f], repo);
    assert.equal(readFileSync(f, 'utf8'), commitMessage({ body: 'Explain the change.' }));
    assert.equal(plain.code, 1);
    assert.doesNotMatch(plain.stdout, /fixed:/);
    assert.match(plain.stdout, /No Signed-off-by: trailer; Jane Developer must sign off\. \[signed-off-by-missing\]/);
    const signed = cli(['--fix', '--signoff', f], repo);
    assert.match(readFileSync(f, 'utf8'), /Explain the change\.\n\nSigned-off-by: Jane Developer <jane@example\.org>\n/);
    assert.match(signed.stdout, /^\S*COMMIT_EDITMSG:4:1: fixed: Add Signed-off-by: Jane Developer \[signed-off-by-missing\]$/m);
    assert.equal(signed.code, 0, signed.stdout);
  });

  it('treats a commit a shallow clone lacks as a warning', () => {
    const shallow = join(dir, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, shallow]);
    writeFileSync(join(shallow, 'old.patch'), fixesPatch(`Fixes: ${second.slice(0, 12)} ("bpf: change 39")`));
    const out = JSON.parse(cli(['--format', 'json', 'old.patch'], shallow).stdout) as { rule: string; severity: string }[];
    assert.deepEqual(out.filter((x) => x.rule === 'fixes-tag-unknown-commit').map((x) => x.severity), ['warning']);
  });

  it('reads MAINTAINERS from the repository and names who is missing', () => {
    writeFileSync(join(repo, 'MAINTAINERS'), 'BPF [GENERAL]\nM:\tAlexei Starovoitov <ast@kernel.org>\nL:\tbpf@vger.kernel.org\nF:\tkernel/bpf/\n');
    writeFileSync(join(repo, 'cc.patch'), patch({ to: 'bpf@vger.kernel.org', files: ['kernel/bpf/verifier.c'] }));
    const out = JSON.parse(cli(['--format', 'json', 'cc.patch'], repo).stdout) as { rule: string; message: string }[];
    const hit = out.find((x) => x.rule === 'maintainers-not-cc');
    assert.match(hit?.message ?? '', /Alexei Starovoitov <ast@kernel\.org> \(BPF \[GENERAL\]\)/);
  });

  it('reads release tags: the merge window and the tree a fix belongs to', () => {
    const tagged = join(dir, 'tagged');
    makeRepo(tagged, 30);
    gitIn(tagged, 'tag', 'v6.12', 'HEAD~10');
    const old = gitIn(tagged, 'rev-parse', 'HEAD~20');
    writeFileSync(join(tagged, 'fix.patch'), patch({ subject: '[PATCH bpf-next] bpf: Fix', body: `Fix.\n\nFixes: ${old.slice(0, 12)} ("bpf: change 10")\nSigned-off-by: ${AUTHOR}` }));
    const out = () => JSON.parse(cli(['--format', 'json', 'fix.patch'], tagged).stdout) as { rule: string; message: string }[];
    let found = out();
    assert.match(found.find((x) => x.rule === 'subject-tree-suggestion')?.message ?? '', /already in v6\.12/);
    assert.match(found.find((x) => x.rule === 'merge-window-open')?.message ?? '', /v6\.12 is the newest release tag/);
    gitIn(tagged, 'tag', 'v6.13-rc1', 'HEAD~2');
    found = out();
    assert.ok(!found.some((x) => x.rule === 'merge-window-open'));
  });

  it('finds a Fixes commit unrelated to the change and offers the blamed one', () => {
    const hist = join(dir, 'hist');
    execFileSync('git', ['init', '-q', '-b', 'main', hist]);
    gitIn(hist, 'config', 'user.name', 'Jane Developer');
    gitIn(hist, 'config', 'user.email', 'jane@example.org');
    const lines = Array.from({ length: 10 }, (_, i) => `int line${i + 1};`);
    writeFileSync(join(hist, 'file.c'), lines.join('\n') + '\n');
    gitIn(hist, 'add', 'file.c');
    gitIn(hist, 'commit', '-q', '-m', 'bpf: Add file');
    lines[4] = 'int line5 = 1;';
    writeFileSync(join(hist, 'file.c'), lines.join('\n') + '\n');
    gitIn(hist, 'commit', '-q', '-am', 'bpf: Tweak line 5');
    const culprit = gitIn(hist, 'rev-parse', 'HEAD');
    writeFileSync(join(hist, 'other.c'), 'int x;\n');
    gitIn(hist, 'add', 'other.c');
    gitIn(hist, 'commit', '-q', '-m', 'net: Unrelated');
    const unrelated = gitIn(hist, 'rev-parse', 'HEAD');
    const diff = ['diff --git a/file.c b/file.c', '--- a/file.c', '+++ b/file.c', '@@ -5 +5 @@', '-int line5 = 1;', '+int line5 = 2;'].join('\n');
    writeFileSync(join(hist, 'fix.patch'), patch({ diff, body: `Fix.\n\nFixes: ${unrelated.slice(0, 12)} ("net: Unrelated")\nSigned-off-by: ${AUTHOR}` }));
    const out = JSON.parse(cli(['--format', 'json', 'fix.patch'], hist).stdout) as { rule: string; message: string; fixes: { title: string }[] }[];
    const hit = out.find((x) => x.rule === 'fixes-tag-unrelated')!;
    assert.match(hit.message, /changed none of the files this patch changes; it touched other\.c/);
    // The blamed commit, then the file's other recent commits (the list completion offers, #14).
    const added = gitIn(hist, 'rev-parse', `${culprit}~1`);
    assert.deepEqual(hit.fixes.map((x) => x.title), [
      `Use Fixes: ${culprit.slice(0, 12)} ("bpf: Tweak line 5") (last wrote 1 of the changed lines)`,
      `Use Fixes: ${added.slice(0, 12)} ("bpf: Add file") (recently changed these files)`,
    ]);
  });

  it('asks the git user to sign off only in the message git is recording, not on stdin', () => {
    const own = join(dir, 'own');
    execFileSync('git', ['init', '-q', '-b', 'main', own]);
    gitIn(own, 'config', 'user.name', 'Ci Bot');
    gitIn(own, 'config', 'user.email', 'ci@example.org');
    const message = commitMessage({ body: `Keep the state.\n\nSigned-off-by: ${AUTHOR}` });
    const rules = (r: { stdout: string }) => (JSON.parse(r.stdout) as { rule: string }[]).map((f) => f.rule);
    writeFileSync(join(own, '.git', 'COMMIT_EDITMSG'), message);
    assert.ok(rules(cli(['--format', 'json', '.git/COMMIT_EDITMSG'], own)).includes('signed-off-by-author-mismatch'));
    const piped = spawnSync(process.execPath, [join(REPO, 'bin', 'bpf-patch-lint.js'), '--format', 'json', '--kind', 'message', '-'], { cwd: own, input: message, encoding: 'utf8' });
    assert.deepEqual(rules(piped).filter((r) => r.startsWith('signed-off-by')), []);
  });

  it('says it when --repo is not a repository', () => {
    writeFileSync(join(dir, 'x.patch'), fixesPatch('Fixes: deadbeef0000 ("bpf: Gone")'));
    const r = cli(['--repo', tmpdir(), 'x.patch'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--repo .*: not a git repository/);
  });
});

describe('git facts cache of the language server', function () {
  this.timeout(60_000);
  it('remembers a bounded number of folders however many documents a session opens', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bpl-cache-'));
    try {
      const cache = new GitFactsCache({ timeoutMs: 5000 });
      for (let i = 0; i < 300; i++) assert.equal(await cache.factsFor(join(root, `d${i}`, 'x.patch'), [], []), undefined);
      assert.equal(cache.folderCount, 256);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('asks git for the staged change once per state of the index, not once per keystroke', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bpl-staged-'));
    const original = GitRepository.prototype.stagedChanges;
    let asked = 0;
    GitRepository.prototype.stagedChanges = function (this: GitRepository, signal?: AbortSignal) {
      asked++;
      return original.call(this, signal);
    };
    try {
      const r = join(root, 'linux');
      makeRepo(r, 3);
      const message = join(r, '.git', 'COMMIT_EDITMSG');
      const cache = new GitFactsCache({ timeoutMs: 5000 });
      // A commit message has no diff of its own: its changes are the staged ones (undefined here).
      for (let i = 0; i < 5; i++) await cache.factsFor(message, [], undefined);
      assert.equal(asked, 1);
      writeFileSync(join(r, 'f.txt'), 'changed\n');
      gitIn(r, 'add', 'f.txt');
      const facts = await cache.factsFor(message, [], undefined);
      assert.equal(asked, 2);
      assert.ok(facts?.blame?.length, 'the new staged change is blamed');
    } finally {
      GitRepository.prototype.stagedChanges = original;
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("blames a patch's lines in the code before it: the parent of its From commit, else HEAD when HEAD's file is the diff's pre-image, else nowhere (#14)", async () => {
    const root = mkdtempSync(join(tmpdir(), 'bpl-bases-'));
    try {
      const r = join(root, 'linux');
      makeRepo(r, 3);
      mkdirSync(join(r, 'patches', 'v1'), { recursive: true });
      const rev = (x: string) => gitIn(r, 'rev-parse', x);
      const [c1, c2, c3] = [rev('HEAD~2'), rev('HEAD~1'), rev('HEAD')];
      // Asked from the patch's folder, as the editor does: paths in a diff are the repository's.
      const repo = (await GitRepository.discover(join(r, 'patches', 'v1')))!;
      const subjects = async (changes: Parameters<GitRepository['culprits']>[0]) => {
        const found = await repo.culprits(changes);
        return { blame: found.blame?.map((b) => b.commit.subject), recent: found.recent?.map((c) => c.subject) };
      };
      const line1 = { path: 'f.txt', lines: [1] };
      assert.deepEqual(await subjects([{ ...line1, commit: c3, preImage: rev('HEAD~1:f.txt').slice(0, 7) }]), {
        blame: ['bpf: change 2'],
        recent: ['bpf: change 2', 'bpf: change 1'],
      });
      // A patch from the list (its commit is not here) made against HEAD.
      const unknown = 'deadbeef'.repeat(5);
      assert.deepEqual(await subjects([{ ...line1, commit: unknown, preImage: rev('HEAD:f.txt').slice(0, 7) }]), { blame: ['bpf: change 3'], recent: ['bpf: change 3', 'bpf: change 2', 'bpf: change 1'] });
      // ... made against older code: blame at HEAD would name lines the patch never saw.
      assert.deepEqual(await subjects([{ ...line1, commit: unknown, preImage: rev('HEAD~1:f.txt').slice(0, 7) }]), { blame: [], recent: [] });
      // A diff without an index line (not made by git) is read at HEAD.
      assert.deepEqual((await subjects([line1])).blame, ['bpf: change 3']);
      // Authors as completion shows them, the same for blame and log: "Name <mail>".
      const both = await repo.culprits([line1]);
      assert.equal(both.blame?.[0].commit.author, 'A <a@b.c>');
      assert.equal(both.recent?.[0].author, 'A <a@b.c>');
      assert.equal(both.blame?.[0].commit.date, both.recent?.[0].date);
      // The root commit has no old side.
      assert.deepEqual(await subjects([{ ...line1, commit: c1 }]), { blame: [], recent: [] });
      assert.deepEqual(await repo.changeBases([{ ...line1, commit: c2 }, { ...line1, commit: c1 }, line1]), [c1, null, c3]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("dates blame's commits in the author's zone, as log does", () => {
    assert.equal(isoDate(1700000000), '2023-11-14T22:13:20+00:00');
    assert.equal(isoDate(1700000000, '+0530'), '2023-11-15T03:43:20+05:30');
    assert.equal(isoDate(1700000000, '-0800'), '2023-11-14T14:13:20-08:00');
  });

  it('measures an amended commit from its parent: the date git shows must be HEAD\'s (#14)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bpl-amend-'));
    try {
      const r = join(root, 'linux');
      makeRepo(r, 2);
      const repo = (await GitRepository.discover(join(r, '.git')))!;
      const date = gitIn(r, 'log', '-1', '--date=default', '--format=%ad');
      assert.equal(await repo.amendedParent(date), gitIn(r, 'rev-parse', 'HEAD~1'));
      assert.equal(await repo.amendedParent('Sun Dec 6 04:07:58 2026 +0000'), undefined);
      // Amending the first commit: nothing before it.
      gitIn(r, 'checkout', '-q', 'HEAD~1');
      assert.equal(await repo.amendedParent(gitIn(r, 'log', '-1', '--date=default', '--format=%ad')), null);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds the release a Fixes commit shipped in near the commit, not by a walk from the newest tag (#16)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bpl-releases-'));
    try {
      const r = join(root, 'linux');
      execFileSync('git', ['init', '-q', '-b', 'main', r]);
      // Dates as a kernel's: v5.0 a month after c1; s1 sits on a branch merged only after v5.1; u1 is after the newest tag.
      const day = (iso: string) => Math.floor(Date.parse(iso) / 1000);
      const commit = (ref: string, mark: number, when: string, parents: string[], tag?: string) => [
        `commit ${ref}`, `mark :${mark}`, `author A <a@b.c> ${day(when)} +0000`, `committer A <a@b.c> ${day(when)} +0000`, `data 8`, `c ${String(mark).padStart(5, '0')}`,
        ...parents.map((p, k) => `${k === 0 ? 'from' : 'merge'} ${p}`), `M 100644 inline f${mark}.txt`, 'data 2', 'x', '',
        ...(tag ? [`reset refs/tags/${tag}`, `from :${mark}`, ''] : []),
      ];
      const stream = [
        ...commit('refs/heads/main', 1, '2020-01-01', []),
        ...commit('refs/heads/side', 2, '2020-01-15', [':1']),
        ...commit('refs/heads/main', 3, '2020-02-01', [':1'], 'v5.0'),
        ...commit('refs/heads/main', 4, '2020-03-01', [':3'], 'v5.1'),
        ...commit('refs/heads/main', 5, '2020-08-01', [':4', ':2'], 'v5.2'),
        ...commit('refs/heads/main', 6, '2020-09-01', [':5'], 'v5.3'),
        ...commit('refs/heads/main', 7, '2020-10-01', [':6']),
      ];
      execFileSync('git', ['-C', r, 'fast-import', '--quiet'], { input: stream.join('\n') + '\n' });
      const sha = (n: number) => gitIn(r, 'log', '--all', '--format=%H', `--grep=^c ${String(n).padStart(5, '0')}$`);
      const repo = (await GitRepository.discover(r))!;
      const tags = await repo.releaseTags();
      assert.deepEqual(tags, ['v5.3', 'v5.2', 'v5.1', 'v5.0']);
      const ids = [1, 2, 4, 7].map((n) => sha(n).slice(0, 12));
      const found = await repo.withReleases(await repo.resolveCommits(ids), tags);
      const release = (id: string) => {
        const l = found.get(id);
        return l?.status === 'found' ? l.commit.release : 'not found';
      };
      // The first release after each commit, then one a cycle later, then the newest; never the newest for what shipped long ago.
      assert.deepEqual(ids.map(release), ['v5.0', 'v5.2', 'v5.1', null]);
      // A linter run's groups (each message's Fixes targets): checking stops once every message has
      // a shipped target, so each message keeps its own evidence and nothing more is asked.
      const grouped = await repo.facts(ids, { committer: false, kernelHistory: false, maintainers: false, releaseGroups: [[ids[0], ids[2]], [ids[1]]] });
      assert.deepEqual(
        ids.map((id) => {
          const g = grouped.commits?.get(id);
          return g?.status === 'found' ? g.commit.release : 'not found';
        }),
        ['v5.0', 'v5.2', undefined, undefined],
      );
      // A tag made since the dates were read is read too.
      gitIn(r, 'tag', 'v5.4', 'main');
      const again = await repo.withReleases(await repo.resolveCommits([ids[3]]), await repo.releaseTags());
      const l = again.get(ids[3]);
      assert.equal(l?.status === 'found' ? l.commit.release : 'not found', 'v5.4');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("lets blame run beside the lint: facts come without waiting for it, the caller's abort does not stop it, and a superseded wait is dropped (#16)", async () => {
    const root = mkdtempSync(join(tmpdir(), 'bpl-later-'));
    const original = { blame: GitRepository.prototype.blame, recentCommits: GitRepository.prototype.recentCommits };
    const runs: { lines: readonly number[]; signal?: AbortSignal; finish: () => void }[] = [];
    GitRepository.prototype.blame = function (this: GitRepository, changes, signal) {
      return new Promise((resolve) => {
        const lines = changes[0]?.lines ?? [];
        runs.push({ lines, signal, finish: () => resolve([{ commit: { sha: 'a'.repeat(40), subject: `blamed ${lines.join(',')}` }, lines: 1 }]) });
      });
    };
    const recentAsked: number[][] = [];
    GitRepository.prototype.recentCommits = async function (this: GitRepository, changes) {
      recentAsked.push([...(changes[0]?.lines ?? [])]);
      return [{ sha: 'c'.repeat(40), subject: 'recent' }];
    };
    try {
      const r = join(root, 'linux');
      makeRepo(r, 2);
      const cache = new GitFactsCache({ timeoutMs: 5000 });
      const file = join(r, 'x.patch');
      const change = (line: number) => [{ path: 'f.txt', lines: [line] }];
      const pending: Promise<unknown>[] = [];
      const later = { culprits: 'later' as const, slot: 'x.patch', onPending: (done: Promise<unknown>) => pending.push(done) };
      const edit = new AbortController();
      const first = await cache.factsFor(file, [], change(1), edit.signal, undefined, [], later);
      assert.equal(first?.blame, undefined, 'the facts did not wait for blame');
      assert.equal(pending.length, 1);
      await pending[0];
      // The recent commits first (a quick log), then blame, which runs on.
      const quick = await cache.factsFor(file, [], change(1), edit.signal, undefined, [], later);
      assert.deepEqual(quick?.recent?.map((c) => c.subject), ['recent']);
      assert.equal(quick?.blame, undefined);
      assert.equal(runs.length, 1);
      edit.abort(); // the next keystroke
      assert.equal(runs[0].signal?.aborted, false, "blame is not the edit's to cancel");
      // Two more edits of the diff while blame of the first runs: only the newest is still wanted.
      await cache.factsFor(file, [], change(2), undefined, undefined, [], later);
      await cache.factsFor(file, [], change(3), undefined, undefined, [], later);
      runs[0].finish();
      await pending[1];
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(runs.map((x) => x.lines), [[1], [3]], 'the wait for line 2 was dropped unrun');
      assert.deepEqual(recentAsked, [[1], [3]]);
      runs[1].finish();
      await pending[pending.length - 1];
      let done = await cache.factsFor(file, [], change(3), undefined, undefined, [], later);
      while (!done?.blame) {
        await pending[pending.length - 1];
        done = await cache.factsFor(file, [], change(3), undefined, undefined, [], later);
      }
      assert.equal(done.blame[0].commit.subject, 'blamed 3');
      assert.deepEqual(done.recent?.map((c) => c.subject), ['recent']);
      const asked = pending.length;
      await cache.factsFor(file, [], change(3), undefined, undefined, [], later);
      assert.equal(pending.length, asked, 'an answered blame is not pending');
      // Without `later` the facts wait, as the CLI's do.
      const waited = cache.factsFor(file, [], change(4));
      await new Promise((resolve) => setTimeout(resolve, 50));
      runs[2].finish();
      assert.equal((await waited)?.blame?.[0].commit.subject, 'blamed 4');
    } finally {
      Object.assign(GitRepository.prototype, original);
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds a bare repository and a .git folder with a second question, and spends none outside any repository (#16)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bpl-discover-'));
    try {
      const bare = join(root, 'linux.git');
      execFileSync('git', ['init', '-q', '--bare', bare]);
      const found = await GitRepository.discover(bare);
      assert.equal(found?.gitDir, bare);
      assert.equal(found?.topLevel, undefined);
      assert.equal(insideGitDir(join(bare, 'refs', 'heads')), true);
      const plain = join(root, 'outgoing');
      mkdirSync(plain);
      assert.equal(insideGitDir(plain), false);
      assert.equal(await GitRepository.discover(plain), undefined);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('orders mainline tags as releases go, v2.6.N among them, and leaves stable updates out (#16)', () => {
    const tags = ['v6.13-rc1', 'v2.6.39', 'v6.12', 'v3.0-rc1', 'v6.6.12', 'v2.6.12-rc2', 'v6.12-rc7', 'v3.0', 'v6.13-rc10', 'next-20241201', 'v6.13-rc2'];
    assert.deepEqual(tags.filter((t) => newestMainlineTag([t]) === t).sort(byRelease), ['v2.6.12-rc2', 'v2.6.39', 'v3.0-rc1', 'v3.0', 'v6.12-rc7', 'v6.12', 'v6.13-rc1', 'v6.13-rc2', 'v6.13-rc10']);
    assert.equal(newestMainlineTag(tags), 'v6.13-rc10');
    assert.equal(newestMainlineTag(['v6.6.12', 'v2.6.39.4', 'v1.0']), undefined);
  });
});
