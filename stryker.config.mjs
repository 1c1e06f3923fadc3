import { readFileSync } from 'node:fs';

// Mutation testing (#19). `npm run mutate` (scripts/mutate.ts) runs Stryker once per chunk of
// the engine, the rules and the language server's conversion and snapshot code, each chunk
// with its own report and incremental file under reports/mutation/chunks/, so an
// interrupted run keeps the chunks it finished and a re-run retests only what changed;
// `npm run mutate:changed` runs the files that differ from main. Both set BPL_MUTATE_*.
// Static mutants (module-level constants: rule metadata, explanations, top-level regular
// expressions) are left out: Stryker cannot tell which test runs them, so each would re-run
// the whole suite (4,700 of them, about 40 s each); the behaviour those constants carry is
// what the rule fixtures state.
const reports = process.env.BPL_MUTATE_REPORTS ?? 'reports/mutation/chunks/all';
// The in-process tests, one list per folder: scripts/mutation-specs.json (scripts/mutate.ts reads it too).
const specs = JSON.parse(readFileSync(new URL('./scripts/mutation-specs.json', import.meta.url), 'utf8'));
const IN_PROCESS_TESTS = [...new Set([...specs.engine, ...specs.rules, ...specs.lsp])];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'mocha',
  mochaOptions: {
    spec: process.env.BPL_MUTATE_SPECS ? process.env.BPL_MUTATE_SPECS.split(',') : IN_PROCESS_TESTS,
    require: ['tsx/cjs', 'test/helpers/fresh-memos.ts'],
    extension: ['ts'],
  },
  mutate: ['server/src/engine/**/*.ts', 'server/src/rules/**/*.ts', 'server/src/lsp/convert.ts', 'server/src/lsp/snapshots.ts', 'server/src/lsp/plaintext.ts'],
  incremental: true,
  incrementalFile: `${reports}/stryker-incremental.json`,
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `${reports}/mutation.json` },
  htmlReporter: { fileName: `${reports}/mutation.html` },
  concurrency: 2,
  timeoutMS: 10000,
  ignorePatterns: ['bench/.cache', 'test/editor/node_modules', 'test/editor/.vscode-test', 'dist', 'reports', '*.vsix'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
