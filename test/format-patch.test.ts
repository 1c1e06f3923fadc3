/**
 * `bpf-patch-lint format-patch` against real temporary repositories: prefixes,
 * cover letters, recipients, versions, carried-over blurbs, range-diffs, and
 * refusals that leave every file as it was.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cliInProcess, SMALL_MAINTAINERS } from './helpers/cli-in-process';
import { join, relative } from 'node:path';
import { LspClient } from './helpers/lsp-client';
import { coverLetter, patch } from './helpers/mail';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { cliClosedEarly } from './helpers/head';
import { pathToFileURL } from 'node:url';
import {
  FIX_SERIES_REQUEST,
  FORMAT_SERIES_REQUEST,
  SERIES_PLAN_REQUEST,
  SERIES_SUMMARY_REQUEST,
  type FixSeriesInfo,
  type FormatSeriesInfo,
  type RequestFailure,
  type SeriesPlanInfo,
  type SeriesSummaryInfo,
} from '../server/src/lsp/protocol';
import { parseInputs } from '../server/src/engine/lint';
import { parseAddressList } from '../server/src/engine/parse/headers';

const MAINTAINERS = SMALL_MAINTAINERS;

const AUTHOR = 'Jane Developer <jane@example.org>';

function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: '2025-06-03T10:00:00Z', GIT_COMMITTER_DATE: '2025-06-03T10:00:00Z', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null' },
  }).trim();
}


/** A kernel-like repository: main with history, a topic branch tracking main. */
function kernelRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), 'bpl-fp-'));
  sh(repo, 'init', '-q', '-b', 'main');
  sh(repo, 'config', 'user.name', 'Jane Developer');
  sh(repo, 'config', 'user.email', 'jane@example.org');
  writeFileSync(join(repo, 'MAINTAINERS'), MAINTAINERS);
  mkdirSync(join(repo, 'kernel', 'bpf'), { recursive: true });
  writeFileSync(join(repo, 'kernel', 'bpf', 'verifier.c'), 'int a;\nint b;\n');
  sh(repo, 'add', '.');
  sh(repo, 'commit', '-q', '-m', 'bpf: Add the verifier');
  sh(repo, 'checkout', '-q', '-b', 'topic');
  sh(repo, 'branch', '-q', '--set-upstream-to=main');
  return repo;
}

function commit(repo: string, path: string, content: string, message: string): string {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), content);
  sh(repo, 'add', path);
  execFileSync('git', ['commit', '-q', '-F', '-'], { cwd: repo, input: message, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } });
  return sh(repo, 'rev-parse', 'HEAD');
}

const cli = cliInProcess;

