/**
 * What checkpatch.pl and bpf-patch-lint each report on the same real patches
 * (every file under ../shared/corpus/patches/), offline: our CLI with --no-git,
 * checkpatch.pl with --no-tree --terse --show-types in bench/.cache/linux, which
 * has no .git. Prints a markdown table of patches flagged per topic: by us, by
 * checkpatch, by both. The README's comparison with checkpatch.pl comes from it.
 * Run: npx tsx bench/peers/checkpatch-coverage.ts
 */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { ensureOurCli } from '../common';
import { corpusPatches, ensureCheckpatch } from './checkpatch';

interface Hit {
  readonly file: string;
  /** Our rule id, or checkpatch's type. */
  readonly kind: string;
  readonly message: string;
}

/** A topic both tools have an opinion on; checkpatch types can be narrowed by message. */
interface Topic {
  readonly name: string;
  readonly ours: readonly string[];
  readonly checkpatch: readonly string[];
  readonly checkpatchMessage?: RegExp;
}

const TOPICS: readonly Topic[] = [
  { name: 'no Signed-off-by', ours: ['signed-off-by-missing'], checkpatch: ['MISSING_SIGN_OFF'] },
  { name: 'author has not signed off', ours: ['signed-off-by-author-mismatch'], checkpatch: ['FROM_SIGN_OFF_MISMATCH', 'NO_AUTHOR_SIGN_OFF'] },
  { name: 'Co-developed-by without its sign-off', ours: ['co-developed-by-sign-off'], checkpatch: ['BAD_SIGN_OFF'], checkpatchMessage: /Co-developed-by/ },
  { name: 'malformed trailer', ours: ['trailer-syntax'], checkpatch: ['BAD_SIGN_OFF', 'BAD_STABLE_ADDRESS_STYLE'], checkpatchMessage: /^(?!.*Co-developed-by)/ },
  { name: 'Reported-by without Closes:/Link:', ours: ['reported-by-closes-link'], checkpatch: ['BAD_REPORTED_BY_LINK'] },
  { name: 'Fixes: tag format', ours: ['fixes-tag-format'], checkpatch: ['BAD_FIXES_TAG'] },
  { name: 'commit id in prose not as commit <sha> ("title")', ours: ['commit-reference-format'], checkpatch: ['GIT_COMMIT_ID'] },
  { name: 'commit message line too long', ours: ['body-line-length'], checkpatch: ['COMMIT_LOG_LONG_LINE'] },
  { name: 'no commit description', ours: ['commit-message-empty'], checkpatch: ['COMMIT_MESSAGE'] },
  { name: 'Gerrit Change-Id', ours: ['gerrit-change-id'], checkpatch: ['GERRIT_CHANGE_ID'] },
  { name: 'diff in the commit message', ours: ['diff-in-commit-message'], checkpatch: ['DIFF_IN_COMMIT_MSG'] },
  { name: 'Fixes: tag missing (ours: bpf/net tree; checkpatch: stable@, Call Trace, syzkaller)', ours: ['fixes-tag-missing'], checkpatch: ['MISSING_FIXES_TAG'] },
];

/** checkpatch types about the commit message or the mail rather than the code. */
const CHECKPATCH_MESSAGE_TYPES = new Set([
  ...TOPICS.flatMap((t) => t.checkpatch),
  'UNKNOWN_COMMIT_ID',
  'EMAIL_SUBJECT',
  'COMMIT_LOG_USE_LINK',
  'COMMIT_LOG_WRONG_LINK',
  'FILE_PATH_CHANGES',
  'CORRUPTED_PATCH',
]);

function ours(cli: string, files: readonly string[], cwd: string): Hit[] {
  const r = spawnSync(process.execPath, [cli, '--no-git', '--format', 'json', ...files], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`bpf-patch-lint exited ${r.status}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { file: string; rule: string; message: string }[]).map((f) => ({ file: f.file, kind: f.rule, message: f.message }));
}

function checkpatch(script: string, files: readonly string[], cwd: string): Hit[] {
  const r = spawnSync('perl', [script, '--no-tree', '--terse', '--show-types', ...files], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`checkpatch exited ${r.status}: ${r.stderr}`);
  const hits: Hit[] = [];
  for (const m of r.stdout.matchAll(/^(.*):\d+: (?:ERROR|WARNING|CHECK):([A-Z0-9_]+): (.*)$/gm)) hits.push({ file: m[1], kind: m[2], message: m[3] });
  return hits;
}

const filesOf = (hits: readonly Hit[]) => new Set(hits.map((h) => h.file));

function main(): void {
  const script = ensureCheckpatch();
  const cli = ensureOurCli();
  const files = corpusPatches(false);
  const cwd = dirname(dirname(script));
  const a = ours(cli, files, cwd);
  const b = checkpatch(script, files, cwd);

  console.log(`${files.length} patches; patches flagged (findings in brackets)\n`);
  console.log('| topic | our rule | checkpatch type | ours | checkpatch | both |');
  console.log('|---|---|---|---|---|---|');
  const row = (name: string, ruleCol: string, typeCol: string, x: readonly Hit[], y: readonly Hit[]) => {
    const fx = filesOf(x);
    const fy = filesOf(y);
    const both = [...fx].filter((f) => fy.has(f)).length;
    console.log(`| ${name} | ${ruleCol} | ${typeCol} | ${fx.size} (${x.length}) | ${fy.size} (${y.length}) | ${both} |`);
  };
  for (const t of TOPICS) {
    const x = a.filter((h) => t.ours.includes(h.kind));
    const y = b.filter((h) => t.checkpatch.includes(h.kind) && (!t.checkpatchMessage || t.checkpatchMessage.test(h.message)));
    row(t.name, t.ours.map((s) => `\`${s}\``).join(', '), t.checkpatch.map((s) => `\`${s}\``).join(', '), x, y);
  }
  const shared = new Set(TOPICS.flatMap((t) => t.ours));
  const kinds = (hits: readonly Hit[]) => new Set(hits.map((h) => h.kind)).size;
  row('commit ids looked up (without a repository)', '(needs git)', '`UNKNOWN_COMMIT_ID`', [], b.filter((h) => h.kind === 'UNKNOWN_COMMIT_ID'));
  const restOurs = a.filter((h) => !shared.has(h.kind));
  const restTheirs = b.filter((h) => CHECKPATCH_MESSAGE_TYPES.has(h.kind) && !TOPICS.some((t) => t.checkpatch.includes(h.kind)) && h.kind !== 'UNKNOWN_COMMIT_ID');
  row('everything else about the message and mail', `${kinds(restOurs)} other rules`, `${kinds(restTheirs)} other types`, restOurs, restTheirs);
  const code = b.filter((h) => !CHECKPATCH_MESSAGE_TYPES.has(h.kind));
  row('the code in the diff (style, whitespace, spelling, C idioms)', 'none', `${kinds(code)} types`, [], code);
  row('**all**', '', '', a, b);

  const count = (hits: readonly Hit[]) => {
    const m = new Map<string, Set<string>>();
    for (const h of hits) m.set(h.kind, (m.get(h.kind) ?? new Set()).add(h.file));
    return [...m].sort((p, q) => q[1].size - p[1].size).map(([k, s]) => `${k} ${s.size}`).join(', ');
  };
  console.log(`\nours, patches per rule: ${count(a)}`);
  console.log(`\ncheckpatch, patches per type: ${count(b)}`);
}

main();
