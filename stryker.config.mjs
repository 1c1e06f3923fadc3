// Mutation testing (#19): `npm run mutate` over the engine, the rules and the language
// server's conversion code; `npm run mutate:changed` over what differs from main.
// Only tests that run the code in this process can kill a mutant (the CLI and server
// tests spawn dist/, which holds no mutants), so the mocha run here lists those.
// Static mutants (module-level constants: rule metadata, explanations, top-level regular
// expressions) are left out: Stryker cannot tell which test runs them, so each would re-run
// the whole suite (4,700 of them, about 40 s each); the behaviour those constants carry is
// what the rule fixtures state.
// mutate:changed keeps its own report and incremental file, so that a daily run over a
// few files neither overwrites the full run's scores nor forgets the other files' results.
const changedOnly = process.env.BPL_MUTATE_CHANGED === '1';
const reports = changedOnly ? 'reports/mutation-changed' : 'reports/mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'mocha',
  mochaOptions: {
    spec: [
      'test/rules.test.ts',
      'test/engine.test.ts',
      'test/parser.test.ts',
      'test/mime.test.ts',
      'test/markdown.test.ts',
      'test/meta.test.ts',
      'test/large-input.test.ts',
      'test/lsp-convert.test.ts',
      'test/lsp-snapshots.test.ts',
    ],
    require: ['tsx/cjs'],
    extension: ['ts'],
  },
  mutate: ['server/src/engine/**/*.ts', 'server/src/rules/**/*.ts', 'server/src/lsp/convert.ts', 'server/src/lsp/snapshots.ts'],
  // Later runs re-test only mutants whose code or covering tests changed (reports/stryker-incremental.json).
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
