/**
 * A git commit-msg hook that runs bpf-patch-lint on the message being
 * committed. It never overwrites a hook it did not write: an existing one is
 * refused, or, when asked, kept and run first (chained).
 */
import { chmodSync, lstatSync, mkdirSync, renameSync, unlinkSync } from 'node:fs';
import { readRegularFile } from './bounded-read';
import { writeFileAtomic } from './write-file';
import { isAbsolute, join } from 'node:path';
import { safeGit } from './safe-git';

export const HOOK_MARK = '# installed by bpf-patch-lint';
const CHAINED = 'commit-msg.before-bpf-patch-lint';

export class HookError extends Error {}

async function hooksDir(cwd: string): Promise<string> {
  let dir: string;
  try {
    // Honours core.hooksPath and worktrees.
    dir = (await safeGit(cwd, { asksForHooksPath: true }).raw(['rev-parse', '--git-path', 'hooks'])).trim();
  } catch {
    throw new HookError(`${cwd} is not in a git repository`);
  }
  return isAbsolute(dir) ? dir : join(cwd, dir);
}

function script(node: string, cli: string, chained: boolean): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    '#!/bin/sh',
    HOOK_MARK,
    '# Checks the commit message against the BPF subsystem\'s submission rules.',
    '# Remove with: bpf-patch-lint uninstall-hook',
    ...(chained ? [`"$(dirname "$0")/${CHAINED}" "$@" || exit $?`] : []),
    // Node reads this certificate bundle while it starts (half of a check's time where it is set); the check makes no TLS connection.
    'unset NODE_EXTRA_CA_CERTS',
    // exec: the check's parent is then git itself, whose command line says how it cleans the message up.
    `exec ${q(node)} ${q(cli)} commit-msg "$1"`,
    '',
  ].join('\n');
}

/** Lines of every hook this tool has written (this version's and earlier ones). */
const OUR_LINES: readonly RegExp[] = [
  /^#!\/bin\/sh$/,
  new RegExp(`^${HOOK_MARK}$`),
  /^# Checks the commit message against the BPF subsystem's submission rules\.$/,
  /^# Remove with: bpf-patch-lint uninstall-hook$/,
  new RegExp(`^"\\$\\(dirname "\\$0"\\)/${CHAINED.replace(/\./g, '\\.')}" "\\$@" \\|\\| exit \\$\\?$`),
  /^unset NODE_EXTRA_CA_CERTS$/,
  /^exec '[^\n]*' '[^\n]*' commit-msg "\$1"$/,
  // Before the hook exec'd the commit-msg command:
  /^'[^\n]*' '[^\n]*' --kind message "\$1" && exit 0$/,
  /^status=\$\?$/,
  /^\[ \$status -eq 1 \] && printf .*$/,
  /^exit \$status$/,
  /^$/,
];

/**
 * Whether `text` is a hook this tool wrote: every line one of ours. A hook of
 * someone else's that merely mentions our marker is not, and is never
 * overwritten or removed.
 */
export function isOurHook(text: string): boolean {
  return text.includes(HOOK_MARK) && text.split('\n').every((line) => OUR_LINES.some((re) => re.test(line)));
}

/** What is at `path`: nothing, a regular file (its text), or something we must not touch. */
function whatIsAt(path: string): { kind: 'none' } | { kind: 'file'; text: string } | { kind: 'other'; what: string } {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return { kind: 'none' };
  }
  if (st.isSymbolicLink()) return { kind: 'other', what: 'a symbolic link' };
  if (st.isDirectory()) return { kind: 'other', what: 'a directory' };
  if (!st.isFile()) return { kind: 'other', what: 'not a regular file' };
  try {
    return { kind: 'file', text: readRegularFile(path, 1 << 20).bytes.toString('utf8') };
  } catch {
    return { kind: 'other', what: 'unreadable or larger than 1 MiB' };
  }
}

export interface InstallResult {
  readonly hook: string;
  readonly chained: boolean;
}

export async function installHook(cwd: string, cli: string, opts: { chain: boolean }): Promise<InstallResult> {
  const dir = await hooksDir(cwd);
  const hook = join(dir, 'commit-msg');
  const chainedPath = join(dir, CHAINED);
  const current = whatIsAt(hook);
  const previous = whatIsAt(chainedPath);
  if (current.kind === 'other') throw new HookError(`${hook} is ${current.what}; not touched`);
  if (previous.kind === 'other') throw new HookError(`${chainedPath} is ${previous.what}; not touched`);
  let chained = previous.kind === 'file';
  if (current.kind === 'file' && !isOurHook(current.text)) {
    if (!opts.chain) throw new HookError(`${hook} already exists and is not ours; rerun with --chain to keep it and run it first`);
    // A hook already chained would be lost under the new one.
    if (previous.kind === 'file') throw new HookError(`${chainedPath} already holds a chained hook; move one of the two away first`);
    renameSync(hook, chainedPath);
    chained = true;
  }
  try {
    // core.hooksPath may name a folder nobody has created yet (and a repository made without templates has no hooks/).
    mkdirSync(dir, { recursive: true });
    // Written beside it and renamed over: never through a link, never half written.
    writeFileAtomic(hook, script(process.execPath, cli, chained));
    chmodSync(hook, 0o755);
  } catch (e) {
    throw new HookError(`could not write ${hook}: ${(e as Error).message}`);
  }
  return { hook, chained };
}

export async function uninstallHook(cwd: string): Promise<string> {
  const dir = await hooksDir(cwd);
  const hook = join(dir, 'commit-msg');
  const current = whatIsAt(hook);
  if (current.kind !== 'file' || !isOurHook(current.text)) {
    throw new HookError(current.kind === 'other' ? `${hook} is ${current.what}; not touched` : `no bpf-patch-lint commit-msg hook in ${dir}`);
  }
  unlinkSync(hook);
  const chainedPath = join(dir, CHAINED);
  if (whatIsAt(chainedPath).kind === 'file') {
    renameSync(chainedPath, hook);
    return `removed; the previous commit-msg hook is back in place`;
  }
  return 'removed';
}
