/**
 * Builders for realistic test documents. Defaults produce a patch that every
 * rule accepts (a test checks that), so a fixture states only what it varies.
 */

export const AUTHOR = 'Jane Developer <jane@example.org>';
export const DEFAULT_BODY = [
  'The verifier rejects programs that read the context after a helper call',
  'because the register state is reset too early. Keep the state until the',
  'call returns.',
  '',
  `Signed-off-by: ${AUTHOR}`,
].join('\n');

export const DEFAULT_DIFF = [
  'diff --git a/kernel/bpf/syscall.c b/kernel/bpf/syscall.c',
  'index 1111111..2222222 100644',
  '--- a/kernel/bpf/syscall.c',
  '+++ b/kernel/bpf/syscall.c',
  '@@ -10,3 +10,3 @@ static int bpf_prog_load(union bpf_attr *attr)',
  ' \tint err;',
  '-\terr = 0;',
  '+\terr = -EINVAL;',
  ' \treturn err;',
].join('\n');

export interface PatchOptions {
  from?: string;
  subject?: string;
  to?: string | null;
  cc?: string | null;
  headers?: string[];
  body?: string;
  /** Text below --- and above the diffstat. */
  notes?: string;
  diff?: string;
  /** Files in the diff, when `diff` is not given: each gets a one-line change. */
  files?: string[];
  sha?: string;
}

export function fileDiff(path: string): string {
  return [
    `diff --git a/${path} b/${path}`,
    'index 1111111..2222222 100644',
    `--- a/${path}`,
    `+++ b/${path}`,
    '@@ -1,2 +1,2 @@',
    ' int a;',
    '-int b;',
    '+int c;',
  ].join('\n');
}

function diffstat(diff: string): string {
  const files = [...diff.matchAll(/^diff --git a\/(\S+) /gm)].map((m) => m[1]);
  const lines = files.map((f) => ` ${f} | 2 +-`);
  lines.push(` ${files.length} file${files.length === 1 ? '' : 's'} changed, ${files.length} insertion${files.length === 1 ? '' : 's'}(+), ${files.length} deletion${files.length === 1 ? '' : 's'}(-)`);
  return lines.join('\n');
}

/** A `git format-patch` style mail. */
export function patch(o: PatchOptions = {}): string {
  const diff = o.diff ?? (o.files ? o.files.map(fileDiff).join('\n') : DEFAULT_DIFF);
  const head = [
    `From ${o.sha ?? '0123456789abcdef0123456789abcdef01234567'} Mon Sep 17 00:00:00 2001`,
    `From: ${o.from ?? AUTHOR}`,
    'Date: Tue, 3 Jun 2025 10:00:00 +0200',
    `Subject: ${o.subject ?? '[PATCH bpf-next] bpf: Keep register state across helper calls'}`,
  ];
  if (o.to !== null) head.push(`To: ${o.to ?? 'bpf@vger.kernel.org'}`);
  if (o.cc !== null && o.cc !== undefined) head.push(`Cc: ${o.cc}`);
  head.push(...(o.headers ?? []));
  const below = (o.notes !== undefined ? `${o.notes}\n\n` : '') + `${diffstat(diff)}\n\n${diff}`;
  return `${head.join('\n')}\n\n${o.body ?? DEFAULT_BODY}\n---\n${below}\n-- \n2.43.0\n`;
}

export interface CoverOptions {
  subject?: string;
  blurb?: string;
  to?: string | null;
  from?: string;
}

/** A `git format-patch --cover-letter` 0/N mail. */
export function coverLetter(o: CoverOptions = {}): string {
  const head = [
    'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
    `From: ${o.from ?? AUTHOR}`,
    'Date: Tue, 3 Jun 2025 10:00:00 +0200',
    `Subject: ${o.subject ?? '[PATCH bpf-next 0/2] bpf: Keep register state across helper calls'}`,
  ];
  if (o.to !== null) head.push(`To: ${o.to ?? 'bpf@vger.kernel.org'}`);
  const blurb =
    o.blurb ??
    'This series keeps the verifier register state across helper calls and adds\nselftests for it.';
  return `${head.join('\n')}\n\n${blurb}\n\nJane Developer (2):\n  bpf: Keep register state across helper calls\n  selftests/bpf: Test register state across helper calls\n\n kernel/bpf/verifier.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\n-- \n2.43.0\n`;
}

export interface CommitOptions {
  title?: string;
  body?: string;
  /** Append git's comment block (with a "Changes to be committed" list). */
  comments?: boolean;
  staged?: string[];
  verbose?: string;
}

/** A COMMIT_EDITMSG as git's editor shows it. */
export function commitMessage(o: CommitOptions = {}): string {
  const lines = [o.title ?? 'bpf: Keep register state across helper calls', '', o.body ?? DEFAULT_BODY];
  let out = lines.join('\n') + '\n';
  if (o.comments ?? true) {
    out +=
      '\n# Please enter the commit message for your changes. Lines starting\n' +
      "# with '#' will be ignored, and an empty message aborts the commit.\n#\n" +
      '# On branch fix-helper-state\n# Changes to be committed:\n' +
      (o.staged ?? ['kernel/bpf/verifier.c']).map((p) => `#\tmodified:   ${p}\n`).join('') +
      '#\n';
  }
  if (o.verbose !== undefined) {
    out += '# ------------------------ >8 ------------------------\n';
    out += "# Do not modify or remove the line above.\n# Everything below it will be ignored.\n";
    out += o.verbose;
  }
  return out;
}
