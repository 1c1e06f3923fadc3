#!/bin/sh
':' //; unset NODE_EXTRA_CA_CERTS; exec node "$0" "$@"
'use strict';
// The line above is for sh, which runs this file first; to JavaScript it is a string and a comment.
// Node 20 reads the certificate bundle NODE_EXTRA_CA_CERTS names while it starts, before any of
// our code: 50 ms of a 100 ms run on a machine that sets it (CI images, company networks). This
// tool makes no TLS connection and git does not read the variable, so it is dropped for the run.
// Loads dist/cli.js with V8's code cache for it (dist/cli.js.cache, made by the build from a
// run on an example patch): compiling the bundle was a fifth of a small run's time. A cache
// that is missing, stale or made by another Node version only costs that compile; anything
// unexpected falls back to a plain require.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'dist', 'cli.js');
const cacheFile = `${file}.cache`;

function loadWithCodeCache() {
  const vm = require('node:vm');
  const Module = require('node:module');
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = fs.readFileSync(file, 'utf8').replace(/^#!.*/, '');
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  // The build asks for the cache to be written once the run is over (every function it used compiled).
  if (process.env.BPL_WRITE_CODE_CACHE === cacheFile) process.on('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
  return () => script.runInThisContext().call(loaded.exports, loaded.exports, Module.createRequire(file), loaded, file, path.dirname(file));
}

let run;
try {
  run = loadWithCodeCache();
} catch {
  run = () => require(file);
}
run();
