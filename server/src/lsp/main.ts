#!/usr/bin/env node
/**
 * `bpf-patch-lint-lsp`: the language server over stdio (--stdio), node IPC
 * (--node-ipc) or a socket (--socket=PORT), as vscode-languageserver detects
 * from the command line.
 */
import { format } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { createConnection, ErrorCodes, ProposedFeatures, ResponseError, type Connection } from 'vscode-languageserver/node';
import { startServer } from './server';
import { FrameGuard } from './transport';
import pkg from '../../../package.json';

/** The request FrameGuard turns a broken request with an id into: answered with InvalidRequest. */
const INVALID_REQUEST = 'bpfPatchLint/internal/invalidRequest';

/**
 * Over stdio, the input passes through FrameGuard first, so that a client that
 * writes garbage or a wrong Content-Length costs one message, not the session.
 */
function stdioConnection(): Connection {
  let connection: Connection | undefined;
  const guard = new FrameGuard({
    dropped: (bytes, why) => connection?.console.warn(`bpf-patch-lint: ignored ${bytes} bytes of input: ${why}`),
    invalidRequestMethod: INVALID_REQUEST,
  });
  process.stdin.pipe(guard);
  process.stdin.on('error', (err) => guard.destroy(err));
  // Given streams (not --stdio), the library still exits when the input ends, but no longer keeps
  // console.* off stdout, which carries the protocol: send it to the client's log, as the library does.
  connection = createConnection(ProposedFeatures.all, guard, process.stdout);
  connection.onRequest(INVALID_REQUEST, (p: { message?: unknown }) => new ResponseError(ErrorCodes.InvalidRequest, String(p?.message ?? 'Invalid Request')));
  const remote = connection.console;
  console.log = console.info = (...args: unknown[]) => remote.log(format(...args));
  console.debug = (...args: unknown[]) => remote.log(format(...args));
  console.warn = (...args: unknown[]) => remote.warn(format(...args));
  console.error = (...args: unknown[]) => remote.error(format(...args));
  return connection;
}

const USAGE = `Usage: bpf-patch-lint-lsp --stdio | --node-ipc | --socket=PORT | --pipe=NAME
The bpf-patch-lint language server; editors start it with one of these transports.
`;
/** How vscode-languageserver can be told to talk; without one it throws a stack trace at the user. */
const TRANSPORT = /^--(stdio|node-ipc|socket=\d+|pipe=.+|clientProcessId=\d+)$/;

if (process.argv.includes('--version')) {
  process.stdout.write(`${pkg.version}\n`);
} else if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(USAGE);
} else if (!process.argv.slice(2).some((a) => TRANSPORT.test(a) && !a.startsWith('--clientProcessId'))) {
  process.stderr.write(`bpf-patch-lint-lsp: no transport given\n${USAGE}`);
  process.exitCode = 2;
} else {
  // A server lives as long as the editor. V8 grows its heap generously under each
  // keystroke's garbage and is slow to give it back: RSS 158 MB after a scripted hour of
  // editing a series in a linux.git-sized tree, of which 17 MB was alive. Growing it by a
  // quarter: 121 MB, keystroke latency on a 10,000-line patch unchanged (p95 16.1 against
  // 15.5 ms). Set here rather than on node's command line, so that every editor's way of
  // starting us gets it.
  setFlagsFromString('--heap-growing-percent=25');
  // An unexpected error in a timer must not take the editor's linting down with it.
  process.on('uncaughtException', (err) => process.stderr.write(`bpf-patch-lint-lsp: uncaught: ${err.stack ?? err.message}\n`));
  // Nor a promise nobody awaited (without this, node would route it to the handler above anyway).
  process.on('unhandledRejection', (reason) => process.stderr.write(`bpf-patch-lint-lsp: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`));
  startServer(process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all), { version: pkg.version });
}
