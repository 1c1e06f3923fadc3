/**
 * Our linter against commitlint (@commitlint/config-conventional), side by side
 * in one run on the same real commit messages (commit-msgs/libbpf: 2,000; quick: 200),
 * each comparison in the same process model on both sides (#19):
 * - per message, as a commit-msg hook runs each tool, on a sample of PROCESS_SAMPLE messages:
 *   (b) `commitlint --config <cfg> < message` against
 *   (d) `bpf-patch-lint --kind message --no-git --format json message`;
 * - batch, one process over all messages:
 *   (e) commitlint's own range mode, `commitlint --from <base> --to HEAD`, in a
 *       repository holding the messages as commits, against
 *   (a) `bpf-patch-lint --kind message --no-git --format json m1 m2 ...`;
 * - in-process libraries: @commitlint/lint with the loaded conventional config
 *   against our engine's lint() with RULES, both loaded once, every message linted one by one (c).
 * The rule sets differ (commitlint checks Conventional Commits, we check BPF
 * submission rules): this compares throughput, not findings.
 * commitlint is installed into bench/.cache/commitlint (git-ignored), never into package.json.
 * Run: npx tsx bench/peers/commitlint.ts [--quick] [--all-processes]
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lint as ourLint } from '../../server/src/engine/lint';
import { RULES } from '../../server/src/rules/index';

import { compare, ensureOurCli, evenSample, timed, type Comparison } from '../common';

const ROOT = resolve(__dirname, '../..');
const CACHE = join(ROOT, 'bench/.cache/commitlint');
const CORPUS = process.env.BPL_CORPUS ?? join(ROOT, '..', 'shared', 'corpus');
/** The newest 20.x: commitlint 21 requires Node >= 22.12, and this project supports Node 20. */
const COMMITLINT_VERSION = '20.5.3';
const PACKAGES = ['@commitlint/cli', '@commitlint/config-conventional', '@commitlint/lint', '@commitlint/load'];
const FULL_COUNT = 2000;
const QUICK_COUNT = 200;
/** In full mode, per-message processes are timed on this many messages and scaled (unless allProcesses). */
const PROCESS_SAMPLE = 200;
/** A commitlint run on one message takes about half a second; one this long has hung. */
const COMMITLINT_HUNG_MS = 30_000;
const MAX_BUFFER = 1 << 28;

export interface CommitlintBenchResult {
  quick: boolean;
  messages: number;
  rounds: number;
  /** (b) against (d): one process per message on both sides, over the same sample (median ms per message; the peer is commitlint). */
  perMessage: Comparison & { messages: number };
  /** (e) against (a): one process over all messages, commitlint reading them from git (median ms). */
  batch: Comparison & { messages: number };
  /** (c): in-process, all messages, median ms. */
  inProcess: Comparison;
  /** Different rule sets; shown only to prove both did real work. */
  oursFindings: number;
  commitlintProblems: number;
  /** commitlint's range mode saw every message (its report counts them). */
  rangeMessages: number;
}

const modulePath = (pkg: string) => join(CACHE, 'node_modules', pkg);
const configPath = join(CACHE, 'commitlint.config.cjs');

/** Installs commitlint into bench/.cache/commitlint unless it is already there; writes the config. */
export function ensureCommitlint(): void {
  const installed = PACKAGES.every((p) => {
    const pj = join(modulePath(p), 'package.json');
    return existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { version: string }).version === COMMITLINT_VERSION;
  });
  if (!installed) {
    // One npm call for all packages: with --no-save a later call could prune the earlier ones.
    const r = spawnSync(
      'npm',
      ['install', '--prefix', CACHE, '--no-save', '--no-audit', '--no-fund', ...PACKAGES.map((p) => `${p}@${COMMITLINT_VERSION}`)],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`npm install of commitlint failed:\n${r.stderr}`);
  }
  // The config must live next to node_modules: commitlint resolves `extends` from the config's folder.
  writeFileSync(configPath, "module.exports = { extends: ['@commitlint/config-conventional'] };\n");
}


interface CommitlintLib {
  lint: (message: string, rules: unknown, opts: unknown) => Promise<{ errors: unknown[]; warnings: unknown[] }>;
  rules: unknown;
  opts: unknown;
}

