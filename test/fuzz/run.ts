/**
 * `npm run fuzz`: the properties of test/fuzz/properties.ts over 100,000
 * documents (#7), in three phases:
 *
 *  - corpus sweep: every corpus file as it is, then mutated by plans drawn
 *    with fc.sample (seeded per file, so one file's cases replay alone);
 *  - big files: the files of corpus/big/ whole, then windows of them mutated;
 *  - long lines: stress.ts's patterns, 300,000 characters in each place, each
 *    rule within a time budget (linear-time);
 *  - generated: fc.check over generated cases (corpus files and mail.ts
 *    builders, mutated, single documents and series, with fake git facts),
 *    in chunks with their own seeds so one failure does not stop the run;
 *    a failure is shrunk and printed with its seed and path.
 *
 * Options: --runs N (cases in total, default 100000), --seed S (default: a
 * fresh one, printed), --replay <what the failure report says>, --dump DIR
 * (with --replay: write the failing documents there), --chunk N (generated
 * cases per fc.check run, default 5000), --quiet.
 * Exits 1 when any property fails.
 */
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixAll } from '../../server/src/engine/fix-all';
import { lint, type DocumentInput } from '../../server/src/engine/lint';
import { RULES } from '../../server/src/rules';
import { bigCorpusFiles, caseArb, corpusCase, corpusFiles, hashSeed, materialize, planArb, type FuzzCase, type Plan } from './documents';
import { checkProperties, PropertyFailure, Stats } from './properties';
import { checkStress, FILLS, PLACES, stressDocument } from './stress';

