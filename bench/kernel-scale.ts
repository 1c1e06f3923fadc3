/**
 * The git-backed features on a repository the size of linux.git (#16), side by
 * side in one run on the repository bench/kernel-repo.ts generates:
 * 1. the commit-msg hook: `git commit` with it against `git commit --no-verify`;
 * 2. the CLI on a 20-patch series with 40 Fixes tags (real ids of the history,
 *    one with a title of its own) against the tree's own scripts/checkpatch.pl,
 *    both run in the tree, one process over the whole series each (ours on its
 *    folder, as the README checks a series, and on its files; checkpatch on its
 *    files, asking git once per tag);
 * 3. the language server: keystroke to offline diagnostics while git works,
 *    open to git-backed diagnostics, Fixes: completion first and cached, and
 *    the server's memory after a scripted hour of editing;
 * 4. format-patch of a 10-patch series with MAINTAINERS: ours against
 *    `git format-patch` followed by scripts/get_maintainer.pl.
 * The series is made once per run as a branch (bench/series) on top of the
 * tip; the hook's commits go on a detached HEAD; the work tree, index and
 * branches are left as they were.
 *
 * Run: npx tsx bench/kernel-scale.ts [--build] [--quick] [--only hook|cli|lsp|format-patch|git]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/helpers/lsp-client';
import { ensureOurCli, median } from './common';
import { buildKernelRepo, cachedKernelRepo, type KernelRepo } from './kernel-repo';

const VERIFIER = 'kernel/bpf/verifier.c';
const SERIES = 'refs/heads/bench/series';
const SERIES_LENGTH = 20;
const ME = 'Jane Developer <jane@example.org>';
/** Where the series' mails go: inside the tree, as `format-patch -o outgoing` puts them (the editor finds the repository from there). */
const OUTGOING = 'bench-outgoing';
/** How long the editor figures wait for git's answers before they say there was none. */
const WAIT_MS = 120_000;
export const WAIT_SECONDS = WAIT_MS / 1000;

export interface KernelScaleResult {
  readonly repo: Pick<KernelRepo, 'commits' | 'merges' | 'tags' | 'files' | 'verifierCommits' | 'seconds' | 'gitBytes'>;
  readonly hook: { readonly message: string; readonly withHookMs: number; readonly noVerifyMs: number; readonly addedMs: number }[];
  readonly cli: {
    readonly patches: number;
    readonly fixesTags: number;
    /** Ours on the series' folder, on its files, and on the folder without git; checkpatch.pl on the files. */
    readonly oursMs: number;
    readonly oursFilesMs: number;
    readonly oursNoGitMs: number;
    readonly checkpatchMs: number;
    readonly ratio: number;
    readonly oursTitleMismatches: number;
    readonly checkpatchTitleMismatches: number;
  };
  readonly lsp: {
    /** didChange to publishDiagnostics of that version, typing from the moment the message opens (git still working). */
    readonly keystrokeMedianMs: number;
    readonly keystrokeP95Ms: number;
    readonly keystrokes: number;
    /** didOpen to the first publish holding a git-backed finding (null: none within WAIT_MS). */
    readonly gitDiagnosticsMs: number | null;
    /** The first Fixes: completion asked for once git-backed diagnostics are in: its answer time, and open to a list holding blame's candidates. */
    readonly completionFirstMs: number;
    /** How many candidates that first answer offered, and whether blame's were among them. */
    readonly completionFirstItems: number;
    readonly completionFirstHasBlame: boolean;
    readonly openToBlameCandidatesMs: number | null;
    readonly completionCachedMs: number;
    /** The server's resident memory after the scripted hour, and its peak. */
    readonly session: { readonly opens: number; readonly edits: number; readonly completions: number; readonly seconds: number; readonly rssMB: number; readonly peakRssMB: number };
  };
  readonly formatPatch: { readonly patches: number; readonly oursMs: number; readonly peerMs: number; readonly ratio: number };
  /** What git itself takes for the work that bounds the figures above (one process each). */
  readonly gitAlone: { readonly blameMs: number; readonly pathLogMs: number; readonly isAncestorOldMs: number };
}

