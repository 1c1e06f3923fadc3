/**
 * The commit-msg hook in a real repository: git runs it on `git commit`.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './helpers/paths';

const BIN = join(REPO, 'bin', 'bpf-patch-lint.js');

describe('commit-msg hook', function () {
  this.timeout(60000);
  let repo: string;
  const git = (...args: string[]) => spawnSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: repo, encoding: 'utf8' });

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'bpl-hook-'));
    execFileSync('git', ['init', '-q', repo]);
    git('config', 'user.name', 'Jane Developer');
    git('config', 'user.email', 'jane@example.org');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('rejects a commit whose message breaks an error rule, and lets a good one through', () => {
    const r = cli('install-hook');
    assert.equal(r.status, 0, r.stderr);
    const hook = join(repo, '.git', 'hooks', 'commit-msg');
    assert.ok(statSync(hook).mode & 0o100);
    const bad = git('commit', '--allow-empty', '-m', 'bpf: Fix it', '-m', 'Because.', '-m', 'Cc: stable@vger.kernel.org\nSigned-off-by: Jane Developer <jane@example.org>');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout + bad.stderr, /\[cc-stable\]/);
    // The way back to the refused message, which git keeps.
    assert.match(bad.stderr, /^Commit refused; your message is kept in \.git\/COMMIT_EDITMSG\.\nEdit it and commit again: git commit -e -F \.git\/COMMIT_EDITMSG {2}\(git commit --no-verify skips this check\)$/m);
    const again = spawnSync('git', ['-C', repo, 'commit', '--allow-empty', '-e', '-F', '.git/COMMIT_EDITMSG'], { encoding: 'utf8', env: { ...process.env, GIT_EDITOR: 'true' } });
    assert.match(again.stderr, /\[cc-stable\]/);
    assert.notEqual(again.status, 0, 'the same message is refused again');
    const good = git('commit', '--allow-empty', '-m', 'bpf: Fix it', '-m', 'Because the verifier forgot the state.', '-m', 'Signed-off-by: Jane Developer <jane@example.org>');
    assert.equal(good.status, 0, good.stdout + good.stderr);
  });

  it('never overwrites a hook it did not write; --chain keeps it and runs it first; uninstall restores it', () => {
    const hook = join(repo, '.git', 'hooks', 'commit-msg');
    writeFileSync(hook, '#!/bin/sh\necho mine-ran >&2\n');
    chmodSync(hook, 0o755);
    const refused = cli('install-hook');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /already exists and is not ours; rerun with --chain/);
    assert.equal(readFileSync(hook, 'utf8'), '#!/bin/sh\necho mine-ran >&2\n');
    assert.equal(cli('install-hook', '--chain').status, 0);
    const c = git('commit', '--allow-empty', '-m', 'bpf: Fix it', '-m', 'Because.', '-m', 'Signed-off-by: Jane Developer <jane@example.org>');
    assert.match(c.stderr, /mine-ran/);
    assert.equal(cli('uninstall-hook').status, 0);
    assert.equal(readFileSync(hook, 'utf8'), '#!/bin/sh\necho mine-ran >&2\n');
    assert.equal(cli('uninstall-hook').status, 2);
  });

  it('creates the folder core.hooksPath names when it does not exist yet, and git runs the hook from there', () => {
    git('config', 'core.hooksPath', '.githooks/shared');
    assert.ok(!existsSync(join(repo, '.githooks')));
    const r = cli('install-hook');
    assert.equal(r.status, 0, r.stderr);
    const hook = join(repo, '.githooks', 'shared', 'commit-msg');
    assert.match(r.stdout, /^installed .*\.githooks\/shared\/commit-msg\n$/);
    assert.ok(statSync(hook).mode & 0o100);
    const bad = git('commit', '--allow-empty', '-m', 'bpf: Fix it', '-m', 'Because.', '-m', 'Cc: stable@vger.kernel.org\nSigned-off-by: Jane Developer <jane@example.org>');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout + bad.stderr, /\[cc-stable\]/);
    assert.equal(cli('uninstall-hook').status, 0);
    assert.ok(!existsSync(hook));
  });

  it('says so outside a repository', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-nohook-'));
    try {
      const r = spawnSync(process.execPath, [BIN, 'install-hook'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir() } });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /not in a git repository/);
      assert.ok(!existsSync(join(dir, '.git')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
