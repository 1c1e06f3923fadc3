/**
 * The folder the in-editor suite works in: a git repository that is also a
 * (tiny) kernel tree, so COMMIT_EDITMSG opens as git does it and the FAQ
 * command finds Documentation/bpf/bpf_devel_QA.rst, plus a patch to review.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commitMessage, patch, AUTHOR } from '../helpers/mail';

const SEED = resolve(__dirname, '..', '..', '..', 'shared', 'seed', 'bpf_devel_QA.rst');

export const COMMIT_TEXT = commitMessage({ body: `Keep the register state until the call returns.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` });
export const PATCH_TEXT = patch({ subject: '[PATCH v2] bpf: Keep register state across helper calls' });

export function prepareWorkspace(ws: string): string {
  mkdirSync(join(ws, 'Documentation', 'bpf'), { recursive: true });
  execFileSync('git', ['init', '-q', ws]);
  writeFileSync(join(ws, 'MAINTAINERS'), 'BPF [GENERAL]\nL:\tbpf@vger.kernel.org\nF:\tkernel/bpf/\n');
  if (existsSync(SEED)) copyFileSync(SEED, join(ws, 'Documentation', 'bpf', 'bpf_devel_QA.rst'));
  mkdirSync(join(ws, 'outgoing'));
  writeFileSync(join(ws, 'outgoing', '0001-bpf-keep-register-state.patch'), PATCH_TEXT);
  commitTopicBranch(ws);
  // After the commits: git commit rewrites COMMIT_EDITMSG.
  writeFileSync(join(ws, '.git', 'COMMIT_EDITMSG'), COMMIT_TEXT);
  // A patch whose Fixes tag names a commit of this repository by the wrong title: only git can tell.
  const initial = execFileSync('git', ['rev-parse', 'main'], { cwd: ws, encoding: 'utf8' }).trim();
  mkdirSync(join(ws, 'review'));
  writeFileSync(join(ws, 'review', '0001-bpf-fix-it.patch'), patch({ subject: '[PATCH bpf] bpf: Fix it', body: `Fix it.\n\nFixes: ${initial.slice(0, 12)} ("bpf: Something else")\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` }));
  writeFileSync(join(ws, 'expected.json'), JSON.stringify({ commit: COMMIT_TEXT, patch: PATCH_TEXT, hasSeed: existsSync(SEED) }));
  return ws;
}

/** main with the tree as above, and a branch "topic" tracking it with two BPF commits to format. */
function commitTopicBranch(ws: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, input: '' });
  git('config', 'user.name', 'Jane Developer');
  git('config', 'user.email', 'jane@example.org');
  git('checkout', '-q', '-b', 'main');
  git('add', 'MAINTAINERS', 'Documentation', 'outgoing');
  git('commit', '-q', '-m', 'Initial tree');
  git('checkout', '-q', '-b', 'topic');
  git('branch', '-q', '--set-upstream-to=main');
  mkdirSync(join(ws, 'kernel', 'bpf'), { recursive: true });
  for (const [file, title] of [['syscall.c', 'bpf: Add a syscall file'], ['core.c', 'bpf: Add a core file']]) {
    writeFileSync(join(ws, 'kernel', 'bpf', file), `int ${file.replace('.c', '')};\n`);
    git('add', join('kernel', 'bpf', file));
    execFileSync('git', ['commit', '-q', '-F', '-'], { cwd: ws, input: `${title}\n\nAdd the file, explained in a sentence.\n\nSigned-off-by: ${AUTHOR}\n` });
  }
}
