/**
 * Our pre-send verdicts against the netdev CI's own scripts (linux-netdev/nipa:
 * tests/patch/verify_fixes, verify_signedoff and checkpatch), on the same
 * 10-patch series in a scratch kernel-shaped repository (#15), and how long each
 * of our git-backed checks takes on it.
 *
 * NIPA runs its checks on commits it has applied; here they run on the commits
 * the series was generated from (`verify_fixes.sh c^..c`, `verify_signedoff.sh
 * c^..c`, its checkpatch.sh with HEAD at c), and ours on the `git format-patch`
 * output of the same commits (`bpf-patch-lint --format summary-json --checkpatch`),
 * each patch's rows named after those checks compared one by one.
 *
 * NIPA comes from bench/.cache/nipa (BPL_NIPA_DIR overrides); without it a clone
 * from GitHub is tried, and without network the figure is an error saying so.
 * checkpatch.pl and MAINTAINERS come from Debian's linux-source-6.12.
 * Run: npx tsx bench/nipa.ts (BPL_KEEP=1 keeps the scratch repository to look at).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureOurCli, timed } from './common';
import { kernelSource } from '../test/helpers/kernel-source';
import { GitRepository } from '../server/src/node/git-facts';
import { checkpatchSeries } from '../server/src/node/checkpatch';
import { applyQuestion, commitIdsIn, RULES, treesToAskFor } from '../server/src/rules';
import { lint, parseInputs } from '../server/src/engine/lint';
import { asWritten } from '../server/src/engine/model';

const ROOT = resolve(__dirname, '..');
const NIPA = process.env.BPL_NIPA_DIR ?? join(ROOT, 'bench/.cache/nipa');
const NIPA_URL = 'https://github.com/linux-netdev/nipa';

type Verdict = 'pass' | 'warn' | 'fail';

export interface NipaCase {
  readonly patch: string;
  readonly nipa: Record<string, Verdict>;
  readonly ours: Record<string, Verdict>;
}

export interface NipaComparison {
  readonly nipaCommit: string;
  readonly cases: NipaCase[];
  /** Verdicts compared, and how many agreed, per check. */
  readonly agreement: Record<string, { compared: number; agreed: number }>;
  /** Milliseconds for the 10-patch series: each of our git-backed checks alone, in-process. */
  readonly ms: Record<string, number>;
}

function ensureNipa(): string {
  if (existsSync(join(NIPA, 'tests/patch/verify_fixes/verify_fixes.sh'))) return NIPA;
  mkdirSync(join(NIPA, '..'), { recursive: true });
  const r = spawnSync('git', ['clone', '-q', '--depth', '1', NIPA_URL, NIPA], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`NIPA is not in ${NIPA} and cloning ${NIPA_URL} failed (no network?): ${(r.stderr ?? '').trim().split('\n')[0]}`);
  return NIPA;
}

const ENV = (who = 'Jane Developer <jane@example.org>') => {
  const [, name, email] = /^(.*) <(.*)>$/.exec(who)!;
  return { ...process.env, GIT_AUTHOR_NAME: 'Jane Developer', GIT_AUTHOR_EMAIL: 'jane@example.org', GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email, GIT_AUTHOR_DATE: '2025-01-02T03:04:05Z', GIT_COMMITTER_DATE: '2025-01-02T03:04:05Z' };
};

function git(dir: string, args: string[], who?: string, input?: string): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: ENV(who), input }).trim();
}

/** A repository checkpatch.pl takes for the top of a kernel tree, with a BPF helper to fix and the bpf tree's branch. */
function scratchKernel(dir: string): { repo: string; base: string } {
  const source = kernelSource({ install: true });
  const repo = join(dir, 'linux');
  for (const d of ['Documentation', 'arch', 'include', 'drivers', 'fs', 'init', 'ipc', 'kernel/bpf', 'lib', 'scripts']) mkdirSync(join(repo, d), { recursive: true });
  for (const f of ['COPYING', 'CREDITS', 'Kbuild', 'Makefile', 'README']) writeFileSync(join(repo, f), `${f}\n`);
  for (const f of ['MAINTAINERS', 'scripts/checkpatch.pl', 'scripts/spelling.txt', 'scripts/const_structs.checkpatch']) copyFileSync(join(source, f), join(repo, f));
  writeFileSync(join(repo, 'kernel/bpf/helper.c'), '// SPDX-License-Identifier: GPL-2.0\n\nint helper(int a)\n{\n\treturn a;\n}\n');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  git(repo, ['config', 'user.name', 'Jane Developer']);
  git(repo, ['config', 'user.email', 'jane@example.org']);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'bpf: Add the helper\n\nSigned-off-by: Jane Developer <jane@example.org>']);
  const base = git(repo, ['rev-parse', 'HEAD']);
  git(repo, ['remote', 'add', 'bpf', 'https://git.kernel.org/pub/scm/linux/kernel/git/bpf/bpf.git']);
  git(repo, ['update-ref', 'refs/remotes/bpf/master', base]);
  return { repo, base };
}

