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
  writeFileSync(join(ws, '.git', 'COMMIT_EDITMSG'), COMMIT_TEXT);
  mkdirSync(join(ws, 'outgoing'));
  writeFileSync(join(ws, 'outgoing', '0001-bpf-keep-register-state.patch'), PATCH_TEXT);
  writeFileSync(join(ws, 'expected.json'), JSON.stringify({ commit: COMMIT_TEXT, patch: PATCH_TEXT, hasSeed: existsSync(SEED) }));
  return ws;
}
