/**
 * Our CLI against the kernel's scripts/checkpatch.pl, side by side in one run on
 * the same real patches (/work/shared/corpus/patches/, every subfolder), each
 * comparison in the same process model on both sides (#19):
 * - per invocation, as people run them on a patch they are about to send, on an
 *   even sample of PER_PATCH_SAMPLE patches:
 *   (b) `checkpatch.pl --no-tree --terse --show-types f`, one process per patch, against
 *   (d) `bpf-patch-lint --no-git --format json f`, one process per patch;
 * - batch, one process over all patches:
 *   (c) `checkpatch.pl --no-tree --terse --show-types f1 f2 ...` against
 *   (a) `bpf-patch-lint --no-git --format json f1 f2 ...`.
 * Each figure is the median wall-clock time of several interleaved rounds; the
 * ratios are (b)/(d) and (c)/(a). checkpatch comes from Debian's linux-source-6.12
 * tarball and is extracted into bench/.cache/linux (git-ignored).
 * Run: npx tsx bench/peers/checkpatch.ts [--quick]
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { compare, ensureOurCli, evenSample, timed, type Comparison } from '../common';
import { KERNEL_CACHE, kernelSource } from '../../test/helpers/kernel-source';

const ROOT = resolve(__dirname, '../..');
const CACHE = KERNEL_CACHE;
const CORPUS = process.env.BPL_CORPUS ?? join(ROOT, '..', 'shared', 'corpus');
const QUICK_SAMPLE = 40;
/** Patches timed one process each (both tools: about 0.1 s a process). */
const PER_PATCH_SAMPLE = 100;
const MAX_BUFFER = 1 << 28;

export interface CheckpatchBenchResult {
  quick: boolean;
  files: number;
  rounds: number;
  /** One process per patch on both sides, over the same sample (median ms per patch; the peer is checkpatch.pl). */
  perPatch: Comparison & { files: number };
  /** One process over all files on both sides (median ms). */
  batch: Comparison & { files: number };
  /** Not a quality comparison (different rule sets), only to show both did real work. */
  oursFindings: number;
  checkpatchFindings: number;
}

/** Makes sure bench/.cache/linux holds checkpatch.pl and its data files; returns the script's path. */
export function ensureCheckpatch(): string {
  return join(kernelSource({ install: true }), 'scripts/checkpatch.pl');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

export function corpusPatches(quick: boolean): string[] {
  const all = filesUnder(join(CORPUS, 'patches')).sort();
  return quick ? evenSample(all, QUICK_SAMPLE) : all;
}

export async function benchCheckpatch(opts: { quick: boolean }): Promise<CheckpatchBenchResult> {
  const checkpatch = ensureCheckpatch();
  const cli = ensureOurCli();
  const files = corpusPatches(opts.quick);
  const rounds = opts.quick ? 3 : 5;
  // checkpatch asks git about commit ids only when ./.git (or $GIT_DIR) exists;
  // bench/.cache/linux has none, so like our --no-git it stays offline.
  const cpEnv = { ...process.env };
  delete cpEnv.GIT_DIR;
  const cwd = CACHE;
  const cpArgs = ['--no-tree', '--terse', '--show-types'];

  const ours = (args: string[]): SpawnSyncReturns<string> => {
    // Both tools run as installed commands, through their #! lines, the way users start them.
    const r = spawnSync(cli, ['--no-git', '--format', 'json', ...args], { cwd, encoding: 'utf8', maxBuffer: MAX_BUFFER });
    if (r.status !== 0 && r.status !== 1) throw new Error(`bpf-patch-lint exited ${r.status}: ${r.stderr}`);
    return r;
  };
  // checkpatch exits 1 when it finds problems; anything else is a failure.
  const checkpatchOn = (args: string[]): SpawnSyncReturns<string> => {
    const r = spawnSync(checkpatch, [...cpArgs, ...args], { cwd, env: cpEnv, encoding: 'utf8', maxBuffer: MAX_BUFFER });
    if (r.status !== 0 && r.status !== 1) throw new Error(`checkpatch exited ${r.status} on ${args.length} file(s): ${r.stderr}`);
    return r;
  };
  const countCp = (out: string) => (out.match(/^.*:\d+: (?:ERROR|WARNING|CHECK):/gm) ?? []).length;
  const sample = opts.quick ? files : evenSample(files, PER_PATCH_SAMPLE);

  // Warm-up (page cache, perl and node startup files), and the finding counts.
  const oursFindings = (JSON.parse(ours(files).stdout) as unknown[]).length;
  const checkpatchFindings = countCp(checkpatchOn(files).stdout);

  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  const d: number[] = [];
  for (let round = 0; round < rounds; round++) {
    a.push(await timed(() => ours(files)));
    b.push((await timed(() => sample.forEach((f) => checkpatchOn([f])))) / sample.length);
    c.push(await timed(() => checkpatchOn(files)));
    d.push((await timed(() => sample.forEach((f) => ours([f])))) / sample.length);
  }
  return {
    quick: opts.quick,
    files: files.length,
    rounds,
    perPatch: { files: sample.length, ...compare(d, b) },
    batch: { files: files.length, ...compare(a, c) },
    oursFindings,
    checkpatchFindings,
  };
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  benchCheckpatch({ quick }).then(
    (r) => {
      console.log(`${r.files} real patches${quick ? ' (quick sample)' : ''}, median of ${r.rounds} interleaved rounds:`);
      const row = (name: string, ms: number, ratio?: number) =>
        console.log(`  ${name.padEnd(52)} ${ms.toFixed(1).padStart(8)} ms${ratio === undefined ? '' : `  ${ratio.toFixed(1).padStart(6)}x ours`}`);
      row(`(d) bpf-patch-lint, one process per patch (${r.perPatch.files})`, r.perPatch.oursMs);
      row('(b) checkpatch.pl, one process per patch', r.perPatch.peerMs, r.perPatch.ratio);
      row(`(a) bpf-patch-lint, one process, all ${r.batch.files} files`, r.batch.oursMs);
      row('(c) checkpatch.pl, one process, all files', r.batch.peerMs, r.batch.ratio);
      console.log(`  findings (different rule sets, not comparable): ours ${r.oursFindings}, checkpatch ${r.checkpatchFindings}`);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
