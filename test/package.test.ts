/**
 * What ships: the .vsix built by @vscode/vsce carries the bundles, grammars,
 * schema and docs, none of the sources, tests, maps or corpus, and stays small;
 * the npm package carries the CLI and the server.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './helpers/paths';

const VSCE = join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');

describe('packages', function () {
  this.timeout(120000);

  it('the .vsix holds what the extension needs and nothing else, under 1 MB', () => {
    const listed = execFileSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(listed, [
      'LICENSE',
      'README.md',
      'dist/extension.js',
      'dist/server.js',
      'package.json',
      'server/schema/bpf-patch-lint.schema.json',
      'syntaxes/git-commit-trailers.injection.json',
      'syntaxes/kernel-patch.language-configuration.json',
      'syntaxes/kernel-patch.tmLanguage.json',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'bpl-vsix-'));
    try {
      const out = join(dir, 'x.vsix');
      execFileSync(process.execPath, [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out], { cwd: REPO, stdio: 'pipe' });
      assert.ok(statSync(out).size <= 1024 * 1024, `${statSync(out).size} bytes`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the npm package holds the CLI, the server and the schema', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: REPO, encoding: 'utf8' });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
    assert.deepEqual(files, ['LICENSE', 'README.md', 'bin/bpf-patch-lint-lsp.js', 'bin/bpf-patch-lint.js', 'dist/cli.js', 'dist/server.js', 'package.json', 'server/schema/bpf-patch-lint.schema.json']);
  });
});
