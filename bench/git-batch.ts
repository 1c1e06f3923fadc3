/**
 * Resolving 1,000 Fixes tags: our batched lookup (a fixed number of git
 * processes) against one `git log -1` spawn per tag, side by side in one run on
 * the same temporary repository. Medians of 3 runs each.
 * Run: npx tsx bench/git-batch.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitRepository } from '../server/src/node/git-facts';
import { makeRepo } from '../test/helpers/git-repo';
import { median } from './common';

const COMMITS = 5000;
const TAGS = 1000;

export interface GitBatchResult {
  readonly tags: number;
  readonly commits: number;
  readonly batchedMs: number;
  readonly perTagMs: number;
  readonly ratio: number;
}

export async function benchGitBatch(): Promise<GitBatchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bpl-bench-git-'));
  try {
    makeRepo(dir, COMMITS);
    const all = execFileSync('git', ['-C', dir, 'log', '--format=%H', 'main'], { encoding: 'utf8' }).trim().split('\n');
    const ids = all.slice(0, TAGS).map((s) => s.slice(0, 12));
    const repo = (await GitRepository.discover(dir))!;

    const batched: number[] = [];
    const perTag: number[] = [];
    for (let run = 0; run < 3; run++) {
      let t0 = performance.now();
      const result = await repo.resolveCommits(ids);
      batched.push(performance.now() - t0);
      if ([...result.values()].filter((r) => r.status === 'found').length !== TAGS) throw new Error('batch did not resolve every tag');

      t0 = performance.now();
      for (const id of ids) {
        const r = spawnSync('git', ['-C', dir, 'log', '-1', '--format=%H%x1f%s', '--end-of-options', id], { encoding: 'utf8' });
        if (!r.stdout) throw new Error(`git log failed for ${id}`);
      }
      perTag.push(performance.now() - t0);
    }
    const b = median(batched);
    const p = median(perTag);
    return { tags: TAGS, commits: COMMITS, batchedMs: b, perTagMs: p, ratio: p / b };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchGitBatch().then((r) => {
    console.log(`${r.tags} Fixes tags in a ${r.commits}-commit repository (median of 3):`);
    console.log(`  batched (cat-file --batch-check + log --no-walk): ${r.batchedMs.toFixed(1)} ms`);
    console.log(`  one git spawn per tag:                            ${r.perTagMs.toFixed(1)} ms`);
    console.log(`  ratio: ${r.ratio.toFixed(1)}x faster`);
  });
}
