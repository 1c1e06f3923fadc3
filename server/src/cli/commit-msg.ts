/**
 * `bpf-patch-lint commit-msg <file>`: what the installed hook runs. It checks
 * the message as git will record it (comment lines and cleanup as this commit
 * uses them), stays silent when all is well, and when it refuses, prints the
 * commands that get the user back to their message.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative, resolve } from 'node:path';
import { commitInProgress, type CommitInProgress } from '../node/commit-in-progress';
import { GitRepository } from '../node/git-facts';
import type { CliIo, LintRun, Options } from './main';
import type { LocatedFinding } from './located';
import { defaultCleanupOf } from '../engine/parse/message';
import { hasB4Tracking } from '../engine/parse/b4';
import { findingLines } from './format-text';

/** The shell words that run this CLI: its name when it is on PATH, else node and the script. */
function cliCommand(io: CliIo): string {
  for (const dir of (io.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, 'bpf-patch-lint'), constants.X_OK);
      return 'bpf-patch-lint';
    } catch {
      // not here
    }
  }
  const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return `${q(process.execPath)} ${q(io.cliPath ?? process.argv[1])}`;
}

/** The message file's text ('' when it cannot be read: the lint reports that). */
function textOf(file: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, file), 'utf8');
  } catch {
    return '';
  }
}

/**
 * The message file as the user's shell reaches it: git runs the hook at the top
 * of the work tree and names the file from there, but a commit made in
 * kernel/bpf/ leaves the user there (git tells hooks where, as GIT_PREFIX).
 */
function fromUsersFolder(file: string, io: CliIo): string {
  const prefix = io.env.GIT_PREFIX;
  if (!prefix || isAbsolute(file)) return file;
  return relative(resolve(io.cwd, prefix), resolve(io.cwd, file));
}

/** What to type to get back to the refused message and commit it again. */
function wayBack(gitsFile: string, commit: CommitInProgress, errors: readonly LocatedFinding[], io: CliIo): string[] {
  const text = textOf(gitsFile, io.cwd);
  const file = fromUsersFolder(gitsFile, io);
  // --fix reads the file as git's default would (comments only where git's editor hint is): say the mode when it differs.
  const fixCleanup = commit.cleanup !== defaultCleanupOf(text, commit.commentChar) ? ` --cleanup=${commit.cleanup}` : '';
  // -e makes git strip comment lines and add its hint; where this commit keeps them as text (-m, -F),
  // scissors mode keeps every line above git's cut line and drops the hint below it.
  const commentLike = commit.commentChar !== '' && text.split(/\r?\n/).some((l) => l.startsWith(commit.commentChar));
  const editCleanup = commit.cleanup !== 'strip' && commentLike ? ' --cleanup=scissors' : '';
  // Only you can certify the DCO: git commit -s adds your own Signed-off-by, as you ask it to.
  const signOff = errors.some((f) => f.fixes.some((x) => x.signOff)) ? ' -s' : '';
  const fixable = errors.filter((f) => f.autoFixable).length;
  const lines = [`Commit refused; your message is kept in ${file}.`];
  if (fixable > 0) {
    lines.push(`  ${cliCommand(io)} --fix${fixCleanup} ${file}    # applies ${fixable === 1 ? 'the safe fix' : `${fixable} safe fixes`}`);
  }
  lines.push(`  git commit${commit.amend ? ' --amend' : ''}${signOff}${editCleanup} -e -F ${file}    # ${signOff ? 'adds your Signed-off-by; ' : ''}edit it and commit again`);
  if (commit.operation === 'rebase') lines.push('  git rebase --continue');
  lines.push('(git commit --no-verify skips this check)');
  return lines;
}

export async function runCommitMsgHook(io: CliIo, lint: (opts: Options) => Promise<LintRun>): Promise<number> {
  const file = io.argv[0];
  if (file === undefined || io.argv.length !== 1) {
    io.stderr(`bpf-patch-lint: commit-msg expects the message file git passes to the hook\nTry 'bpf-patch-lint --help'.\n`);
    return 2;
  }
  // Node's parent is git when the hook exec'd us (as install-hook writes it).
  // git runs hooks at the top of the work tree: the repository is found there, beside the config read.
  const repository = GitRepository.discover(io.cwd);
  const commit = await commitInProgress(file, io.cwd, io.env, process.ppid);
  // A merge commit is never mailed (format-patch leaves merges out), and `git pull` must not stop on it.
  if (commit.operation === 'merge') return 0;
  const run = await lint({
    git: true,
    repo: io.cwd,
    repository,
    checkpatch: false,
    format: 'text',
    kind: 'message',
    rules: {},
    fix: false,
    signoff: false,
    cleanup: commit.cleanup,
    commentChar: commit.commentChar,
    committer: commit.committer,
    color: false,
    inputs: [file],
  });
  if (run.usageError !== undefined || run.failed) {
    if (run.usageError !== undefined) io.stderr(`bpf-patch-lint: ${run.usageError}\n`);
    return 2;
  }
  const shown = run.located.filter((f) => f.severity === 'error' || f.severity === 'warning');
  if (shown.length === 0) return 0;
  const errors = shown.filter((f) => f.severity === 'error');
  const report = findingLines(shown, false).join('\n') + '\n';
  // git wrote a picked or reverted message itself, and makes such commits without this hook when
  // there is no conflict: refusing only the conflicted ones would stop a sequence arbitrarily.
  if (errors.length === 0 || commit.operation === 'cherry-pick' || commit.operation === 'revert') {
    const note = errors.length > 0 ? `bpf-patch-lint: not refusing a ${commit.operation}; fix these before you send it:\n` : '';
    io.stderr(note + report);
    return 0;
  }
  // b4 makes its cover letter commit itself, always with its EDITME template: refusing it (a
  // config that makes placeholders errors) leaves b4 prep with a half-made branch.
  if (hasB4Tracking(textOf(file, io.cwd))) {
    io.stderr(`bpf-patch-lint: not refusing b4's cover letter commit (b4 makes it); fix these with b4 prep --edit-cover:\n${report}`);
    return 0;
  }
  io.stderr(report + wayBack(file, commit, errors, io).join('\n') + '\n');
  return 1;
}
