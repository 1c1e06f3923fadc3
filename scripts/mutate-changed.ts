/**
 * `npm run mutate:changed [-- BASE]`: mutation testing of only the engine, rule
 * and conversion files that differ from BASE (default: the merge base with
 * main), for daily use; `npm run mutate` runs them all. Exits 0 with a note
 * when nothing in scope changed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { incrementalState } from './mutate';

const REPO = resolve(__dirname, '..');
const IN_SCOPE = /^server\/src\/(?:engine\/.*|rules\/.*|lsp\/convert|lsp\/snapshots|lsp\/plaintext)\.ts$/;

function git(...args: string[]): string {
  return execFileSync('git', ['-C', REPO, ...args], { encoding: 'utf8' }).trim();
}

const base = process.argv[2] ?? git('merge-base', 'HEAD', 'main');
// Committed changes since the base, and what is changed in the work tree on top.
const changed = new Set([...git('diff', '--name-only', `${base}...HEAD`).split('\n'), ...git('diff', '--name-only', 'HEAD').split('\n')]);
const files = [...changed].filter((f) => IN_SCOPE.test(f)).sort();
if (files.length === 0) {
  console.log(`mutate:changed: no engine, rule or conversion file differs from ${base.slice(0, 12)}; nothing to mutate.`);
  process.exit(0);
}
const REPORTS = 'reports/mutation-changed';
const { force, finished } = incrementalState(REPORTS, files);
console.log(`mutate:changed: ${files.length} file(s) since ${base.slice(0, 12)}: ${files.join(', ')}${force ? ' (all their mutants: the test data changed)' : ''}`);
const r = spawnSync('npx', ['stryker', 'run', '--mutate', files.join(','), ...(force ? ['--force'] : [])], {
  cwd: REPO,
  stdio: 'inherit',
  env: { ...process.env, BPL_MUTATE_REPORTS: REPORTS, BPL_SHARED: process.env.BPL_SHARED ?? resolve(REPO, '..', 'shared') },
});
if (r.status === 0) finished();
process.exit(r.status ?? 1);