/** The series: one case per patch, each a change of its own file and a commit message with or without a problem. */
function series(repo: string, base: string): string[] {
  const id = base.slice(0, 12);
  const sob = 'Signed-off-by: Jane Developer <jane@example.org>';
  const cases: { title: string; body: string; code: string; committer?: string }[] = [
    { title: 'bpf: Fix the helper', body: `Fixes: ${id} ("bpf: Add the helper")\n${sob}`, code: 'int one(void)\n{\n\treturn 1;\n}\n' },
    { title: 'bpf: Fix a short id', body: `Fixes: ${base.slice(0, 8)} ("bpf: Add the helper")\n${sob}`, code: 'int two(void)\n{\n\treturn 2;\n}\n' },
    { title: 'bpf: Fix a wrong title', body: `Fixes: ${id} ("bpf: Add a helper")\n${sob}`, code: 'int three(void)\n{\n\treturn 3;\n}\n' },
    { title: 'bpf: Fix with a title cut at its end', body: `Fixes: ${id} ("bpf: Add the...")\n${sob}`, code: 'int four(void)\n{\n\treturn 4;\n}\n' },
    { title: 'bpf: Fix with a title cut at its start', body: `Fixes: ${id} ("...the helper")\n${sob}`, code: 'int five(void)\n{\n\treturn 5;\n}\n' },
    { title: 'bpf: Fix with blank lines around the tag', body: `Fixes: ${id} ("bpf: Add the helper")\n\n${sob}`, code: 'int six(void)\n{\n\treturn 6;\n}\n' },
    { title: 'bpf: Fix a commit nobody has', body: `Fixes: 0123456789ab ("bpf: Something")\n${sob}`, code: 'int seven(void)\n{\n\treturn 7;\n}\n' },
    { title: 'bpf: Fix without the committer sign-off', body: `Fixes: ${id} ("bpf: Add the helper")\n${sob}`, code: 'int eight(void)\n{\n\treturn 8;\n}\n', committer: 'Max Keeper <max@kernel.org>' },
    { title: 'bpf: Fix the spacing', body: `Fixes: ${id} ("bpf: Add the helper")\n${sob}`, code: 'int nine(int a, int b)\n{\n\treturn a==b;\n}\n' },
    { title: 'bpf: Fix with a long line', body: `Fixes: ${id} ("bpf: Add the helper")\n${sob}`, code: `int ten(void)\n{\n\treturn ${'1 + '.repeat(20)}1;\n}\n` },
  ];
  const shas: string[] = [];
  cases.forEach((c, k) => {
    const file = `kernel/bpf/case${k + 1}.c`;
    writeFileSync(join(repo, file), `// SPDX-License-Identifier: GPL-2.0\n\n${c.code}`);
    git(repo, ['add', file]);
    git(repo, ['commit', '-q', '-F', '-'], c.committer, `${c.title}\n\nThe helper gets case ${k + 1} right now.\n\n${c.body}\n`);
    shas.push(git(repo, ['rev-parse', 'HEAD']));
  });
  return shas;
}

/** A NIPA patch test's verdict on one commit: its exit status, as NIPA reads it (0 pass, 250 warn, else fail). */
function nipaVerdict(script: string, repo: string, args: string[]): Verdict {
  const r = spawnSync('bash', ['-c', `exec 3>/dev/null; DESC_FD=3 bash "$0" "$@"`, script, ...args], { cwd: repo, encoding: 'utf8', env: ENV() });
  return r.status === 0 ? 'pass' : r.status === 250 ? 'warn' : 'fail';
}

const worst = (...vs: Verdict[]): Verdict => (vs.includes('fail') ? 'fail' : vs.includes('warn') ? 'warn' : 'pass');

