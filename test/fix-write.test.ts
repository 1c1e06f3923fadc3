/**
 * `--fix` writes only what it may, and only over what it read (#18, item 8):
 * an edit made while it waited on git is kept, read-only files, pipes and hard
 * links are refused, owner and mode survive, and long names work.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './helpers/paths';
import { AUTHOR, patch } from './helpers/mail';

const BIN = join(REPO, 'bin', 'bpf-patch-lint.js');
// A patch --fix changes: the Cc: stable trailer becomes a note below the --- line.
const FIXABLE = patch({ subject: '[PATCH bpf] bpf: Fix the thing', body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` });
const isRoot = process.getuid?.() === 0;

describe('--fix writes safely (#18, item 8)', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-fixwrite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[], options: SpawnSyncOptions = {}) =>
    spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 30000, ...options, env: { ...process.env, NO_COLOR: '1', ...options.env } }) as ReturnType<typeof spawnSync> & { stdout: string; stderr: string };

  it('fixes a plain file in place (the baseline the refusals are measured against)', () => {
    const file = join(dir, 'x.patch');
    writeFileSync(file, FIXABLE);
    const r = cli(['--no-git', '--fix', 'x.patch']);
    assert.equal(r.stderr, '');
    assert.notEqual(readFileSync(file, 'utf8'), FIXABLE);
    assert.doesNotMatch(readFileSync(file, 'utf8'), /^Cc: stable/m);
  });

  it('keeps an edit made while --fix waited on git, and says so', () => {
    execFileSync('git', ['init', '-q', dir]);
    const file = join(dir, 'x.patch');
    writeFileSync(file, FIXABLE);
    // A git that is slow in exactly the wrong way: the user saves the file while it runs.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\n[ -e "${dir}/edited" ] || { printf 'Saved by the editor.\\n' >> "${file}"; : > "${dir}/edited"; }\nexec ${realGit} "$@"\n`, { mode: 0o755 });
    const r = cli(['--fix', 'x.patch'], { env: { PATH: `${bin}:${process.env.PATH}` } });
    assert.ok(readFileSync(join(dir, 'edited')), 'git was not run');
    assert.equal(readFileSync(file, 'utf8'), `${FIXABLE}Saved by the editor.\n`);
    assert.match(r.stderr, /x\.patch: not fixed, original kept \(the file changed since it was read \(saved by an editor\?\); run again to fix the new text\)/);
    // The report is of the text as read (the fixes never reached the file): its Cc: stable is still there.
    assert.match(r.stdout, /x\.patch:\d+:1: error: .*\[cc-stable\]/);
    assert.notEqual(r.status, 0);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  });

  it('refuses a read-only file, even when run as root', () => {
    const file = join(dir, 'x.patch');
    writeFileSync(file, FIXABLE);
    chmodSync(file, 0o444);
    const r = cli(['--no-git', '--fix', 'x.patch']);
    assert.match(r.stderr, /x\.patch: not fixed \(the file is read-only\)/);
    assert.equal(readFileSync(file, 'utf8'), FIXABLE);
    assert.equal(statSync(file).mode & 0o777, 0o444);
    // The findings are still reported.
    assert.match(r.stdout, /cc-stable/);
  });

  it('keeps the mode of the file it fixes', () => {
    const file = join(dir, 'x.patch');
    writeFileSync(file, FIXABLE);
    chmodSync(file, 0o640);
    cli(['--no-git', '--fix', 'x.patch']);
    assert.notEqual(readFileSync(file, 'utf8'), FIXABLE);
    assert.equal(statSync(file).mode & 0o777, 0o640);
  });

  it('run as root on another user\'s file, keeps that user as its owner', function () {
    if (!isRoot) this.skip();
    const file = join(dir, 'x.patch');
    writeFileSync(file, FIXABLE);
    chownSync(file, 65534, 65534);
    cli(['--no-git', '--fix', 'x.patch']);
    assert.notEqual(readFileSync(file, 'utf8'), FIXABLE);
    const st = statSync(file);
    assert.deepEqual([st.uid, st.gid], [65534, 65534]);
  });

  it('run as another user, refuses to take over a file it could write to', function () {
    // Needs a second user to run as, which only root can switch to.
    if (!isRoot) this.skip();
    chmodSync(dir, 0o777);
    const file = join(dir, 'x.patch');
    writeFileSync(file, FIXABLE, { mode: 0o666 });
    chmodSync(file, 0o666);
    // The CLI must be readable by that user: a copy of the bundle in the shared folder.
    const bundle = join(dir, 'cli');
    mkdirSync(join(bundle, 'bin'), { recursive: true });
    mkdirSync(join(bundle, 'dist'));
    writeFileSync(join(bundle, 'bin', 'bpf-patch-lint.js'), readFileSync(BIN));
    execFileSync('cp', ['-r', `${join(REPO, 'dist')}/.`, join(bundle, 'dist')]);
    execFileSync('chmod', ['-R', 'a+rX', bundle]);
    const r = spawnSync(process.execPath, [join(bundle, 'bin', 'bpf-patch-lint.js'), '--no-git', '--fix', 'x.patch'], { cwd: dir, encoding: 'utf8', uid: 65534, gid: 65534, env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1' } });
    assert.match(r.stderr, /x\.patch: not fixed \(the file belongs to another user, and rewriting it would make it yours\)/, r.stderr + r.error);
    assert.equal(readFileSync(file, 'utf8'), FIXABLE);
    assert.equal(statSync(file).uid, 0);
  });

  it('refuses a file with other hard links, which a rewrite would split', () => {
    const file = join(dir, 'x.patch');
    writeFileSync(file, FIXABLE);
    linkSync(file, join(dir, 'backup.patch'));
    const r = cli(['--no-git', '--fix', 'x.patch']);
    assert.match(r.stderr, /x\.patch: not fixed \(it has 2 hard links, and a fixed copy would reach only this name while the others kept the old text; to fix this name alone, give it its own copy first/);
    assert.equal(readFileSync(file, 'utf8'), FIXABLE);
    assert.equal(statSync(file).ino, statSync(join(dir, 'backup.patch')).ino);
  });

  it('leaves a named pipe a pipe', async () => {
    const fifo = join(dir, 'x.patch');
    execFileSync('mkfifo', [fifo]);
    const child = spawn(process.execPath, [BIN, '--no-git', '--fix', fifo], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    writeFileSync(fifo, FIXABLE);
    await new Promise((resolve) => child.on('close', resolve));
    assert.match(stderr, /x\.patch: not fixed \(not a regular file \(a pipe or a device\); fixes are only written to files\)/);
    assert.ok(statSync(fifo).isFIFO());
  });

  it('never edits inside a quoted-printable body, where soft line breaks would be torn (#18, item 9)', () => {
    const long = 'The verifier forgot the state of the register after the helper call, so the program read a stale value; keep it.';
    const body = `${long}\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}\n---\n kernel/bpf/verifier.c | 1 +\n`;
    // Soft line breaks at 76 columns, as mailers write them.
    const qp = body
      .replace(/=/g, '=3D')
      .split('\n')
      .map((line) => line.replace(/(.{75})(?=.)/g, '$1=\n'))
      .join('\n');
    const head = ['From: Jane Developer <jane@example.org>', 'Subject: [PATCH] bpf: Keep the register state', 'To: bpf@vger.kernel.org', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'];
    const text = `${head.join('\n')}\n\n${qp}`;
    assert.match(text, /=\n/);
    writeFileSync(join(dir, 'x.eml'), text);
    const before = cli(['--no-git', '--format', 'json', 'x.eml']);
    const found = (JSON.parse(before.stdout) as { rule: string }[]).map((f) => f.rule);
    assert.ok(found.includes('body-line-length') && found.includes('cc-stable') && found.includes('subject-tree-missing'), found.join());
    cli(['--no-git', '--fix', 'x.eml']);
    const after = readFileSync(join(dir, 'x.eml'), 'utf8');
    // The encoded body is byte for byte what it was; its findings stay, pointing at the encoding header.
    assert.equal(after.slice(after.indexOf('\n\n')), text.slice(text.indexOf('\n\n')));
    const left = (JSON.parse(cli(['--no-git', '--format', 'json', 'x.eml']).stdout) as { rule: string; line: number }[]).filter((f) => f.rule !== 'subject-tree-missing');
    assert.deepEqual(left.map((f) => [f.rule, f.line]).sort(), [['body-line-length', 6], ['cc-stable', 6]]);
  });

  it('fixes a file whose name is as long as the file system allows', () => {
    const name = `${'0001-bpf-'.padEnd(249, 'x')}.patch`;
    assert.equal(Buffer.byteLength(name), 255);
    writeFileSync(join(dir, name), FIXABLE);
    const r = cli(['--no-git', '--fix', name]);
    assert.equal(r.stderr, '');
    assert.notEqual(readFileSync(join(dir, name), 'utf8'), FIXABLE);
  });
});