/** Loads @commitlint/lint and the conventional config the way @commitlint/cli does (lib/cli.js). */
async function loadCommitlintLib(): Promise<CommitlintLib> {
  const entry = (pkg: string) => {
    const pj = JSON.parse(readFileSync(join(modulePath(pkg), 'package.json'), 'utf8')) as { main?: string; exports?: unknown };
    const exp = pj.exports as { '.'?: { import?: string; default?: string } | string } | undefined;
    const dot = exp?.['.'];
    const rel = typeof dot === 'string' ? dot : (dot?.import ?? dot?.default ?? pj.main ?? 'index.js');
    return pathToFileURL(join(modulePath(pkg), rel)).href;
  };
  const lintMod = (await import(entry('@commitlint/lint'))) as { default: CommitlintLib['lint'] };
  const loadMod = (await import(entry('@commitlint/load'))) as {
    default: (seed: unknown, o: { cwd: string; file: string }) => Promise<{ rules: unknown; parserPreset?: { parserOpts?: unknown }; plugins?: unknown; ignores?: unknown; defaultIgnores?: boolean }>;
  };
  const loaded = await loadMod.default({}, { cwd: CACHE, file: configPath });
  const parserOpts = loaded.parserPreset && typeof loaded.parserPreset.parserOpts === 'object' ? loaded.parserPreset.parserOpts : {};
  const opts = {
    parserOpts,
    plugins: loaded.plugins ?? {},
    ignores: loaded.ignores ?? [],
    defaultIgnores: loaded.defaultIgnores !== false,
  };
  return { lint: lintMod.default, rules: loaded.rules, opts };
}

/**
 * A repository whose commits carry `texts` as messages (an empty base commit
 * first, so `--from base` covers exactly them), made with git fast-import.
 */
