/**
 * Compiles the in-editor suite for the extension host: one CommonJS file per
 * entry under out/test/editor/, with `vscode` and `mocha` left to runtime
 * (mocha resolves from the repository's node_modules).
 */
import { build } from 'esbuild';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..');

/** Builds the suite and returns the path of its index module. */
export async function buildEditorSuite(): Promise<string> {
  const outdir = join(REPO, 'out', 'test', 'editor');
  await build({
    entryPoints: {
      index: join(__dirname, 'suite', 'index.ts'),
      'index-untrusted': join(__dirname, 'suite', 'index-untrusted.ts'),
      'extension.test': join(__dirname, 'suite', 'extension.test.ts'),
      'untrusted.test': join(__dirname, 'suite', 'untrusted.test.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return join(outdir, 'index.js');
}
