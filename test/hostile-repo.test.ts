/**
 * A repository whose own configuration names programs for git to run while it
 * merely reads (#18): linting a patch, looking commits up, blaming, reading the
 * staged change, formatting a series and the hook's config read must never run
 * any of them.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitRepository } from '../server/src/node/git-facts';
import { runCli } from '../server/src/cli/main';
import { AUTHOR, patch } from './helpers/mail';
import { LspClient } from './helpers/lsp-client';
import { pathToFileURL } from 'node:url';

describe('a hostile repository (#18)', function () {
  this.timeout(60000);
  let dir: string;
  let repo: string;
  let marker: string;
  let signed: string;
  const gitIn = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } }).trim();
  const ran = () => (existsSync(marker) ? readFileSync(marker, 'utf8') : '');

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-hostile-'));
    repo = join(dir, 'linux');
    marker = join(dir, 'ran');
    const program = join(dir, 'evil.sh');
    writeFileSync(program, `#!/bin/sh\necho "$0 $*" >> '${marker}'\ncat\n`);
    chmodSync(program, 0o755);
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    gitIn('config', 'user.name', 'Jane Developer');
    gitIn('config', 'user.email', 'jane@example.org');
    mkdirSync(join(repo, 'kernel', 'bpf'), { recursive: true });
    writeFileSync(join(repo, 'kernel', 'bpf', 'verifier.c'), 'int a;\nint b;\n');
    writeFileSync(join(repo, '.gitattributes'), '*.c diff=evil filter=evil\n');
    gitIn('add', '.');
    gitIn('commit', '-q', '-m', 'bpf: Add the verifier');
    // A commit carrying a signature: with log.showSignature git runs gpg.program to check it.
    const raw = gitIn('cat-file', 'commit', 'HEAD');
    const withSig = raw.replace(/^(committer .*)$/m, '$1\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----');
    signed = execFileSync('git', ['-C', repo, 'hash-object', '-t', 'commit', '-w', '--stdin'], { input: withSig + '\n', encoding: 'utf8' }).trim();
    gitIn('update-ref', 'refs/heads/main', signed);
    gitIn('tag', 'v6.12');
    gitIn('checkout', '-q', '-b', 'topic');
    gitIn('branch', '-q', '--set-upstream-to=main');
    writeFileSync(join(repo, 'kernel', 'bpf', 'verifier.c'), 'int a;\nint c;\n');
    gitIn('commit', '-q', '-a', '-m', 'bpf: Track c', '-m', 'Explain it.', '-m', `Fixes: ${signed.slice(0, 12)} ("bpf: Add the verifier")\nSigned-off-by: ${AUTHOR}`);
    // Every program git can be told to run while reading, now that the history exists.
    for (const [key, value] of [
      ['core.fsmonitor', program],
      ['log.showSignature', 'true'],
      ['gpg.program', program],
      ['diff.evil.textconv', program],
      ['diff.evil.command', program],
      ['diff.external', program],
      ['filter.evil.clean', program],
      ['filter.evil.smudge', program],
      ['core.pager', program],
      ['core.hooksPath', dir],
    ]) gitIn('config', key, value);
    // A staged change and a work tree git must look at again (its timestamps moved).
    writeFileSync(join(repo, 'kernel', 'bpf', 'verifier.c'), 'int a;\nint e;\n');
    execFileSync('git', ['-C', repo, '-c', 'core.fsmonitor=false', '-c', 'filter.evil.clean=', 'add', 'kernel/bpf/verifier.c']);
    utimesSync(join(repo, 'kernel', 'bpf', 'verifier.c'), new Date(), new Date(Date.now() + 5000));
    assert.equal(ran(), '', 'the setup itself ran the program');
    // Sanity: plain git does run it here, so the tests below would see it.
    execFileSync('git', ['-C', repo, 'status', '--porcelain'], { stdio: 'ignore' });
    execFileSync('git', ['-C', repo, 'log', '-1', signed], { stdio: 'ignore' });
    assert.match(ran(), /evil\.sh/);
    rmSync(marker);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(function () {
    if (this.currentTest?.state === 'failed') return;
    assert.equal(ran(), '', `${this.currentTest?.title}: a program from the repository's config ran`);
  });

  async function cli(argv: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await runCli({ argv, cwd: repo, stdout: (s) => (out += s), stderr: (s) => (out += s), readStdin: () => Buffer.alloc(0), isTty: false, env: {} });
    return { code, out };
  }

  it('looks commits up, reads tags, blames and reads the staged change without running it', async () => {
    const r = (await GitRepository.discover(repo))!;
    const facts = await r.facts([signed.slice(0, 12)]);
    assert.equal(facts.commits?.get(signed.slice(0, 12))?.status, 'found');
    const blame = await r.culprits([{ path: 'kernel/bpf/verifier.c', lines: [2] }]);
    assert.ok(blame.blame && blame.blame.length > 0);
    assert.ok((await r.stagedChanges()).length > 0);
  });

  it('lints a patch against the repository without running it', async () => {
    const f = join(dir, 'fix.patch');
    writeFileSync(f, patch({ subject: '[PATCH bpf] bpf: Track c', body: `Explain it.\n\nFixes: ${signed.slice(0, 12)} ("bpf: Add the verifier")\nSigned-off-by: ${AUTHOR}`, files: ['kernel/bpf/verifier.c'] }));
    const r = await cli(['--repo', repo, f]);
    assert.doesNotMatch(r.out, /git failed/);
  });

  it('formats a series (status, format-patch, range-diff) without running it', async () => {
    const v1 = await cli(['format-patch', '--allow-dirty', '-o', join(dir, 'out')]);
    assert.notEqual(v1.code, 2, v1.out);
    const v2 = await cli(['format-patch', '-o', join(dir, 'out')]);
    assert.match(v2.out, /tracked files have uncommitted changes/);
    const v2b = await cli(['format-patch', '--allow-dirty', '-o', join(dir, 'out')]);
    assert.notEqual(v2b.code, 2, v2b.out);
  });

  it('serves an editor without running it: diagnostics, hover and Fixes completion over JSON-RPC, the folder trusted', async () => {
    const client = LspClient.spawn();
    try {
      await client.initialize({ trusted: true });
      // A commit message being written: the server reads the staged change, looks the commit up and blames.
      const msg = pathToFileURL(join(repo, '.git', 'COMMIT_EDITMSG')).href;
      await client.open(msg, `bpf: Track e\n\nExplain it.\n\nFixes: ${signed.slice(0, 12)} ("bpf: Something else")\nFixes: \nSigned-off-by: ${AUTHOR}\n`, 'git-commit');
      // Git answered: the wrong title is found through git.
      await client.waitFor(msg, (p) => p.diagnostics.some((d) => d.code === 'fixes-tag-title-mismatch'));
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: msg }, position: { line: 4, character: 10 } });
      await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: msg }, position: { line: 5, character: 7 } });
      const f = join(repo, '0001-fix.patch');
      await client.open(pathToFileURL(f).href, patch({ subject: '[PATCH bpf] bpf: Track c', body: `Explain it.\n\nFixes: ${signed.slice(0, 12)} ("bpf: Something else")\nSigned-off-by: ${AUTHOR}`, files: ['kernel/bpf/verifier.c'] }), 'kernel-patch');
      await client.waitFor(pathToFileURL(f).href, (p) => p.diagnostics.some((d) => d.code === 'fixes-tag-title-mismatch'));
    } finally {
      await client.close();
    }
  });

  it('formats a series without the headers, recipients or signature file the repository configures, keeping your own (#18)', async () => {
    const secret = join(dir, 'id_ed25519');
    writeFileSync(secret, 'PRIVATE KEY MATERIAL\n');
    // The user's own ~/.gitconfig (simple-git passes HOME on, but not GIT_CONFIG_GLOBAL).
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    const global = join(home, '.gitconfig');
    writeFileSync(global, '[format]\n\tcc = friend@example.org\n\theaders = "X-Mine: yes\\n"\n');
    gitIn('config', 'format.headers', 'Bcc: spy@evil.example\n');
    gitIn('config', 'format.cc', 'spy2@evil.example');
    gitIn('config', 'format.to', 'spy3@evil.example');
    gitIn('config', 'format.signatureFile', secret);
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      const out = join(dir, 'out-format');
      const r = await cli(['format-patch', '--allow-dirty', '-o', out]);
      assert.notEqual(r.code, 2, r.out);
      assert.match(r.out, /ignored this repository's own format\.cc, format\.headers, format\.signaturefile, format\.to/);
      const written = readdirSync(join(out, 'v1')).map((n) => readFileSync(join(out, 'v1', n), 'utf8')).join('\n');
      assert.doesNotMatch(written, /spy|evil|PRIVATE KEY/);
      assert.match(written, /^Cc: .*friend@example\.org/m);
      assert.match(written, /^X-Mine: yes$/m);
      assert.match(written, /^-- \n\d+\.\d+/m);
    } finally {
      if (saved === undefined) delete process.env.HOME;
      else process.env.HOME = saved;
      for (const key of ['format.headers', 'format.cc', 'format.to', 'format.signatureFile']) gitIn('config', '--unset-all', key);
    }
  });

  it('reads git config for the hook without running it', async () => {
    writeFileSync(join(repo, '.git', 'COMMIT_EDITMSG'), `bpf: Track c\n\nExplain it.\n\nSigned-off-by: ${AUTHOR}\n`);
    const r = await cli(['commit-msg', join(repo, '.git', 'COMMIT_EDITMSG')]);
    assert.equal(r.code, 0, r.out);
  });
});
