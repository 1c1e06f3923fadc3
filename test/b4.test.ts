/**
 * b4 (#17): Debian's b4 0.12 in temporary repositories, offline. Its cover
 * letter commit is judged as a cover letter (EDITME placeholders, never a
 * missing sign-off, never its tracking section), our commit-msg hook does not
 * stop `b4 prep`, and a `b4 send -o` series lints like any other.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG, knownTrees } from '../server/src/engine/config';
import { isB4CoverFile } from '../server/src/engine/parse/b4';
import { parseDocument } from '../server/src/engine/parse/document';
import { lint } from '../server/src/engine/lint';
import { B4_CHECK_REQUEST, SERIES_PLAN_REQUEST, SERIES_SUMMARY_REQUEST, type FormatSeriesInfo, type RequestFailure, type SeriesSummaryInfo } from '../server/src/lsp/protocol';
import { b4Output } from '../server/src/node/b4-send';
import { RULES } from '../server/src/rules';
import { LspClient } from './helpers/lsp-client';
import { patch } from './helpers/mail';
import { REPO } from './helpers/paths';

const BIN = join(REPO, 'bin', 'bpf-patch-lint.js');

/** b4 for a test: pends without it, except in CI (CI=true), where .ci/run installs it. */
function requireB4(ctx: Mocha.Context): void {
  if (spawnSync('b4', ['--version'], { encoding: 'utf8' }).status === 0) return;
  if (process.env.CI) throw new Error('b4 is missing: .ci/run installs Debian\'s b4');
  ctx.skip();
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, input?: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, input });
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

  it('judges the trailers of b4\'s cover letter (b4 copies their addresses onto every mail), whatever its EDITME title', () => {
    const text = B4_COVER_COMMIT.replace('Signed-off-by: Jane', 'Cc: stable@vger.kernel.org\nSigned-off-by: Jane');
    const r = lint([{ id: 'COMMIT_EDITMSG', text, kind: 'message' }], { rules: RULES });
    assert.deepEqual(r.findings.map((f) => f.rule), ['cover-letter-placeholder', 'cover-letter-placeholder', 'cc-stable']);
  });

  it('knows which mails b4 wrote: its tracking header, its mailer, its change-id line, never Gerrit\'s Change-Id', () => {
    const madeByB4 = (text: string) => parseDocument('t', text, { commentChar: '#', knownTrees: knownTrees(DEFAULT_CONFIG) }).messages.map((m) => m.madeByB4);
    const mail = (headers: string, body: string) => `From: Jane Developer <jane@example.org>\nSubject: [PATCH bpf-next] bpf: Change\n${headers}\n${body}`;
    const body = 'Change it.\n\nSigned-off-by: Jane Developer <jane@example.org>\n---\n';
    assert.deepEqual(madeByB4(mail('X-B4-Tracking: v=1; b=H4sIANZOFWsC\n', body)), [true]);
    assert.deepEqual(madeByB4(mail('X-Mailer: b4 0.12.0\n', body)), [true]);
    assert.deepEqual(madeByB4(mail('X-Mailer: git-send-email 2.39.5\n', body)), [false]);
    assert.deepEqual(madeByB4(mail('', `${body}base-commit: 1a5b1dc562eeef233d00173b5f2718926992843d\nchange-id: 20261206-my-feature-ceb54b459060\n`)), [true]);
    assert.deepEqual(madeByB4(mail('', body.replace('\n\nSigned', '\n\nChange-Id: I0123456789abcdef0123456789abcdef01234567\nSigned'))), [false]);
    // A change-id: line in the diff is the patch's content, not b4's.
    assert.deepEqual(madeByB4(mail('', `${body}diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+change-id: 20261206-my-feature-ceb54b459060\n`)), [false]);
    assert.deepEqual(madeByB4(B4_COVER_COMMIT), [true]);
    assert.deepEqual(madeByB4('bpf: Change\n\nchange-id: 20261206-my-feature-ceb54b459060\n\nSigned-off-by: Jane Developer <jane@example.org>\n'), [false]);
  });

  it('understands b4\'s own lines below ---: base-commit, change-id, prerequisite-*-id (nothing flagged)', () => {
    const notes = [
      'base-commit: 1a5b1dc562eeef233d00173b5f2718926992843d',
      'change-id: 20261206-my-feature-ceb54b459060',
      'prerequisite-change-id: 20261101-other-series-0123456789ab:v3',
      'prerequisite-patch-id: 4f3a1c7b0d2e5f6a7b8c9d0e1f2a3b4c5d6e7f80',
      'prerequisite-message-id: <20261101-other-series-v3-0-0123@example.org>',
    ].join('\n');
    const text = patch({ subject: '[PATCH bpf-next] bpf: Keep register state across helper calls', notes });
    const r = lint([{ id: '0001.patch', text }], { rules: RULES });
    assert.deepEqual(r.findings.map((f) => f.rule), []);
    assert.equal(r.documents[0].messages[0].madeByB4, true);
  });

  it('says that fixes made in b4\'s mails belong in its branch too (b4 writes the mails again)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'bpl-b4-fix-'));
    try {
      const subject = '[PATCH bpf-next RFC] bpf: Keep register state across helper calls';
      const note = /b4 wrote these mails and writes them again from its branch when it sends: make the fixes there too/;
      for (const [headers, expected] of [[['X-Mailer: b4 0.12.0'], true], [['X-Mailer: git-send-email 2.43.0'], false]] as const) {
        const file = join(tmp, '0001.eml');
        writeFileSync(file, patch({ subject, headers: [...headers] }));
        const linted = run(process.execPath, [BIN, '--no-git', file], tmp);
        assert.match(linted.out, /1 fixable, see --fix/);
        assert.equal(note.test(linted.out), expected, linted.out);
        const fixed = run(process.execPath, [BIN, '--no-git', '--fix', file], tmp);
        assert.match(fixed.out, /fixed: Reorder to \[PATCH RFC bpf-next\]/);
        assert.equal(note.test(fixed.out), expected, fixed.out);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('knows the file b4 prep --edit-cover opens by its name, and judges what is in it as a cover letter', () => {
    for (const id of ['/tmp/b4-666rxfl_/COMMIT_EDITMSG', 'file:///tmp/b4-666rxfl_/COMMIT_EDITMSG', '/var/folders/x1/T/b4-a1b2c3d4/COMMIT_EDITMSG', 'C:\\Temp\\b4-a1b2c3d4\\COMMIT_EDITMSG']) {
      assert.equal(isB4CoverFile(id), true, id);
    }
    for (const id of ['/repo/.git/COMMIT_EDITMSG', '/tmp/b4-666rxfl/COMMIT_EDITMSG', '/tmp/b4-666rxfl_/MERGE_MSG', '/tmp/xb4-666rxfl_/COMMIT_EDITMSG', '/repo/.git/worktrees/b4-666rxfl_/COMMIT_EDITMSG', '/tmp/b4-666rxfl_/x/COMMIT_EDITMSG']) {
      assert.equal(isB4CoverFile(id), false, id);
    }
    // A cover letter whose template lines are all gone: only the file's name says what it is.
    const cover = 'bpf: Add a feature\n\nThis series adds a feature to the verifier.\n---\nChanges in v2:\n- Check the flags first (Alexei)\n- Link to v1: https://lore.kernel.org/r/20261206-my-feature-v1-0-724d7e65d1ab@example.org';
    const rules = (id: string) => lint([{ id, text: cover, kind: 'message' }], { rules: RULES }).findings.map((f) => f.rule);
    assert.deepEqual(rules('/tmp/b4-666rxfl_/COMMIT_EDITMSG'), []);
    assert.deepEqual(rules('/repo/.git/COMMIT_EDITMSG'), ['signed-off-by-missing']);
    const doc = parseDocument('/tmp/b4-666rxfl_/COMMIT_EDITMSG', cover, { kind: 'message', commentChar: '#', knownTrees: knownTrees(DEFAULT_CONFIG) });
    assert.equal(doc.messages[0].isCoverLetter, true);
    assert.equal(doc.messages[0].madeByB4, true);
  });

  it('in the editor: the language server judges the --edit-cover file as b4\'s cover letter', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'bpl-b4-lsp-'));
    const client = LspClient.spawn();
    try {
      await client.initialize();
      // As `code --wait` opens it: VS Code calls a file named COMMIT_EDITMSG git-commit.
      const uri = pathToFileURL(join(tmp, 'b4-k3j_9x2a', 'COMMIT_EDITMSG')).href;
      await client.open(uri, B4_COVER_COMMIT.slice(0, B4_COVER_COMMIT.indexOf('\n\n--- b4-submit-tracking')).replace(/^Signed-off-by: .*\n/m, ''), 'git-commit');
      const pub = await client.waitFor(uri);
      assert.deepEqual(pub.diagnostics.map((d) => `${d.range.start.line} ${d.code}`), ['0 cover-letter-placeholder', '5 cover-letter-placeholder']);
      // Its template lines replaced, the name still says it: no missing sign-off.
      const filled = 'bpf: Add a feature\n\nThis series adds a feature to the verifier.\n';
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: filled }] });
      assert.deepEqual((await client.waitFor(uri, (p) => p.version === 2)).diagnostics, []);
      const elsewhere = pathToFileURL(join(tmp, 'notes', 'COMMIT_EDITMSG')).href;
      await client.open(elsewhere, 'bpf: Add a feature\n\nThis series adds a feature to the verifier.\n', 'git-commit');
      assert.deepEqual((await client.waitFor(elsewhere)).diagnostics.map((d) => d.code), ['signed-off-by-missing']);
    } finally {
      await client.close();
      rmSync(tmp, { recursive: true, force: true });
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
      // Placeholders made errors by the project's config: b4's own commit still goes through (refused, b4 prep
      // would leave a half-made branch), with what to fix and how.
      writeFileSync(join(repo, '.bpf-patch-lint.json'), '{ "rules": { "cover-letter-placeholder": "error" } }\n');
      try {
        // Where git writes it: the project's config is found from there.
        writeFileSync(join(repo, '.git', 'COMMIT_EDITMSG'), `${message}\n`);
        const strict = run(process.execPath, [BIN, 'commit-msg', '.git/COMMIT_EDITMSG'], repo);
        assert.equal(strict.code, 0, strict.out);
        assert.match(strict.out, /^bpf-patch-lint: not refusing b4's cover letter commit \(b4 makes it\); fix these with b4 prep --edit-cover:\n.*error: Replace b4's EDITME placeholder/);
        // The same text without b4's tracking section is someone's commit message: refused.
        writeFileSync(join(repo, '.git', 'COMMIT_EDITMSG'), `${message.slice(0, message.indexOf('\n--- b4-submit-tracking'))}\n`);
        assert.equal(run(process.execPath, [BIN, 'commit-msg', '.git/COMMIT_EDITMSG'], repo).code, 1);
      } finally {
        rmSync(join(repo, '.bpf-patch-lint.json'));
      }
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

    it('a second version: b4\'s changelog template is judged in the --edit-cover file, and the v2 series needs its changelog', () => {
      // A real send (b4 then starts v2), to a sendmail script instead of a server.
      const sendmail = join(dir, 'sendmail.sh');
      writeFileSync(sendmail, `#!/bin/sh\ncat >> '${join(dir, 'sent.mbox')}'\n`, { mode: 0o755 });
      git('config', 'sendemail.smtpserver', sendmail);
      const sent = run('b4', ['--offline-mode', 'send', '--no-sign'], repo, env, '\n');
      assert.equal(sent.code, 0, sent.out);
      assert.match(sent.out, /Sent 3 messages[\s\S]*Created new revision v2/);
      assert.equal(git('tag', '--list', 'sent/*'), 'sent/my-feature-v1');
      const cover = git('log', '-1', '--format=%B', '-F', '--grep=--- b4-submit-tracking ---');
      assert.match(cover, /\n---\nChanges in v2:\n- EDITME: describe what is new in this series revision\.\n- EDITME: use bulletpoints and terse descriptions\.\n- Link to v1: https:\/\/lore\.kernel\.org\/r\/\S+\n/);

      // The editor b4 runs lints the file it is given, as an editor with our server would,
      // then changes it with `edit` (a sed script), or leaves it as it is.
      const editor = join(dir, 'editor-v2.sh');
      const editCover = (edit: string) => {
        writeFileSync(
          editor,
          `#!/bin/sh\necho "$1" > '${join(dir, 'cover-path')}'\n${edit ? `sed -i -e '${edit}' "$1"\n` : ''}'${process.execPath}' '${BIN}' --no-git --format json "$1" > '${join(dir, 'cover-lint.json')}'\n`,
          { mode: 0o755 },
        );
        git('config', 'core.editor', editor);
        const r = run('b4', ['--offline-mode', 'prep', '--edit-cover'], repo, env);
        assert.equal(r.code, 0, r.out);
        const path = readFileSync(join(dir, 'cover-path'), 'utf8').trim();
        assert.ok(isB4CoverFile(path), path);
        return (JSON.parse(readFileSync(join(dir, 'cover-lint.json'), 'utf8')) as { rule: string; line: number; severity: string }[]).map((f) => `${f.line} ${f.severity} ${f.rule}`);
      };
      assert.deepEqual(editCover(''), ['10 warning cover-letter-placeholder', '11 warning cover-letter-placeholder']);
      const refused = run('b4', ['--offline-mode', 'send', '-o', join(dir, 'v2-refused'), '--no-sign'], repo, env);
      assert.notEqual(refused.code, 0, refused.out);
      assert.match(refused.out, /cover letter needs to be edited/);

      // Filled in (and its sign-off dropped: a cover letter needs none), nothing of b4's template is
      // left: the file's name still says it is a cover letter, not a commit message without a sign-off.
      assert.deepEqual(editCover('s/^- EDITME: describe what is new.*/- Check the flags before the lookup (Alexei)/;/^- EDITME: use bulletpoints/d;/^Signed-off-by:/d'), []);
      const v2 = join(dir, 'v2');
      assert.equal(run('b4', ['--offline-mode', 'send', '-o', v2, '--no-sign'], repo, env).code, 0);
      assert.match(readFileSync(join(v2, readdirSync(v2).sort()[0]), 'utf8'), /^Subject: \[PATCH bpf-next v2 0\/2\] bpf: Add a feature$/m);
      // With git: the range, the sign-offs and the tree as the repository has them.
      const clean = run(process.execPath, [BIN, v2], repo);
      assert.equal(clean.code, 0, clean.out);
      assert.match(clean.out, /No problems in 3 files/);

      // The changelog deleted: the v2 says nothing of what changed, and b4 users are told where it goes.
      assert.deepEqual(editCover('/^---$/,$d'), []);
      const bare = join(dir, 'v2-bare');
      assert.equal(run('b4', ['--offline-mode', 'send', '-o', bare, '--no-sign'], repo, env).code, 0);
      const linted = run(process.execPath, [BIN, '--format', 'json', bare], repo);
      const findings = JSON.parse(linted.out) as { rule: string; file: string; message: string }[];
      assert.deepEqual(findings.map((f) => `${f.file.replace(/.*\//, '')} ${f.rule}`), ['0000-bpf-add-a-feature.eml version-changelog-missing'], linted.out);
      assert.match(findings[0].message, /with b4: b4 prep --edit-cover, under "Changes in v2:" with its "Link to v1:" line/);
    });

    it('the editor\'s Format Patches on a b4 branch: b4 owns it, and what b4 would send is checked instead', async () => {
      const client = LspClient.inProcess({});
      try {
        await client.initialize({ trusted: true });
        const uri = pathToFileURL(join(repo, 'kernel', 'bpf', 'a.c')).href;
        const plan = await client.connection.sendRequest<RequestFailure>(SERIES_PLAN_REQUEST, { uri });
        assert.match(plan.error, /^b4 owns this series \(branch b4\/my-feature is a b4 prep branch\)/);
        assert.equal(plan.b4Owns, true);
        // b4 writes into a folder of ours in .git, emptied first: last time's extra mails do not stay.
        const outDir = join(repo, '.git', 'bpf-patch-lint', 'b4-send');
        mkdirSync(outDir, { recursive: true });
        writeFileSync(join(outDir, '0009-stale.eml'), 'From: x\n');
        const checked = await client.connection.sendRequest<FormatSeriesInfo>(B4_CHECK_REQUEST, { uri });
        assert.equal(checked.dir, outDir);
        assert.deepEqual(checked.files.map((f) => f.slice(outDir.length + 1)), ['0000-bpf-add-a-feature.eml', '0001-bpf-change-1.eml', '0002-bpf-change-2.eml']);
        assert.ok(!existsSync(join(outDir, '0009-stale.eml')));
        assert.deepEqual([checked.errors, checked.warnings, checked.placeholders], [0, 0, 0]);
        // The Series view's summary of that folder: with git's facts (the folder is in the repository), and b4's to send.
        const summary = await client.connection.sendRequest<SeriesSummaryInfo>(SERIES_SUMMARY_REQUEST, { uri: pathToFileURL(outDir).href });
        assert.equal(summary.madeByB4, true);
        assert.deepEqual(summary.messages.map((m) => m.subject), ['[PATCH bpf-next v2 0/2] bpf: Add a feature', '[PATCH bpf-next v2 1/2] bpf: Change 1', '[PATCH bpf-next v2 2/2] bpf: Change 2']);
        const gitRow = summary.messages[1].rows.find((r) => r.check === 'git-fixes');
        assert.ok(gitRow && gitRow.note !== 'git was not consulted', JSON.stringify(gitRow));
        await client.connection.sendNotification('bpfPatchLint/trust', { trusted: false });
        const refused = await client.connection.sendRequest<RequestFailure>(B4_CHECK_REQUEST, { uri });
        assert.match(refused.error, /b4 does not run in an untrusted workspace/);
      } finally {
        await client.close();
      }
      // b4 missing, or stopping: said in b4's words, and nothing left behind.
      const gitDir = join(repo, '.git');
      await assert.rejects(b4Output(repo, gitDir, 10_000, join(dir, 'no-such-b4')), /b4 is not installed/);
      const failing = join(dir, 'failing-b4.sh');
      writeFileSync(failing, '#!/bin/sh\necho "Running in OFFLINE mode"\necho "CRITICAL: Looks like the cover letter needs to be edited first." >&2\nexit 1\n', { mode: 0o755 });
      await assert.rejects(b4Output(repo, gitDir, 10_000, failing), /^Error: b4 send -o stopped \(exit 1\): Looks like the cover letter needs to be edited first\.$/);
      assert.ok(!existsSync(join(gitDir, 'bpf-patch-lint', 'b4-send')));
      const hanging = join(dir, 'hanging-b4.sh');
      writeFileSync(hanging, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
      await assert.rejects(b4Output(repo, gitDir, 300, hanging), /took more than 0\.3 s and was stopped/);
      // Two checks at once (a double click): the second waits, rather than emptying the folder under the first.
      const slow = join(dir, 'slow-b4.sh');
      const log = join(dir, 'slow-b4.log');
      writeFileSync(slow, `#!/bin/sh\necho start >> '${log}'\nsleep 0.3\necho 'From: x' > "$4/0000-x.eml"\necho end >> '${log}'\n`, { mode: 0o755 });
      const both = await Promise.all([b4Output(repo, gitDir, 10_000, slow), b4Output(repo, gitDir, 10_000, slow)]);
      assert.deepEqual(both.map((o) => o.files.map((f) => f.slice(o.dir.length + 1))), [['0000-x.eml'], ['0000-x.eml']]);
      assert.equal(readFileSync(log, 'utf8'), 'start\nend\nstart\nend\n');
    });
  });
});
