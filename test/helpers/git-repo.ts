/** Real git repositories for tests and benchmarks, made fast with git fast-import. */
import { execFileSync } from 'node:child_process';

/**
 * A repository on branch main with `n` commits titled "bpf: change <i>", each
 * changing f.txt. The first also adds kernel/bpf/Makefile, so the repository
 * counts as a kernel tree (GitRepository.holdsKernelHistory).
 */
export function makeRepo(dir: string, n: number): void {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  execFileSync('git', ['-C', dir, 'config', 'user.name', 'Jane Developer']);
  execFileSync('git', ['-C', dir, 'config', 'user.email', 'jane@example.org']);
  let stream = '';
  for (let i = 1; i <= n; i++) {
    const msg = `bpf: change ${i}\n`;
    const kernel = i === 1 ? 'M 644 inline kernel/bpf/Makefile\ndata 16\nobj-y += core.o\n' : '';
    stream += `commit refs/heads/main\ncommitter A <a@b.c> ${1700000000 + i} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}${kernel}M 644 inline f.txt\ndata ${String(i).length + 1}\n${i}\n\n`;
  }
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: stream, maxBuffer: 1 << 28 });
  execFileSync('git', ['-C', dir, 'checkout', '-q', 'main']);
}
