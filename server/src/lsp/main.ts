#!/usr/bin/env node
/**
 * `bpf-patch-lint-lsp`: the language server over stdio (--stdio), node IPC
 * (--node-ipc) or a socket (--socket=PORT), as vscode-languageserver detects
 * from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import pkg from '../../../package.json';

if (process.argv.includes('--version')) {
  process.stdout.write(`${pkg.version}\n`);
} else {
  // An unexpected error in a timer must not take the editor's linting down with it.
  process.on('uncaughtException', (err) => process.stderr.write(`bpf-patch-lint-lsp: uncaught: ${err.stack ?? err.message}\n`));
  startServer(createConnection(ProposedFeatures.all));
}
