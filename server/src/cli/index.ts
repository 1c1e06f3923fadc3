#!/usr/bin/env node
import { runCli } from './main';
import { readStdin } from '../node/read-input';

/**
 * Writes to stdout or stderr. A reader that goes away early (`| head -1`) ends
 * the writing, not the run: EPIPE is not a failure of ours, so nothing more is
 * written to that stream and the exit status stays the one the findings decide.
 * Any other write error (a full disk) means the output is incomplete: exit 2.
 */
function writerTo(stream: NodeJS.WriteStream, onFailure: (e: Error) => void): (s: string | Uint8Array) => void {
  let open = true;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (!open) return;
    open = false;
    if (e.code !== 'EPIPE') onFailure(e);
  });
  return (s) => {
    if (open) stream.write(s);
  };
}

let outputFailed = false;
const stderr = writerTo(process.stderr, () => {
  outputFailed = true;
  process.exitCode = 2;
});
const stdout = writerTo(process.stdout, (e) => {
  outputFailed = true;
  process.exitCode = 2;
  stderr(`bpf-patch-lint: could not write the output: ${e.message}\n`);
});

async function main(): Promise<void> {
  let code: number;
  try {
    code = await runCli({
      argv: process.argv.slice(2),
      cwd: process.cwd(),
      stdout,
      stderr,
      readStdin,
      isTty: Boolean(process.stdout.isTTY),
      env: process.env,
      // bin/bpf-patch-lint.js when installed; the hook runs exactly this entry point.
      cliPath: require.main?.filename ?? process.argv[1],
    });
  } catch (e) {
    // A bug of ours, not bad input: say so in one line; the stack only on request.
    stderr(`bpf-patch-lint: internal error: ${(e as Error).message}\n`);
    if (process.env.BPF_PATCH_LINT_DEBUG) stderr(`${(e as Error).stack}\n`);
    code = 2;
  }
  process.exitCode = outputFailed ? 2 : code;
}

void main();
