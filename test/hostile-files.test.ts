/**
 * Files a repository controls, and inputs with no size, read within bounds
 * (#18, item 2): a config, FAQ or MAINTAINERS that is a link to /dev/zero, or
 * absurdly large, is not read; /dev/zero as input is refused with one line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './helpers/paths';
import { patch } from './helpers/mail';
import { parseMaintainers, sectionsFor } from '../server/src/engine/maintainers';

const BIN = join(REPO, 'bin', 'bpf-patch-lint.js');

describe('files and inputs without bounds (#18)', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-bounds-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[], cwd = dir) => {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--max-old-space-size=512', BIN, ...args], { cwd, encoding: 'utf8', timeout: 30000, env: { ...process.env, NO_COLOR: '1' } });
    return { ...r, ms: Date.now() - t0 };
  };

  it('a kernel tree whose FAQ, MAINTAINERS and config are links to /dev/zero is linted in moments', () => {
    const tree = join(dir, 'linux');
    mkdirSync(join(tree, 'Documentation', 'bpf'), { recursive: true });
    symlinkSync('/dev/zero', join(tree, 'MAINTAINERS'));
    symlinkSync('/dev/zero', join(tree, 'Documentation', 'bpf', 'bpf_devel_QA.rst'));
    writeFileSync(join(tree, 'x.patch'), patch());
    const noConfig = cli(['--no-git', '--format', 'json', 'x.patch'], tree);
    assert.equal(noConfig.status, 0, noConfig.stderr);
    assert.ok(noConfig.ms < 15000, `${noConfig.ms} ms`);
    symlinkSync('/dev/zero', join(tree, '.bpf-patch-lint.json'));
    const r = cli(['--no-git', 'x.patch'], tree);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /\.bpf-patch-lint\.json: is a device, not a file; not read/);
  });

  it('an oversized FAQ in the tree is not read: links go to kernel.org', () => {
    const tree = join(dir, 'linux');
    mkdirSync(join(tree, 'Documentation', 'bpf'), { recursive: true });
    writeFileSync(join(tree, 'MAINTAINERS'), '');
    writeFileSync(join(tree, 'Documentation', 'bpf', 'bpf_devel_QA.rst'), 'x'.repeat(3 << 20));
    writeFileSync(join(tree, 'x.patch'), patch({ body: 'Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: Jane Developer <jane@example.org>' }));
    const out = JSON.parse(cli(['--no-git', '--format', 'json', 'x.patch'], tree).stdout) as { faq: string }[];
    assert.ok(out.length > 0 && out.every((f) => f.faq.startsWith('https://www.kernel.org/')), JSON.stringify(out.map((f) => f.faq)));
  });

  it('prints control characters from the input visibly, never as terminal commands (#18, item 4)', () => {
    const osc52 = '\x1b]52;c;cm0gLXJmIH4K\x07';
    const name = `evil\x1bc.patch`;
    writeFileSync(join(dir, name), patch({ subject: `[PATCH] bpf: Fix it ${osc52}`, body: `Fix it.\n\nFixes: 0123456789ab bpf: Gone ${osc52}\nSigned-off-by: Jane Developer <jane@example.org>` }));
    for (const format of ['text', 'summary']) {
      const r = cli(['--no-git', '--format', format, dir]);
      assert.ok(r.stdout.length > 0);
      assert.doesNotMatch(r.stdout + r.stderr, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/, `${format}: ${JSON.stringify(r.stdout)}`);
      assert.match(r.stdout, /evil\\x1bc\.patch/);
    }
  });

  it('matches MAINTAINERS N: and K: patterns in linear time (#18, item 3)', () => {
    const sections = parseMaintainers('EVIL\nM:\tE <e@example.org>\nN:\t^(a|aa)+$\nK:\t(x+x+)+y\n\nBPF\nM:\tA <a@example.org>\nF:\tkernel/bpf/\n');
    const t0 = Date.now();
    const hit = sectionsFor(sections, ['a'.repeat(60) + 'b', 'kernel/bpf/verifier.c'], 'x'.repeat(5000));
    assert.ok(Date.now() - t0 < 2000, `${Date.now() - t0} ms`);
    assert.deepEqual(hit.map((s) => s.title), ['BPF']);
    // The patterns still work where they match.
    assert.deepEqual(sectionsFor(sections, ['aaaa']).map((s) => s.title), ['EVIL']);
  });

  it('looks for a config no higher than the repository top, and never in a folder others can write to (#18, item 6)', () => {
    const stable = patch({ body: 'Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: Jane Developer <jane@example.org>' });
    const off = JSON.stringify({ rules: { 'cc-stable': 'off' } });
    // A shared folder (like /tmp) with a planted config above the input.
    const shared = join(dir, 'shared');
    mkdirSync(join(shared, 'mine'), { recursive: true });
    chmodSync(shared, 0o777);
    writeFileSync(join(shared, '.bpf-patch-lint.json'), off);
    writeFileSync(join(shared, 'mine', 'x.patch'), stable);
    assert.match(cli(['--no-git', join(shared, 'mine', 'x.patch')]).stdout, /\[cc-stable\]/);
    // Above a repository's top: not the repository's settings.
    const repo = join(dir, 'outer', 'linux');
    mkdirSync(join(repo, '.git'), { recursive: true });
    writeFileSync(join(dir, 'outer', '.bpf-patch-lint.json'), off);
    writeFileSync(join(repo, 'x.patch'), stable);
    assert.match(cli(['--no-git', join(repo, 'x.patch')]).stdout, /\[cc-stable\]/);
    // At the top, it is.
    writeFileSync(join(repo, '.bpf-patch-lint.json'), off);
    assert.doesNotMatch(cli(['--no-git', join(repo, 'x.patch')]).stdout, /\[cc-stable\]/);
  });

  it('never reads a config in a folder another user owns, or another group can write to (#18, item 6)', function () {
    // Making a folder another user's takes root (CI runs as root).
    if (process.getuid?.() !== 0) this.skip();
    const stable = patch({ body: 'Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: Jane Developer <jane@example.org>' });
    const off = JSON.stringify({ rules: { 'cc-stable': 'off' } });
    const theirs = join(dir, 'theirs');
    mkdirSync(join(theirs, 'mine'), { recursive: true });
    writeFileSync(join(theirs, '.bpf-patch-lint.json'), off);
    writeFileSync(join(theirs, 'mine', 'x.patch'), stable);
    chownSync(theirs, 65534, 65534);
    chownSync(join(theirs, '.bpf-patch-lint.json'), 65534, 65534);
    assert.match(cli(['--no-git', join(theirs, 'mine', 'x.patch')]).stdout, /\[cc-stable\]/);
    // Owned by root but writable by a group that is not the user's own.
    chownSync(theirs, 0, 65534);
    chmodSync(theirs, 0o775);
    assert.match(cli(['--no-git', join(theirs, 'mine', 'x.patch')]).stdout, /\[cc-stable\]/);
    // The user's own folder, writable only by them: read.
    chownSync(theirs, 0, 0);
    chmodSync(theirs, 0o755);
    assert.doesNotMatch(cli(['--no-git', join(theirs, 'mine', 'x.patch')]).stdout, /\[cc-stable\]/);
  });

  it('says where a config is broken, not what it holds (it may be a link to something private)', () => {
    writeFileSync(join(dir, 'x.patch'), patch());
    writeFileSync(join(dir, '.bpf-patch-lint.json'), '{\n  "lineLength": 80,\n  SECRET-TOKEN-abc123\n}\n');
    const r = cli(['--no-git', 'x.patch']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /\.bpf-patch-lint\.json: not valid JSON at line 3, column 3/);
    assert.doesNotMatch(r.stderr, /SECRET/);
  });

  it('/dev/zero as an input is refused with one line, not read until memory runs out', () => {
    const r = cli(['--no-git', '/dev/zero']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^bpf-patch-lint: \/dev\/zero: more than 256 MiB from a pipe or device; refused\n$/);
  });
});