function rangeRepository(texts: readonly string[]): { dir: string; base: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bpl-commitlint-range-'));
  const run = (args: string[], input?: string) => {
    const r = spawnSync('git', ['-C', dir, ...args], { input, encoding: 'utf8', maxBuffer: MAX_BUFFER });
    if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr}`);
    return r.stdout.trim();
  };
  run(['init', '-q', '-b', 'main']);
  const commit = (msg: string) => {
    const data = Buffer.byteLength(msg);
    return `commit refs/heads/main\ncommitter Bench <bench@example.org> 1700000000 +0000\ndata ${data}\n${msg}\n`;
  };
  run(['fast-import', '--quiet'], [commit('base\n'), ...texts.map(commit)].join(''));
  return { dir, base: run(['rev-list', '--max-parents=0', 'main']) };
}

export async function benchCommitlint(opts: { quick: boolean; allProcesses?: boolean }): Promise<CommitlintBenchResult> {
  ensureCommitlint();
  const cli = ensureOurCli();
  // Both tools run as installed commands (npm's link in node_modules/.bin, our bin), the way users start them.
  const commitlintBin = join(CACHE, 'node_modules', '.bin', 'commitlint');
  const dir = join(CORPUS, 'commit-msgs/libbpf');
  const all = readdirSync(dir).sort().map((n) => join(dir, n));
  const files = evenSample(all, opts.quick ? QUICK_COUNT : FULL_COUNT);
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const processFiles = opts.quick || opts.allProcesses ? files : evenSample(files, PROCESS_SAMPLE);
  const processTexts = processFiles.map((f) => readFileSync(f, 'utf8'));
  const rounds = 3;
  // Spawning commitlint costs ~0.3 s a message: in quick mode its 200 processes are timed in one round only.
  const processRounds = opts.quick ? 1 : rounds;

  const ours = (args: readonly string[]): SpawnSyncReturns<string> => {
    const r = spawnSync(cli, ['--kind', 'message', '--no-git', '--format', 'json', ...args], {
      cwd: CACHE,
      encoding: 'utf8',
      maxBuffer: MAX_BUFFER,
    });
    if (r.status !== 0 && r.status !== 1) throw new Error(`bpf-patch-lint exited ${r.status}: ${r.stderr}`);
    return r;
  };
  // commitlint exits 1 when the message has problems; anything else is a failure.
  const commitlintOn = (text: string): SpawnSyncReturns<string> => {
    // Once in some thousand runs commitlint waited forever for the end of its stdin (seen on
    // 2026-12-06, idle in epoll): such a run is killed and made again, and said on stderr.
    for (let attempt = 1; ; attempt++) {
      const r = spawnSync(commitlintBin, ['--config', configPath], { cwd: CACHE, input: text, encoding: 'utf8', maxBuffer: MAX_BUFFER, timeout: COMMITLINT_HUNG_MS });
      if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' && attempt < 3) {
        process.stderr.write(`bench: commitlint hung for ${COMMITLINT_HUNG_MS / 1000} s on a message; run again\n`);
        continue;
      }
      if (r.status !== 0 && r.status !== 1) throw new Error(`commitlint exited ${r.status}: ${r.stderr}${r.stdout}`);
      return r;
    }
  };
  const range = rangeRepository(texts);
  const commitlintRange = (): SpawnSyncReturns<string> => {
    const r = spawnSync(commitlintBin, ['--config', configPath, '--from', range.base, '--to', 'HEAD'], { cwd: range.dir, encoding: 'utf8', maxBuffer: MAX_BUFFER });
    if (r.status !== 0 && r.status !== 1) throw new Error(`commitlint --from exited ${r.status}: ${r.stderr}${r.stdout}`);
    return r;
  };
  const lib = await loadCommitlintLib();
  const oursInProcess = () => {
    let n = 0;
    for (let i = 0; i < texts.length; i++) n += ourLint([{ id: files[i], text: texts[i], kind: 'message' }], { rules: RULES }).findings.length;
    return n;
  };
  const commitlintInProcess = async () => {
    let n = 0;
    // One at a time, as our loop does: this measures per-message work, not concurrency.
    for (const t of texts) {
      const r = await lib.lint(t, lib.rules, lib.opts);
      n += r.errors.length + r.warnings.length;
    }
    return n;
  };

  try {
    // Warm-up (page cache, JIT) and the finding counts.
    const oursCliFindings = (JSON.parse(ours(files).stdout) as unknown[]).length;
    commitlintOn(processTexts[0]);
    // commitlint prints a block per message with problems: the count proves the range covered them.
    const rangeMessages = (commitlintRange().stdout.match(/^⧗ {3}input:/gm) ?? []).length;
    const oursFindings = oursInProcess();
    const commitlintProblems = await commitlintInProcess();
    if (oursCliFindings !== oursFindings) console.warn(`note: CLI reported ${oursCliFindings} findings, in-process engine ${oursFindings}`);

    const a: number[] = [];
    const b: number[] = [];
    const cOurs: number[] = [];
    const cTheirs: number[] = [];
    const d: number[] = [];
    const e: number[] = [];
    for (let round = 0; round < rounds; round++) {
      a.push(await timed(() => ours(files)));
      e.push(await timed(commitlintRange));
      if (round < processRounds) {
        b.push((await timed(() => processTexts.forEach((t) => commitlintOn(t)))) / processFiles.length);
        d.push((await timed(() => processFiles.forEach((f) => ours([f])))) / processFiles.length);
      }
      cOurs.push(await timed(oursInProcess));
      cTheirs.push(await timed(commitlintInProcess));
    }
    return {
      quick: opts.quick,
      messages: files.length,
      rounds,
      perMessage: { messages: processFiles.length, ...compare(d, b) },
      batch: { messages: files.length, ...compare(a, e) },
      inProcess: compare(cOurs, cTheirs),
      oursFindings,
      commitlintProblems,
      rangeMessages,
    };
  } finally {
    rmSync(range.dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  const allProcesses = process.argv.includes('--all-processes');
  benchCommitlint({ quick, allProcesses }).then(
    (r) => {
      console.log(`${r.messages} real commit messages (libbpf)${quick ? ', quick' : ''}, median of ${r.rounds} interleaved rounds:`);
      const row = (name: string, ms: number, ratio?: number) =>
        console.log(`  ${name.padEnd(60)} ${ms.toFixed(1).padStart(9)} ms${ratio === undefined ? '' : `  ${ratio.toFixed(1).padStart(6)}x ours`}`);
      row(`(d) bpf-patch-lint, one process per message (${r.perMessage.messages})`, r.perMessage.oursMs);
      row('(b) commitlint, one process per message', r.perMessage.peerMs, r.perMessage.ratio);
      row(`(a) bpf-patch-lint, one process, all ${r.batch.messages} message files`, r.batch.oursMs);
      row('(e) commitlint --from/--to, one process, all commits', r.batch.peerMs, r.batch.ratio);
      row('(c) our engine in-process, all messages', r.inProcess.oursMs);
      row('(c) @commitlint/lint in-process, all messages', r.inProcess.peerMs, r.inProcess.ratio);
      console.log(`  findings (different rule sets, not comparable): ours ${r.oursFindings}, commitlint ${r.commitlintProblems} (range mode reported on ${r.rangeMessages} messages)`);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.stack : err);
      process.exitCode = 1;
    },
  );
}
