/**
 * The readiness summary (engine/summary.ts): one row per check for each
 * message, pass/warn/fail from the findings filed under it, and skip with the
 * reason when the check cannot run or does not apply; and how configuration
 * layers merge (engine/config.ts) (#19).
 */
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, knownTrees, mergeConfig, treeWords } from '../server/src/engine/config';
import { lint, type DocumentInput } from '../server/src/engine/lint';
import { summarize, type SummaryOptions } from '../server/src/engine/summary';
import type { EngineFacts } from '../server/src/engine/facts';
import { RULES } from '../server/src/rules';
import { coverLetter, patch } from './helpers/mail';

function rows(inputs: DocumentInput[], opts: SummaryOptions, facts?: EngineFacts): string[] {
  const s = summarize(lint(inputs, { rules: RULES, ...(facts ? { facts } : {}) }), RULES, opts);
  return [
    ...s.messages.map(
      (m) =>
        `${m.document}#${m.index}${m.isCoverLetter ? ' (cover)' : ''}: ` +
        m.rows.map((r) => `${r.check}=${r.state}${r.note ? `(${r.note})` : ''}${r.findings.length ? `[${r.findings.map((f) => f.rule).join(',')}]` : ''}`).join(' '),
    ),
    `errors ${s.errors}, warnings ${s.warnings}, infos ${s.infos}`,
  ];
}

const NO_GIT = 'git-fixes=skip(git was not consulted)';
const NA = '(n/a for a cover letter)';

describe('summary: the readiness rows (#19)', () => {
  it('a clean patch passes every row git is not needed for', () => {
    assert.deepEqual(rows([{ id: 'a.patch', text: patch() }], { gitChecked: false }), [
      `a.patch#0: tree=pass fixes=pass ${NO_GIT} stable=pass sign-off=pass selftests=pass cover-letter=pass recipients=pass apply=skip(not tried (no branch of its tree here, or not a whole series)) checkpatch=skip(not run) message=pass`,
      'errors 0, warnings 0, infos 0',
    ]);
  });

  it('a series: the cover letter has no commit-message rows; each finding fails its own message\'s row', () => {
    const inputs = [
      { id: '0.patch', text: coverLetter({ subject: '[PATCH bpf-next 0/2] bpf: T' }) },
      { id: '1.patch', text: patch({ subject: '[PATCH bpf-next 1/2] bpf: One', body: 'Why.\n\nCc: stable@vger.kernel.org' }) },
      { id: '2.patch', text: patch({ subject: '[PATCH bpf-next 2/2] bpf: Two' }) },
    ];
    assert.deepEqual(rows(inputs, { gitChecked: true }), [
      `0.patch#0 (cover): tree=pass fixes=skip${NA} git-fixes=skip${NA} stable=pass sign-off=skip${NA} selftests=skip${NA} cover-letter=pass recipients=pass apply=skip(not tried (no branch of its tree here, or not a whole series)) checkpatch=skip${NA} message=skip${NA}`,
      '1.patch#0: tree=pass fixes=pass git-fixes=pass stable=fail[cc-stable] sign-off=fail[signed-off-by-missing] selftests=pass cover-letter=pass recipients=pass apply=skip(not tried (no branch of its tree here, or not a whole series)) checkpatch=skip(not run) message=pass',
      '2.patch#0: tree=pass fixes=pass git-fixes=pass stable=pass sign-off=pass selftests=pass cover-letter=pass recipients=pass apply=skip(not tried (no branch of its tree here, or not a whole series)) checkpatch=skip(not run) message=pass',
      'errors 2, warnings 0, infos 0',
    ]);
  });

  it('a commit message: the mail rows wait, and a repository without kernel history cannot check Fixes', () => {
    const mail = '(a commit message is not a mail yet)';
    assert.deepEqual(rows([{ id: 'COMMIT_EDITMSG', text: 'bpf: Fix x\n\nWhy.\n', kind: 'message' }], { gitChecked: true, kernelHistory: false }), [
      `COMMIT_EDITMSG#0: tree=skip${mail} fixes=pass git-fixes=skip(this repository has no kernel history to look commits up in) stable=pass sign-off=fail[signed-off-by-missing] selftests=pass cover-letter=skip${mail} recipients=skip${mail} apply=skip${mail} checkpatch=skip(not run) message=pass`,
      'errors 1, warnings 0, infos 0',
    ]);
  });

  it('a patch for another subsystem: the BPF submission rows are skipped, with the reason', () => {
    const out = '(not a BPF/netdev submission)';
    assert.deepEqual(rows([{ id: 'mm.patch', text: patch({ subject: '[PATCH] mm: x', to: 'linux-mm@kvack.org', files: ['mm/slub.c'] }) }], { gitChecked: false }), [
      `mm.patch#0: tree=skip${out} fixes=pass ${NO_GIT} stable=skip${out} sign-off=pass selftests=skip${out} cover-letter=pass recipients=skip${out} apply=skip${out} checkpatch=skip(not run) message=pass`,
      'errors 0, warnings 0, infos 0',
    ]);
  });

  it('a mailbox: replies are left out, and each finding goes to the message it is in', () => {
    const text = patch({ subject: '[PATCH bpf 1/1] bpf: A' }) + patch({ subject: 'Re: [PATCH bpf 1/1] bpf: A' }) + patch({ subject: '[PATCH bpf-next] bpf: B', body: 'Why.' });
    assert.deepEqual(rows([{ id: 'x.mbox', text }], { gitChecked: false }), [
      `x.mbox#0: tree=pass fixes=fail[fixes-tag-missing] ${NO_GIT} stable=pass sign-off=pass selftests=pass cover-letter=pass recipients=pass apply=skip(not tried (no branch of its tree here, or not a whole series)) checkpatch=skip(not run) message=pass`,
      `x.mbox#2: tree=pass fixes=pass ${NO_GIT} stable=pass sign-off=fail[signed-off-by-missing] selftests=pass cover-letter=pass recipients=pass apply=skip(not tried (no branch of its tree here, or not a whole series)) checkpatch=skip(not run) message=pass`,
      'errors 2, warnings 0, infos 0',
    ]);
  });

  it('a warning warns its row; an info passes it and is counted', () => {
    const body = 'This was broken by 0123456789ab ("bpf: Old").\n\nSigned-off-by: Jane Developer <jane@example.org>\nSigned-off-by: Jane Developer <jane@example.org>';
    assert.deepEqual(rows([{ id: 'a.patch', text: patch({ body }) }], { gitChecked: false }), [
      `a.patch#0: tree=pass fixes=pass[commit-reference-format] ${NO_GIT} stable=pass sign-off=pass selftests=pass cover-letter=pass recipients=pass apply=skip(not tried (no branch of its tree here, or not a whole series)) checkpatch=skip(not run) message=warn[trailer-syntax]`,
      'errors 0, warnings 1, infos 1',
    ]);
  });
});