interface Options {
  runs: number;
  seed: number;
  replay?: string;
  dump?: string;
  quiet: boolean;
  /** Generated cases per fc.check run: a failure stops only its chunk. */
  chunk: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { runs: 100000, seed: Number(process.env.BPL_FUZZ_SEED ?? (Math.random() * 2 ** 31) | 0), quiet: false, chunk: 5000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--runs') o.runs = Number(value());
    else if (a === '--seed') o.seed = Number(value());
    else if (a === '--replay') o.replay = value();
    else if (a === '--dump') o.dump = value();
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--chunk') o.chunk = Number(value());
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs must be a positive integer');
  if (!Number.isInteger(o.seed)) throw new Error('--seed must be an integer');
  return o;
}

interface Failure {
  readonly phase: string;
  readonly replay: string;
  readonly error: string;
  readonly counterexample: string;
}

const failures: Failure[] = [];

function describeError(err: unknown): string {
  if (err instanceof PropertyFailure) return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

function truncate(s: string, n = 4000): string {
  return s.length > n ? `${s.slice(0, n)}… (${s.length} characters)` : s;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function log(o: Options, s: string): void {
  if (!o.quiet) process.stdout.write(s + '\n');
}

/** The slowest cases, kept for the report: a rule that takes seconds on one document is a bug too. */
const slowest: { ms: number; replay: string }[] = [];

/**
 * A case (of the corpus sweep or generated, big/ aside) slower than this fails the
 * run: they take well under 300 ms, and series-incomplete's walk to a total of
 * 202,601,294 took 5 s.
 */
const SLOW_CASE_MS = 3000;

function timed<T>(replay: () => string, run: () => T, limitMs?: number): T {
  const t0 = performance.now();
  try {
    return run();
  } finally {
    const ms = performance.now() - t0;
    if (limitMs !== undefined && ms > limitMs) {
      failures.push({ phase: 'slow case', replay: replay(), error: `[linear-time] the case took ${ms.toFixed(0)} ms (limit ${limitMs})`, counterexample: '(see --replay)' });
    }
    if (slowest.length < 5 || ms > slowest[slowest.length - 1].ms) {
      slowest.push({ ms, replay: replay() });
      slowest.sort((a, b) => b.ms - a.ms);
      slowest.length = Math.min(slowest.length, 5);
    }
  }
}

/** One case through the properties; returns the failure text, if any. */
function runCase(c: FuzzCase, stats?: Stats, replay?: () => string, limitMs?: number): string | undefined {
  try {
    const check = () => checkProperties(materialize(c), stats);
    if (replay) timed(replay, check, limitMs);
    else check();
    return undefined;
  } catch (err) {
    return describeError(err);
  }
}

function sweepSeed(seed: number, path: string): number {
  return hashSeed(seed, path);
}

function planAt(seed: number, index: number): Plan {
  return fc.sample(planArb, { seed, numRuns: index + 1 })[index];
}

function corpusSweep(o: Options, perFile: number, stats: Stats): void {
  const files = corpusFiles();
  const t0 = Date.now();
  let n = 0;
  for (const [k, f] of files.entries()) {
    const seed = sweepSeed(o.seed, f.path);
    const plans: (Plan | undefined)[] = [undefined, ...(perFile > 0 ? fc.sample(planArb, { seed, numRuns: perFile }) : [])];
    plans.forEach((plan, j) => {
      const c = plan ? corpusCase(f.path, plan) : corpusCase(f.path, { mutations: [] });
      const err = runCase(c, stats, () => (plan ? `sweep:${seed}:${j - 1}:${f.path}` : `sweep:original:${f.path}`), SLOW_CASE_MS);
      n++;
      if (err) {
        failures.push({
          phase: 'corpus sweep',
          replay: plan ? `sweep:${seed}:${j - 1}:${f.path}` : `sweep:original:${f.path}`,
          error: err,
          counterexample: JSON.stringify(c),
        });
      }
    });
    if (!o.quiet && (k + 1) % 500 === 0) log(o, `  corpus sweep: ${k + 1}/${files.length} files, ${n} cases, ${seconds(Date.now() - t0)}`);
  }
  log(o, `corpus sweep: ${files.length} files × ${perFile + 1} = ${n} cases in ${seconds(Date.now() - t0)}`);
}

/** Big files whole, then windows of them (a keepLines first) mutated: a whole 3 MB mbox per case would take hours. */
function bigSweep(o: Options, perFile: number, stats: Stats): number {
  const t0 = Date.now();
  let n = 0;
  for (const f of bigCorpusFiles()) {
    const seed = sweepSeed(o.seed, f.path);
    const plans = [undefined, ...fc.sample(bigPlanArb, { seed, numRuns: perFile })];
    plans.forEach((plan, j) => {
      const c = corpusCase(f.path, plan ?? { mutations: [] });
      const err = runCase(c, stats, () => (plan ? `big:${seed}:${j - 1}:${f.path}` : `sweep:original:${f.path}`));
      n++;
      if (err) failures.push({ phase: 'big files', replay: plan ? `big:${seed}:${j - 1}:${f.path}` : `sweep:original:${f.path}`, error: err, counterexample: JSON.stringify(c) });
    });
  }
  log(o, `big files: ${n} cases in ${seconds(Date.now() - t0)}`);
  return n;
}

/**
 * Every long-line pattern in every place, at STRESS_LENGTH characters: each rule
 * must lint and fix it within STRESS_BUDGET_MS (linear rules take under 150 ms;
 * the quadratic regexes #7 found took seconds to minutes).
 */
const STRESS_LENGTH = 300000;
const STRESS_BUDGET_MS = 1500;

function stressSweep(o: Options, stats: Stats): void {
  const t0 = Date.now();
  let n = 0;
  for (const fill of FILLS) {
    for (const place of PLACES) {
      const doc = stressDocument(fill, place, STRESS_LENGTH);
      n++;
      stats.cases++;
      stats.documents++;
      stats.characters += doc.text.length;
      try {
        checkStress(doc, STRESS_BUDGET_MS);
      } catch (err) {
        failures.push({ phase: 'long lines', replay: `stress:${JSON.stringify(fill)}:${place}`, error: describeError(err), counterexample: `${JSON.stringify(fill)} × ${STRESS_LENGTH} in ${place}` });
      }
    }
  }
  log(o, `long lines: ${n} documents of ${STRESS_LENGTH} characters in ${seconds(Date.now() - t0)}`);
}

const bigPlanArb: fc.Arbitrary<Plan> = fc
  .tuple(fc.nat({ max: 1 << 20 }), fc.integer({ min: 20, max: 600 }), planArb)
  .map(([at, count, p]) => ({ ...p, mutations: [{ op: 'keepLines' as const, at, count }, ...p.mutations] }));


function generated(o: Options, runs: number, stats: Stats): void {
  const t0 = Date.now();
  const arb = caseArb();
  let done = 0;
  for (let chunk = 0; done < runs; chunk++) {
    const numRuns = Math.min(o.chunk, runs - done);
    const seed = hashSeed(o.seed, `generated#${chunk}`);
    const chunkStats = new Stats();
    let failed = false;
    let index = 0;
    const details = fc.check(
      fc.property(arb, (c) => {
        // Shrinking re-runs the property: count (and time) only the first pass.
        try {
          if (failed) checkProperties(materialize(c));
          else {
            const k = index++;
            timed(() => `generated:${seed}:${k}`, () => checkProperties(materialize(c), chunkStats), SLOW_CASE_MS);
          }
        } catch (err) {
          failed = true;
          throw err;
        }
      }),
      { seed, numRuns },
    );
    stats.merge(chunkStats);
    done += numRuns;
    if (details.failed) {
      failures.push({
        phase: 'generated',
        replay: `generated:${details.seed}:${details.counterexamplePath}`,
        error: describeError(details.errorInstance),
        counterexample: JSON.stringify(details.counterexample?.[0]),
      });
    }
    log(o, `  generated: chunk ${chunk} (seed ${seed}) ${numRuns} cases${details.failed ? `, FAILED after ${details.numRuns} (${details.numShrinks} shrinks)` : ''}, ${seconds(Date.now() - t0)} so far`);
  }
  log(o, `generated: ${runs} cases in ${seconds(Date.now() - t0)}`);
}

function dumpCase(o: Options, c: FuzzCase): void {
  const m = materialize(c);
  if (!o.dump) return;
  mkdirSync(o.dump, { recursive: true });
  for (const d of m.inputs) {
    const file = join(o.dump, d.id.replace(/[\\/]/g, '_'));
    writeFileSync(file, d.text);
    process.stdout.write(`wrote ${file}\n`);
  }
  writeFileSync(join(o.dump, 'case.json'), JSON.stringify(c, null, 2));
}

/** What lint says before and after fix-all, for a replayed case. */
function explain(c: FuzzCase): void {
  const m = materialize(c);
  const options = { rules: RULES, config: m.config, facts: m.facts };
  const out = (s: string) => process.stdout.write(s + '\n');
  const show = (inputs: readonly DocumentInput[]) => {
    const texts = new Map(inputs.map((d) => [d.id, d.text]));
    for (const d of inputs) out(`  ${d.id} (${d.kind ?? 'sniffed'}): ${truncate(JSON.stringify(d.text), 3000)}`);
    try {
      for (const f of lint(inputs, options).findings) {
        const fixes = f.fixes.map((x) => `${x.isPreferred ? '*' : ''}"${x.title}" ${truncate(JSON.stringify(x.edits), 300)}`).join(' | ');
        out(`    ${f.severity} ${f.rule} ${f.document} [${f.range.start}, ${f.range.end}) ${truncate(JSON.stringify(texts.get(f.document)?.slice(f.range.start, f.range.end)), 80)}: ${f.message}${fixes ? `\n      fixes: ${fixes}` : ''}`);
      }
    } catch (err) {
      out(`    lint threw: ${describeError(err)}`);
    }
  };
  out('before fix-all:');
  show(m.inputs);
  try {
    const once = fixAll(m.inputs, options);
    out(`after fix-all (${once.passes} passes):`);
    show(m.inputs.map((d) => ({ ...d, text: once.changed.get(d.id) ?? d.text })));
  } catch (err) {
    out(`fix-all threw: ${describeError(err)}`);
  }
}

/**
 * Re-runs one reported case: `sweep:<seed>:<i>:<path>`, `big:<seed>:<i>:<path>`,
 * `sweep:original:<path>`, `generated:<seed>:<k>` (the k-th case drawn) or
 * `generated:<seed>:<fast-check path>` (a shrunk counterexample).
 */
function replay(o: Options, spec: string): number {
  const [phase, a, b, ...rest] = spec.split(':');
  if (phase === 'stress') {
    // stress:<fill as JSON>:<place>; the fill may hold a colon itself.
    const m = /^stress:(".*"):([a-z-]+)$/.exec(spec);
    if (!m) throw new Error(`cannot replay ${spec}`);
    const doc = stressDocument(JSON.parse(m[1]) as string, m[2] as (typeof PLACES)[number], STRESS_LENGTH);
    try {
      checkStress(doc, STRESS_BUDGET_MS);
      process.stdout.write('the case passes now\n');
      return 0;
    } catch (err) {
      process.stdout.write(`FAILS: ${describeError(err)}\n`);
      return 1;
    }
  }
  let c: FuzzCase;
  if ((phase === 'sweep' || phase === 'big') && a === 'original') c = corpusCase([b, ...rest].join(':'), { mutations: [] });
  else if (phase === 'sweep' || phase === 'big') {
    const seed = Number(a);
    const index = Number(b);
    const plan = phase === 'big' ? fc.sample(bigPlanArb, { seed, numRuns: index + 1 })[index] : planAt(seed, index);
    c = corpusCase(rest.join(':'), plan);
  } else if (phase === 'generated' && rest.length === 0 && /^\d+$/.test(b)) {
    // `generated:<seed>:<k>` (the slowest-cases list): the k-th case of that seed, as fc.check drew it.
    c = fc.sample(caseArb(), { seed: Number(a), numRuns: Number(b) + 1 })[Number(b)];
  } else if (phase === 'generated') {
    const details = fc.check(
      fc.property(caseArb(), (x) => checkProperties(materialize(x))),
      { seed: Number(a), path: [b, ...rest].join(':') },
    );
    if (!details.failed) {
      process.stdout.write('the case passes now\n');
      return 0;
    }
    c = details.counterexample![0];
  } else throw new Error(`cannot replay ${spec}`);
  process.stdout.write(`case: ${JSON.stringify(c, null, 2)}\n`);
  dumpCase(o, c);
  explain(c);
  const t0 = performance.now();
  const err = runCase(c);
  const ms = (performance.now() - t0).toFixed(0);
  process.stdout.write(err ? `FAILS (${ms} ms): ${err}\n` : `the case passes now (${ms} ms)\n`);
  return err ? 1 : 0;
}

function main(): number {
  const o = parseArgs(process.argv.slice(2));
  if (o.replay) return replay(o, o.replay);
  const t0 = Date.now();
  const files = corpusFiles();
  log(o, `bpf-patch-lint fuzz: ${o.runs} cases, seed ${o.seed} (run again with --seed ${o.seed}); ${files.length} corpus files`);
  const stats = new Stats();

  // A third of the budget sweeps the corpus (each file once as it is, then
  // mutated), a few dozen cases go to big/, the rest are generated.
  const big = bigCorpusFiles().length;
  const bigPerFile = big > 0 ? Math.min(40, Math.floor(o.runs / 2000)) : 0;
  const bigRuns = big * (bigPerFile + 1) + (o.runs >= 10000 ? FILLS.length * PLACES.length : 0);
  const perFile = files.length > 0 ? Math.max(0, Math.floor((o.runs - bigRuns) / 3 / files.length) - 1) : 0;
  if (files.length > 0 && files.length * (perFile + 1) + bigRuns <= o.runs) {
    corpusSweep(o, perFile, stats);
    bigSweep(o, bigPerFile, stats);
  }
  if (o.runs >= 10000) stressSweep(o, stats);
  generated(o, o.runs - stats.cases, stats);

  const total = Date.now() - t0;
  const rules = [...stats.findings.entries()].sort((x, y) => y[1] - x[1]).map(([r, n]) => `${r} ${n}`);
  log(o, '');
  log(o, `cases: ${stats.cases}; documents: ${stats.documents}; characters: ${stats.characters}`);
  log(o, `findings: ${[...stats.findings.values()].reduce((x, y) => x + y, 0)} (${rules.join(', ')})`);
  log(o, `fixes checked: ${stats.fixes}; documents changed by fix-all: ${stats.fixedDocuments} in ${stats.fixPasses} passes; no-new-errors not judged (kind forced, or a part's kind or diff changed): ${stats.notJudged} cases`);
  log(o, `time: ${seconds(total)} (${((total / Math.max(1, stats.cases)) * 1000).toFixed(0)} µs per case)`);
  log(o, `slowest cases: ${slowest.map((x) => `${x.ms.toFixed(0)} ms (--replay '${x.replay}')`).join(', ')}`);
  if (failures.length === 0) {
    log(o, 'every property held');
    return 0;
  }
  process.stdout.write(`\n${failures.length} FAILURE${failures.length === 1 ? '' : 'S'}:\n`);
  for (const f of failures) {
    process.stdout.write(`\n[${f.phase}] ${truncate(f.error)}\n  replay: npm run fuzz -- --replay '${f.replay}' [--dump DIR]\n  case: ${truncate(f.counterexample, 2000)}\n`);
  }
  return 1;
}

process.exitCode = main();
