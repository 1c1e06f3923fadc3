/**
 * checkpatch.pl beside our rules (#15, item 4): Debian's linux-source-6.12
 * checkpatch.pl run on real patch text with the netdev CI's flags, its reports
 * put at exact positions, and dropped where one of our rules speaks.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCheckpatchOutput } from '../server/src/engine/checkpatch';
import { lint } from '../server/src/engine/lint';
import { checkpatchArgs, checkpatchSeries, findCheckpatchTree } from '../server/src/node/checkpatch';
import { RULES } from '../server/src/rules';
import { requireKernelSource } from './helpers/kernel-source';
import { AUTHOR, patch } from './helpers/mail';
import { REPO } from './helpers/paths';
import { toCrlf } from './helpers/rule-tester';
import { LspClient } from './helpers/lsp-client';
import { pathToFileURL } from 'node:url';

const BIN = join(REPO, 'bin', 'bpf-patch-lint.js');

/** What checkpatch.pl wants to see to believe it is at the top of a kernel tree, and its own files from Debian's tree. */
function kernelTree(dir: string, source: string): string {
  const tree = join(dir, 'linux');
  for (const d of ['Documentation', 'arch', 'include', 'drivers', 'fs', 'init', 'ipc', 'kernel', 'lib', 'scripts']) mkdirSync(join(tree, d), { recursive: true });
  for (const f of ['COPYING', 'CREDITS', 'Kbuild', 'Makefile', 'README']) writeFileSync(join(tree, f), '');
  for (const f of ['MAINTAINERS', 'scripts/checkpatch.pl', 'scripts/spelling.txt', 'scripts/const_structs.checkpatch']) copyFileSync(join(source, f), join(tree, f));
  return tree;
}

const DIFF = [
  'diff --git a/kernel/bpf/verifier.c b/kernel/bpf/verifier.c',
  'index 1111111..2222222 100644',
  '--- a/kernel/bpf/verifier.c',
  '+++ b/kernel/bpf/verifier.c',
  '@@ -1,2 +1,3 @@',
  ' int a;',
  '-int b;',
  '+int c;  ',
  '+\tif (a==b) foo(a, b);',
].join('\n');

/** The text of the (0-based) line `n` of `text` from `a` to `b`, as a finding's range shows it. */
function at(text: string, range: { start: number; end: number }): string {
  const before = text.slice(0, range.start).split(/\r?\n/);
  return `${before.length - 1}:${before[before.length - 1].length}-${text.slice(range.start, range.end)}`;
}

