/**
 * What the commit-msg hook adds to `git commit`: the same commit made with the
 * hook and with `--no-verify`, alternated in one run (each a whole `git commit`
 * process, so both sides pay git's own start-up), and beside them Node's own
 * start-up (`node -e 0`, started as the hook starts it), which no Node hook can avoid. Measured in a kernel-like
 * repository (kernel/bpf, a kernel-sized MAINTAINERS, a Fixes target) with few and with many release tags:
 * the per-commit work must not grow with the tag count.
 *
 * Run: npx tsx bench/hook-cost.ts [--cli path/to/bin/bpf-patch-lint.js] [--runs N]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureOurCli, median } from './common';

export interface HookCostRow {
  readonly tags: number;
  readonly message: 'plain' | 'fixes';
  /** Median wall time of `git commit` with the hook and with --no-verify, and of `node -e 0`. */
  readonly withHookMs: number;
  readonly noVerifyMs: number;
  readonly nodeMs: number;
  /** withHook - noVerify: what the hook costs per commit. */
  readonly addedMs: number;
  /** addedMs - nodeMs: what is ours beyond starting Node. */
  readonly aboveNodeMs: number;
}

function makeRepo(dir: string, tags: number): string {
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  git('config', 'user.name', 'Jane Developer');
  git('config', 'user.email', 'jane@example.org');
  mkdirSync(join(dir, 'kernel', 'bpf'), { recursive: true });
  writeFileSync(join(dir, 'kernel', 'bpf', 'verifier.c'), 'int x;\n');
  // A MAINTAINERS the size of the kernel's (about 3,000 sections, 800 KB): reading it is work a hook must not do for nothing.
  const sections = Array.from({ length: 3000 }, (_, i) =>
    [`SUBSYSTEM ${i} DRIVER`, `M:\tMaintainer ${i} <m${i}@example.org>`, `R:\tReviewer ${i} <r${i}@example.org>`, 'L:\tlinux-kernel@vger.kernel.org', 'S:\tMaintained', `F:\tdrivers/sub${i}/`, `F:\tinclude/linux/sub${i}.h`, ''].join('\n'),
  );
  writeFileSync(join(dir, 'MAINTAINERS'), ['BPF [GENERAL]', 'M:\tAlexei Starovoitov <ast@kernel.org>', 'L:\tbpf@vger.kernel.org', 'S:\tSupported', 'F:\tkernel/bpf/', '', ...sections].join('\n'));
  git('add', '.');
  git('commit', '-q', '-m', 'bpf: Add the verifier');
  const culprit = git('rev-parse', 'HEAD');
  // Tags on a chain of commits, as in a kernel tree (v6.0 .. v6.N, each with rcs), made in one fast-import.
  const lines: string[] = [];
  for (let i = 0; i < tags; i++) {
    lines.push('commit refs/heads/main', `mark :${i + 1}`, 'committer J <j@x> 1700000000 +0000', 'data 6', `c ${String(i).padStart(3, '0')}`);
    lines.push(i === 0 ? `from ${culprit}` : `from :${i}`, '');
    lines.push(`reset refs/tags/v${6 + Math.floor(i / 8)}.${i % 8}${i % 2 ? '-rc1' : ''}`, `from :${i + 1}`, '');
  }
  if (tags > 0) execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: lines.join('\n') + '\n' });
  git('reset', '-q', '--hard', 'main');
  return culprit;
}

function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const withoutExtraCerts = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS'));

export function benchHookCost(opts: { cli?: string; runs?: number; tagCounts?: number[] } = {}): HookCostRow[] {
  const cli = opts.cli ?? ensureOurCli();
  const runs = opts.runs ?? 15;
  const rows: HookCostRow[] = [];
  const root = mkdtempSync(join(tmpdir(), 'bpl-hookcost-'));
  try {
    for (const tags of opts.tagCounts ?? [10, 2000]) {
      const dir = join(root, `tags-${tags}`);
      const culprit = makeRepo(dir, tags);
      const r = spawnSync(process.execPath, [cli, 'install-hook'], { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`install-hook failed: ${r.stderr}`);
      const messages = {
        plain: 'bpf: Fix the verifier\n\nThe verifier forgot the state of the stack.\n\nSigned-off-by: Jane Developer <jane@example.org>\n',
        fixes: `bpf: Fix the verifier\n\nThe verifier forgot the state of the stack.\n\nFixes: ${culprit.slice(0, 12)} ("bpf: Add the verifier")\nSigned-off-by: Jane Developer <jane@example.org>\n`,
      } as const;
      for (const message of ['plain', 'fixes'] as const) {
        const file = join(root, `msg-${message}`);
        writeFileSync(file, messages[message]);
        const hook: number[] = [];
        const bare: number[] = [];
        const node: number[] = [];
        // Alternated, so load on the machine falls on both sides alike.
        for (let i = 0; i < runs; i++) {
          hook.push(timed('git', ['commit', '-q', '--allow-empty', '-F', file], dir));
          bare.push(timed('git', ['commit', '-q', '--allow-empty', '--no-verify', '-F', file], dir));
          // Node started as the hook starts it: without NODE_EXTRA_CA_CERTS (see the hook's script).
          node.push(timed(process.execPath, ['-e', '0'], dir, withoutExtraCerts));
        }
        const withHookMs = median(hook);
        const noVerifyMs = median(bare);
        const nodeMs = median(node);
        rows.push({ tags, message, withHookMs, noVerifyMs, nodeMs, addedMs: withHookMs - noVerifyMs, aboveNodeMs: withHookMs - noVerifyMs - nodeMs });
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}

if (require.main === module) {
  const arg = (name: string) => {
    const k = process.argv.indexOf(name);
    return k > 0 ? process.argv[k + 1] : undefined;
  };
  const rows = benchHookCost({ cli: arg('--cli'), runs: arg('--runs') ? Number(arg('--runs')) : undefined });
  console.log('| tags | message | git commit with hook | --no-verify | node -e 0 | added by the hook | beyond Node start-up |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.tags} | ${r.message} | ${r.withHookMs.toFixed(0)} ms | ${r.noVerifyMs.toFixed(0)} ms | ${r.nodeMs.toFixed(0)} ms | ${r.addedMs.toFixed(0)} ms | ${r.aboveNodeMs.toFixed(0)} ms |`);
  }
}
