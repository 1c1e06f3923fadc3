// Bundles the CLI, the language server and the VS Code extension with esbuild:
// the installed tool starts fast and the .vsix carries no node_modules.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: true,
  logLevel: 'warning',
  // jsonc-parser's UMD main cannot be bundled; its ESM build can.
  mainFields: ['module', 'main'],
};

// The README's rule table is generated from rule metadata, so adding a rule touches only
// its file, its fixtures and the index.
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/rule-table.ts', '--write'], { stdio: 'inherit' });

// Libraries only mail decoding, config files and MAINTAINERS patterns need live in bundles of their
// own, required on first use (see server/src/engine/parse/lazy-mime.ts): left inside cli.js, V8 would parse their
// 750 KB on every start, which the commit-msg hook pays on every commit.
// simple-git too: a run that asks git nothing (--no-git, a file outside a repository) skips it.
const VENDORED = ['libmime', 'libqp', 'ajv', 're2js', 'simple-git'];
const vendorPlugin = {
  name: 'vendored-on-first-use',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${VENDORED.join('|')})$`) }, (args) => ({ path: `./vendor/${args.path}.js`, external: true }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: { cli: 'server/src/cli/index.ts', server: 'server/src/lsp/main.ts' }, outdir: 'dist', plugins: [vendorPlugin] }),
  build({ ...common, sourcemap: false, entryPoints: Object.fromEntries(VENDORED.map((m) => [`vendor/${m}`, m])), outdir: 'dist' }),
  // The extension host provides `vscode`; the language client is bundled in.
  // The banner runs before any bundled module: start-up is timed from loading the bundle, not from activate().
  build({ ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'], banner: { js: '"use strict";globalThis.__bplLoadStart = performance.now();' } }),
]);

// V8's code cache for the CLI, from one run on an example patch (see bin/bpf-patch-lint.js): a small
// run no longer compiles the bundle. Made by this Node; another one ignores it and compiles.
const cache = 'dist/cli.js.cache';
rmSync(cache, { force: true });
const sample = spawnSync(process.execPath, ['bin/bpf-patch-lint.js', '--no-git', 'examples/0001-bpf-reject-stores-through-read-only-map-values.patch'], {
  env: { ...process.env, BPL_WRITE_CODE_CACHE: resolve(cache), NO_COLOR: '1' },
  stdio: 'ignore',
});
if (sample.error || !existsSync(cache)) console.warn(`build: no code cache for the CLI (${sample.error?.message ?? `exit ${sample.status}`}); it starts a little slower`);