/** Every file under `dir` with its hash: to show a refusal changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      if (n === '.git') continue;
      const p = join(d, n);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[relative(dir, p)] = st.isFile() ? createHash('sha256').update(readFileSync(p)).digest('hex') : `not a file (mode ${st.mode})`;
    }
  };
  walk(dir);
  return out;
}

const signed = (title: string, body = 'Explain the change in a sentence or two.') => `${title}\n\n${body}\n\nSigned-off-by: ${AUTHOR}\n`;

describe('format-patch', function () {
  this.timeout(60_000);
  const repos: string[] = [];
  const repo = () => {
    const r = kernelRepo();
    repos.push(r);
    return r;
  };
  after(() => {
    for (const r of repos) rmSync(r, { recursive: true, force: true });
  });

  it('formats one patch for bpf-next with --base and recipients from MAINTAINERS, and it passes the checks', async () => {
    const r = repo();
    commit(r, 'kernel/bpf/syscall.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    const out = await cli(r, ['format-patch']);
    assert.equal(out.code, 0, out.stderr);
    const dir = join(r, 'patches', 'topic', 'v1');
    assert.deepEqual(readdirSync(dir), ['0001-bpf-Track-c-instead-of-b.patch']);
    const text = readFileSync(join(dir, '0001-bpf-Track-c-instead-of-b.patch'), 'utf8');
    assert.match(text, /^Subject: \[PATCH bpf-next\] bpf: Track c instead of b$/m);
    assert.match(text, /^To: bpf@vger\.kernel\.org$/m);
    assert.match(text, /^Cc: Alexei Starovoitov <ast@kernel\.org>,\s+John Reviewer <john@example\.org>$/m);
    assert.doesNotMatch(text, /davem|netdev/, 'only the sections of the touched files');
    assert.match(text, new RegExp(`^base-commit: ${sh(r, 'rev-parse', 'main')}$`, 'm'));
    assert.match(out.stdout, /Wrote 1 file to patches\/topic\/v1 \(PATCH bpf-next; tree suggested: no Fixes: tags\)/);
    assert.match(out.stdout, /No problems in 1 file\./);
  });

  it('quotes a MAINTAINERS name with a comma, so the Cc: header names one person, not two (#18, item 11)', async () => {
    const r = repo();
    writeFileSync(join(r, 'MAINTAINERS'), MAINTAINERS.replace('R:\tJohn Reviewer <john@example.org>', 'R:\t"Doe, John \\"JD\\"" <john@example.org>'));
    // On main, below the topic branch: MAINTAINERS is the tree's, not part of the series.
    sh(r, 'stash', '-q');
    sh(r, 'checkout', '-q', 'main');
    sh(r, 'stash', 'pop', '-q');
    sh(r, 'commit', '-q', '-am', 'MAINTAINERS: Add a reviewer');
    sh(r, 'checkout', '-q', 'topic');
    sh(r, 'merge', '-q', '--ff-only', 'main');
    commit(r, 'kernel/bpf/syscall.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    const out = await cli(r, ['format-patch']);
    assert.equal(out.code, 0, out.stderr + out.stdout);
    const text = readFileSync(join(r, 'patches', 'topic', 'v1', '0001-bpf-Track-c-instead-of-b.patch'), 'utf8');
    const [doc] = parseInputs([{ id: 'x.patch', text }]);
    const cc = doc.messages[0].headers.find((h) => h.name === 'Cc')!;
    assert.deepEqual(parseAddressList(text, cc).map((a) => [a.name, a.email]), [
      ['Alexei Starovoitov', 'ast@kernel.org'],
      ['Doe, John "JD"', 'john@example.org'],
    ]);
    assert.match(text, /^Cc: Alexei Starovoitov <ast@kernel\.org>,\s+"Doe, John \\"JD\\"" <john@example\.org>$/m);
  });

  it('formats three patches with Fixes for bpf, then v2 with the blurb carried over and a range-diff', async () => {
    const r = repo();
    const culprit = sh(r, 'rev-parse', 'HEAD');
    const fixes = `Fixes: ${culprit.slice(0, 12)} ("bpf: Add the verifier")`;
    const withFixes = (title: string) => `${title}\n\nExplain the change in a sentence or two.\n\n${fixes}\nSigned-off-by: ${AUTHOR}\n`;
    commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', withFixes('bpf: Track c instead of b'));
    commit(r, 'kernel/bpf/core.c', 'int core;\n', withFixes('bpf: Add a core file'));
    commit(r, 'tools/testing/selftests/bpf/test_c.c', 'int test;\n', signed('selftests/bpf: Test tracking of c'));
    const v1 = await cli(r, ['format-patch']);
    // Written, but not ready to send: the placeholders are errors, so the command fails as a lint of the folder does.
    assert.equal(v1.code, 1, v1.stderr);
    const d1 = join(r, 'patches', 'topic', 'v1');
    const names1 = readdirSync(d1).sort();
    assert.equal(names1.length, 4);
    assert.equal(names1[0], '0000-cover-letter.patch');
    const subjects = names1.map((n) => /^Subject: (.*)$/m.exec(readFileSync(join(d1, n), 'utf8'))![1]);
    assert.deepEqual(subjects, [
      '[PATCH bpf 0/3] *** SUBJECT HERE ***',
      '[PATCH bpf 1/3] bpf: Track c instead of b',
      '[PATCH bpf 2/3] bpf: Add a core file',
      '[PATCH bpf 3/3] selftests/bpf: Test tracking of c',
    ]);
    // The only errors are the cover letter's placeholders, until they are filled in.
    const lint1 = JSON.parse((await cli(r, ['--format', 'json', d1])).stdout) as { rule: string; severity: string }[];
    assert.deepEqual([...new Set(lint1.filter((f) => f.severity === 'error').map((f) => f.rule))], ['cover-letter-placeholder']);
    assert.match(v1.stdout, /2 errors/);
    // Findings name the files as the list of written files does: relative to the cwd.
    assert.match(v1.stdout, /^  patches\/topic\/v1\/0000-cover-letter\.patch$/m);
    assert.match(v1.stdout, /^patches\/topic\/v1\/0000-cover-letter\.patch:4:\d+: error: .*\[cover-letter-placeholder\]$/m);
    assert.ok(!v1.stdout.includes(r), v1.stdout);

    // The author fills in the cover letter, reworks the selftest and formats again.
    const coverPath = join(d1, '0000-cover-letter.patch');
    writeFileSync(coverPath, readFileSync(coverPath, 'utf8').replace('*** SUBJECT HERE ***', 'bpf: Track c').replace('*** BLURB HERE ***', 'This series tracks c instead of b.'));
    writeFileSync(join(r, 'tools/testing/selftests/bpf/test_c.c'), 'int test = 1;\n');
    sh(r, 'add', 'tools/testing/selftests/bpf/test_c.c');
    sh(r, 'commit', '-q', '--amend', '--no-edit');
    const v2 = await cli(r, ['format-patch']);
    assert.equal(v2.code, 1, v2.stderr);
    assert.match(v2.stdout, /^patches\/topic\/v2\/v2-0000-cover-letter\.patch:\d+:\d+: error: Replace \*\*\* CHANGES HERE \*\*\*/m);
    assert.match(v2.stdout, /patches\/topic\/v2 \(PATCH bpf v2; .*cover letter carried over from the previous version; range-diff against the previous version\)/);
    const d2 = join(r, 'patches', 'topic', 'v2');
    const cover = readFileSync(join(d2, 'v2-0000-cover-letter.patch'), 'utf8');
    assert.match(cover, /^Subject: \[PATCH bpf v2 0\/3\] bpf: Track c$/m);
    assert.match(cover, /\n\nThis series tracks c instead of b\.\n\nChanges in v2:\n- \*\*\* CHANGES HERE \*\*\*\n/);
    assert.match(cover, /^Range-diff against v1:$/m);
    assert.match(readFileSync(join(d2, 'v2-0003-selftests-bpf-Test-tracking-of-c.patch'), 'utf8'), /^Subject: \[PATCH bpf v2 3\/3\]/m);
    const lint2 = JSON.parse((await cli(r, ["--format", "json", d2])).stdout) as { rule: string; severity: string; message: string; file: string }[];
    assert.deepEqual(lint2.filter((f) => f.severity === 'error').map((f) => f.message), ['Replace *** CHANGES HERE *** with what changed since the previous version.']);
  });

  it('suggests the tree from where the Fixes target is: a release means bpf, development history only bpf-next', async () => {
    const r = repo();
    sh(r, 'tag', 'v6.11', 'HEAD');
    // The culprit lands upstream after v6.11; the topic branch starts from there.
    sh(r, 'checkout', '-q', 'main');
    const culprit = commit(r, 'kernel/bpf/state.c', 'int state;\n', signed('bpf: Add the state'));
    sh(r, 'checkout', '-q', 'topic');
    sh(r, 'reset', '-q', '--hard', 'main');
    const fix = (title: string) => `${title}\n\nExplain the change in a sentence or two.\n\nFixes: ${culprit.slice(0, 12)} ("bpf: Add the state")\nSigned-off-by: ${AUTHOR}\n`;
    commit(r, 'kernel/bpf/state.c', 'int state = 1;\n', fix('bpf: Initialise the state'));
    let out = await cli(r, ['format-patch', '-o', join(r, 'out-untagged')]);
    assert.match(out.stdout, /\(PATCH bpf-next; tree suggested: [0-9a-f]{12} \("bpf: Add the state"\) is in no release tag here\)/);
    sh(r, 'tag', 'v6.12-rc1', culprit);
    out = await cli(r, ['format-patch', '-o', join(r, 'out-tagged')]);
    assert.match(out.stdout, /\(PATCH bpf; tree suggested: [0-9a-f]{12} \("bpf: Add the state"\) is in v6\.12-rc1\)/);
  });

  it('flags a Fixes tag that names a commit of the series itself, and does not count it as a fix', async () => {
    const r = repo();
    const first = commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    commit(r, 'kernel/bpf/core.c', 'int core;\n', `bpf: Fix tracking of c\n\nIt was wrong.\n\nFixes: ${first.slice(0, 12)} ("bpf: Track c instead of b")\nSigned-off-by: ${AUTHOR}\n`);
    const out = await cli(r, ['format-patch']);
    assert.match(out.stdout, /tree suggested: its Fixes: tags name commits of this series only/);
    assert.match(out.stdout, /v1\/0002-bpf-Fix-tracking-of-c\.patch:\d+:1: warning: Fixes names [0-9a-f]{12}, which is patch 1\/2 of this series .*\[fixes-tag-in-series\]/);
  });

  it('takes -<n>, and passes --to, --cc, --in-reply-to, --thread, -N, --signoff, --notes and --base to git', async () => {
    const r = repo();
    commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    const base = sh(r, 'rev-parse', 'HEAD');
    commit(r, 'kernel/bpf/core.c', 'int core;\n', 'bpf: Add a core file\n\nExplain the change in a sentence or two.\n');
    sh(r, 'notes', 'add', '-m', 'Tested on x86_64.', 'HEAD');
    const out = await cli(r, [
      'format-patch', '-1', '--to', 'Maintainer <m@example.org>', '--cc', 'c@example.org', '--in-reply-to', '<20250603.1@example.org>',
      '--thread', '-N', '-s', '--notes', '--base', base, '--resend',
    ]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const dir = join(r, 'patches', 'topic', 'v1');
    const [name] = readdirSync(dir);
    const text = readFileSync(join(dir, name), 'utf8');
    assert.match(text, /^Subject: \[PATCH RESEND bpf-next\] bpf: Add a core file$/m);
    assert.match(text, /^To: bpf@vger\.kernel\.org,\s+Maintainer <m@example\.org>$/m);
    assert.match(text, /^Cc: .*c@example\.org/ms);
    assert.match(text, /^In-Reply-To: <20250603\.1@example\.org>$/m);
    assert.match(text, /^Signed-off-by: Jane Developer <jane@example\.org>$/m);
    assert.match(text, /^Notes:\n {4}Tested on x86_64\.$/m);
    assert.match(text, new RegExp(`^base-commit: ${base}$`, 'm'));
    assert.match(out.stdout, /\(PATCH RESEND bpf-next; /);
  });

  it('refuses an option it does not support, naming the ones it does', async () => {
    const r = repo();
    commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    const out = await cli(r, ['format-patch', '--stdout']);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /^bpf-patch-lint format-patch: --stdout is not supported; it takes --tree, .*--to, --cc, --in-reply-to, --thread, -N\/--no-numbered, -s\/--signoff, --notes, --base, -<n> \(see --help\)\n$/);
  });

  it('checks a series written outside the repository against it (-o ../outgoing)', async () => {
    const r = repo();
    commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', `bpf: Track c instead of b\n\nExplain it.\n\nFixes: deadbeef0000 ("bpf: Gone")\nSigned-off-by: ${AUTHOR}\n`);
    const outside = mkdtempSync(join(tmpdir(), 'bpl-outgoing-'));
    repos.push(outside);
    const out = await cli(r, ['format-patch', '-o', outside]);
    assert.match(out.stdout, /\[fixes-tag-unknown-commit\]/);
  });

  it('warns when a new version changes no patch', async () => {
    const r = repo();
    commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    commit(r, 'kernel/bpf/core.c', 'int core;\n', signed('bpf: Add a core file'));
    await cli(r, ['format-patch']);
    const v2 = await cli(r, ['format-patch']);
    assert.match(v2.stdout, /warning: The range-diff against v1 shows no patch changed.*\[range-diff-unchanged\]/);
  });

  it('warns when the series would apply on a commit of yours that the upstream lacks (-1 of two)', async () => {
    const r = repo();
    const first = commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    commit(r, 'kernel/bpf/core.c', 'int core;\n', signed('bpf: Add a core file'));
    const out = await cli(r, ['format-patch', '-1']);
    assert.match(out.stderr, new RegExp(`warning: the series applies on ${first.slice(0, 12)} \\("bpf: Track c instead of b"\\), which is not in main: maintainers cannot apply it there`));
    assert.doesNotMatch((await cli(r, ['format-patch'])).stderr, /warning: the series applies on/);
  });

  it('says when a later version finds no earlier one in its folder, and never carries unfilled placeholders', async () => {
    const r = repo();
    commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    const elsewhere = await cli(r, ['format-patch', '-o', join(r, 'elsewhere'), '-v', '2']);
    assert.match(elsewhere.stdout, /no earlier version in elsewhere, so nothing carried over/);
    // v2 and v3 of a single patch, v2's changelog left unfilled: v3 does not stack it under its own.
    await cli(r, ['format-patch', '-v', '2']);
    writeFileSync(join(r, 'kernel/bpf/verifier.c'), 'int a;\nint d;\n');
    sh(r, 'commit', '-q', '-a', '--amend', '--no-edit');
    await cli(r, ['format-patch']);
    const v3 = readFileSync(join(r, 'patches', 'topic', 'v3', readdirSync(join(r, 'patches', 'topic', 'v3'))[0]), 'utf8');
    assert.equal(v3.match(/\*\*\* CHANGES HERE \*\*\*/g)?.length, 1, v3);
    assert.equal(v3.match(/\*\*\* LINK HERE \*\*\*/g)?.length, 1, v3);
    assert.doesNotMatch(v3, /Changes in v2:/);
  });

  it('refuses a range whose commits carry its own output folder (a git add -A of patches/)', async () => {
    const r = repo();
    commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    await cli(r, ['format-patch']);
    sh(r, 'add', '-A');
    sh(r, 'commit', '-q', '-m', 'bpf: Oops');
    const out = await cli(r, ['format-patch', '-v', '2']);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /commit [0-9a-f]{12} \("bpf: Oops"\) adds files under patches\/topic\/, where format-patch writes: remove them from it/);
    assert.ok(!existsSync(join(r, 'patches', 'topic', 'v2')));
  });

  it('formats the commits of the range even when a message holds record separators (#18, item 7)', async () => {
    const r = repo();
    // An unrelated commit somewhere else in the repository, which a forged record would name.
    sh(r, 'checkout', '-q', '-b', 'private', 'main');
    const secret = commit(r, 'kernel/bpf/secret.c', 'int secret;\n', signed('bpf: Private work'));
    sh(r, 'checkout', '-q', 'topic');
    const forged = `bpf: Track c\n\nInnocent text.\x1f\x1e${secret}\x1fbpf: Private work\x1f\x1f\nkernel/bpf/secret.c\n\nSigned-off-by: ${AUTHOR}\n`;
    const mine = commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', forged);
    const out = await cli(r, ['format-patch']);
    assert.notEqual(out.code, 2, out.stdout + out.stderr);
    const dir = join(r, 'patches', 'topic', 'v1');
    const names = readdirSync(dir);
    assert.equal(names.length, 1, names.join(', '));
    const text = readFileSync(join(dir, names[0]), 'utf8');
    assert.match(text, new RegExp(`^From ${mine} `));
    assert.doesNotMatch(text, /int secret/);
  });

  it('never waits on a pipe named like a patch in the previous version\'s folder (#18, item 17)', async () => {
    const r = repo();
    commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    mkdirSync(join(r, 'patches', 'topic', 'v1'), { recursive: true });
    execFileSync('mkfifo', [join(r, 'patches', 'topic', 'v1', '0001-bpf-Track-c-instead-of-b.patch')]);
    const out = await cli(r, ['format-patch']);
    assert.notEqual(out.code, 2, out.stdout + out.stderr);
    assert.ok(existsSync(join(r, 'patches', 'topic', 'v2')));
  });

  it('documents its exit status in --help', async () => {
    const help = await cli(tmpdir(), ['format-patch', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Exit status: 0 the series was written and has no errors, 1 it was written\nbut has errors/m);
  });

  it('says the cover letter was carried over only when it writes one', async () => {
    const r = repo();
    commit(r, 'kernel/bpf/syscall.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    const v1 = await cli(r, ['format-patch', '--cover-letter']);
    assert.equal(v1.code, 1, v1.stdout + v1.stderr);
    assert.ok(existsSync(join(r, 'patches', 'topic', 'v1', '0000-cover-letter.patch')));
    // v2 of the single patch goes without a cover letter: nothing is carried over, the range-diff sits in the patch.
    writeFileSync(join(r, 'kernel/bpf/syscall.c'), 'int a;\nint d;\n');
    sh(r, 'commit', '-q', '-a', '--amend', '-m', signed('bpf: Track d instead of b'));
    const v2 = await cli(r, ['format-patch']);
    // The single patch gets the changelog a cover letter would have, below ---, to fill in: an error until then.
    assert.equal(v2.code, 1, v2.stdout + v2.stderr);
    assert.deepEqual(readdirSync(join(r, 'patches', 'topic', 'v2')), ['v2-0001-bpf-Track-d-instead-of-b.patch']);
    assert.match(v2.stdout, /^Wrote 1 file to patches\/topic\/v2 \(PATCH bpf-next v2; tree suggested: no Fixes: tags; range-diff against the previous version\):$/m);
    assert.doesNotMatch(v2.stdout, /carried over/);
    const text = readFileSync(join(r, 'patches', 'topic', 'v2', 'v2-0001-bpf-Track-d-instead-of-b.patch'), 'utf8');
    assert.match(text, /\n---\nChanges in v2:\n- \*\*\* CHANGES HERE \*\*\*\n\nv1: \*\*\* LINK HERE \*\*\*\n\nRange-diff against v1:\n/);
    assert.match(v2.stdout, /^Next: edit patches\/topic\/v2\/v2-0001-bpf-Track-d-instead-of-b\.patch, replacing its \*\*\* placeholders \*\*\*, then check the folder again\.$/m);
    // Filled in, it passes; v3 keeps v2's changelog under its own.
    const filled = text.replace('*** CHANGES HERE ***', 'Tracked d instead of c.').replace('*** LINK HERE ***', 'https://lore.kernel.org/bpf/20250603100000.1-1-jane@example.org/');
    writeFileSync(join(r, 'patches', 'topic', 'v2', 'v2-0001-bpf-Track-d-instead-of-b.patch'), filled);
    assert.equal((await cli(r, ['--no-git', join(r, 'patches', 'topic', 'v2')])).code, 0);
    writeFileSync(join(r, 'kernel/bpf/syscall.c'), 'int a;\nint e;\n');
    sh(r, 'commit', '-q', '-a', '--amend', '-m', signed('bpf: Track e instead of b'));
    await cli(r, ['format-patch']);
    const v3 = readFileSync(join(r, 'patches', 'topic', 'v3', 'v3-0001-bpf-Track-e-instead-of-b.patch'), 'utf8');
    assert.match(v3, /\n---\nChanges in v3:\n- \*\*\* CHANGES HERE \*\*\*\n\nv2: \*\*\* LINK HERE \*\*\*\n\nChanges in v2:\n- Tracked d instead of c\.\n\nv1: https:\/\/lore\.kernel\.org\/bpf\/20250603100000\.1-1-jane@example\.org\/\n\nRange-diff against v2:\n/);
  });

  it('stops writing quietly when the reader closes the pipe early (| head -2), with its usual exit status', async () => {
    const r = repo();
    commit(r, 'kernel/bpf/syscall.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    // The list of written files comes first; the pipe is closed before the lint's report is written into it.
    const out = await cliClosedEarly(['format-patch'], r);
    assert.match(out.first, /^Wrote 1 file to patches\/topic\/v1 /);
    assert.doesNotMatch(out.first, /No problems/, 'the report must come after the reader has gone');
    assert.equal(out.stderr, '');
    assert.equal(out.code, 0);
    assert.ok(existsSync(join(r, 'patches', 'topic', 'v1', '0001-bpf-Track-c-instead-of-b.patch')));
  });

  it('refuses to write into a version folder that holds files, and changes nothing', async () => {
    const r = repo();
    commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
    const dir = join(r, 'patches', 'topic', 'v2');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'v2-0001-bpf-Track-c-instead-of-b.patch'), 'my edited patch\n');
    const before = snapshot(r);
    const out = await cli(r, ['format-patch', '-v', '2']);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /patches\/topic\/v2 already holds files; nothing was written/);
    assert.deepEqual(snapshot(r), before);
  });

  for (const [name, setup, args, message] of [
    ['outside a repository', (r: string) => rmSync(join(r, '.git'), { recursive: true, force: true }), [], /is not inside a git work tree/],
    ['detached HEAD without a range', (r: string) => sh(r, 'checkout', '-q', '--detach'), [], /HEAD is detached: give a revision range/],
    ['no commits in the range', () => undefined, [], /no commits in main\.\.HEAD/],
    ['uncommitted changes to tracked files', (r: string) => writeFileSync(join(r, 'kernel/bpf/verifier.c'), 'dirty\n'), ['HEAD~1'], /^bpf-patch-lint format-patch: tracked files have uncommitted changes: commit or stash them first \(or rerun with --allow-dirty\)\n$/],
    ['a tree that is not allowed', () => undefined, ['--tree', 'linux-next', 'HEAD~1'], /"linux-next" is not a tree BPF patches go to/],
    ['an option-like range', () => undefined, ['--', '--output=/tmp/x'], /is not a revision range/],
    ['a file where the version folder belongs', (r: string) => { mkdirSync(join(r, 'patches', 'topic'), { recursive: true }); writeFileSync(join(r, 'patches', 'topic', 'v1'), 'x'); }, [], /patches\/topic\/v1 is a file, not a folder; nothing was written/],
    ['a pipe where the version folder belongs', (r: string) => { mkdirSync(join(r, 'patches', 'topic'), { recursive: true }); execFileSync('mkfifo', [join(r, 'patches', 'topic', 'v1')]); }, [], /patches\/topic\/v1 is a pipe, not a folder/],
    ['an empty commit in the range', (r: string) => sh(r, 'commit', '-q', '--allow-empty', '-m', 'bpf: Nothing'), ['HEAD~2'], /commit [0-9a-f]{12} \("bpf: Nothing"\) changes nothing; drop it/],
  ] as const) {
    it(`refuses with a clear error and writes nothing: ${name}`, async () => {
      const r = repo();
      if (name !== 'no commits in the range') commit(r, 'kernel/bpf/verifier.c', 'int a;\nint c;\n', signed('bpf: Track c instead of b'));
      setup(r);
      const before = snapshot(r);
      const out = await cli(r, ['format-patch', ...args]);
      assert.equal(out.code, 2, out.stdout);
      assert.match(out.stderr, message);
      assert.deepEqual(snapshot(r), before);
      if (!/where the version folder belongs/.test(name)) assert.ok(!existsSync(join(r, 'patches')));
    });
  }
});

