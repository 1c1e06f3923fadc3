/**
 * A git commit-msg hook that runs bpf-patch-lint on the message being
 * committed. It never overwrites a hook it did not write: an existing one is
 * refused, or, when asked, kept and run first (chained).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
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
    // exec: the check's parent is then git itself, whose command line says how it cleans the message up.
    `exec ${q(node)} ${q(cli)} commit-msg "$1"`,
    '',
  ].join('\n');
}

export interface InstallResult {
  readonly hook: string;
  readonly chained: boolean;
}

export async function installHook(cwd: string, cli: string, opts: { chain: boolean }): Promise<InstallResult> {
  const dir = await hooksDir(cwd);
  const hook = join(dir, 'commit-msg');
  let chained = existsSync(join(dir, CHAINED));
  if (existsSync(hook)) {
    const current = readFileSync(hook, 'utf8');
    if (!current.includes(HOOK_MARK)) {
      if (!opts.chain) {
        throw new HookError(`${hook} already exists and is not ours; rerun with --chain to keep it and run it first`);
      }
      renameSync(hook, join(dir, CHAINED));
      chained = true;
    }
  }
  try {
    // core.hooksPath may name a folder nobody has created yet (and a repository made without templates has no hooks/).
    mkdirSync(dir, { recursive: true });
    writeFileSync(hook, script(process.execPath, cli, chained));
    chmodSync(hook, 0o755);
  } catch (e) {
    throw new HookError(`could not write ${hook}: ${(e as Error).message}`);
  }
  return { hook, chained };
}

export async function uninstallHook(cwd: string): Promise<string> {
  const dir = await hooksDir(cwd);
  const hook = join(dir, 'commit-msg');
  if (!existsSync(hook) || !readFileSync(hook, 'utf8').includes(HOOK_MARK)) {
    throw new HookError(`no bpf-patch-lint commit-msg hook in ${dir}`);
  }
  unlinkSync(hook);
  if (existsSync(join(dir, CHAINED))) {
    renameSync(join(dir, CHAINED), hook);
    return `removed; the previous commit-msg hook is back in place`;
  }
  return 'removed';
}
