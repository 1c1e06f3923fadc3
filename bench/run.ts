/**
 * `npm run bench`: every figure side by side in one run, printed as a table and
 * written to bench/results.json (the committed record). `--quick` samples the
 * peers' inputs and writes bench/results-quick.json instead (not committed): a
 * sample must not replace the record.
 * The peers (checkpatch.pl, commitlint) install themselves into bench/.cache.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchGitBatch } from './git-batch';
import { benchGrowth } from './growth';
import { benchHookCost } from './hook-cost';
import { benchNipa } from './nipa';
import { benchKernelScale, WAIT_SECONDS } from './kernel-scale';
import { benchLatency } from './lsp-latency';
import { benchCheckpatch } from './peers/checkpatch';
import { benchCommitlint } from './peers/commitlint';
import { benchStartup } from './startup';
import { mutationScores, withRecordedScores, type MutationScores } from './mutation-scores';

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  // --kernel builds the linux.git-sized repository first when it is not cached (about 7 minutes).
  const buildKernel = process.argv.includes('--kernel');
  const started = new Date().toISOString();
  const step = async <T>(name: string, f: () => Promise<T> | T): Promise<T | { error: string }> => {
    process.stderr.write(`bench: ${name}...\n`);
    try {
      return await f();
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  };
  const checkpatch = await step('checkpatch.pl', () => benchCheckpatch({ quick }));
  const commitlint = await step('commitlint', () => benchCommitlint({ quick }));
  const growth = await step('growth', () => benchGrowth());
  const latency = await step('editor latency', () => benchLatency());
  const git = await step('git batch', () => benchGitBatch());
  const startup = await step('start-up', () => benchStartup());
  const hook = await step('commit-msg hook', () => benchHookCost({ runs: quick ? 5 : 15 }));
  const kernel = await step('kernel scale', () => benchKernelScale({ build: buildKernel, quick }));
  const nipa = await step('netdev CI (NIPA) verdicts', () => benchNipa());
  // Read from the last `npm run mutate` (an hour or more, so not run here); a folder with no
  // local report (a fresh clone) keeps the score recorded before, with that record's date.
  const recorded = join(__dirname, 'results.json');
  const previous = existsSync(recorded) ? (JSON.parse(readFileSync(recorded, 'utf8')) as { mutation?: MutationScores | { error: string } }).mutation : undefined;
  const mutation = await step('mutation scores', () => withRecordedScores(safely(mutationScores), previous));
  const results = { date: started, quick, node: process.version, checkpatch, commitlint, growth, latency, git, startup, hook, kernel, nipa, mutation };
  writeFileSync(join(__dirname, quick ? 'results-quick.json' : 'results.json'), JSON.stringify(results, null, 2) + '\n');

  const rows: [string, string, string][] = [];
  const ok = <T>(r: T | { error: string }): r is T => !(r && typeof r === 'object' && 'error' in r);
  const x = (n: number) => `${n.toFixed(1)}x`;
  if (ok(checkpatch)) {
    const p = checkpatch.perPatch;
    rows.push([`1. checkpatch.pl vs ours, one process per patch on both sides (${p.files} patches; ${p.peerMs.toFixed(0)} / ${p.oursMs.toFixed(0)} ms each)`, x(p.ratio), '>= 2x']);
    rows.push([`1. checkpatch.pl vs ours, one process over all ${checkpatch.batch.files} patches on both sides`, x(checkpatch.batch.ratio), '>= 20x']);
  } else rows.push(['1. checkpatch.pl', `error: ${checkpatch.error}`, '']);
  if (ok(commitlint)) {
    const m = commitlint.perMessage;
    rows.push([`2. commitlint vs ours, one process per message on both sides (${m.messages}; ${m.peerMs.toFixed(0)} / ${m.oursMs.toFixed(0)} ms each)`, x(m.ratio), '>= 2x']);
    rows.push([`2. commitlint --from/--to vs ours, one process over all ${commitlint.batch.messages} messages`, x(commitlint.batch.ratio), '>= 2x']);
    rows.push(['2. @commitlint/lint vs our engine, in-process', x(commitlint.inProcess.ratio), '']);
  } else rows.push(['2. commitlint', `error: ${commitlint.error}`, '']);
  if (ok(growth)) {
    for (const g of growth.shapes) {
      const big = g.points[g.points.length - 1];
      rows.push([`3. ${g.shape}: time per MB, 100x / 10x input (${big.ms.toFixed(0)} ms at ${big.megabytes.toFixed(0)} MB)`, g.perMBRatio.toFixed(2), '<= 1.2']);
      rows.push([`3. ${g.shape}: peak RSS / input at ${big.megabytes.toFixed(0)} MB`, x(g.rssOverInput), g === growth.shapes[0] ? '<= 5x' : '']);
    }
  }
  if (ok(latency)) {
    for (const l of latency) {
      rows.push([`4. keystroke -> diagnostics, ${l.name} (median / p95)`, `${l.median.toFixed(1)} / ${l.p95.toFixed(1)} ms`, l.lines > 1000 ? 'p95 <= 20 ms' : '']);
      rows.push([`4. 100 rapid edits, ${l.name}: publishes, last is latest`, `${l.burstPublishes}, ${l.burstLastIsLatest}`, 'bounded, true']);
    }
  }
  if (ok(git)) rows.push([`5. ${git.tags} Fixes tags: one batch vs a git spawn per tag`, x(git.ratio), '>= 20x']);
  if (ok(startup)) {
    rows.push(['6. extension activation', startup.activationMs === undefined ? 'n/a (no code-server)' : `${startup.activationMs.toFixed(1)} ms`, '<= 50 ms']);
    rows.push(["6. extension bundle loaded to the server's first answer", startup.readyMs === undefined ? 'n/a (no code-server)' : `${startup.readyMs.toFixed(0)} ms`, '']);
    rows.push(['6. language server spawn to initialize', `${startup.serverInitMs.toFixed(0)} ms`, '']);
    rows.push(['6. .vsix (npm run package)', startup.vsixBytes === undefined ? 'n/a' : `${(startup.vsixBytes / 1024).toFixed(0)} KiB`, '<= 1 MB']);
    for (const [f, s] of Object.entries(startup.bundles)) rows.push([`6. ${f} (minified / gzipped)`, `${(s.bytes / 1024).toFixed(0)} / ${(s.gzipBytes / 1024).toFixed(0)} KiB`, '']);
  }
  if (ok(hook)) {
    for (const h of hook) {
      rows.push([`7. commit-msg hook, ${h.message} message, ${h.tags} tags: added to git commit, beyond node -e 0`, `${h.addedMs.toFixed(0)} / ${h.aboveNodeMs.toFixed(0)} ms`, '<= 150 ms beyond Node']);
    }
  } else rows.push(['7. commit-msg hook', `error: ${hook.error}`, '']);
  if (ok(mutation)) {
    for (const f of mutation.folders) {
      const when = f.recordedOn ? `recorded ${f.recordedOn.slice(0, 10)}, no report here` : `oldest report ${mutation.reportDate.slice(0, 10)}`;
      rows.push([`8. mutation score, ${f.name} (${f.files === 0 ? 'npm run mutate' : when})`, f.files === 0 ? 'not measured' : `${f.score.toFixed(1)}%`, `>= ${f.target}%`]);
    }
  } else rows.push(['8. mutation scores', `error: ${mutation.error}`, '']);
  if (!ok(kernel)) rows.push(['9. kernel scale', `error: ${kernel.error}`, '']);
  else if ('skipped' in kernel) rows.push(['9. kernel scale', `skipped: ${kernel.skipped}`, '']);
  else {
    const k = kernel;
    const ms = (n: number | null) => (n === null ? `none in ${WAIT_SECONDS} s` : `${n.toFixed(0)} ms`);
    rows.push([`9. repository: ${k.repo.commits.toLocaleString('en-US')} commits, ${k.repo.merges.toLocaleString('en-US')} merges, ${k.repo.tags} tags, ${k.repo.files.toLocaleString('en-US')} files, verifier.c ${k.repo.verifierCommits} commits`, `${(k.repo.gitBytes / 2 ** 30).toFixed(2)} GiB, built in ${k.repo.seconds.toFixed(0)} s`, '']);
    for (const h of k.hook) rows.push([`9. commit-msg hook, ${h.message} message: added to git commit (with / --no-verify)`, `${h.addedMs.toFixed(0)} ms (${h.withHookMs.toFixed(0)} / ${h.noVerifyMs.toFixed(0)})`, '<= 300 ms']);
    rows.push([`9. checkpatch.pl in the tree vs ours, ${k.cli.patches} patches with ${k.cli.fixesTags} Fixes tags, one process each (${(k.cli.checkpatchMs / 1000).toFixed(1)} s / ${k.cli.oursMs.toFixed(0)} ms on the folder; ${k.cli.oursFilesMs.toFixed(0)} ms on the files, ${k.cli.oursNoGitMs.toFixed(0)} ms without git)`, x(k.cli.ratio), '>= 20x']);
    rows.push([`9. keystroke -> offline diagnostics while git works (median / p95, ${k.lsp.keystrokes} keystrokes)`, `${k.lsp.keystrokeMedianMs.toFixed(1)} / ${k.lsp.keystrokeP95Ms.toFixed(1)} ms`, 'p95 <= 20 ms']);
    rows.push(['9. open -> git-backed diagnostics', ms(k.lsp.gitDiagnosticsMs), '<= 500 ms']);
    rows.push([`9. Fixes: completion, first answer (${k.lsp.completionFirstItems} candidates, ${k.lsp.completionFirstHasBlame ? "blame's among them" : 'the recent commits; blame still running, so marked incomplete'})`, ms(k.lsp.completionFirstMs), '<= 1 s']);
    rows.push(["9. Fixes: completion, open -> blame's candidates listed", ms(k.lsp.openToBlameCandidatesMs), `bounded by git blame: ${(k.gitAlone.blameMs / 1000).toFixed(1)} s alone`]);
    rows.push(['9. Fixes: completion, cached', ms(k.lsp.completionCachedMs), '<= 50 ms']);
    const s = k.lsp.session;
    rows.push([`9. server memory after a scripted hour (${s.opens} opens, ${s.edits} edits, ${s.completions} completions; RSS / peak)`, `${s.rssMB.toFixed(0)} / ${s.peakRssMB.toFixed(0)} MB`, '<= 150 MB']);
    rows.push([`9. format-patch of ${k.formatPatch.patches} patches with MAINTAINERS: git format-patch + get_maintainer.pl vs ours (${k.formatPatch.peerMs.toFixed(0)} / ${k.formatPatch.oursMs.toFixed(0)} ms)`, x(k.formatPatch.ratio), '']);
  }
  if (ok(nipa)) {
    for (const [name, a] of Object.entries(nipa.agreement)) rows.push([`10. ${name}: our verdict vs NIPA's own script (${nipa.nipaCommit.slice(0, 12)}), per patch of a 10-patch series`, `${a.agreed} of ${a.compared} agree`, 'all']);
    for (const [name, ms] of Object.entries(nipa.ms)) rows.push([`10. on the 10-patch series: ${name}`, `${ms.toFixed(0)} ms`, '']);
  } else rows.push(['10. netdev CI (NIPA) verdicts', `error: ${nipa.error}`, '']);
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`bpf-patch-lint benchmarks, ${started}${quick ? ' (quick)' : ''}\n`);
  console.log(`| ${'figure'.padEnd(w)} | measured | target |`);
  console.log(`|${'-'.repeat(w + 2)}|---|---|`);
  for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w)} | ${b} | ${c} |`);
}

function safely<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined; // no report at all
  }
}

void main();
