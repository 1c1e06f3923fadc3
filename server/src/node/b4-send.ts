/**
 * What `b4 send` would mail, written with `b4 send -o DIR --no-sign` to a folder
 * of ours in the git directory (`.git/bpf-patch-lint/b4-send`, emptied first:
 * nobody else's files are there, and the mails are b4's to make again), so that
 * our checks read it with the repository's facts, in the editor as in the Series view. On a b4 prep branch
 * our format-patch stands aside (b4 owns the cover letter and recipients); this
 * is the check that still applies, for the editor's "Format Patches" command.
 *
 * b4 runs programs the repository's configuration names (`b4.send-auto-to-cmd`,
 * by default the tree's scripts/get_maintainer.pl): callers run this only where
 * git may run (a trusted workspace). Its own git processes get our neutralised
 * settings, and it runs offline (`--offline-mode`): nothing is sent, nothing fetched.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FormatPatchError } from './format-patch';
import { neutralisedGitEnv } from './safe-git';

/** b4 prep with a kernel tree's get_maintainer.pl takes seconds; a minute means something waits. */
const B4_TIMEOUT_MS = 120_000;

export interface B4Output {
  /** The folder b4 wrote to. */
  readonly dir: string;
  /** The mails, cover letter first (b4 numbers them 0000-, 0001-, ...). */
  readonly files: readonly string[];
}

/** What b4 said about why it stopped: its CRITICAL/ERROR lines, else its last line. */
function b4Reason(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const said = lines.filter((l) => /^(?:CRITICAL|ERROR):/.test(l)).map((l) => l.replace(/^(?:CRITICAL|ERROR):\s*/, ''));
  return (said.length > 0 ? said.join(' ') : (lines.at(-1) ?? 'no output')).slice(0, 500);
}

/** The folder b4's mails go to in the repository whose git directory is `gitDir`. */
export function b4OutputDir(gitDir: string): string {
  return join(gitDir, 'bpf-patch-lint', 'b4-send');
}

/** The run writing into each output folder: a second request waits for it rather than emptying the folder under it. */
const running = new Map<string, Promise<B4Output>>();

/** Runs `b4 send -o <gitDir>/bpf-patch-lint/b4-send --no-sign` at the top of the work tree `top`, one run per folder at a time. */
export function b4Output(top: string, gitDir: string, timeoutMs = B4_TIMEOUT_MS, b4 = 'b4'): Promise<B4Output> {
  const dir = b4OutputDir(gitDir);
  const before = running.get(dir);
  const run = (before ? before.then(noop, noop) : Promise.resolve()).then(() => runB4(top, dir, timeoutMs, b4));
  running.set(dir, run);
  const forget = () => {
    if (running.get(dir) === run) running.delete(dir);
  };
  run.then(forget, forget);
  return run;
}

const noop = () => undefined;

function runB4(top: string, dir: string, timeoutMs: number, b4: string): Promise<B4Output> {
  // A smaller series than last time must not keep last time's extra mails (rm removes a planted symlink, not its target).
  try {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    return Promise.reject(new FormatPatchError(`cannot prepare ${dir} for b4's mails: ${(e as Error).message}`));
  }
  const fail = (why: string) => {
    rmSync(dir, { recursive: true, force: true });
    return new FormatPatchError(why);
  };
  return new Promise((resolve, reject) => {
    const child = spawn(b4, ['--offline-mode', 'send', '-o', dir, '--no-sign'], { cwd: top, env: neutralisedGitEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (b: Buffer) => {
      if (output.length < 65536) output += b.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let failed: string | undefined;
    const timer = setTimeout(() => {
      failed = `b4 send -o took more than ${timeoutMs / 1000} s and was stopped`;
      child.kill('SIGKILL');
    }, timeoutMs);
    let settled = false;
    child.on('error', (e: NodeJS.ErrnoException) => {
      failed ??= e.code === 'ENOENT' ? 'b4 is not installed (or not on the PATH the editor was started with): install b4 to check what it would send' : `b4 could not run: ${e.message}`;
      // A program that never started may not report 'close'.
      if (child.pid === undefined && !settled) {
        settled = true;
        clearTimeout(timer);
        reject(fail(failed));
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      if (failed) return reject(fail(failed));
      if (code !== 0) return reject(fail(`b4 send -o stopped (exit ${code}): ${b4Reason(output)}`));
      const files = readdirSync(dir)
        .filter((f) => /\.(?:eml|patch)$/.test(f))
        .sort()
        .map((f) => join(dir, f));
      if (files.length === 0) return reject(fail(`b4 send -o wrote no mails: ${b4Reason(output)}`));
      resolve({ dir, files });
    });
  });
}
