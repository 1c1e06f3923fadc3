/**
 * What the other-editor drivers run in: a scratch kernel-ish repository with a
 * format-patch file, a .diff, an .mbox and a staged change; a HOME of its own
 * holding the README's set-up; `bpf-patch-lint-lsp` on PATH as this checkout's
 * built server; and a way to run an editor that cannot hang the suite.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTHOR } from '../helpers/mail';
import { REPO } from '../helpers/paths';

export const DRIVERS = __dirname;

export interface ScratchRepo {
  readonly dir: string;
  /** "bpf: Add verifier.c", "bpf: Initialise b", "bpf: Set b to 2", "bpf: Initialise c", oldest first. */
  readonly added: string;
  readonly initialised: string;
  readonly setTo2: string;
  readonly initialisedC: string;
  /** `git format-patch -1` of setTo2, in outgoing/. */
  readonly patchFile: string;
  /** `git diff` of setTo2. */
  readonly diffFile: string;
  /** `git format-patch --stdout` of setTo2 and initialisedC (no cover letter). */
  readonly mboxFile: string;
  /** The message `git commit -e -F` starts the editor with (b = 3 is staged). */
  readonly messageFile: string;
}

const SIGNED = `Signed-off-by: ${AUTHOR}`;

/**
 * Commits that give every document a Fixes: candidate of its own: the patch
 * changes line b, last written by "Initialise b"; the mbox's second patch changes
 * line c, last written by "Add verifier.c"; the staged change sets b again, last
 * written by "Set b to 2". Messages keep an empty "Fixes:" line to complete, and
 * the ones to mail carry a Cc: stable tag (cc-stable) and no tree (subject-tree-missing).
 */
export function makeScratchRepo(dir: string, home: string): ScratchRepo {
  // The HOME the editors get, so no ~/.gitconfig (format.subjectPrefix, say) shapes the files.
  mkdirSync(home, { recursive: true });
  const env = gitEnv(home);
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env }).trim();
  const source = join(dir, 'kernel', 'bpf', 'verifier.c');
  const commit = (text: string, message: string) => {
    writeFileSync(source, text);
    git('add', '.');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env });
  git('config', 'user.name', 'Jane Developer');
  git('config', 'user.email', 'jane@example.org');
  mkdirSync(join(dir, 'kernel', 'bpf'), { recursive: true });
  const added = commit('int a;\nint b;\nint c;\n', 'bpf: Add verifier.c');
  const initialised = commit('int a;\nint b = 1;\nint c;\n', 'bpf: Initialise b');
  const setTo2 = commit(
    'int a;\nint b = 2;\nint c;\n',
    `bpf: Set b to 2\n\nThe verifier reads b before the helper call returns. Set it to 2 so that\nthe state survives the call.\n\nFixes:\nCc: stable@vger.kernel.org\n${SIGNED}`,
  );
  const initialisedC = commit('int a;\nint b = 2;\nint c = 1;\n', `bpf: Initialise c\n\nThe verifier reads c before anything writes it. Initialise it.\n\nFixes:\n${SIGNED}`);
  git('format-patch', '-q', '-1', setTo2, '-o', 'outgoing');
  const patchFile = join(dir, 'outgoing', '0001-bpf-Set-b-to-2.patch');
  const diffFile = join(dir, 'change.diff');
  writeFileSync(diffFile, git('diff', initialised, setTo2) + '\n');
  const mboxFile = join(dir, 'series.mbox');
  writeFileSync(mboxFile, execFileSync('git', ['-C', dir, 'format-patch', '--stdout', `${initialised}..${initialisedC}`], { encoding: 'utf8', env }));
  writeFileSync(source, 'int a;\nint b = 3;\nint c = 1;\n');
  // Neovim 0.7 and eglot 1.9 cannot create files in a workspace edit, so the server offers
  // "Disable <rule>" only where the config file exists: an empty one, for the .diff's action.
  writeFileSync(join(dir, '.bpf-patch-lint.json'), '{}\n');
  git('add', '.');
  const messageFile = join(dir, '.git', 'message-to-edit');
  writeFileSync(messageFile, `bpf: Set b to 3\n\nThe helper call needs b at 3. Set it.\n\nFixes:\nCc: stable@vger.kernel.org\n${SIGNED}\n`);
  return { dir, added, initialised, setTo2, initialisedC, patchFile, diffFile, mboxFile, messageFile };
}

/** The environment git and the editors run in: none of the user's git, editor or XDG settings. */
export function gitEnv(home?: string, path?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(GIT_|XDG_|VIM|NVIM|MYVIMRC|EMACS|EDITOR$|VISUAL$)/.test(k)) continue;
    env[k] = v;
  }
  env.GIT_CONFIG_NOSYSTEM = '1';
  if (home) env.HOME = home;
  if (path) env.PATH = path;
  env.LC_ALL = 'C.UTF-8';
  return env;
}

/**
 * A HOME with `files` (relative path -> text) and a bin/ holding
 * `bpf-patch-lint-lsp`, which starts this checkout's build the way the npm
 * package's bin does. Returns the PATH to run editors with.
 */
export function makeHome(home: string, files: Record<string, string>): string {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(home, rel, '..'), { recursive: true });
    writeFileSync(join(home, rel), text);
  }
  const bin = join(home, 'bin');
  mkdirSync(bin, { recursive: true });
  const shim = join(bin, 'bpf-patch-lint-lsp');
  writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${join(REPO, 'bin', 'bpf-patch-lint-lsp.js')}' "$@"\n`);
  chmodSync(shim, 0o755);
  return `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`;
}

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

/**
 * Runs a command in a process group of its own and kills the whole group
 * (editor, git, language server) when it outlives `timeoutMs`.
 */
export function runBounded(cmd: string, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, opts.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(); // a language server the editor left behind
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

/** Whether `cmd args` runs and exits 0 (an editor is installed and can load what it needs). */
export function runs(cmd: string, args: readonly string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 20000, env: gitEnv() });
  return r.error === undefined && r.status === 0;
}

export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
