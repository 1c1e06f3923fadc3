import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..');
/**
 * ../shared beside the clone (CI lays it there); tests that need it skip without it.
 * BPL_SHARED names it for a copy of the project elsewhere (Stryker's sandbox).
 */
export const SHARED = process.env.BPL_SHARED ?? resolve(REPO, '..', 'shared');
export const SEED_FAQ = join(SHARED, 'seed', 'bpf_devel_QA.rst');
export const CORPUS = join(SHARED, 'corpus');
export const hasShared = (): boolean => existsSync(SEED_FAQ);

/**
 * Skips a test that needs ../shared (and `paths` in it) when it is not there;
 * in CI (CI=true) its absence is a failure instead, so a broken set-up cannot
 * pass as green with the corpus tests pending.
 */
export function requireShared(ctx: Mocha.Context, ...paths: string[]): void {
  const missing = [SEED_FAQ, ...paths].find((p) => !existsSync(p));
  if (missing === undefined) return;
  if (process.env.CI) throw new Error(`${missing} is missing: CI lays ../shared beside the clone`);
  ctx.skip();
}

/** Every file below `dir`, in name order, folders read through (corpus/mail keeps a folder per list). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .map((n) => join(dir, n))
    .flatMap((p) => (statSync(p).isDirectory() ? filesUnder(p) : statSync(p).isFile() ? [p] : []));
}
