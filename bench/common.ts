/** Small pieces every benchmark uses. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One figure of a side-by-side run: the medians of both sides' rounds, and how many times longer the peer took. */
export interface Comparison {
  readonly oursMs: number;
  readonly peerMs: number;
  readonly ratio: number;
}

export function compare(ours: readonly number[], peer: readonly number[]): Comparison {
  return { oursMs: median(ours), peerMs: median(peer), ratio: median(peer) / median(ours) };
}

/** Wall-clock milliseconds of `f` (awaited). */
export async function timed(f: () => unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

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
