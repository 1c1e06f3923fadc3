/**
 * b4 (#17): Debian's b4 0.12 in temporary repositories, offline. Its cover
 * letter commit is judged as a cover letter (EDITME placeholders, never a
 * missing sign-off, never its tracking section), our commit-msg hook does not
 * stop `b4 prep`, and a `b4 send -o` series lints like any other.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lint } from '../server/src/engine/lint';
import { RULES } from '../server/src/rules';
import { REPO } from './helpers/paths';

const BIN = join(REPO, 'bin', 'bpf-patch-lint.js');

/** b4 for a test: pends without it, except in CI (CI=true), where .ci/run installs it. */
function requireB4(ctx: Mocha.Context): void {
  if (spawnSync('b4', ['--version'], { encoding: 'utf8' }).status === 0) return;
  if (process.env.CI) throw new Error('b4 is missing: .ci/run installs Debian\'s b4');
  ctx.skip();
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** b4 0.12's cover letter commit, as `b4 prep -n my-feature` makes it. */
const B4_COVER_COMMIT = `EDITME: cover title for my-feature

# Lines starting with # will be removed from the cover letter. You can
# use them to add notes or reminders to yourself.

EDITME: describe the purpose of this series. The information you put
here will be used by the project maintainer to make a decision whether
your patches should be reviewed, and in what priority order.

# You can add trailers to the cover letter. Any email addresses found in
# these trailers will be added to the addresses specified/generated
# during the b4 send stage.

Signed-off-by: Jane Developer <jane@example.org>

--- b4-submit-tracking ---
# This section is used internally by b4 prep for tracking purposes.
{
  "series": {
    "revision": 1,
    "change-id": "20261206-my-feature-eedbcf94f23c",
    "base-branch": "main",
    "prefixes": []
  }
}
`;

describe('b4', function () {
  this.timeout(120000);

  it('judges b4\'s cover letter commit as a cover letter: its placeholders, nothing of its tracking section', () => {
    for (const text of [B4_COVER_COMMIT, B4_COVER_COMMIT.replace('Signed-off-by: Jane Developer <jane@example.org>\n', '')]) {
      const r = lint([{ id: 'COMMIT_EDITMSG', text, kind: 'message' }], { rules: RULES });
      assert.equal(r.documents[0].messages[0].isCoverLetter, true);
      assert.deepEqual(r.findings.map((f) => `${f.rule} ${f.severity} ${text.slice(f.range.start, f.range.end).slice(0, 30)}`), [
        'cover-letter-placeholder warning EDITME: cover title for my-fea',
        'cover-letter-placeholder warning EDITME: describe the purpose o',
      ]);
    }
  });

  describe('Debian\'s b4 in a temporary repository, with our commit-msg hook', () => {
    let dir: string;
    let repo: string;
    // Today's dates: b4 looks for its cover letter commit among the last year's only.
    const env = {};
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, ...env } }).trim();

    before(function () {
      requireB4(this);
      dir = mkdtempSync(join(tmpdir(), 'bpl-b4-'));
      repo = join(dir, 'linux');
      mkdirSync(join(repo, 'kernel', 'bpf'), { recursive: true });
      execFileSync('git', ['init', '-q', '-b', 'main', repo]);
      git('config', 'user.name', 'Jane Developer');
      git('config', 'user.email', 'jane@example.org');
      writeFileSync(join(repo, 'kernel', 'bpf', 'a.c'), 'int a;\n');
      git('add', '-A');
      git('commit', '-qm', 'bpf: Start\n\nSigned-off-by: Jane Developer <jane@example.org>');
      assert.equal(run(process.execPath, [BIN, 'install-hook'], repo).code, 0);
    });
    after(() => dir && rmSync(dir, { recursive: true, force: true }));

    it('b4 prep makes its cover letter commit through our hook, unchanged', () => {
      const r = run('b4', ['--offline-mode', 'prep', '-n', 'my-feature'], repo, env);
      assert.equal(r.code, 0, r.out);
      const message = git('log', '-1', '--format=%B');
      assert.match(message, /^EDITME: cover title for my-feature\n/);
      // The tracking JSON is the last thing in it: anything after it breaks b4 (JSONDecodeError).
      assert.match(message, /--- b4-submit-tracking ---\n# This section is used internally by b4 prep for tracking purposes\.\n\{[\s\S]*\}$/);
      // The hook, as git runs it on this message: warnings, no error.
      writeFileSync(join(dir, 'cover-msg'), `${message}\n`);
      const hook = run(process.execPath, [BIN, 'commit-msg', join(dir, 'cover-msg')], repo);
      assert.equal(hook.code, 0, hook.out);
      assert.match(hook.out, /warning: Replace b4's EDITME placeholder/);
      assert.doesNotMatch(hook.out, /signed-off-by|trailer-syntax|b4-submit-tracking/i);
    });

    it('b4 prep --edit-cover, commits, and b4 send -o: the series lints like any other', () => {
      const editor = join(dir, 'editor.sh');
      writeFileSync(editor, `#!/bin/sh\ncat > "$1" <<'COVER'\nbpf: Add a feature\n\nThis series adds a feature to the verifier and tests it.\n\nTo: bpf@vger.kernel.org\nSigned-off-by: Jane Developer <jane@example.org>\nCOVER\n`, { mode: 0o755 });
      git('config', 'core.editor', editor);
      const edited = run('b4', ['--offline-mode', 'prep', '--edit-cover'], repo, env);
      assert.equal(edited.code, 0, edited.out);
      for (const i of [1, 2]) {
        writeFileSync(join(repo, 'kernel', 'bpf', 'a.c'), `int a${i};\n`);
        git('commit', '-qam', `bpf: Change ${i}\n\nChange ${i} of the feature, which the verifier needs.\n\nSigned-off-by: Jane Developer <jane@example.org>`);
      }
      const send = (out: string) => {
        const r = run('b4', ['--offline-mode', 'send', '-o', out, '--no-sign'], repo, env);
        assert.equal(r.code, 0, r.out);
        return readdirSync(out).sort();
      };
      const out = join(dir, 'out');
      assert.deepEqual(send(out), ['0000-bpf-add-a-feature.eml', '0001-bpf-change-1.eml', '0002-bpf-change-2.eml']);
      // b4's own lines (X-B4-Tracking, base-commit:, change-id:, its signature) are understood: only the missing tree is said, with b4's way to set it.
      const lintOut = run(process.execPath, [BIN, '--no-git', '--format', 'json', out], repo);
      const findings = JSON.parse(lintOut.out) as { rule: string; message: string }[];
      assert.deepEqual([...new Set(findings.map((f) => f.rule))], ['subject-tree-missing'], lintOut.out);
      assert.match(findings[0].message, /b4 prep --set-prefixes bpf-next/);
      assert.equal(run('b4', ['--offline-mode', 'prep', '--set-prefixes', 'bpf-next'], repo, env).code, 0);
      const again = join(dir, 'out2');
      send(again);
      const clean = run(process.execPath, [BIN, '--no-git', again], repo);
      assert.equal(clean.code, 0, clean.out);
    });

    it('our format-patch says b4 owns the series, and what still applies', () => {
      const fp = (...args: string[]) => run(process.execPath, [BIN, 'format-patch', ...args], repo);
      const onBranch = fp();
      assert.equal(onBranch.code, 2, onBranch.out);
      assert.match(onBranch.out, /b4 owns this series \(branch b4\/my-feature is a b4 prep branch\).*b4 send -o DIR --no-sign && bpf-patch-lint DIR/);
      // The same branch without b4's config: its cover letter commit in the range says it.
      git('config', '--unset', 'branch.b4/my-feature.b4-prep-cover-strategy');
      try {
        const byRange = fp('main..HEAD');
        assert.equal(byRange.code, 2, byRange.out);
        assert.match(byRange.out, /b4 owns this series \([0-9a-f]{12} in the range is the cover letter b4 prep keeps as a commit\)/);
      } finally {
        git('config', 'branch.b4/my-feature.b4-prep-cover-strategy', 'commit');
      }
    });
  });
});
