/**
 * `npm run mutate`: mutation testing of the engine, the rules and the language
 * server's conversion and snapshot code, one Stryker run per chunk of files
 * (reports/mutation/chunks/<chunk>/: mutation.json, mutation.html and the
 * incremental file). A run that is stopped keeps every chunk it finished, and
 * a re-run retests only mutants whose code or covering tests changed, so the
 * hours a full run takes on two cores can be spread over several sittings.
 * `npm run mutate -- <chunk>...` runs only those chunks; `--list` names them.
 * bench/mutation-scores.ts reads all chunk reports for the scores per folder.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..');

/** Tests that run engine, rule and conversion code in this process, per folder (scripts/mutation-specs.json). */
const SPECS = JSON.parse(readFileSync(join(REPO, 'scripts/mutation-specs.json'), 'utf8')) as Record<'engine' | 'rules' | 'lsp', string[]>;
const ENGINE_TESTS = SPECS.engine;
// A rule's behaviour is stated by its fixtures (rules.test.ts) and the engine tests that lint
// whole documents; large-input.test.ts checks the engine's piecewise reading, and running it
// (a second for each) against every rule mutant tripled the time of a rule chunk.
const RULE_TESTS = SPECS.rules;
const LSP_TESTS = SPECS.lsp;

interface Chunk {
  readonly name: string;
  readonly files: string[];
  readonly specs: readonly string[];
}

function ts(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? ts(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []))
    .sort();
}

/** Deals `files` into `n` chunks in turn (name order), so each holds a mix of small and large files. */
function split(prefix: string, files: string[], n: number, specs: readonly string[]): Chunk[] {
  const out: Chunk[] = Array.from({ length: n }, (_, i) => ({ name: `${prefix}-${i + 1}`, files: [], specs }));
  files.forEach((f, i) => out[i % n].files.push(f));
  return out;
}

export function chunks(): Chunk[] {
  const rules = ts('server/src/rules');
  const engine = ts('server/src/engine');
  return [
    { name: 'lsp', files: ['server/src/lsp/convert.ts', 'server/src/lsp/snapshots.ts', 'server/src/lsp/plaintext.ts'], specs: LSP_TESTS },
    ...split('rules', rules, 4, RULE_TESTS),
    ...split('engine', engine, 4, ENGINE_TESTS),
  ];
}

/** Files under test/ that no chunk names as a spec: fixtures, golden records, helpers. */
function testData(dir = 'test'): string[] {
  const skip = new Set(['node_modules', '.vscode-test']);
  const specs = new Set([...ENGINE_TESTS, ...RULE_TESTS, ...LSP_TESTS]);
  return readdirSync(join(REPO, dir), { withFileTypes: true })
    .flatMap((e) => {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) return skip.has(e.name) ? [] : testData(path);
      return specs.has(path) ? [] : [path];
    })
    .sort();
}

/**
 * Stryker's incremental mode sees a test as changed only when its spec file changes,
 * but a rule's tests are tables in test/fixtures/ and golden records read at run time:
 * a changed fixture would leave the old statuses of the mutants it reaches in place. The
 * fingerprint of those files, kept beside each chunk's report, makes a chunk whose test
 * data changed run in full.
 */
function testDataFingerprint(): string {
  const h = createHash('sha256');
  for (const f of testData()) h.update(f).update('\0').update(readFileSync(join(REPO, f))).update('\0');
  return h.digest('hex');
}

/**
 * Whether the chunk writing to `reports` must run in full, and how to record a finished run.
 * The files a run mutated are kept beside its report (files.json): chunks are dealt by
 * name, so a new file under engine/ or rules/ moves others between chunks, and Stryker
 * keeps a dropped file's old results in the report it writes from its incremental file.
 * A chunk whose files changed therefore starts without that file, and bench/mutation-scores.ts
 * reads from each report only the files its run mutated.
 */
export function incrementalState(reports: string, files: readonly string[]): { force: boolean; finished(): void } {
  const dir = join(REPO, reports);
  const stamp = join(dir, 'test-data.sha256');
  const listed = join(dir, 'files.json');
  const fingerprint = testDataFingerprint();
  const sameFiles = existsSync(listed) && JSON.stringify(JSON.parse(readFileSync(listed, 'utf8'))) === JSON.stringify(files);
  if (!sameFiles) rmSync(join(dir, 'stryker-incremental.json'), { force: true });
  const force = !sameFiles || !existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== fingerprint;
  return {
    force,
    finished: () => {
      writeFileSync(stamp, `${fingerprint}\n`);
      writeFileSync(listed, `${JSON.stringify(files, null, 2)}\n`);
    },
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const all = chunks();
  if (args.includes('--list')) {
    for (const c of all) console.log(`${c.name.padEnd(10)} ${c.files.length} files: ${c.files.map((f) => f.replace(/^server\/src\//, '')).join(', ')}`);
    return;
  }
  const unknown = args.filter((a) => !all.some((c) => c.name === a));
  if (unknown.length > 0) {
    console.error(`mutate: no chunk ${unknown.join(', ')} (npm run mutate -- --list)`);
    process.exit(2);
  }
  const chosen = args.length > 0 ? all.filter((c) => args.includes(c.name)) : all;
  let failed = 0;
  for (const c of chosen) {
    const started = Date.now();
    const reports = `reports/mutation/chunks/${c.name}`;
    const { force, finished } = incrementalState(reports, c.files);
    console.log(`mutate: chunk ${c.name} (${c.files.length} files)${force ? ', in full: its files or its test data changed since its last run' : ''}`);
    const r = spawnSync('npx', ['stryker', 'run', '--mutate', c.files.join(','), ...(force ? ['--force'] : [])], {
      cwd: REPO,
      stdio: 'inherit',
      env: {
        ...process.env,
        BPL_MUTATE_REPORTS: reports,
        BPL_MUTATE_SPECS: c.specs.join(','),
        BPL_SHARED: process.env.BPL_SHARED ?? resolve(REPO, '..', 'shared'),
      },
    });
    console.log(`mutate: chunk ${c.name} ${r.status === 0 ? 'done' : `failed (${r.status ?? r.signal})`} in ${((Date.now() - started) / 60000).toFixed(1)} min`);
    if (r.status !== 0) failed++;
    else finished();
  }
  process.exit(failed > 0 ? 1 : 0);
}

if (require.main === module) main();
