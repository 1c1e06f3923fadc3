/**
 * Every rule over every real patch, commit message and list mail in
 * ../shared/corpus, as users run it (#19):
 * - through the CLI, once offline (--no-git) and once with git facts from a
 *   kernel-shaped fixture repository (kernel/bpf, the real MAINTAINERS of
 *   linux-source-6.12, release tags that leave the merge window open), so that
 *   the git-backed rules meet real text too;
 * - every finding recorded by file, rule and position in corpus-findings.tsv,
 *   so a finding lost or moved shows even when another one makes up the count;
 * - each mailed series linted both as one mbox and as one file per mail (what
 *   `git format-patch` leaves), which must agree;
 * - in the engine: no throw, ranges inside the document, fixes that apply.
 * Regenerate the record with UPDATE_CORPUS_SNAPSHOT=1 and review its diff.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli } from '../server/src/cli/main';
import { applyEdits } from '../server/src/engine/fixes';
import { lint, type LintResult } from '../server/src/engine/lint';
import { isMboxSeparator } from '../server/src/engine/parse/document';
import { RULES } from '../server/src/rules';
import { requireKernelSource } from './helpers/kernel-source';
import { CORPUS, filesUnder, requireShared } from './helpers/paths';

const RECORD = join(__dirname, 'corpus-findings.tsv');
const GROUPS = ['patches/libbpf', 'patches/bpftool', 'patches/ci-diffs', 'patches/hhoffstaette/bpf', 'patches/hhoffstaette/net', 'commit-msgs/libbpf', 'commit-msgs/bpftool', 'big', 'mail/bpf', 'mail/other'];
const HEADER = [
  '# Every finding on ../shared/corpus (test/corpus.test.ts, #19): regenerate with UPDATE_CORPUS_SNAPSHOT=1 and review the diff.',
  '# file (under corpus)\trule\toffline (--no-git): line:column, ...\twith git facts from the fixture repository (= when the same)',
];

const corpusFiles = () => GROUPS.flatMap((g) => filesUnder(join(CORPUS, g)));

interface CliFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: string;
}

/** The CLI over all corpus files in one run, as a user would run it: JSON findings. */
async function cliFindings(args: string[], files: string[]): Promise<CliFinding[]> {
  let out = '';
  let err = '';
  const code = await runCli({
    argv: ['--format', 'json', ...args, ...files],
    cwd: CORPUS,
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readStdin: () => Buffer.alloc(0),
    isTty: false,
    env: {},
  });
  assert.ok(code === 0 || code === 1, `bpf-patch-lint ${args.join(' ')} exited ${code}: ${err}`);
  assert.equal(err, '', 'no input was refused and no git question failed');
  return JSON.parse(out) as CliFinding[];
}

/** file -> rule -> "line:column,..." in document order. */
function positions(findings: readonly CliFinding[]): Map<string, Map<string, string>> {
  const byFile = new Map<string, Map<string, string[]>>();
  for (const f of findings) {
    const file = relative(CORPUS, f.file);
    const rules = byFile.get(file) ?? byFile.set(file, new Map()).get(file)!;
    const list = rules.get(f.rule) ?? rules.set(f.rule, []).get(f.rule)!;
    list.push(`${f.line}:${f.column}`);
  }
  const out = new Map<string, Map<string, string>>();
  for (const [file, rules] of byFile) out.set(file, new Map([...rules].map(([r, l]) => [r, l.join(',')])));
  return out;
}

function record(offline: readonly CliFinding[], withGit: readonly CliFinding[]): string {
  const a = positions(offline);
  const b = positions(withGit);
  const rows: string[] = [];
  for (const file of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const ra = a.get(file) ?? new Map<string, string>();
    const rb = b.get(file) ?? new Map<string, string>();
    for (const rule of [...new Set([...ra.keys(), ...rb.keys()])].sort()) {
      const off = ra.get(rule) ?? '-';
      const git = rb.get(rule) ?? '-';
      rows.push(`${file}\t${rule}\t${off}\t${git === off ? '=' : git}`);
    }
  }
  return `${[...HEADER, ...rows].join('\n')}\n`;
}

/**
 * A repository shaped like a kernel tree, for the CLI's --repo: kernel/bpf (so
 * it holds the kernel's history: a Fixes commit it lacks is unknown), the real
 * MAINTAINERS, and v6.12 as the newest tag with no -rc1 after it.
 */
function kernelFixtureRepo(maintainers: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bpl-corpus-repo-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
  git('init', '-q');
  git('config', 'user.name', 'Corpus Tester');
  git('config', 'user.email', 'corpus.tester@example.org');
  mkdirSync(join(dir, 'kernel', 'bpf'), { recursive: true });
  writeFileSync(join(dir, 'kernel', 'bpf', 'core.c'), '// SPDX-License-Identifier: GPL-2.0\n');
  copyFileSync(maintainers, join(dir, 'MAINTAINERS'));
  git('add', '-A');
  git('commit', '-q', '-m', 'Linux 6.12-rc1');
  git('tag', 'v6.12-rc1');
  git('commit', '-q', '--allow-empty', '-m', 'Linux 6.12');
  git('tag', 'v6.12');
  return dir;
}