describe('checkpatch.pl beside our rules', function () {
  this.timeout(120000);
  let dir: string;
  let tree: string;

  before(function () {
    const source = requireKernelSource(this);
    dir = mkdtempSync(join(tmpdir(), 'bpl-checkpatch-'));
    tree = kernelTree(dir, source);
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('runs with the netdev CI\'s flags', () => {
    const args = checkpatchArgs(tree, undefined);
    assert.deepEqual(args.slice(1), ['--strict', '--show-types', '--color=never', '--max-line-length=80', '--ignore=COMMIT_LOG_LONG_LINE,MACRO_ARG_REUSE,ALLOC_SIZEOF_STRUCT,NO_AUTHOR_SIGN_OFF,GIT_COMMIT_ID,CAMELCASE,FILE_PATH_CHANGES,BAD_REPORTED_BY_LINK', '-']);
    assert.ok(checkpatchArgs(tree, '/x/dictionary.txt').includes('--codespell'));
    assert.equal(findCheckpatchTree(join(tree, 'kernel')), tree);
  });

  for (const eol of ['LF', 'CRLF'] as const) {
    it(`puts each report at its exact line and column (${eol})`, async () => {
      const lf = patch({ body: `The verifier forgets teh register state after a helper call.\n\nSigned-off-by: ${AUTHOR}`, diff: DIFF });
      const text = eol === 'CRLF' ? toCrlf(lf) : lf;
      const result = lint([{ id: 'a.patch', text }], { rules: RULES });
      const found = (await checkpatchSeries(tree, result.documents, result.findings)).shown;
      assert.deepEqual(
        found.map((f) => `${f.rule} ${f.severity} ${at(text, f.range)}`),
        [
          // The caret under the misspelt word of the commit message.
          'checkpatch:TYPO_SPELLING warning 6:21-teh',
          // The trailing blanks of the added line, by its type.
          'checkpatch:TRAILING_WHITESPACE error 20:7-  ',
          // The caret under `==`, in the added line (its + counts as column 0).
          'checkpatch:SPACING error 21:7-=',
          // No caret: the line without its + and indentation.
          'checkpatch:TRAILING_STATEMENTS error 21:2-if (a==b) foo(a, b);',
        ],
      );
      assert.ok(found.every((f) => f.external?.source === 'checkpatch' && f.readiness === 'checkpatch'));
    });
  }

  it('leaves out a report on a line where one of our rules reports a problem, and keeps it for the verdict', async () => {
    // Our trailer-syntax reports the misspelt sign-off (with a fix); checkpatch.pl's BAD_SIGN_OFF on that line is dropped.
    const text = patch({ body: `Keep it.\n\nSigned-of-by: ${AUTHOR}`, diff: DIFF });
    const result = lint([{ id: 'a.patch', text }], { rules: RULES });
    const ours = result.findings.filter((f) => f.rule === 'trailer-syntax');
    assert.equal(ours.length, 1);
    const line = (o: number) => text.slice(0, o).split('\n').length;
    const { shown, shadowed } = await checkpatchSeries(tree, result.documents, result.findings);
    assert.ok(!shown.some((f) => line(f.range.start) === line(ours[0].range.start)), shown.map((f) => f.rule).join(', '));
    assert.ok(shown.some((f) => f.rule === 'checkpatch:SPACING'));
    // Still checkpatch.pl's verdict: the summary row counts it.
    assert.deepEqual(shadowed.map((f) => [f.rule, line(f.range.start)]), [['checkpatch:BAD_SIGN_OFF', line(ours[0].range.start)]]);
  });

  it('reads blocks whose caret marks an earlier quoted line, and reports about the whole patch', () => {
    const out = [
      'WARNING:LINE_SPACING: Missing a blank line after declarations',
      '#21: FILE: kernel/bpf/verifier.c:3:',
      '+\tint x;',
      '+\tfoo();',
      '',
      'ERROR:MISSING_SIGN_OFF: Missing Signed-off-by: line(s)',
      '',
      'total: 1 errors, 1 warnings, 0 checks, 4 lines checked',
    ].join('\n');
    assert.deepEqual(parseCheckpatchOutput(out), [
      { level: 'WARNING', type: 'LINE_SPACING', message: 'Missing a blank line after declarations', line: 21, quoted: ['+\tint x;', '+\tfoo();'], caret: undefined },
      { level: 'ERROR', type: 'MISSING_SIGN_OFF', message: 'Missing Signed-off-by: line(s)', line: 1, quoted: [], caret: undefined },
    ]);
  });

  it('CLI --checkpatch: the findings and the summary row, and a clear error without a kernel tree', () => {
    const file = join(dir, '0001-fix.patch');
    writeFileSync(file, patch({ body: `Keep it.\n\nSigned-off-by: ${AUTHOR}`, diff: DIFF }));
    const run = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, '--no-git', '--no-color', ...args], { cwd, encoding: 'utf8' });
    const text = run(['--checkpatch', file], tree);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /0001-fix\.patch:22:8: error: spaces required around that '==' \(ctx:VxV\) \[checkpatch:SPACING\]/);
    const summary = run(['--checkpatch', '--format', 'summary', file], tree);
    assert.match(summary.stdout, /✖ checkpatch\.pl \(checkpatch\) +3 problems/);
    const without = run(['--format', 'summary', file], tree);
    assert.match(without.stdout, /– checkpatch\.pl \(checkpatch\) +\(not run; --checkpatch runs it\)/);
    const nowhere = run(['--checkpatch', file], dir);
    assert.equal(nowhere.status, 2);
    assert.match(nowhere.stderr, /--checkpatch: no kernel tree with scripts\/checkpatch\.pl at or above/);
  });

  it('language server: its findings arrive after ours, as checkpatch\'s, at exact ranges, and are checked again after an edit', async () => {
    const client = LspClient.spawn();
    try {
      client.settings = { git: { enable: false } };
      await client.initialize();
      const uri = pathToFileURL(join(tree, '0001-fix.patch')).href;
      const text = patch({ body: `Keep it.\n\nSigned-off-by: ${AUTHOR}`, diff: DIFF });
      await client.open(uri, text, 'kernel-patch');
      const pub = await client.waitFor(uri, (p) => p.diagnostics.some((d) => d.source === 'checkpatch'), 20000);
      const spacing = pub.diagnostics.find((d) => d.code === 'SPACING')!;
      assert.deepEqual(spacing.range, { start: { line: 21, character: 7 }, end: { line: 21, character: 8 } });
      assert.equal(spacing.severity, 1);
      assert.equal(spacing.codeDescription?.href, 'https://docs.kernel.org/dev-tools/checkpatch.html');
      // Our own findings are there too, from the same publish.
      assert.ok(pub.diagnostics.some((d) => d.source === 'bpf-patch-lint'));
      // Mend the line: checkpatch.pl runs again on the new text and no longer reports it.
      const fixed = text.replace('if (a==b)', 'if (a == b)');
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
      const again = await client.waitFor(uri, (p) => p.version === 2 && p.diagnostics.some((d) => d.code === 'TRAILING_WHITESPACE'), 20000);
      assert.ok(!again.diagnostics.some((d) => d.code === 'SPACING'));
    } finally {
      await client.close();
    }
  });

  it('language server: not in an untrusted workspace, nor when switched off', async () => {
    for (const [init, settings] of [[{ trusted: false }, {}], [{}, { checkpatch: { enable: false } }]] as const) {
      const client = LspClient.spawn();
      try {
        client.settings = { git: { enable: false }, ...settings };
        await client.initialize(init);
        const uri = pathToFileURL(join(tree, '0002-fix.patch')).href;
        await client.open(uri, patch({ body: `Keep it.\n\nSigned-off-by: ${AUTHOR}`, diff: DIFF }), 'kernel-patch');
        await client.waitFor(uri, (p) => p.diagnostics.length > 0);
        // checkpatch.pl takes about 0.4 s here: a second is plenty for an answer that must not come.
        await new Promise((r) => setTimeout(r, 1500));
        assert.ok(!client.published.some((p) => p.uri === uri && p.diagnostics.some((d) => d.source === 'checkpatch')), JSON.stringify(init));
      } finally {
        await client.close();
      }
    }
  });
});