describe('config: layers (#19)', () => {
  it('later layers win, rule settings merge per rule, extra trees accumulate once each', () => {
    const merged = mergeConfig(
      undefined,
      { lineLength: 80, extraTrees: ['bpf-rc'], rules: { a: 'off', b: 'warning' }, treeRefs: { bpf: 'refs/remotes/a/master', net: 'refs/remotes/n/main' } },
      { extraTrees: ['bpf-rc', 'Foo'], rules: { b: 'error' }, commentChar: ';', profile: 'archive', cleanup: 'strip', treeRefs: { bpf: 'refs/remotes/b/master' } },
    );
    assert.deepEqual(merged, {
      lineLength: 80,
      extraTrees: ['bpf-rc', 'Foo'],
      treeRefs: { bpf: 'refs/remotes/b/master', net: 'refs/remotes/n/main' },
      commentChar: ';',
      cleanup: 'strip',
      rules: { a: 'off', b: 'error' },
      profile: 'archive',
    });
    assert.deepEqual(mergeConfig(), DEFAULT_CONFIG);
    assert.deepEqual(mergeConfig({}), { ...DEFAULT_CONFIG });
  });

  it('knows the built-in trees and the configured ones in lower case; tree words add iproute2\'s', () => {
    const config = mergeConfig({ extraTrees: ['Foo-Next'] });
    const trees = knownTrees(config);
    for (const t of ['bpf', 'bpf-next', 'net', 'net-next', 'foo-next']) assert.ok(trees.has(t), t);
    assert.ok(!trees.has('Foo-Next'));
    const words = treeWords(config);
    for (const t of ['iproute2', 'iproute2-next', 'foo-next']) assert.ok(words.has(t), t);
    assert.ok(!knownTrees(DEFAULT_CONFIG).has('iproute2'));
  });
});
