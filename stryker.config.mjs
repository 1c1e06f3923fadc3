// Mutation testing (#19): `npm run mutate` over the engine, the rules and the language
// server's conversion code; `npm run mutate:changed` over what differs from main.
// Only tests that run the code in this process can kill a mutant (the CLI and server
// tests spawn dist/, which holds no mutants), so the mocha run here lists those.
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
      'test/lsp.test.ts',
      'test/lsp-convert.test.ts',
    ],
    require: ['tsx/cjs'],
    extension: ['ts'],
  },
  mutate: ['server/src/engine/**/*.ts', 'server/src/rules/**/*.ts', 'server/src/lsp/convert.ts'],
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 10000,
  ignorePatterns: ['bench/.cache', 'test/editor/node_modules', 'test/editor/.vscode-test', 'dist', 'reports', '*.vsix'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
