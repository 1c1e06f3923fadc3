/**
 * Facts from git as the engine reads them (engine/facts.ts), and the memo
 * tables that remember answers across documents (engine/memo.ts) (#19).
 */
import assert from 'node:assert/strict';
import { lookupCommit, type CommitLookup, culpritsKey, fixesCandidates } from '../server/src/engine/facts';
import { fixAll } from '../server/src/engine/fix-all';
import { lint } from '../server/src/engine/lint';
import { clearMemoTables, memoTable, weakMemoTable } from '../server/src/engine/memo';
import { RULES } from '../server/src/rules';
import { OLD, found, missing } from './helpers/git-facts';
import { AUTHOR } from './helpers/mail';

describe('facts: what a commit id written in a message names (#19)', () => {
  const commits = new Map<string, CommitLookup>([
    ['01234567', found(OLD)],
    ['deadbeef', missing],
  ]);
  const rows: Array<[string, string]> = [
    ['01234567', 'found'],
    // An id a fix has just expanded from one git was asked about.
    ['0123456789ab', 'found'],
    [OLD.sha, 'found'],
    // Longer than the asked id but not the commit's: another commit.
    ['0123456700', 'unknown'],
    // The asked id is not where this one starts.
    ['1234567', 'unknown'],
    ['deadbeef', 'missing'],
    // A missing commit's id, expanded, is still not known.
    ['deadbeef01', 'unknown'],
  ];
  for (const [id, expected] of rows) {
    it(`${id}: ${expected}`, () => {
      assert.equal(lookupCommit(commits, id)?.status ?? 'unknown', expected);
    });
  }
  it('knows nothing without a repository', () => {
    assert.equal(lookupCommit(undefined, '01234567'), undefined);
  });

  it('knows the commit behind an id a fix has just expanded, so the fixed text lints clean with the same facts', () => {
    const options = { rules: RULES, facts: { commits, committer: { name: 'Jane Developer', email: 'jane@example.org' } } };
    for (const title of ['bpf: Add the helper', 'bpf: Wrong title']) {
      const text = `bpf: Fix the helper\n\nWhy.\n\nFixes: 01234567 ("${title}")\nSigned-off-by: ${AUTHOR}\n`;
      const out = fixAll([{ id: 'COMMIT_EDITMSG', text, kind: 'message' }], options);
      const fixed = out.changed.get('COMMIT_EDITMSG') ?? '';
      assert.match(fixed, /^Fixes: 0123456789ab \("bpf: Add the helper"\)$/m);
      const again = lint([{ id: 'COMMIT_EDITMSG', text: fixed, kind: 'message' }], options).findings;
      assert.deepEqual(again.map((f) => f.rule), [], title);
    }
  });
});

describe('memo tables (#19)', () => {
  it('forget what they remember when cleared, and only then', () => {
    const table = memoTable<string, number>();
    const weak = weakMemoTable<object, number>();
    const key = {};
    table.set('a', 1);
    weak.set(key, 2);
    assert.equal(table.get('a'), 1);
    assert.equal(weak.get(key), 2);
    clearMemoTables();
    assert.equal(table.get('a'), undefined);
    assert.equal(weak.get(key), undefined);
    weak.set(key, 3);
    assert.equal(weak.get(key), 3);
  });
});

describe("Fixes candidates: a message's own lines first (#14)", () => {
  const commit = (n: number) => ({ sha: String(n).repeat(40), subject: `bpf: Change ${n}` });
  const mail = (index: number) => ({ document: { id: 'series.mbox' }, index, kind: 'mail' });
  const subjects = (facts: Parameters<typeof fixesCandidates>[0], m?: Parameters<typeof fixesCandidates>[1]) => fixesCandidates(facts, m).map((c) => `${c.commit.subject}: ${c.short}`);
  const whole = { blame: [{ commit: commit(1), lines: 2 }], recent: [commit(2)] };

  it('without per-message answers, every message gets the document-wide list: blamed, then recent, once each', () => {
    assert.deepEqual(subjects({ ...whole, recent: [commit(1), commit(2)] }, mail(1)), ['bpf: Change 1: last wrote 2 of the changed lines', 'bpf: Change 2: recently changed these files']);
  });

  it("with them, a mail gets its own or none; a commit message, git's staged change", () => {
    const facts = { ...whole, culprits: new Map([[culpritsKey('series.mbox', 1), { blame: [{ commit: commit(3), lines: 1 }], recent: [] }]]) };
    assert.deepEqual(subjects(facts, mail(1)), ['bpf: Change 3: last wrote 1 of the changed lines']);
    assert.deepEqual(subjects(facts, mail(0)), []);
    assert.deepEqual(subjects(facts, { document: { id: 'series.mbox' }, index: 1, kind: 'commit' }), ['bpf: Change 3: last wrote 1 of the changed lines']);
    assert.deepEqual(subjects(facts, { document: { id: 'COMMIT_EDITMSG' }, index: 0, kind: 'commit' }), ['bpf: Change 1: last wrote 2 of the changed lines', 'bpf: Change 2: recently changed these files']);
    assert.deepEqual(subjects(facts), subjects(whole));
  });

  it('a candidate offered as a fix says, for a picker, which commit and why', () => {
    const text = `From: ${AUTHOR}\nSubject: [PATCH bpf] bpf: Fix it\n\nFix it.\n\nFixes: deadbeef0000 ("bpf: Gone")\nSigned-off-by: ${AUTHOR}\n`;
    const facts = { commits: new Map<string, CommitLookup>([['deadbeef0000', missing]]), blame: [{ commit: OLD, lines: 2 }], recent: [{ ...OLD, sha: 'f'.repeat(40), subject: 'bpf: Older', author: undefined, date: undefined }] };
    const finding = lint([{ id: 'x.patch', text }], { rules: RULES, facts }).findings.find((f) => f.rule === 'fixes-tag-unknown-commit')!;
    assert.deepEqual(
      finding.fixes.map((f) => [f.title, f.alternative]),
      [
        ['Use Fixes: 0123456789ab ("bpf: Add the helper") (last wrote 2 of the changed lines)', { of: 'Pick the commit…', label: '0123456789ab bpf: Add the helper', detail: 'A <a@x.org>, 2024-01-02 · Last wrote 2 of the lines this change removes or modifies (git blame).' }],
        ['Use Fixes: ffffffffffff ("bpf: Older") (recently changed these files)', { of: 'Pick the commit…', label: 'ffffffffffff bpf: Older', detail: 'A recent commit touching the files this change modifies.' }],
      ],
    );
  });
});
