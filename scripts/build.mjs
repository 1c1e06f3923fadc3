// Bundles the CLI, the language server (and later the extension) with esbuild so that
// the installed tool starts fast and the .vsix carries no node_modules.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  // jsonc-parser's UMD main cannot be bundled; its ESM build can.
  mainFields: ['module', 'main'],
};

await build({
  ...common,
  entryPoints: { cli: 'server/src/cli/index.ts', server: 'server/src/lsp/main.ts' },
  outdir: 'dist',
});
