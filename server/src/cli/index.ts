#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { runCli } from './main';

async function main(): Promise<void> {
  let code: number;
  try {
    code = await runCli({
      argv: process.argv.slice(2),
      cwd: process.cwd(),
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      readStdin: () => readFileSync(0),
      isTty: Boolean(process.stdout.isTTY),
      env: process.env,
      // bin/bpf-patch-lint.js when installed; the hook runs exactly this entry point.
      cliPath: require.main?.filename ?? process.argv[1],
    });
  } catch (e) {
    // A bug of ours, not bad input: say so in one line; the stack only on request.
    process.stderr.write(`bpf-patch-lint: internal error: ${(e as Error).message}\n`);
    if (process.env.BPF_PATCH_LINT_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    code = 2;
  }
  process.exitCode = code;
}

void main();
