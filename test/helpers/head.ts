import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './paths';

const BIN = join(REPO, 'bin', 'bpf-patch-lint.js');

/**
 * Runs the built CLI with its stdout read the way `| head -1` reads it: the
 * pipe is closed as soon as the first chunk arrives, so whatever the CLI writes
 * afterwards meets a reader that is gone (EPIPE).
 */
export function cliClosedEarly(args: readonly string[], cwd: string): Promise<{ code: number | null; first: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let first = '';
    let stderr = '';
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString('utf8');
      child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, first, stderr }));
  });
}