describe('series requests of the language server', function () {
  this.timeout(60_000);
  it('plans, formats and summarises a series, and refuses git when the workspace is not trusted', async () => {
    const r = kernelRepo();
    const client = LspClient.inProcess({});
    try {
      commit(r, 'kernel/bpf/syscall.c', 'int a;\n', signed('bpf: Add a syscall file'));
      commit(r, 'kernel/bpf/core.c', 'int core;\n', signed('bpf: Add a core file'));
      await client.initialize({ trusted: true });
      const uri = pathToFileURL(r).href;
      const plan = await client.connection.sendRequest<SeriesPlanInfo>(SERIES_PLAN_REQUEST, { uri });
      assert.deepEqual(plan.commits.map((c) => c.subject), ['bpf: Add a syscall file', 'bpf: Add a core file']);
      assert.equal(plan.suggestedTree, 'bpf-next');
      assert.equal(plan.nextVersion, 1);
      const skip = await client.connection.sendRequest<RequestFailure>(FORMAT_SERIES_REQUEST, { uri, tree: 'bpf-next', version: 1, commits: [plan.commits[0].sha, 'f'.repeat(40)] });
      assert.match(skip.error, /not in the series/);
      const done = await client.connection.sendRequest<FormatSeriesInfo>(FORMAT_SERIES_REQUEST, { uri, tree: 'bpf-next', version: 1, commits: plan.commits.map((c) => c.sha) });
      assert.deepEqual(done.files.map((f) => relative(r, f)), ['patches/topic/v1/0000-cover-letter.patch', 'patches/topic/v1/0001-bpf-Add-a-syscall-file.patch', 'patches/topic/v1/0002-bpf-Add-a-core-file.patch']);
      assert.deepEqual([done.errors, done.placeholders], [2, 2]);
      const summary = await client.connection.sendRequest<SeriesSummaryInfo>(SERIES_SUMMARY_REQUEST, { uri: pathToFileURL(done.dir).href });
      assert.equal(summary.messages.length, 3);
      const cover = summary.messages[0].rows.find((row) => row.check === 'cover-letter')!;
      assert.equal(cover.state, 'fail');
      assert.deepEqual(cover.findings.map((f) => [f.rule, f.range.start.line]), [['cover-letter-placeholder', 3], ['cover-letter-placeholder', 8]]);
      // checkpatch.pl runs on the open patch files, not in the summary of the folder; the test repository has no tree branch to apply to.
      assert.ok(summary.messages.slice(1).every((m) => m.rows.every((row) => row.state === 'pass' || row.check === 'checkpatch' || row.check === 'apply')), JSON.stringify(summary.messages[1].rows));
      assert.deepEqual(plan.dirty, []);
      await client.connection.sendNotification('bpfPatchLint/trust', { trusted: false });
      const refused = await client.connection.sendRequest<RequestFailure>(SERIES_PLAN_REQUEST, { uri });
      assert.match(refused.error, /untrusted workspace/);
    } finally {
      await client.close();
      rmSync(r, { recursive: true, force: true });
    }
  });

  it("says which files are uncommitted before any question, and takes the CLI's options: output folder, RESEND, sign-off, Cc, In-Reply-To (#14)", async () => {
    const r = kernelRepo();
    const out = mkdtempSync(join(tmpdir(), 'bpl-out-'));
    const client = LspClient.inProcess({});
    try {
      commit(r, 'kernel/bpf/syscall.c', 'int a;\n', signed('bpf: Add a syscall file'));
      mkdirSync(join(out, 'v1'));
      // A staged rename (its source follows it in git's record) and a modified file.
      sh(r, 'mv', 'kernel/bpf/syscall.c', 'kernel/bpf/renamed.c');
      writeFileSync(join(r, 'MAINTAINERS'), readFileSync(join(r, 'MAINTAINERS'), 'utf8') + '\n');
      await client.initialize({ trusted: true });
      const uri = pathToFileURL(r).href;
      const plan = await client.connection.sendRequest<SeriesPlanInfo>(SERIES_PLAN_REQUEST, { uri, outDir: out });
      assert.deepEqual([...plan.dirty].sort(), ['MAINTAINERS', 'kernel/bpf/renamed.c']);
      assert.equal(plan.root, out);
      assert.equal(plan.nextVersion, 2, 'counted from the chosen folder');
      const request = { uri, tree: 'bpf-next', version: 2, outDir: out, resend: true, signoff: true, cc: ['reviewer@example.org'], inReplyTo: '20250603100000.1-1-jane@example.org' };
      const dirty = await client.connection.sendRequest<RequestFailure>(FORMAT_SERIES_REQUEST, request);
      assert.match(dirty.error, /uncommitted changes/);
      const done = await client.connection.sendRequest<FormatSeriesInfo>(FORMAT_SERIES_REQUEST, { ...request, allowDirty: true });
      assert.equal(done.dir, join(out, 'v2'));
      const text = readFileSync(done.files[0], 'utf8');
      assert.match(text, /^Subject: \[PATCH RESEND bpf-next v2\] bpf: Add a syscall file$/m);
      assert.match(text.slice(0, text.indexOf('\n\n')), /^Cc: [^]*\breviewer@example\.org$/m, 'in the (folded) Cc header');
      assert.match(text, /^In-Reply-To: <20250603100000\.1-1-jane@example\.org>$/m);
      const relative = await client.connection.sendRequest<RequestFailure>(SERIES_PLAN_REQUEST, { uri, outDir: 'patches/elsewhere' });
      assert.match(relative.error, /absolute path/);
    } finally {
      await client.close();
      rmSync(r, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('fixes a whole series in one edit of its files, and marks its cover letter (#14)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-fix-series-'));
    const client = LspClient.inProcess({});
    try {
      const stable = (n: number) => patch({ subject: `[PATCH bpf-next ${n}/2] bpf: Part ${n}`, body: `Do part ${n}.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` });
      writeFileSync(join(dir, '0000-cover-letter.patch'), coverLetter({ subject: '[PATCH bpf-next 0/2] bpf: Two parts' }));
      writeFileSync(join(dir, '0001-part-1.patch'), stable(1));
      writeFileSync(join(dir, '0002-part-2.patch'), stable(2));
      await client.initialize({ trusted: false });
      const uri = pathToFileURL(dir).href;
      const summary = await client.connection.sendRequest<SeriesSummaryInfo>(SERIES_SUMMARY_REQUEST, { uri });
      assert.deepEqual(summary.messages.map((m) => m.isCoverLetter), [true, false, false]);
      const fixed = await client.connection.sendRequest<FixSeriesInfo>(FIX_SERIES_REQUEST, { uri });
      assert.deepEqual([fixed.fixes, fixed.files], [2, 2]);
      for (const n of [1, 2]) {
        const file = join(dir, `000${n}-part-${n}.patch`);
        const change = fixed.edit.documentChanges!.find((c) => 'textDocument' in c && c.textDocument.uri === pathToFileURL(file).href) as TextDocumentEdit;
        const doc = TextDocument.create(change.textDocument.uri, '', 0, readFileSync(file, 'utf8'));
        // The Cc goes, and the request moves below the --- line, for the maintainers.
        assert.equal(TextDocument.applyEdits(doc, change.edits as TextEdit[]), stable(n).replace('Cc: stable@vger.kernel.org\n', '').replace('---\n', '---\nPlease queue this for stable.\n\n'));
      }
      // Nothing left: no edit.
      for (const n of [1, 2]) writeFileSync(join(dir, `000${n}-part-${n}.patch`), stable(n).replace('Cc: stable@vger.kernel.org\n', ''));
      assert.deepEqual(await client.connection.sendRequest<FixSeriesInfo>(FIX_SERIES_REQUEST, { uri }), { edit: { documentChanges: [] }, fixes: 0, files: 0 });
    } finally {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