/** The mails of an mbox, as `git format-patch` would have written them: one text per mail. */
function splitMbox(text: string): string[] {
  const mails: string[] = [];
  let at = 0;
  for (let i = text.indexOf('\n') + 1; i > 0 && i < text.length; i = text.indexOf('\n', i) + 1) {
    const end = text.indexOf('\n', i);
    if (isMboxSeparator(text.slice(i, end < 0 ? text.length : end).replace(/\r$/, ''))) {
      mails.push(text.slice(at, i));
      at = i;
    }
  }
  mails.push(text.slice(at));
  return mails;
}

/** Findings named by mail (its number in the series), rule, line within the mail, and message. */
function perMail(result: LintResult): string[] {
  const keys: string[] = [];
  let base = 0;
  for (const doc of result.documents) {
    for (const f of result.findings.filter((x) => x.document === doc.id)) {
      const k = doc.messages.findIndex((m) => m.span.start <= f.range.start && f.range.start <= m.span.end);
      assert.ok(k >= 0, `${doc.id}: ${f.rule} outside every mail`);
      const line = doc.lines.positionAt(f.range.start).line - doc.lines.positionAt(doc.messages[k].span.start).line;
      keys.push(`mail ${base + k} ${f.rule} line ${line}: ${f.message}`);
    }
    base += doc.messages.length;
  }
  return keys.sort();
}

describe('real corpus', function () {
  this.timeout(600000);

  it('finds, offline and with git facts, exactly the findings recorded per file, rule and position', async function () {
    requireShared(this, CORPUS);
    const maintainers = join(requireKernelSource(this), 'MAINTAINERS');
    const repo = kernelFixtureRepo(maintainers);
    try {
      const files = corpusFiles();
      const offline = await cliFindings(['--no-git'], files);
      const withGit = await cliFindings(['--repo', repo], files);
      const actual = record(offline, withGit);
      if (process.env.UPDATE_CORPUS_SNAPSHOT) writeFileSync(RECORD, actual);
      assert.ok(existsSync(RECORD), 'no corpus record yet: run with UPDATE_CORPUS_SNAPSHOT=1 and review it');
      const expected = readFileSync(RECORD, 'utf8');
      if (actual !== expected) {
        const want = new Set(expected.split('\n'));
        const got = new Set(actual.split('\n'));
        const lost = [...want].filter((l) => !got.has(l));
        const added = [...got].filter((l) => !want.has(l));
        assert.fail(`findings on the corpus changed (review, then UPDATE_CORPUS_SNAPSHOT=1):\n- ${lost.slice(0, 20).join('\n- ')}\n+ ${added.slice(0, 20).join('\n+ ')}`);
      }
      // The git facts reached the rules that need them: a record without these would be blind to them.
      const gitRules = new Set(withGit.map((f) => f.rule));
      for (const rule of ['fixes-tag-unknown-commit', 'maintainers-not-cc', 'merge-window-open']) assert.ok(gitRules.has(rule), `no ${rule} finding with git facts`);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('lints each mailed series the same as one mbox and as one file per mail', function () {
    requireShared(this, CORPUS);
    let series = 0;
    for (const file of filesUnder(join(CORPUS, 'mail')).filter((f) => f.endsWith('.mbox'))) {
      const text = readFileSync(file, 'utf8');
      const mails = splitMbox(text);
      assert.ok(mails.length > 1, `${file}: one mail`);
      assert.equal(mails.join(''), text, 'the split loses nothing');
      const id = relative(CORPUS, file);
      const whole = perMail(lint([{ id, text }], { rules: RULES }));
      const apart = perMail(lint(mails.map((t, i) => ({ id: `${id}/${String(i).padStart(4, '0')}.patch`, text: t })), { rules: RULES }));
      assert.deepEqual(apart, whole, `${id}: one file per mail differs from the mbox`);
      series++;
    }
    assert.ok(series >= 200, `only ${series} mailed series`);
  });

  it('lints every corpus file without a throw, with ranges inside it and fixes that apply', function () {
    requireShared(this, CORPUS);
    for (const file of corpusFiles()) {
      const text = readFileSync(file, 'utf8');
      const id = relative(CORPUS, file);
      const result = lint([{ id, text }], { rules: RULES });
      for (const f of result.findings) {
        assert.doesNotMatch(f.message, /internal error/, `${id}: ${f.message}`);
        assert.ok(0 <= f.range.start && f.range.start <= f.range.end && f.range.end <= text.length, `${id}: ${f.rule} range out of the document`);
        for (const fix of f.fixes) {
          assert.doesNotThrow(() => applyEdits(text, fix.edits), `${id}: ${f.rule} fix "${fix.title}" does not apply`);
        }
      }
    }
  });
});