export async function benchNipa(): Promise<NipaComparison> {
  const nipa = ensureNipa();
  const nipaCommit = execFileSync('git', ['-C', nipa, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'bpl-nipa-'));
  try {
    const { repo, base } = scratchKernel(dir);
    const shas = series(repo, base);
    const out = join(dir, 'outgoing');
    git(repo, ['format-patch', '-q', '--subject-prefix=PATCH bpf', '--cover-letter', '-o', out, `${base}..HEAD`]);
    // The cover letter's placeholders are not what is compared here.
    const cover = readdirSync(out).find((f) => f.startsWith('0000-'))!;
    const coverPath = join(out, cover);
    writeFileSync(coverPath, execFileSync('sed', ['-e', 's/\\*\\*\\* SUBJECT HERE \\*\\*\\*/bpf: Fix the helper, ten ways/', '-e', 's/\\*\\*\\* BLURB HERE \\*\\*\\*/Ten fixes of the helper./', coverPath], { encoding: 'utf8' }));

    const tests = join(nipa, 'tests/patch');
    const cases: NipaCase[] = [];
    const cli = ensureOurCli();
    const summary = spawnSync(process.execPath, [cli, '--format', 'summary-json', '--checkpatch', '--repo', repo, out], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26 });
    const ours = JSON.parse(summary.stdout) as { file: string; coverLetter: boolean; checks: { check: string; nipa?: string; state: Verdict | 'skip' }[] }[];
    const patches = ours.filter((m) => !m.coverLetter);
    shas.forEach((sha, k) => {
      git(repo, ['checkout', '-q', sha]);
      const nipaRows: Record<string, Verdict> = {
        verify_fixes: nipaVerdict(join(tests, 'verify_fixes/verify_fixes.sh'), repo, [`${sha}^..${sha}`]),
        verify_signedoff: nipaVerdict(join(tests, 'verify_signedoff/verify_signedoff.sh'), repo, [`${sha}^..${sha}`]),
        checkpatch: nipaVerdict(join(tests, 'checkpatch/checkpatch.sh'), repo, []),
      };
      const row = (name: string) => patches[k].checks.filter((c) => c.nipa === name).map((c) => (c.state === 'skip' ? 'pass' : c.state));
      const oursRows: Record<string, Verdict> = Object.fromEntries(Object.keys(nipaRows).map((name) => [name, worst(...row(name))]));
      cases.push({ patch: patches[k].file.replace(/^.*\//, ''), nipa: nipaRows, ours: oursRows });
    });
    git(repo, ['checkout', '-q', 'main']);

    const agreement: NipaComparison['agreement'] = {};
    for (const c of cases) {
      for (const [name, v] of Object.entries(c.nipa)) {
        const a = (agreement[name] ??= { compared: 0, agreed: 0 });
        a.compared++;
        if (c.ours[name] === v) a.agreed++;
      }
    }

    // How long each git-backed check takes on the series, alone, in this process.
    const files = readdirSync(out).sort().map((f) => ({ id: join(out, f), text: execFileSync('cat', [join(out, f)], { encoding: 'utf8' }) }));
    const parsed = parseInputs(files);
    const messages = parsed.flatMap((d) => d.messages.map(asWritten));
    const r = (await GitRepository.discover(repo, { stable: false }))!;
    const ms: Record<string, number> = {};
    ms['lint without git'] = await timed(() => lint(files, { rules: RULES }));
    ms['Fixes lookups, signers, release tags (verify_fixes, cc_maintainers)'] = await timed(() => r.facts(commitIdsIn(parsed)));
    const refs = await r.treeRefs(treesToAskFor(messages));
    ms['Fixes commits in the tree\'s branch'] = await timed(async () => r.reachableFrom([base], await r.treeRefs(treesToAskFor(messages))));
    const q = applyQuestion(parsed)!;
    ms['series applies to the branch'] = await timed(() => r.firstNotApplying(refs[0].tip!, q.patches.map((p) => p.text), q.patches.flatMap((p) => p.paths)));
    const result = lint(files, { rules: RULES });
    ms['checkpatch.pl (2 at a time)'] = await timed(() => checkpatchSeries(repo, result.documents, result.findings));
    return { nipaCommit, cases, agreement, ms };
  } finally {
    if (!process.env.BPL_KEEP) rmSync(dir, { recursive: true, force: true });
    else console.error(`kept ${dir}`);
  }
}

if (require.main === module) {
  benchNipa().then(
    (r) => {
      console.log(`NIPA ${r.nipaCommit.slice(0, 12)}: verdicts per patch (NIPA / ours)`);
      for (const c of r.cases) console.log(`  ${c.patch.padEnd(52)} ${Object.keys(c.nipa).map((k) => `${k} ${c.nipa[k]}/${c.ours[k]}${c.nipa[k] === c.ours[k] ? '' : ' *'}`).join('  ')}`);
      for (const [k, a] of Object.entries(r.agreement)) console.log(`  ${k}: ${a.agreed} of ${a.compared} agree`);
      for (const [k, v] of Object.entries(r.ms)) console.log(`  ${k}: ${v.toFixed(0)} ms`);
    },
    (e) => {
      console.error(`bench/nipa: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