function git(dir: string, args: readonly string[], input?: string): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 30 });
}

function timedSpawn(cmd: string, args: readonly string[], cwd: string, ok: readonly number[] = [0], env: NodeJS.ProcessEnv = process.env): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env, maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (r.status === null || !ok.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

function stats(ms: readonly number[]): { median: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(0.95 * s.length))] };
}

/** The lines a patch of the series rewrites: five per patch, spread through the file, none shared (0-based). */
function linesOf(k: number, fileLines: number): number[] {
  return [0, 1, 2, 3, 4].map((j) => Math.floor(((k * 5 + j + 1) * (fileLines - 10)) / (SERIES_LENGTH * 5 + 6)));
}

/**
 * The lines the staged change rewrites (0-based): old ones, near the top, which
 * the history wrote early (each verifier commit added the next part of the
 * file), so blame walks nearly all of it; none a patch of the series touches.
 */
function stagedLines(fileLines: number): number[] {
  return [0.061, 0.072, 0.083, 0.094, 0.105].map((f) => Math.floor(f * fileLines));
}

interface Series {
  readonly shas: string[];
  /** The Fixes tags' targets: real commits of verifier.c, with their subjects. */
  readonly targets: { sha: string; subject: string }[];
}

/** SERIES_LENGTH commits on the tip, each rewriting five lines of verifier.c and naming two of its commits as Fixes. */
function makeSeries(repo: KernelRepo): Series {
  const dir = repo.dir;
  const tip = git(dir, ['rev-parse', 'master']).trim();
  let text = git(dir, ['cat-file', 'blob', `${tip}:${VERIFIER}`]);
  const picks = Array.from({ length: SERIES_LENGTH * 2 }, (_, i) => repo.verifierShas[Math.floor(((i * 37) % (SERIES_LENGTH * 2)) * (repo.verifierShas.length / (SERIES_LENGTH * 2)))]);
  const subjects = new Map(
    git(dir, ['log', '--no-walk=unsorted', '--format=%H%x1f%s', ...picks])
      .trim()
      .split('\n')
      .map((l) => l.split('\x1f') as [string, string]),
  );
  const targets = picks.map((sha) => ({ sha, subject: subjects.get(sha)! }));
  const stream: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}`;
  for (let k = 0; k < SERIES_LENGTH; k++) {
    const lines = text.split('\n');
    for (const at of linesOf(k, lines.length)) lines[at] = `${lines[at]} /* checked by patch ${k + 1} */`;
    text = lines.join('\n');
    // One tag, as happens, names its commit by a title of its own: a finding only git can give.
    const fixes = targets.slice(2 * k, 2 * k + 2).map((t, j) => `Fixes: ${t.sha.slice(0, 12)} ("${k === 6 && j === 1 ? 'bpf: Check the verifier state' : t.subject}")`);
    const message = [`bpf: Recheck verifier state in path ${k + 1}`, '', `The verifier skipped a state check on path ${k + 1}, so a program`, 'could pass with a register it never wrote. Check it again.', '', ...fixes, `Signed-off-by: ${ME}`, ''].join('\n');
    const when = 1796100000 + k * 60;
    stream.push(`commit ${SERIES}`, `author ${ME} ${when} +0000`, `committer ${ME} ${when} +0000`, data(message));
    if (k === 0) stream.push(`from ${tip}`);
    stream.push(`M 100644 inline ${VERIFIER}`, data(text), '');
  }
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet', '--force'], { input: stream.join('\n') + '\n', maxBuffer: 1 << 28 });
  const shas = git(dir, ['rev-list', '--reverse', `master..${SERIES}`]).trim().split('\n');
  return { shas, targets };
}

/** The series as mails in `out`: a cover letter (filled in) and the patches, as format-patch writes them. */
function writeMails(dir: string, out: string, range: string): string[] {
  rmSync(out, { recursive: true, force: true });
  git(dir, ['format-patch', '-q', '--cover-letter', '--subject-prefix=PATCH bpf', '-o', out, range]);
  const files = readdirSync(out).filter((f) => f.endsWith('.patch')).sort().map((f) => join(out, f));
  const cover = files[0];
  writeFileSync(
    cover,
    readFileSync(cover, 'utf8')
      .replace('*** SUBJECT HERE ***', 'bpf: Recheck verifier state on every path')
      .replace('*** BLURB HERE ***', 'The verifier skipped state checks on several paths. Each patch\nrechecks one of them and names the commit that dropped it.'),
  );
  return files;
}

function benchHook(dir: string, cli: string, target: { sha: string; subject: string }, runs: number): KernelScaleResult['hook'] {
  const r = spawnSync(process.execPath, [cli, 'install-hook'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`install-hook failed: ${r.stderr}`);
  const tmp = mkdtempSync(join(tmpdir(), 'bpl-kscale-hook-'));
  const rows: KernelScaleResult['hook'][number][] = [];
  try {
    // Commits on a detached HEAD: the branch stays where it is.
    git(dir, ['checkout', '-q', '--detach', 'master']);
    const messages = {
      plain: `bpf: Recheck the stack state\n\nThe verifier forgot the state of the stack.\n\nSigned-off-by: ${ME}\n`,
      fixes: `bpf: Recheck the stack state\n\nThe verifier forgot the state of the stack.\n\nFixes: ${target.sha.slice(0, 12)} ("${target.subject}")\nSigned-off-by: ${ME}\n`,
    };
    for (const [name, text] of Object.entries(messages)) {
      const file = join(tmp, name);
      writeFileSync(file, text);
      const hook: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < runs; i++) {
        hook.push(timedSpawn('git', ['commit', '-q', '--allow-empty', '-F', file], dir).ms);
        bare.push(timedSpawn('git', ['commit', '-q', '--allow-empty', '--no-verify', '-F', file], dir).ms);
      }
      rows.push({ message: name, withHookMs: median(hook), noVerifyMs: median(bare), addedMs: median(hook) - median(bare) });
    }
  } finally {
    spawnSync(process.execPath, [cli, 'uninstall-hook'], { cwd: dir });
    git(dir, ['checkout', '-q', 'master']);
    rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}

/**
 * The series both ways users give it: ours on its folder (how the README says to
 * check a series) and on its files, checkpatch.pl on its files; and ours without
 * git, to show what of our time is git's.
 */
function benchCli(dir: string, cli: string, folder: string, files: readonly string[], rounds: number): KernelScaleResult['cli'] {
  const ours: number[] = [];
  const oursFiles: number[] = [];
  const oursNoGit: number[] = [];
  const peer: number[] = [];
  let findings: { rule: string }[] = [];
  let peerOutput = '';
  for (let i = 0; i < rounds; i++) {
    const o = timedSpawn(cli, ['--format', 'json', folder], dir, [0, 1]);
    ours.push(o.ms);
    findings = JSON.parse(o.stdout) as { rule: string }[];
    oursFiles.push(timedSpawn(cli, ['--format', 'json', ...files], dir, [0, 1]).ms);
    oursNoGit.push(timedSpawn(cli, ['--no-git', '--format', 'json', folder], dir, [0, 1]).ms);
    // As in the kernel's own instructions: ./scripts/checkpatch.pl from the top of the tree.
    const p = timedSpawn('./scripts/checkpatch.pl', [...files], dir, [0, 1]);
    peer.push(p.ms);
    peerOutput = p.stdout;
  }
  return {
    patches: files.length - 1,
    fixesTags: 2 * (files.length - 1),
    oursMs: median(ours),
    oursFilesMs: median(oursFiles),
    oursNoGitMs: median(oursNoGit),
    checkpatchMs: median(peer),
    ratio: median(peer) / median(ours),
    // Both found the Fixes tag whose title is not its commit's: both asked git.
    oursTitleMismatches: findings.filter((f) => f.rule === 'fixes-tag-title-mismatch').length,
    checkpatchTitleMismatches: (peerOutput.match(/Please use correct Fixes: style/g) ?? []).length,
  };
}

const rssOf = (pid: number, field: 'VmRSS' | 'VmHWM'): number => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

async function benchLsp(repo: KernelRepo, series: Series, mails: readonly string[], quick: boolean): Promise<KernelScaleResult['lsp']> {
  const dir = repo.dir;
  // A change being committed: five lines of verifier.c rewritten and staged, as `git commit` finds it.
  const original = readFileSync(join(dir, VERIFIER), 'utf8');
  const lines = original.split('\n');
  for (const at of stagedLines(lines.length)) lines[at] = `${lines[at]} /* staged */`;
  const uri = pathToFileURL(join(dir, '.git', 'COMMIT_EDITMSG')).href;
  const target = series.targets[0];
  // A Fixes tag whose title is not its commit's: a finding only git can give.
  const message = [
    'bpf: Recheck the stack state',
    '',
    'The verifier forgot the state of the stack.',
    '',
    `Fixes: ${target.sha.slice(0, 12)} ("bpf: a title that is not the commit's")`,
    'Fixes: ',
    `Signed-off-by: ${ME}`,
    '# Please enter the commit message for your changes.',
    '',
  ].join('\n');
  const completionAt = { textDocument: { uri }, position: { line: 5, character: 7 } };
  type Item = { label: string; documentation?: { value: string } | string };
  type Completions = Item[] | { isIncomplete: boolean; items: Item[] } | null;
  const listOf = (c: Completions): Item[] => (Array.isArray(c) ? c : (c?.items ?? []));
  const hasBlame = (items: Item[]) => (items ?? []).some((c) => JSON.stringify(c.documentation ?? '').includes('git blame'));
  const gitFinding = (p: { diagnostics: { code?: string | number }[] }) => p.diagnostics.some((d) => d.code === 'fixes-tag-title-mismatch');
  try {
    writeFileSync(join(dir, VERIFIER), lines.join('\n'));
    // -f: Debian's tarball's .gitignore ends in /*.
    git(dir, ['add', '-f', VERIFIER]);
    // Open to git-backed diagnostics, then completion: a fresh server, as when `git commit` opens the editor.
    const first = LspClient.spawn();
    let gitDiagnosticsMs: number | null, completionFirstMs: number, completionFirstItems: number, completionFirstHasBlame: boolean, openToBlameCandidatesMs: number | null, completionCachedMs: number;
    try {
      await first.initialize();
      const t0 = performance.now();
      await first.open(uri, message, 'git-commit', 1);
      // null: not within WAIT_MS (a server that never gets there).
      gitDiagnosticsMs = await first.waitFor(uri, (p) => p.version === 1 && gitFinding(p), WAIT_MS).then(() => performance.now() - t0, () => null);
      let t1 = performance.now();
      let items = listOf(await first.connection.sendRequest<Completions>('textDocument/completion', completionAt));
      completionFirstMs = performance.now() - t1;
      completionFirstItems = items.length;
      completionFirstHasBlame = hasBlame(items);
      while (!hasBlame(items) && performance.now() - t0 < WAIT_MS) {
        await new Promise((r) => setTimeout(r, 100));
        items = listOf(await first.connection.sendRequest<Completions>('textDocument/completion', completionAt));
      }
      openToBlameCandidatesMs = hasBlame(items) ? performance.now() - t0 : null;
      const cached: number[] = [];
      for (let i = 0; i < 20; i++) {
        t1 = performance.now();
        await first.connection.sendRequest('textDocument/completion', completionAt);
        cached.push(performance.now() - t1);
      }
      completionCachedMs = median(cached);
    } finally {
      await first.close();
    }

    // Typing from the moment the message opens, while git works: each keystroke's offline diagnostics.
    const typing = LspClient.spawn();
    const keystrokes: number[] = [];
    try {
      await typing.initialize();
      await typing.open(uri, message, 'git-commit', 1);
      for (let v = 2; v <= (quick ? 40 : 150); v++) {
        const t0 = performance.now();
        await typing.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: v },
          contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'x' }],
        });
        await typing.waitFor(uri, (p) => p.version === v, 60_000);
        keystrokes.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 30)); // a typist's pace
      }
    } finally {
      await typing.close();
    }

    // A scripted hour: each "minute" opens a mail of the series, types sixty characters into it, asks for Fixes: completions twice and closes it.
    const session = LspClient.spawn();
    const minutes = quick ? 10 : 60;
    let edits = 0;
    let completions = 0;
    const started = performance.now();
    try {
      await session.initialize();
      for (let m = 0; m < minutes; m++) {
        const file = mails[1 + (m % (mails.length - 1))];
        const mailUri = pathToFileURL(file).href;
        const text = readFileSync(file, 'utf8');
        const fixesLine = text.split('\n').findIndex((l) => l.startsWith('Fixes: '));
        await session.open(mailUri, text, 'kernel-patch', 1);
        for (let v = 2; v <= 61; v++) {
          await session.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri: mailUri, version: v },
            contentChanges: [{ range: { start: { line: fixesLine - 1, character: 0 }, end: { line: fixesLine - 1, character: 0 } }, text: 'z' }],
          });
          await session.waitFor(mailUri, (p) => p.version === v, 60_000);
          edits++;
          if (v === 30 || v === 61) {
            await session.connection.sendRequest('textDocument/completion', { textDocument: { uri: mailUri }, position: { line: fixesLine, character: 7 } });
            completions++;
          }
        }
        await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: mailUri } });
      }
      // Let the last git work settle, as an idle editor would.
      await new Promise((r) => setTimeout(r, 2000));
      const pid = session.child!.pid!;
      const s = stats(keystrokes);
      return {
        keystrokeMedianMs: s.median,
        keystrokeP95Ms: s.p95,
        keystrokes: keystrokes.length,
        gitDiagnosticsMs,
        completionFirstMs,
        completionFirstItems,
        completionFirstHasBlame,
        openToBlameCandidatesMs,
        completionCachedMs,
        session: { opens: minutes, edits, completions, seconds: (performance.now() - started) / 1000, rssMB: rssOf(pid, 'VmRSS'), peakRssMB: rssOf(pid, 'VmHWM') },
      };
    } finally {
      await session.close();
    }
  } finally {
    git(dir, ['checkout', '-q', 'HEAD', '--', VERIFIER]);
  }
}

function benchFormatPatch(dir: string, cli: string, series: Series, rounds: number): KernelScaleResult['formatPatch'] {
  const range = `master..${series.shas[9]}`;
  const tmp = mkdtempSync(join(tmpdir(), 'bpl-kscale-fp-'));
  const ours: number[] = [];
  const peer: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const o = join(tmp, `ours-${i}`);
      ours.push(timedSpawn(cli, ['format-patch', '--tree', 'bpf', '-o', o, range], dir, [0, 1]).ms);
      // What the FAQ's readers do by hand: format-patch with the tree and a cover letter, then ask get_maintainer.pl whom to mail.
      const p = join(tmp, `peer-${i}`);
      const t0 = performance.now();
      timedSpawn('git', ['format-patch', '-q', '--cover-letter', '--subject-prefix=PATCH bpf', '--base=master', '-o', p, range], dir);
      const files = readdirSync(p).map((f) => join(p, f));
      timedSpawn('./scripts/get_maintainer.pl', files, dir);
      peer.push(performance.now() - t0);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { patches: 10, oursMs: median(ours), peerMs: median(peer), ratio: median(peer) / median(ours) };
}

function benchGitAlone(repo: KernelRepo, series: Series): KernelScaleResult['gitAlone'] {
  const dir = repo.dir;
  const lines = stagedLines(git(dir, ['cat-file', 'blob', `master:${VERIFIER}`]).split('\n').length);
  const blame = timedSpawn('git', ['blame', '--porcelain', ...lines.flatMap((l) => ['-L', `${l + 1},${l + 1}`]), 'master', '--', VERIFIER], dir).ms;
  const pathLog = timedSpawn('git', ['log', '--format=%H', 'master', '--', VERIFIER], dir).ms;
  // verifierShas runs oldest first: the oldest commit a Fixes tag of the series names.
  const oldest = series.targets.map((t) => repo.verifierShas.indexOf(t.sha)).reduce((a, b) => Math.min(a, b));
  const isAncestor = timedSpawn('git', ['merge-base', '--is-ancestor', repo.verifierShas[oldest], 'refs/tags/v6.18'], dir).ms;
  return { blameMs: blame, pathLogMs: pathLog, isAncestorOldMs: isAncestor };
}

export async function benchKernelScale(opts: { build?: boolean; quick?: boolean; only?: string } = {}): Promise<KernelScaleResult | { skipped: string }> {
  const repo = opts.build ? await buildKernelRepo() : cachedKernelRepo();
  if (!repo) return { skipped: 'the kernel-sized repository is not built here (npm run bench -- --kernel builds it: about 7 minutes, 3 GB in ~/.cache/bpf-patch-lint)' };
  const dir = repo.dir;
  if (git(dir, ['status', '--porcelain', '--untracked-files=no']).trim() !== '') throw new Error(`${dir} has uncommitted changes: rebuild it with npx tsx bench/kernel-repo.ts --force`);
  // Caches built before gc.auto was set: a gc --auto after a commit prunes a million objects while the benchmark runs.
  git(dir, ['config', 'gc.auto', '0']);
  const cli = ensureOurCli();
  const rounds = opts.quick ? 1 : 3;
  const series = makeSeries(repo);
  const out = join(dir, OUTGOING);
  try {
    const mails = writeMails(dir, out, `master..${SERIES}`);
    // Each figure is told as it is measured: a long run that fails late keeps what it measured.
    // --only PART (one of hook, cli, lsp, format-patch, git): a partial run, for looking into one figure; it returns nothing.
    const only = opts.only;
    const part = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
      if (only !== undefined && only !== name) return undefined as T;
      const value = await f();
      process.stderr.write(`kernel-scale: ${name}: ${JSON.stringify(value)}\n`);
      return value;
    };
    const hook = await part('hook', () => benchHook(dir, cli, series.targets[5], opts.quick ? 3 : 9));
    const cli20 = await part('cli', () => benchCli(dir, cli, out, mails, rounds));
    const lsp = await part('lsp', () => benchLsp(repo, series, mails, opts.quick ?? false));
    const formatPatch = await part('format-patch', () => benchFormatPatch(dir, cli, series, rounds));
    const gitAlone = await part('git', () => benchGitAlone(repo, series));
    if (only !== undefined) return { skipped: `only ${only} was measured` };
    const { commits, merges, tags, files, verifierCommits, seconds, gitBytes } = repo;
    return { repo: { commits, merges, tags, files, verifierCommits, seconds, gitBytes }, hook, cli: cli20, lsp, formatPatch, gitAlone };
  } finally {
    rmSync(out, { recursive: true, force: true });
    if (existsSync(join(dir, '.git', 'hooks', 'commit-msg'))) spawnSync(process.execPath, [cli, 'uninstall-hook'], { cwd: dir });
  }
}

if (require.main === module) {
  const only = process.argv.indexOf('--only');
  benchKernelScale({ build: process.argv.includes('--build'), quick: process.argv.includes('--quick'), only: only > 0 ? process.argv[only + 1] : undefined }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      process.stderr.write(`kernel-scale: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
