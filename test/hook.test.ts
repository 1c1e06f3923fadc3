/**
 * The commit-msg hook in real repositories: every git flow that writes a
 * message, run by git itself with the hook installed.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './helpers/paths';

const BIN = join(REPO, 'bin', 'bpf-patch-lint.js');
const ME = 'Jane Developer <jane@example.org>';
const GOOD = ['-m', 'bpf: Fix the verifier state', '-m', 'The verifier forgot the stack state across helper calls.', '-m', `Signed-off-by: ${ME}`];
/** A message whose body is one `#` line: text for `git commit -m/-F`, a comment once an editor is involved. */
const HASH_BODY = `bpf: Fix the verifier state\n\n# This line explains what the verifier forgot about the stack; it is long enough.\n\nSigned-off-by: ${ME}\n`;
const onLinux = existsSync('/proc/self/cmdline');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('commit-msg hook', function () {
  this.timeout(60000);
  let repo: string;
  let scratch: string;
  /** git in `repo`, never opening an editor unless the test says which. */
  const gitIn = (dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Run => {
    const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_EDITOR: 'false', GIT_SEQUENCE_EDITOR: 'false', ...env } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const git = (...args: string[]) => gitIn(repo, args);
  const ok = (r: Run) => assert.equal(r.status, 0, r.stdout + r.stderr);
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: repo, encoding: 'utf8' });
  const head = () => git('log', '-1', '--format=%B').stdout;
  const file = (name: string, text: string) => {
    const p = join(scratch, name);
    writeFileSync(p, text);
    return p;
  };
  /** An editor that replaces the message with `text`. */
  const editorWriting = (text: string) => `cp '${file(`edit-${Math.random().toString(36).slice(2)}`, text)}'`;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'bpl-hook-'));
    repo = join(scratch, 'linux');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    git('config', 'user.name', 'Jane Developer');
    git('config', 'user.email', 'jane@example.org');
    writeFileSync(join(repo, 'a.c'), 'int a;\n');
    ok(git('add', 'a.c'));
    ok(git('commit', '-q', '--no-verify', ...GOOD));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const install = () => {
    const r = cli('install-hook');
    assert.equal(r.status, 0, r.stderr);
  };

  /** A commit changing its own file (rebase and revert need commits that change something). */
  let changes = 0;
  const change = (subject: string, body = 'The verifier forgot the stack state across helper calls.') => {
    changes++;
    writeFileSync(join(repo, `c${changes}.c`), `int c${changes};\n`);
    ok(git('add', `c${changes}.c`));
    ok(git('commit', '-q', '-m', subject, '-m', body, '-m', `Signed-off-by: ${ME}`));
  };

  /** A branch `side` changing a.c one way and main changing it another: merges and picks conflict. */
  const conflictingBranches = () => {
    ok(git('checkout', '-q', '-b', 'side'));
    writeFileSync(join(repo, 'a.c'), 'int a = 1;\n');
    ok(git('commit', '-q', '-a', '-m', 'bpf: Side change', '-m', 'Set a to one on the side branch.', '-m', `Signed-off-by: ${ME}`));
    ok(git('checkout', '-q', 'main'));
    writeFileSync(join(repo, 'a.c'), 'int a = 2;\n');
    ok(git('commit', '-q', '-a', '-m', 'bpf: Main change', '-m', 'Set a to two on main.', '-m', `Signed-off-by: ${ME}`));
  };

  describe('git commit', () => {
    it('refuses a message with an error, prints the way back, and is silent on a good one', () => {
      install();
      const hook = join(repo, '.git', 'hooks', 'commit-msg');
      assert.ok(statSync(hook).mode & 0o100);
      const bad = git('commit', '--allow-empty', '-m', 'bpf: Fix it', '-m', 'Because.', '-m', `Cc: stable@vger.kernel.org\nSigned-off-by: ${ME}`);
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /^\.git\/COMMIT_EDITMSG:5:1: error: .* \[cc-stable\]$/m);
      // The commands that get the user back to the message git kept: the fix, then the edit.
      const lines = bad.stderr.split('\n');
      const at = lines.indexOf('Commit refused; your message is kept in .git/COMMIT_EDITMSG.');
      assert.ok(at > 0, bad.stderr);
      assert.match(lines[at + 1], /^ {2}\S.* --fix \.git\/COMMIT_EDITMSG {4}# applies the safe fix$/);
      assert.equal(lines[at + 2], '  git commit -e -F .git/COMMIT_EDITMSG    # edit it and commit again');
      assert.equal(lines[at + 3], '(git commit --no-verify skips this check)');
      // The printed --fix command works as printed, and the message then passes.
      const fixCommand = lines[at + 1].trim().replace(/ {4}#.*$/, '');
      const fixed = spawnSync('sh', ['-c', fixCommand], { cwd: repo, encoding: 'utf8' });
      assert.match(fixed.stdout, /fixed: .*\[cc-stable\]/);
      const again = gitIn(repo, ['commit', '--allow-empty', '-e', '-F', '.git/COMMIT_EDITMSG'], { GIT_EDITOR: 'true' });
      ok(again);
      assert.doesNotMatch(head(), /stable@/);
      // Silent on success: git -q prints nothing, and neither does the hook, nor Node about a
      // certificate bundle it cannot load (the hook drops NODE_EXTRA_CA_CERTS: start-up time).
      const good = gitIn(repo, ['commit', '-q', '--allow-empty', ...GOOD], { NODE_EXTRA_CA_CERTS: join(repo, 'no-such-bundle.pem') });
      ok(good);
      assert.equal(good.stdout + good.stderr, '');
    });

    it("prints the way back from the folder the commit was made in, not git's top (found by a new user's trial, #16)", () => {
      install();
      const sub = join(repo, 'kernel', 'bpf');
      mkdirSync(sub, { recursive: true });
      const bad = gitIn(sub, ['commit', '--allow-empty', '-m', 'bpf: Fix it', '-m', 'Because.', '-m', `Cc: stable@vger.kernel.org\nSigned-off-by: ${ME}`]);
      assert.notEqual(bad.status, 0);
      const lines = bad.stderr.split('\n');
      const at = lines.indexOf('Commit refused; your message is kept in ../../.git/COMMIT_EDITMSG.');
      assert.ok(at > 0, bad.stderr);
      assert.equal(lines[at + 2], '  git commit -e -F ../../.git/COMMIT_EDITMSG    # edit it and commit again');
      // Both commands work as printed, from there.
      const fixed = spawnSync('sh', ['-c', lines[at + 1].trim().replace(/ {4}#.*$/, '')], { cwd: sub, encoding: 'utf8' });
      assert.match(fixed.stdout, /fixed: .*\[cc-stable\]/, fixed.stderr);
      ok(gitIn(sub, ['commit', '--allow-empty', '-e', '-F', '../../.git/COMMIT_EDITMSG'], { GIT_EDITOR: 'true' }));
      assert.doesNotMatch(head(), /stable@/);
    });

    it('git commit -s: the sign-off git adds counts', () => {
      install();
      ok(git('commit', '-q', '-s', '--allow-empty', '-m', 'bpf: Fix the verifier state', '-m', 'The verifier forgot the stack state.'));
      assert.match(head(), /Signed-off-by: Jane Developer <jane@example\.org>/);
    });

    it('git commit --amend: refused with the amend command to go back, and the commit is left as it was', () => {
      install();
      const before = git('rev-parse', 'HEAD').stdout;
      const bad = git('commit', '--amend', '-m', 'bpf: Fix the verifier state', '-m', 'No sign-off this time.');
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /\[signed-off-by-missing\]/);
      // The missing sign-off is the user's own: git commit -s adds it when they ask.
      assert.match(bad.stderr, /^ {2}git commit --amend -s -e -F \.git\/COMMIT_EDITMSG {4}# adds your Signed-off-by; edit it and commit again$/m);
      assert.equal(git('rev-parse', 'HEAD').stdout, before);
      ok(git('commit', '-q', '--amend', ...GOOD));
    });

    it('-m and -F keep # lines as text (git cleans up whitespace only); with an editor they are comments', () => {
      install();
      const msg = file('hash-body', HASH_BODY);
      // Without an editor the # line is the body: a long line, which is only a warning.
      const plain = git('commit', '-q', '--allow-empty', '-F', msg);
      ok(plain);
      assert.match(plain.stderr, /^\.git\/COMMIT_EDITMSG:3:76: warning: .*\[body-line-length\]$/m);
      assert.match(head(), /^# This line explains/m);
      // With an editor git strips it, and then the message has no body: refused.
      const edited = gitIn(repo, ['commit', '--allow-empty', '-e', '-F', msg], { GIT_EDITOR: 'true' });
      assert.notEqual(edited.status, 0);
      assert.match(edited.stderr, /\[commit-message-empty\]/);
    });

    (onLinux ? it : it.skip)('honours --cleanup on the git command line and commit.cleanup', () => {
      install();
      const msg = file('hash-body', HASH_BODY);
      const stripped = git('commit', '--allow-empty', '--cleanup=strip', '-F', msg);
      assert.notEqual(stripped.status, 0, 'git drops the # line, so the body is empty');
      assert.match(stripped.stderr, /\[commit-message-empty\]/);
      ok(git('config', 'commit.cleanup', 'strip'));
      assert.notEqual(git('commit', '--allow-empty', '-F', msg).status, 0);
      // The command line wins over the configuration, as in git.
      ok(git('commit', '-q', '--allow-empty', '--cleanup=whitespace', '-F', msg));
    });

    it('when refusing a -F message whose # lines are text, the way back keeps them and records no git hint', () => {
      install();
      const msg = file('hash-sign', `bpf: Fix the verifier state\n\n# 12 is the bug number in our tracker.\nThe verifier forgot the stack state.\n`);
      const bad = git('commit', '--allow-empty', '-F', msg);
      assert.notEqual(bad.status, 0);
      const back = /^ {2}(git commit -s --cleanup=scissors -e -F \.git\/COMMIT_EDITMSG) {4}# adds your Signed-off-by; edit it and commit again$/m.exec(bad.stderr);
      assert.ok(back, bad.stderr);
      // Followed as printed (the editor changes nothing): the # line stays, git's hint below the cut line goes.
      const again = spawnSync('sh', ['-c', `${back[1]} --allow-empty`], { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_EDITOR: 'true' } });
      ok({ status: again.status, stdout: again.stdout, stderr: again.stderr });
      assert.equal(head().trimEnd(), `bpf: Fix the verifier state\n\n# 12 is the bug number in our tracker.\nThe verifier forgot the stack state.\n\nSigned-off-by: ${ME}`);
    });

    it('honours core.commentChar (here ;): its lines are comments, # lines are text', () => {
      install();
      const long = 'x'.repeat(90);
      const msg = file('semicolon', `bpf: Fix the verifier state\n\nThe verifier forgot the stack state.\n; ${long}\n# ${long}\n\nSigned-off-by: ${ME}\n`);
      const r = gitIn(repo, ['-c', 'core.commentChar=;', 'commit', '-q', '--allow-empty', '-e', '-F', msg], { GIT_EDITOR: 'true' });
      ok(r);
      const warned = r.stderr.match(/:(\d+):\d+: warning: .*\[body-line-length\]/g) ?? [];
      assert.deepEqual(warned.map((w) => w.split(':')[1]), ['5'], r.stderr);
    });

    it('fixup!, squash! and amend! commits are not checked (autosquash folds them away)', () => {
      install();
      ok(git('commit', '-q', '--allow-empty', '--fixup=HEAD'));
      ok(git('commit', '-q', '--allow-empty', '--squash=HEAD', '-m', 'no sign-off here'));
      ok(gitIn(repo, ['commit', '-q', '--allow-empty', '--fixup=amend:HEAD'], { GIT_EDITOR: editorWriting('amend! bpf: Fix the verifier state\n\nbpf: Reworded, unsigned\n') }));
    });

    it('works in a linked worktree', () => {
      install();
      const wt = join(scratch, 'wt');
      ok(git('worktree', 'add', '-q', '-b', 'wt', wt));
      const bad = gitIn(wt, ['commit', '--allow-empty', '-m', 'bpf: Fix it', '-m', 'No sign-off.']);
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /\[signed-off-by-missing\]/);
      assert.match(bad.stderr, /Commit refused; your message is kept in \S*worktrees\/wt\/COMMIT_EDITMSG\./);
      ok(gitIn(wt, ['commit', '-q', '--allow-empty', ...GOOD]));
    });
  });

  describe('merges', () => {
    it('git merge makes its merge commit (merges are never mailed), clean or after a conflict', () => {
      install();
      ok(git('checkout', '-q', '-b', 'clean'));
      writeFileSync(join(repo, 'b.c'), 'int b;\n');
      ok(git('add', 'b.c'));
      ok(git('commit', '-q', ...GOOD));
      ok(git('checkout', '-q', 'main'));
      ok(git('commit', '-q', '--allow-empty', ...GOOD));
      const merged = git('merge', '-q', '--no-ff', 'clean');
      ok(merged);
      assert.equal(merged.stderr, '');
      assert.match(head(), /^Merge branch 'clean'/);
      conflictingBranches();
      assert.notEqual(git('merge', '-q', 'side').status, 0);
      writeFileSync(join(repo, 'a.c'), 'int a = 3;\n');
      ok(git('add', 'a.c'));
      ok(git('commit', '-q', '--no-edit'));
      assert.match(head(), /^Merge branch 'side'/);
    });

    it('git pull that merges', () => {
      install();
      const upstream = join(scratch, 'upstream');
      execFileSync('git', ['clone', '-q', repo, upstream]);
      gitIn(upstream, ['config', 'user.name', 'Other Person']);
      gitIn(upstream, ['config', 'user.email', 'other@example.org']);
      ok(gitIn(upstream, ['commit', '-q', '--allow-empty', '-m', 'bpf: Upstream change', '-m', 'Upstream work.', '-m', 'Signed-off-by: Other Person <other@example.org>']));
      ok(git('commit', '-q', '--allow-empty', ...GOOD));
      ok(git('pull', '-q', '--no-rebase', '--no-edit', upstream, 'main'));
      assert.match(head(), /^Merge branch 'main' of /);
    });

    it('git merge --squash: the SQUASH_MSG commit is checked like any commit, its git log lines are not findings', () => {
      install();
      ok(git('checkout', '-q', '-b', 'feature'));
      ok(git('commit', '-q', '--allow-empty', ...GOOD));
      ok(git('checkout', '-q', 'main'));
      ok(git('merge', '-q', '--squash', '--allow-unrelated-histories', 'feature'));
      assert.ok(existsSync(join(repo, '.git', 'SQUASH_MSG')));
      // git's message quotes the squashed commits, sign-offs included, but the squash itself is unsigned.
      const unsigned = git('commit', '-q', '--allow-empty', '--no-edit');
      assert.notEqual(unsigned.status, 0);
      assert.deepEqual(unsigned.stderr.match(/\[[a-z-]+\]$/gm), ['[signed-off-by-missing]'], unsigned.stderr);
      const r = git('commit', '-q', '-s', '--allow-empty', '--no-edit');
      ok(r);
      assert.equal(r.stderr, '');
      assert.match(head(), /^Squashed commit of the following:/);
      ok(git('merge', '-q', '--squash', 'feature'));
      const own = git('commit', '--allow-empty', '-m', 'bpf: Squashed feature', '-m', 'All of the feature in one commit.');
      assert.notEqual(own.status, 0);
      assert.match(own.stderr, /\[signed-off-by-missing\]/);
    });
  });

  describe('revert, cherry-pick and rebase', () => {
    it('git revert and git cherry-pick -x make their commits (git runs no commit-msg hook for them)', () => {
      install();
      change('bpf: Fix the verifier state');
      ok(git('revert', '--no-edit', 'HEAD'));
      assert.match(head(), /^Revert "bpf: Fix the verifier state"/);
      ok(git('checkout', '-q', '-b', 'pick', 'HEAD~2'));
      ok(git('cherry-pick', '-x', 'main~1'));
      assert.match(head(), /\(cherry picked from commit [0-9a-f]{40}\)/);
    });

    it('concluding a conflicted cherry-pick or revert: problems are printed, the commit is not refused', () => {
      install();
      conflictingBranches();
      assert.notEqual(git('cherry-pick', '-x', 'side').status, 0);
      writeFileSync(join(repo, 'a.c'), 'int a = 3;\n');
      ok(git('add', 'a.c'));
      // The picked message is someone else's; git's own "# Conflicts" lines stay in it without an editor.
      const picked = git('commit', '-q', '--no-edit');
      ok(picked);
      assert.match(head(), /\(cherry picked from commit [0-9a-f]{40}\)/);
      assert.ok(!existsSync(join(repo, '.git', 'CHERRY_PICK_HEAD')));
      assert.notEqual(git('revert', '--no-edit', 'HEAD~1').status, 0);
      writeFileSync(join(repo, 'a.c'), 'int a = 4;\n');
      ok(git('add', 'a.c'));
      const reverted = git('commit', '-q', '--no-edit');
      ok(reverted);
      assert.match(reverted.stderr, /^bpf-patch-lint: not refusing a revert; fix these before you send it:$/m);
      assert.match(reverted.stderr, /\[signed-off-by-missing\]/);
    });

    it('git rebase -i reword: a bad message stops the rebase with the way back; a good one continues', () => {
      install();
      change('bpf: First fix');
      change('bpf: Second fix', 'Another explanation.');
      const reword = { GIT_SEQUENCE_EDITOR: "sed -i -e '1s/^pick/reword/'" };
      const bad = gitIn(repo, ['rebase', '-i', 'HEAD~2'], { ...reword, GIT_EDITOR: editorWriting('bpf: Reworded\n\nNo sign-off.\n') });
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /\[signed-off-by-missing\]/);
      assert.match(bad.stderr, /^ {2}git commit --amend -s -e -F \.git\/COMMIT_EDITMSG {4}# adds your Signed-off-by; edit it and commit again\n {2}git rebase --continue$/m);
      // The way back, as printed.
      ok(gitIn(repo, ['commit', '-q', '--amend', '-e', '-F', '.git/COMMIT_EDITMSG'], { GIT_EDITOR: editorWriting(`bpf: Reworded\n\nNow signed.\n\nSigned-off-by: ${ME}\n`) }));
      ok(git('rebase', '--continue'));
      assert.match(git('log', '--format=%s', '-2').stdout, /^bpf: Second fix\nbpf: Reworded\n$/);
      const good = gitIn(repo, ['rebase', '-q', '-i', 'HEAD~2'], { ...reword, GIT_EDITOR: editorWriting(`bpf: Reworded again\n\nStill signed.\n\nSigned-off-by: ${ME}\n`) });
      ok(good);
    });

    it('git rebase -i --autosquash folds fixup! and squash! commits', () => {
      install();
      change('bpf: Fix the verifier state');
      writeFileSync(join(repo, 'a.c'), 'int a = 5;\n');
      ok(git('commit', '-q', '-a', '--fixup=HEAD'));
      writeFileSync(join(repo, 'a.c'), 'int a = 6;\n');
      ok(git('commit', '-q', '-a', '--squash=HEAD~1', '-m', 'More words.'));
      ok(gitIn(repo, ['rebase', '-q', '-i', '--autosquash', 'HEAD~3'], { GIT_SEQUENCE_EDITOR: 'true', GIT_EDITOR: 'true' }));
      assert.equal(git('log', '--format=%s', '-1').stdout, 'bpf: Fix the verifier state\n');
    });
  });

  describe('install and uninstall', () => {
    it('never overwrites a hook it did not write; --chain keeps it and runs it first; uninstall restores it', () => {
      const hook = join(repo, '.git', 'hooks', 'commit-msg');
      writeFileSync(hook, '#!/bin/sh\necho mine-ran >&2\n');
      chmodSync(hook, 0o755);
      const refused = cli('install-hook');
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /already exists and is not ours; rerun with --chain/);
      assert.equal(readFileSync(hook, 'utf8'), '#!/bin/sh\necho mine-ran >&2\n');
      assert.equal(cli('install-hook', '--chain').status, 0);
      const c = git('commit', '--allow-empty', ...GOOD);
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
      const bad = git('commit', '--allow-empty', '-m', 'bpf: Fix it', '-m', 'Because.', '-m', `Cc: stable@vger.kernel.org\nSigned-off-by: ${ME}`);
      assert.notEqual(bad.status, 0);
      assert.match(bad.stdout + bad.stderr, /\[cc-stable\]/);
      assert.equal(cli('uninstall-hook').status, 0);
      assert.ok(!existsSync(hook));
    });

    it('never writes through a symlink, into a directory, over a hook that merely mentions us, or over a chained hook (#18, item 10)', () => {
      const hooks = join(repo, '.git', 'hooks');
      const hook = join(hooks, 'commit-msg');
      // A dangling symlink would have us write outside the repository.
      const outside = join(scratch, 'outside-target');
      symlinkSync(outside, hook);
      let r = cli('install-hook');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /commit-msg is a symbolic link; not touched/);
      assert.ok(!existsSync(outside));
      rmSync(hook);
      mkdirSync(hook);
      r = cli('install-hook');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /commit-msg is a directory; not touched/);
      rmSync(hook, { recursive: true });
      // Someone else's hook that mentions our marker is theirs: neither replaced nor removed.
      const foreign = '#!/bin/sh\n# installed by bpf-patch-lint\necho mine >&2\n';
      writeFileSync(hook, foreign);
      chmodSync(hook, 0o755);
      assert.equal(cli('install-hook').status, 2);
      assert.equal(cli('uninstall-hook').status, 2);
      assert.equal(readFileSync(hook, 'utf8'), foreign);
      // Chained once, then another foreign hook appears: chaining again would lose the first.
      assert.equal(cli('install-hook', '--chain').status, 0);
      const first = readFileSync(join(hooks, 'commit-msg.before-bpf-patch-lint'), 'utf8');
      writeFileSync(hook, '#!/bin/sh\necho second >&2\n');
      r = cli('install-hook', '--chain');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /already holds a chained hook/);
      assert.equal(readFileSync(join(hooks, 'commit-msg.before-bpf-patch-lint'), 'utf8'), first);
      assert.equal(readFileSync(hook, 'utf8'), '#!/bin/sh\necho second >&2\n');
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

    it('commit-msg without a file is a usage error', () => {
      const r = cli('commit-msg');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /commit-msg expects the message file/);
    });
  });
});
