/**
 * Files of a current kernel tree (MAINTAINERS, checkpatch.pl, the newest FAQ),
 * from Debian's linux-source-6.12 tarball, extracted once into
 * bench/.cache/linux (git-ignored). Shared by the tests and the benchmarks.
 * `.ci/run` installs the package; elsewhere a test that needs it pends with a
 * note (and fails under CI=true, as requireShared does).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './paths';

export const KERNEL_TARBALL = '/usr/src/linux-source-6.12.tar.xz';
const TAR_TOP = 'linux-source-6.12';
export const KERNEL_CACHE = join(REPO, 'bench/.cache/linux');
/** Everything any test or benchmark reads from the tree, extracted in one pass over the tarball. */
const MEMBERS = ['scripts/checkpatch.pl', 'scripts/spelling.txt', 'scripts/const_structs.checkpatch', 'MAINTAINERS', 'Documentation/bpf/bpf_devel_QA.rst'];

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * The extracted tree's folder, holding MEMBERS. As root, a missing package is
 * installed with apt-get (what `.ci/run` does); otherwise a missing tarball is an error naming the command.
 */
export function kernelSource(opts: { install?: boolean } = {}): string {
  if (MEMBERS.every((m) => existsSync(join(KERNEL_CACHE, m)))) return KERNEL_CACHE;
  if (!existsSync(KERNEL_TARBALL)) {
    if (!opts.install || !isRoot()) throw new Error(`${KERNEL_TARBALL} is missing: install Debian's linux-source-6.12 package (as root: apt-get install linux-source-6.12)`);
    const install = () => spawnSync('apt-get', ['install', '-y', '-q', 'linux-source-6.12'], { encoding: 'utf8' });
    let r = install();
    if (r.status !== 0) {
      spawnSync('apt-get', ['update', '-q'], { encoding: 'utf8' });
      r = install();
    }
    if (r.status !== 0 || !existsSync(KERNEL_TARBALL)) throw new Error(`apt-get install linux-source-6.12 failed:\n${r.stderr}`);
  }
  mkdirSync(KERNEL_CACHE, { recursive: true });
  const r = spawnSync('tar', ['-xJf', KERNEL_TARBALL, '-C', KERNEL_CACHE, '--strip-components=1', ...MEMBERS.map((m) => `${TAR_TOP}/${m}`)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`extracting ${MEMBERS.join(', ')} from ${KERNEL_TARBALL} failed:\n${r.stderr}`);
  return KERNEL_CACHE;
}

/** kernelSource() for a test: pends without the package, except in CI (CI=true), where that is a failure. */
export function requireKernelSource(ctx: Mocha.Context): string {
  if (!existsSync(KERNEL_TARBALL) && !MEMBERS.every((m) => existsSync(join(KERNEL_CACHE, m)))) {
    if (process.env.CI) throw new Error(`${KERNEL_TARBALL} is missing: .ci/run installs linux-source-6.12`);
    ctx.skip();
  }
  return kernelSource();
}
