/**
 * What ships: the .vsix built by @vscode/vsce carries the bundles, grammars,
 * schema, docs, changelog and icon, none of the sources, tests, maps or corpus,
 * and stays small;
 * the npm package carries the CLI and the server.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { REPO } from './helpers/paths';
import { DEFAULT_CONFIG } from '../server/src/engine/config';

const VSCE = join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');

/** The entries of a zip file (a .vsix) from its central directory, each with a reader for its text. */
function zipEntries(zip: Buffer): Map<string, () => string> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => string>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    entries.set(zip.toString('utf8', at + 46, at + 46 + nameLength), () => {
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(data, data + compressedSize);
      return (method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe('packages', function () {
  this.timeout(120000);

  it('the .vsix holds what the extension needs and nothing else, under 1 MB', () => {
    const listed = execFileSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(listed, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/extension.js',
      'dist/server.js',
      'dist/vendor/ajv.js',
      'dist/vendor/libmime.js',
      'dist/vendor/libqp.js',
      'dist/vendor/re2js.js',
      'dist/vendor/simple-git.js',
      'docs/images/hover.png',
      'docs/images/patch.png',
      'docs/images/quick-fix.png',
      'docs/images/series.png',
      'docs/images/squiggle.png',
      'media/bpf-series.svg',
      'media/icon.png',
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
      // vsce ls lists what would go in; the built file is what the Marketplace and `code --install-extension` see.
      // vsce stores README.md and CHANGELOG.md as readme.md and changelog.md.
      const entries = zipEntries(readFileSync(out));
      for (const name of ['extension/media/icon.png', 'extension/media/bpf-series.svg', 'extension/changelog.md', 'extension/readme.md', 'extension/dist/extension.js']) {
        assert.ok(entries.has(name), `${name} missing from the .vsix: ${[...entries.keys()].join(', ')}`);
      }
      // The README's pictures travel with it: VS Code's extension page shows them from the package.
      const pictures = [...readFileSync(join(REPO, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+\.png)\)/g)].map((m) => m[1]);
      assert.ok(pictures.length >= 5, pictures.join(', '));
      for (const p of pictures) assert.ok(entries.has(`extension/${p}`), `${p} (shown in the README) missing from the .vsix`);
      const manifest = entries.get('extension.vsixmanifest')!();
      assert.match(manifest, /<Icon>extension\/media\/icon\.png<\/Icon>/);
      assert.match(manifest, /Type="Microsoft\.VisualStudio\.Services\.Content\.Changelog" Path="extension\/changelog\.md"/);
      assert.match(entries.get('extension/changelog.md')!(), /^## \[0\.1\.0\]/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the icon package.json names is a square PNG of a size the Marketplace shows well', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { icon?: string };
    assert.equal(pkg.icon, 'media/icon.png');
    const png = readFileSync(join(REPO, pkg.icon));
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.equal(width, height);
    assert.ok(width === 128 || width === 256, `${width}x${height}`);
  });

  it('COMMIT_EDITMSG shows its ruler and wraps at the width the rules enforce; every command is under one category (#14)', () => {
    type Contributes = {
      configurationDefaults: Record<string, Record<string, unknown>>;
      configuration: { properties: Record<string, { default?: unknown }> };
      commands: { command: string; category?: string }[];
    };
    const { contributes } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { contributes: Contributes };
    const width = contributes.configuration.properties['bpfPatchLint.lineLength'].default;
    assert.equal(width, DEFAULT_CONFIG.lineLength);
    assert.deepEqual(contributes.configurationDefaults['[git-commit]'], { 'editor.rulers': [width], 'editor.wordWrapColumn': width });
    assert.deepEqual([...new Set(contributes.commands.map((c) => c.category))], ['BPF']);
  });

  it('the npm package holds the CLI, the server and the schema', () => {
    // --ignore-scripts: the build has run already, and its output would land in the middle of mocha's.
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8' });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
    assert.deepEqual(files, ['LICENSE', 'README.md', 'bin/bpf-patch-lint-lsp.js', 'bin/bpf-patch-lint.js', 'dist/cli.js', 'dist/server.js', 'dist/vendor/ajv.js', 'dist/vendor/libmime.js', 'dist/vendor/libqp.js', 'dist/vendor/re2js.js', 'dist/vendor/simple-git.js', 'package.json', 'server/schema/bpf-patch-lint.schema.json']);
  });
});
