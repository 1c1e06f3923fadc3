// Bundles the CLI (and later the server and the extension) with esbuild so that
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
};

await build({ ...common, entryPoints: { cli: 'server/src/cli/index.ts' }, outdir: 'dist' });
