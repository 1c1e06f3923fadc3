/**
 * The CLI run in this process (runCli with captured output, no stdin, no TTY),
 * for tests that need its whole behaviour but not a spawned Node: these count
 * for mutation testing, and the maintainers' fixture several of them share.
 */
import { runCli } from '../../server/src/cli/main';

export async function cliInProcess(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({ argv, cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: () => Buffer.alloc(0), isTty: false, env: {} });
  return { code, stdout, stderr };
}

/** A MAINTAINERS with a BPF and a networking section, as the kernel's has. */
export const SMALL_MAINTAINERS = `BPF [GENERAL] (Safe Dynamic Programs and Tools)
M:\tAlexei Starovoitov <ast@kernel.org>
R:\tJohn Reviewer <john@example.org>
L:\tbpf@vger.kernel.org
S:\tSupported
F:\tkernel/bpf/
F:\ttools/testing/selftests/bpf/

NETWORKING [GENERAL]
M:\tNet Maintainer <davem@example.org>
L:\tnetdev@vger.kernel.org
S:\tMaintained
F:\tnet/
`;
