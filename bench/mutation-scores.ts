/**
 * Mutation scores per folder from the reports `npm run mutate` leaves, one per
 * chunk (reports/mutation/chunks/<chunk>/mutation.json), for bench/results.json
 * and the table (#19). Reads the reports only; running Stryker takes hours.
 * The score is Stryker's: detected (killed or timed out) over valid mutants
 * (detected, survived, not covered); ignored (static) mutants do not count.
 * mutation-testing-metrics is the library Stryker itself computes them with.
 * Run: npx tsx bench/mutation-scores.ts
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The report's per-file results, as Stryker writes them (mutation-testing-report-schema). */
type FileResult = { mutants: { status: string }[] };
interface Metrics {
  mutationScore: number;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  ignored: number;
}
// An ES module: Node 20.19+ loads it with require (this project's Node floor reads
// reports only in benchmarks, which run on the development machine's Node).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { calculateMetrics } = require('mutation-testing-metrics') as { calculateMetrics: (files: Record<string, FileResult>) => { metrics: Metrics } };

const ROOT = resolve(__dirname, '..');
export const MUTATION_REPORTS = join(ROOT, 'reports/mutation/chunks');

/** The folders the issue sets targets for, and which files belong to each. */
export const MUTATION_FOLDERS: readonly { name: string; files: RegExp; target: number }[] = [
  { name: 'server/src/engine', files: /^server\/src\/engine\//, target: 80 },
  { name: 'server/src/rules', files: /^server\/src\/rules\//, target: 80 },
  { name: 'server/src/lsp (conversion, snapshots)', files: /^server\/src\/lsp\//, target: 90 },
];

export interface FolderScore {
  readonly name: string;
  readonly target: number;
  readonly score: number;
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly ignored: number;
  readonly files: number;
  /** Carried over from the committed record (no report in this clone): when that record was measured. */
  readonly recordedOn?: string;
}

export interface MutationScores {
  /** When the oldest chunk report was written. */
  readonly reportDate: string;
  /** The chunks whose reports were read. */
  readonly chunks: readonly string[];
  readonly folders: readonly FolderScore[];
  /** The weakest files, to say where tests are missing. */
  readonly lowestFiles: readonly { file: string; score: number; survived: number; noCoverage: number }[];
}

export function mutationScores(dir = MUTATION_REPORTS): MutationScores {
  const reports = existsSync(dir) ? readdirSync(dir).map((c) => ({ chunk: c, file: join(dir, c, 'mutation.json') })).filter((r) => existsSync(r.file)) : [];
  if (reports.length === 0) throw new Error(`no report under ${dir}: run npm run mutate first`);
  const files: Record<string, FileResult> = {};
  const relative = (f: string) => f.replace(/\\/g, '/').replace(/^.*?(server\/src\/)/, '$1');
  // Oldest first, so a file's newest result wins; from each report only the files its run
  // mutated (files.json, see scripts/mutate.ts): Stryker carries a file that left the chunk over.
  for (const r of [...reports].sort((a, b) => statSync(a.file).mtimeMs - statSync(b.file).mtimeMs)) {
    const listed = join(dir, r.chunk, 'files.json');
    const mutated = existsSync(listed) ? new Set((JSON.parse(readFileSync(listed, 'utf8')) as string[]).map(relative)) : undefined;
    for (const [f, result] of Object.entries((JSON.parse(readFileSync(r.file, 'utf8')) as { files: Record<string, FileResult> }).files)) {
      if (!mutated || mutated.has(relative(f))) files[f] = result;
    }
  }
  const folders = MUTATION_FOLDERS.map(({ name, files: re, target }) => {
    const mine = Object.fromEntries(Object.entries(files).filter(([f]) => re.test(relative(f))));
    const m = calculateMetrics(mine).metrics;
    return { name, target, score: m.mutationScore, killed: m.killed, timeout: m.timeout, survived: m.survived, noCoverage: m.noCoverage, ignored: m.ignored, files: Object.keys(mine).length };
  });
  const lowestFiles = Object.entries(files)
    .map(([f, r]) => {
      const m = calculateMetrics({ [f]: r }).metrics;
      return { file: relative(f), score: m.mutationScore, survived: m.survived, noCoverage: m.noCoverage };
    })
    .filter((f) => !Number.isNaN(f.score))
    .sort((a, b) => a.score - b.score)
    .slice(0, 10);
  const oldest = Math.min(...reports.map((r) => statSync(r.file).mtimeMs));
  return { reportDate: new Date(oldest).toISOString(), chunks: reports.map((r) => r.chunk), folders, lowestFiles };
}

/** Scores measured here, and for folders without a local report, those recorded before (marked with their date). */
export function withRecordedScores(measured: MutationScores | undefined, previous: MutationScores | { error: string } | undefined): MutationScores {
  const before = previous && 'folders' in previous ? previous : undefined;
  if (!measured && !before) throw new Error('no mutation report here and none recorded: run npm run mutate');
  const base = measured ?? { ...before!, chunks: [], lowestFiles: before!.lowestFiles };
  const folders = (measured ?? before!).folders.map((f) => {
    const old = before?.folders.find((b) => b.name === f.name);
    if (measured && f.files > 0) return f;
    return old && old.files > 0 ? { ...old, recordedOn: old.recordedOn ?? before!.reportDate } : f;
  });
  return { ...base, folders };
}

if (require.main === module) {
  const s = mutationScores();
  console.log(`mutation scores (chunks ${s.chunks.join(', ')}; oldest report ${s.reportDate}):`);
  for (const f of s.folders) {
    if (f.files === 0) console.log(`  ${f.name.padEnd(42)}     - (target ${f.target}%): no chunk report yet`);
    else console.log(`  ${f.name.padEnd(42)} ${f.score.toFixed(1).padStart(5)}% (target ${f.target}%): ${f.killed + f.timeout} detected, ${f.survived} survived, ${f.noCoverage} not covered, ${f.ignored} static ignored, ${f.files} files`);
  }
  console.log('weakest files:');
  for (const f of s.lowestFiles) console.log(`  ${f.file.padEnd(50)} ${f.score.toFixed(1).padStart(5)}%  (${f.survived} survived, ${f.noCoverage} not covered)`);
}
