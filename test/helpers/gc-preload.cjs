// Test-only instrumentation for test/lsp-abuse.test.ts, loaded into the language server's
// process with `node --expose-gc --require <this file> dist/server.js --stdio`; the server
// itself is the unchanged bundle. On SIGUSR2 it collects garbage (twice, a tick apart, so
// external strings and buffers freed by the first pass are gone too) and writes the memory
// use to stderr: a test can then tell memory the server holds from garbage V8 has not yet
// collected, which RSS alone cannot.
'use strict';
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
  setImmediate(() => {
    if (typeof global.gc === 'function') global.gc();
    process.stderr.write(`@@bpl-mem ${JSON.stringify(process.memoryUsage())}\n`);
  });
});
