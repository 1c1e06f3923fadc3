// Mutation testing (#19). `npm run mutate` (scripts/mutate.ts) runs Stryker once per chunk of
// the engine, the rules and the language server's conversion and snapshot code, each chunk
// with its own report and incremental file under reports/mutation/chunks/, so an
// interrupted run keeps the chunks it finished and a re-run retests only what changed;
// `npm run mutate:changed` runs the files that differ from main. Both set BPL_MUTATE_*.
// Only tests that run the code in this process can kill a mutant (the CLI and server
// tests spawn dist/, which holds no mutants), so the mocha run here lists those.
// Static mutants (module-level constants: rule metadata, explanations, top-level regular
// expressions) are left out: Stryker cannot tell which test runs them, so each would re-run
// the whole suite (4,700 of them, about 40 s each); the behaviour those constants carry is
// what the rule fixtures state.
const reports = process.env.BPL_MUTATE_REPORTS ?? 'reports/mutation/chunks/all';
const IN_PROCESS_TESTS = [
  'test/rules.test.ts',
  'test/engine.test.ts',
  'test/scope.test.ts',
  'test/edits.test.ts',
  'test/trees.test.ts',
  'test/document.test.ts',
  'test/series-plan.test.ts',
  'test/parser.test.ts',
  'test/mime.test.ts',
  'test/markdown.test.ts',
  'test/meta.test.ts',
  'test/large-input.test.ts',
  'test/lsp-convert.test.ts',
  'test/lsp-snapshots.test.ts',
  'test/git-refs.test.ts',
  'test/rule-edits.test.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'mocha',
  mochaOptions: {
    spec: process.env.BPL_MUTATE_SPECS ? process.env.BPL_MUTATE_SPECS.split(',') : IN_PROCESS_TESTS,
    require: ['tsx/cjs', 'test/helpers/fresh-memos.ts'],
    extension: ['ts'],
  },
  mutate: ['server/src/engine/**/*.ts', 'server/src/rules/**/*.ts', 'server/src/lsp/convert.ts', 'server/src/lsp/snapshots.ts'],
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
