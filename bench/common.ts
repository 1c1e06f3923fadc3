/** Small pieces every benchmark uses. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Every k-th item of a sorted list: the same sample on every machine. */
export function evenSample<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return xs.slice();
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]);
}

/** Builds dist/ once if the CLI is missing; returns the CLI entry point. */
export function ensureOurCli(): string {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) {
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build failed');
  }
  return join(ROOT, 'bin/bpf-patch-lint.js');
}
