/**
 * What git is doing when it runs the commit-msg hook: which operation (a
 * merge, a cherry-pick, a rebase), whether an editor was used, and so how git
 * will clean the message up and which lines are comments. git tells a hook
 * little directly; the rest is read from the files it leaves in the git
 * directory, its configuration (one process), and on Linux the command line of
 * the git process that runs the hook.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { safeGit } from './safe-git';
import type { Identity } from '../engine/facts';
import { configEntries } from './git-facts';
import { CLEANUP_MODES, type CleanupMode } from '../engine/types';

export type GitOperation = 'merge' | 'cherry-pick' | 'revert' | 'rebase';

export interface CommitInProgress {
  /** The git directory of this worktree (where the message file is). */
  readonly gitDir: string;
  readonly operation?: GitOperation;
  /** `git commit --amend` (as far as the command line can be read). */
  readonly amend: boolean;
  /** Whether git opened an editor on the message (it exports GIT_EDITOR=: when it did not). */
  readonly editor: boolean;
  readonly cleanup: CleanupMode;
  readonly commentChar: string;
  readonly committer?: Identity;
}

/** Candidates git tries, in order, for `core.commentChar=auto`. */
const AUTO_COMMENT_CHARS = '#;@!$%^&|:';

/** The git settings the hook needs, in one `git config` process. */
interface GitSettings {
  readonly commentChar?: string;
  readonly cleanup?: string;
  readonly committer?: Identity;
}

async function readSettings(cwd: string, env: NodeJS.ProcessEnv): Promise<GitSettings> {
  let out = '';
  // `git -c core.commentChar=; commit` reaches the hook as GIT_CONFIG_* variables, which simple-git
  // strips from children unless named: they are the user's own, and this process only reads config.
  const fromCommandLine = Object.keys(env).filter((k) => /^GIT_CONFIG_(PARAMETERS|COUNT|KEY_\d+|VALUE_\d+)$/.test(k));
  try {
    out = await safeGit(cwd, { allowEnvironment: fromCommandLine, allowConfigEnv: true }).raw([
      'config',
      '-z',
      '--get-regexp',
      '^(core\\.comment(char|string)|commit\\.cleanup|user\\.(name|email))$',
    ]);
  } catch {
    return {}; // nothing set (git exits 1), or no git: the defaults hold
  }
  // Later entries win, as in git: core.commentString and core.commentChar set the same thing.
  const values = new Map(configEntries(out).map(([key, value]) => [key.startsWith('core.comment') ? 'comment' : key, value]));
  const email = values.get('user.email')?.trim();
  return {
    commentChar: values.get('comment'),
    cleanup: values.get('commit.cleanup')?.trim().toLowerCase(),
    committer: email ? { name: values.get('user.name')?.trim() ?? '', email } : undefined,
  };
}

/** The arguments of the git process running the hook, where the system says (Linux /proc). */
function gitCommandLine(ppid: number | undefined): string[] | undefined {
  if (!ppid) return undefined;
  try {
    const args = readFileSync(`/proc/${ppid}/cmdline`, 'utf8').split('\0');
    if (args.at(-1) === '') args.pop();
    // Only a git process tells us how it commits (the hook may be run by a hook manager).
    return /(^|\/)git(\.exe)?$/.test(args[0] ?? '') ? args.slice(1) : undefined;
  } catch {
    return undefined;
  }
}

function cleanupArgument(args: readonly string[]): string | undefined {
  let value: string | undefined;
  args.forEach((a, k) => {
    if (a.startsWith('--cleanup=')) value = a.slice('--cleanup='.length);
    else if (a === '--cleanup') value = args[k + 1];
  });
  return value;
}

/** git's `auto` comment character: the one its hint lines in the file start with. */
function autoCommentChar(message: string): string {
  for (const line of message.split(/\r?\n/)) {
    const c = line[0];
    if (c && AUTO_COMMENT_CHARS.includes(c) && / (Please enter the commit message|-{8,} >8 -{8,}|Changes to be committed:|On branch )/.test(line.slice(1))) return c;
  }
  return '#';
}

export function operationIn(gitDir: string, messageFile: string): GitOperation | undefined {
  if (basename(messageFile) === 'MERGE_MSG' || existsSync(resolve(gitDir, 'MERGE_HEAD'))) return 'merge';
  if (existsSync(resolve(gitDir, 'CHERRY_PICK_HEAD'))) return 'cherry-pick';
  if (existsSync(resolve(gitDir, 'REVERT_HEAD'))) return 'revert';
  if (existsSync(resolve(gitDir, 'rebase-merge')) || existsSync(resolve(gitDir, 'rebase-apply'))) return 'rebase';
  return undefined;
}

/**
 * How git records the message in `messageFile` (as the hook receives it; git
 * runs hooks at the top of the work tree). `ppid` is the git process, when the
 * hook exec'd us.
 */
export async function commitInProgress(messageFile: string, cwd: string, env: NodeJS.ProcessEnv, ppid?: number): Promise<CommitInProgress> {
  const gitDir = dirname(resolve(cwd, messageFile));
  const settings = await readSettings(cwd, env);
  const args = gitCommandLine(ppid) ?? [];
  // git exports GIT_EDITOR=: to hooks exactly when it did not open an editor (-m, -F, --no-edit).
  const editor = env.GIT_EDITOR !== ':';
  const asked = [cleanupArgument(args), settings.cleanup].find((c) => c !== undefined && c !== 'default');
  const cleanup: CleanupMode =
    asked !== undefined && (CLEANUP_MODES as readonly string[]).includes(asked) ? (asked as CleanupMode) : editor ? 'strip' : 'whitespace';
  let commentChar = settings.commentChar ?? '#';
  if (commentChar.toLowerCase() === 'auto') {
    let text = '';
    try {
      text = readFileSync(resolve(cwd, messageFile), 'utf8');
    } catch {
      // unreadable: the lint reports it
    }
    commentChar = autoCommentChar(text);
  }
  return {
    gitDir,
    operation: operationIn(gitDir, messageFile),
    amend: args.includes('--amend'),
    editor,
    cleanup,
    commentChar,
    committer: settings.committer,
  };
}
