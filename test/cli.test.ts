/**
 * The CLI as users and scripts run it: a real process, real files, exit codes.
 */
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTHOR, coverLetter, commitMessage, patch } from './helpers/mail';
import { REPO, SEED_FAQ, requireShared } from './helpers/paths';
import { cliClosedEarly } from './helpers/head';

const BIN = join(REPO, 'bin', 'bpf-patch-lint.js');

function cli(args: string[], opts: { input?: string | Buffer; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input,
    cwd: opts.cwd ?? REPO,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
  faq: string;
  fixes: { title: string; preferred: boolean; signOff?: boolean; edits: { line: number; column: number; endLine: number; endColumn: number; newText: string }[] }[];
  scope?: { submission: boolean; area: string; reason: string };
}

describe('CLI', function () {
  this.timeout(60000);
  let dir: string;

  before(() => {
    if (!existsSync(join(REPO, 'dist', 'cli.js'))) execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO });
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const STABLE = patch({ body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` });
  // The preferred fix keeps the request, as a note below ---.
  const STABLE_FIXED = patch({ body: `Fix it.\n\nSigned-off-by: ${AUTHOR}`, notes: 'Please queue this for stable.' });

  it('exits 0 and prints a summary for a clean patch', () => {
    const f = join(dir, 'good.patch');
    writeFileSync(f, patch());
    const r = cli([f]);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^No problems in 1 file\.\n$/);
  });

  it('exits 1 with path:line:col: severity: message [rule] for an error', () => {
    const f = join(dir, 'stable.patch');
    writeFileSync(f, STABLE);
    const r = cli([f]);
    assert.equal(r.code, 1);
    const line = r.stdout.split('\n').find((l) => l.includes('[cc-stable]'));
    assert.ok(line, r.stdout);
    assert.equal(line, `${f}:9:1: error: ${line!.split(': error: ')[1]}`);
    assert.match(r.stdout.trimEnd().split('\n').pop()!, /^1 error in 1 file \(1 fixable, see --fix\)\.$/);
  });

  it('prints JSON with 1-based, end-exclusive positions and FAQ links', () => {
    const f = join(dir, 'stable.patch');
    writeFileSync(f, STABLE);
    const r = cli(['--format', 'json', f]);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as JsonFinding[];
    const hit = out.find((x) => x.rule === 'cc-stable')!;
    assert.deepEqual(
      { ...hit, message: undefined },
      {
        file: f,
        line: 9,
        column: 1,
        endLine: 9,
        endColumn: 'Cc: stable@vger.kernel.org'.length + 1,
        rule: 'cc-stable',
        severity: 'error',
        message: undefined,
        faq: 'https://www.kernel.org/doc/html/latest/bpf/bpf_devel_QA.html#q-the-bpf-patch-i-am-about-to-submit-needs-to-go-to-stable-as-well',
        fixes: hit.fixes,
        scope: { submission: true, area: 'bpf', reason: 'the subject names the bpf-next tree' },
      },
    );
    assert.deepEqual(
      hit.fixes.map((x) => [x.title, x.preferred]),
      [
        ['Move it below --- as a note to the maintainers', true],
        ['Remove the stable Cc tag', false],
      ],
    );
    // The edits are enough to apply a fix without this tool: the preferred one gives what --fix writes.
    const lines = STABLE.split('\n');
    const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
    let text = STABLE;
    for (const e of [...hit.fixes[0].edits].sort((a, b) => b.line - a.line || b.column - a.column)) {
      text = text.slice(0, offset(e.line, e.column)) + e.newText + text.slice(offset(e.endLine, e.endColumn));
    }
    assert.equal(text, STABLE_FIXED);
  });

  it('counts columns in UTF-16 code units', () => {
    const f = join(dir, 'emoji.patch');
    writeFileSync(f, patch({ body: `Fix it 😀.\n\nCc: 😀 <stable@vger.kernel.org>\nSigned-off-by: ${AUTHOR}` }));
    const hit = (JSON.parse(cli(['--format', 'json', f]).stdout) as JsonFinding[]).find((x) => x.rule === 'cc-stable')!;
    assert.equal(hit.endColumn, 'Cc: 😀 <stable@vger.kernel.org>'.length + 1);
  });

  it('reads a commit message from stdin', () => {
    const r = cli(['--format', 'json', '-'], { input: commitMessage({ body: 'Explain.\n\nCc: stable@kernel.org\nSigned-off-by: A <a@b.org>' }) });
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as JsonFinding[];
    assert.ok(out.some((x) => x.file === '<stdin>' && x.rule === 'cc-stable' && x.line === 5));
  });

  it('lints a directory as a series, in file-name order', () => {
    writeFileSync(join(dir, '0000-cover-letter.patch'), coverLetter());
    writeFileSync(join(dir, '0001-a.patch'), patch({ subject: '[PATCH bpf-next 1/2] bpf: One' }));
    writeFileSync(join(dir, '0002-b.patch'), patch({ subject: '[PATCH bpf-next 2/2] selftests/bpf: Two' }));
    writeFileSync(join(dir, 'notes.txt'), 'not part of the series');
    const r = cli([dir]);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /in 3 files/);
  });

  it('exits 2 with one line naming an unreadable input, and still reports the others', () => {
    const good = join(dir, 'stable.patch');
    writeFileSync(good, STABLE);
    const missing = join(dir, 'nope.patch');
    const r = cli([missing, good]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `bpf-patch-lint: ${missing}: no such file or directory\n`);
    assert.match(r.stdout, /\[cc-stable\]/);
  });

  it('exits 2 for an empty directory and for usage errors, without a stack trace', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    for (const args of [[empty], ['--format', 'xml', empty], ['--bogus'], [], ['--rule', 'no-such-rule=off', empty], ['--explain', 'nope'], ['--profile', 'queue', empty]]) {
      const r = cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.split('\n').filter(Boolean).length <= 2, true, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  it('survives binary, empty and NUL-laden input', () => {
    const files = {
      'nul.patch': Buffer.from('From: a@b\nSubject: [PATCH] x\0y\n\n\0\0\n'),
      'latin1.patch': Buffer.from('Subject: [PATCH bpf] caf\xe9\n\nJ\xf6rg\n', 'latin1'),
      'random.bin': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    };
    for (const [name, bytes] of Object.entries(files)) {
      writeFileSync(join(dir, name), bytes);
      const r = cli([join(dir, name)]);
      assert.ok(r.code === 0 || r.code === 1, `${name}: exit ${r.code} ${r.stderr}`);
      assert.equal(r.stderr, '');
    }
  });

  it('refuses empty input (a broken pipe upstream) instead of passing it', () => {
    const f = join(dir, 'empty.patch');
    writeFileSync(f, '');
    const r = cli([f]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `bpf-patch-lint: ${f}: empty input\n`);
    assert.equal(r.stdout, '');
    const s = cli(['-'], { input: '\n\n' });
    assert.equal(s.code, 2);
    assert.equal(s.stderr, 'bpf-patch-lint: <stdin>: empty input\n');
  });

  it('honours --rule and the nearest .bpf-patch-lint.json', () => {
    const sub = join(dir, 'a', 'b');
    mkdirSync(sub, { recursive: true });
    const f = join(sub, 'stable.patch');
    writeFileSync(f, STABLE);
    assert.equal(cli([f, '--rule', 'cc-stable=off']).code, 0);
    writeFileSync(join(dir, '.bpf-patch-lint.json'), JSON.stringify({ rules: { 'cc-stable': 'warning' } }));
    const r = cli(['--format', 'json', f]);
    assert.equal(r.code, 0);
    assert.equal((JSON.parse(r.stdout) as JsonFinding[]).find((x) => x.rule === 'cc-stable')!.severity, 'warning');
  });

  it('--profile archive (or the config key) leaves out the submission rules and keeps the rest (#12)', () => {
    const sub = join(dir, 'queue');
    mkdirSync(sub, { recursive: true });
    const f = join(sub, '0001-bpf.patch');
    writeFileSync(f, patch({ subject: '[PATCH] bpf: Fix a leak', body: 'Fix it.\n\nCc: stable@vger.kernel.org' }));
    const rules = (args: string[]) => new Set((JSON.parse(cli(['--format', 'json', '--no-git', ...args, f]).stdout) as JsonFinding[]).map((x) => x.rule));
    const sent = rules([]);
    assert.ok(sent.has('subject-tree-missing') && sent.has('cc-stable') && sent.has('signed-off-by-missing'), [...sent].join());
    const archived = rules(['--profile', 'archive']);
    assert.deepEqual([...archived].sort(), ['signed-off-by-missing']);
    writeFileSync(join(sub, '.bpf-patch-lint.json'), JSON.stringify({ profile: 'archive' }));
    assert.deepEqual([...rules([])].sort(), ['signed-off-by-missing']);
    const json = JSON.parse(cli(['--format', 'json', '--no-git', f]).stdout) as JsonFinding[];
    assert.deepEqual(json[0].scope, { submission: false, area: 'other', reason: 'the archive profile: exported commits, not mail about to be sent' });
    writeFileSync(join(sub, '.bpf-patch-lint.json'), JSON.stringify({ profile: 'later' }));
    const bad = cli([f]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /\/profile must be one of "send", "archive"/);
  });

  it('rejects an invalid config file with a clear message', () => {
    const f = join(dir, 'stable.patch');
    writeFileSync(f, STABLE);
    writeFileSync(join(dir, '.bpf-patch-lint.json'), JSON.stringify({ rules: { 'cc-stabel': 'off' } }));
    let r = cli([f]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\.bpf-patch-lint\.json: \/rules: unknown rule id "cc-stabel"/);
    writeFileSync(join(dir, '.bpf-patch-lint.json'), '{ not json');
    r = cli([f]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not valid JSON/);
  });

  it('links the FAQ copy of the kernel tree the input lives in, at the heading line', function () {
    requireShared(this);
    const tree = join(dir, 'linux');
    mkdirSync(join(tree, 'Documentation', 'bpf'), { recursive: true });
    writeFileSync(join(tree, 'MAINTAINERS'), '');
    const rst = readFileSync(SEED_FAQ, 'utf8');
    writeFileSync(join(tree, 'Documentation', 'bpf', 'bpf_devel_QA.rst'), rst);
    const f = join(tree, 'outgoing', 'stable.patch');
    mkdirSync(join(tree, 'outgoing'));
    writeFileSync(f, STABLE);
    const hit = (JSON.parse(cli(['--format', 'json', f]).stdout) as JsonFinding[]).find((x) => x.rule === 'cc-stable')!;
    const line = rst.split('\n').indexOf('Q: The BPF patch I am about to submit needs to go to stable as well') + 1;
    assert.ok(line > 0);
    assert.equal(hit.faq, `file://${join(tree, 'Documentation', 'bpf', 'bpf_devel_QA.rst')}#L${line}`);
  });

  describe('--fix', () => {
    it('applies preferred fixes in place, says what it changed, and reports what is left', () => {
      const f = join(dir, 'stable.patch');
      writeFileSync(f, STABLE);
      const r = cli(['--fix', f]);
      assert.equal(r.code, 0, r.stdout);
      assert.equal(r.stdout, `${f}:9:1: fixed: Move it below --- as a note to the maintainers [cc-stable]\nNo problems in 1 file.\n`);
      assert.equal(readFileSync(f, 'utf8'), STABLE_FIXED);
      assert.equal(cli([f]).code, 0);
    });

    it('keeps CRLF line endings and a byte-order mark', () => {
      const f = join(dir, 'crlf.patch');
      const crlf = (s: string) => s.replace(/\n/g, '\r\n');
      writeFileSync(f, '\uFEFF' + crlf(patch({ subject: '[PATCH bpf_next] bpf: Do things' })));
      cli(['--fix', f]);
      assert.equal(readFileSync(f, 'utf8'), '\uFEFF' + crlf(patch({ subject: '[PATCH bpf-next] bpf: Do things' })));
    });

    it('never rewrites a file that is not valid UTF-8, nor a symlink', () => {
      const bytes = Buffer.concat([Buffer.from(patch({ subject: '[PATCH] bpf: Do things' })), Buffer.from([0xff, 0xfe, 0x0a])]);
      const f = join(dir, 'bad.patch');
      writeFileSync(f, bytes);
      const r = cli(['--fix', f]);
      assert.match(r.stderr, /not fixed \(not valid UTF-8\)/);
      assert.deepEqual(readFileSync(f), bytes);
      const target = join(dir, 'target.patch');
      writeFileSync(target, STABLE);
      const link = join(dir, 'link.patch');
      symlinkSync(target, link);
      assert.match(cli(['--fix', link]).stderr, /not fixed \(a symbolic link\)/);
      assert.equal(readFileSync(target, 'utf8'), STABLE);
    });

    it('writes fixed stdin to stdout and the report, with what it changed, to stderr', () => {
      const r = cli(['--fix', '-'], { input: STABLE });
      assert.equal(r.stdout, STABLE_FIXED);
      assert.equal(r.stderr, '<stdin>:9:1: fixed: Move it below --- as a note to the maintainers [cc-stable]\nNo problems in 1 file.\n');
    });

    it('--signoff signs any commit message as the git user, also from stdin and outside a repository', () => {
      const home = join(dir, 'home');
      mkdirSync(home);
      writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Jane Developer\n\temail = jane@example.org\n');
      const env = { ...process.env, NO_COLOR: '1', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1', GIT_CEILING_DIRECTORIES: dir };
      const msg = 'bpf: Fix the state\n\nThe verifier forgot it.\n';
      const r = spawnSync(process.execPath, [BIN, '--fix', '--signoff', '--kind', 'message', '-'], { input: msg, cwd: dir, encoding: 'utf8', env });
      assert.equal(r.stdout, `${msg}\nSigned-off-by: Jane Developer <jane@example.org>\n`);
      assert.equal(r.status, 0, r.stderr);
      // Without an identity it says why nothing was signed, instead of passing over it.
      const none = spawnSync(process.execPath, [BIN, '--fix', '--signoff', '--kind', 'message', '-'], { input: msg, cwd: dir, encoding: 'utf8', env: { ...env, HOME: dir, XDG_CONFIG_HOME: dir } });
      assert.match(none.stderr, /^bpf-patch-lint: --signoff: git config user\.email is not set, so no Signed-off-by was added$/m);
    });

    it('--signoff without --fix is a usage error', () => {
      const r = cli(['--signoff', '-'], { input: STABLE });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--signoff adds your Signed-off-by when fixing: use it with --fix/);
    });

    it('passes stdin through unchanged, byte for byte, when there is nothing to fix', () => {
      const msg = Buffer.from(`bpf: x\n\nSome body text, caf\xe9.\n\nSigned-off-by: ${AUTHOR}\n`, 'latin1');
      const r = spawnSync(process.execPath, [BIN, '--fix', '-'], { input: msg, env: { ...process.env, NO_COLOR: '1' } });
      assert.deepEqual(r.stdout, msg);
    });

    it('never signs off for someone else', () => {
      const r = cli(['--fix', '-'], { input: patch({ body: 'Explain the change.' }) });
      assert.doesNotMatch(r.stdout, /Signed-off-by/);
      assert.match(r.stderr, /signed-off-by-missing/);
    });
  });

  it('lists and explains rules, prints help and version', () => {
    const list = cli(['--list-rules']);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^cc-stable\s+error\s+/m);
    const explain = cli(['--explain', 'cc-stable']);
    assert.equal(explain.code, 0);
    assert.match(explain.stdout, /bpf_devel_QA\.html#q-the-bpf-patch-i-am-about-to-submit/);
    assert.match(cli(['--help']).stdout, /^Usage: bpf-patch-lint/);
    assert.equal(cli(['--version']).stdout.trim(), JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
  });

  it('documents every option --help lists in the README options table', () => {
    const options = [...cli(['--help']).stdout.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]);
    assert.ok(options.includes('--no-color') && options.length >= 10, options.join(' '));
    const table = /^\| option \| \|\n(?:\|.*\n)+/m.exec(readFileSync(join(REPO, 'README.md'), 'utf8'))?.[0] ?? '';
    assert.deepEqual(options.filter((o) => !table.includes(`\`${o}`)), []);
  });

  it('stops writing quietly when the reader closes the pipe early (| head -1), with the exit status the findings decide', async () => {
    // 2,000 body-line-length warnings, about 200 KB: more than a pipe holds, so writing goes on after the reader left.
    const lines = Array.from({ length: 2000 }, (_, i) => `${'word '.repeat(18)}${i}`);
    const f = join(dir, 'COMMIT_MSG');
    writeFileSync(f, commitMessage({ body: `${lines.join('\n')}\n\nSigned-off-by: ${AUTHOR}` }));
    const whole = cli(['--no-git', '--kind', 'message', f]);
    assert.equal(whole.code, 0, whole.stderr);
    assert.ok(whole.stdout.length > 150_000, `${whole.stdout.length} bytes`);
    const r = await cliClosedEarly(['--no-git', '--kind', 'message', f], dir);
    assert.match(r.first, /\[body-line-length\]/);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    // An error finding still fails the run when nobody reads the report to the end.
    writeFileSync(f, commitMessage({ body: `${lines.join('\n')}\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` }));
    const failing = await cliClosedEarly(['--no-git', '--kind', 'message', f], dir);
    assert.equal(failing.stderr, '');
    assert.equal(failing.code, 1);
  });
});

describe('CLI start-up (#19)', () => {
  it('loads no vendored library for a plain patch, and the MIME library for an encoded one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-startup-'));
    try {
      // A preload that notes every module of dist/vendor the CLI requires.
      const hook = join(dir, 'note-vendor.cjs');
      writeFileSync(hook, "const M = require('module'); const r = M.prototype.require; M.prototype.require = function (id) { if (/vendor\\//.test(id)) process.stderr.write('VENDOR ' + id + '\\n'); return r.apply(this, arguments); };\n");
      const plain = join(dir, 'plain.patch');
      writeFileSync(plain, patch());
      const encoded = join(dir, 'encoded.eml');
      writeFileSync(encoded, patch().replace('\n\n', '\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n'));
      const vendored = (file: string) => {
        const r = spawnSync(process.execPath, ['-r', hook, join(REPO, 'bin', 'bpf-patch-lint.js'), '--no-git', file], { encoding: 'utf8' });
        return [...r.stderr.matchAll(/^VENDOR .*\/vendor\/(\S+)\.js$/gm)].map((m) => m[1]);
      };
      assert.deepEqual(vendored(plain), []);
      assert.ok(vendored(encoded).includes('libmime'), 'an encoded mail is decoded with libmime');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs as an installed command (through a link, as npm makes one) without the start-up cost of NODE_EXTRA_CA_CERTS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-bin-'));
    try {
      const link = join(dir, 'bpf-patch-lint');
      symlinkSync(BIN, link);
      const input = join(dir, 'x.patch');
      writeFileSync(input, patch({ body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` }));
      // Node warns about a bundle it cannot load, which shows whether it read the variable at all.
      const r = spawnSync(link, ['--no-git', input], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'no-such-bundle.pem'), NO_COLOR: '1' } });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /x\.patch:\d+:\d+: error: .*\[cc-stable\]/);
      assert.equal(r.stderr, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CLI code cache (#19)', () => {
  it('gives the same answer with the build\'s code cache, a corrupt one or none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-codecache-'));
    try {
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'bin', 'bpf-patch-lint.js'), readFileSync(join(REPO, 'bin', 'bpf-patch-lint.js')));
      execFileSync('cp', ['-r', join(REPO, 'dist'), join(dir, 'dist')]);
      assert.ok(existsSync(join(dir, 'dist', 'cli.js.cache')), 'the build made a code cache');
      const input = join(dir, 'x.patch');
      writeFileSync(input, patch({ body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` }));
      const run = () => spawnSync(process.execPath, [join(dir, 'bin', 'bpf-patch-lint.js'), '--no-git', input], { encoding: 'utf8' });
      const expected = run();
      assert.match(expected.stdout, /\[cc-stable\]/);
      writeFileSync(join(dir, 'dist', 'cli.js.cache'), Buffer.from('not a V8 code cache'));
      assert.deepEqual([run().stdout, run().status], [expected.stdout, expected.status]);
      rmSync(join(dir, 'dist', 'cli.js.cache'));
      assert.deepEqual([run().stdout, run().status], [expected.stdout, expected.status]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
