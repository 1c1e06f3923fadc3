/**
 * Facts from git as the engine reads them (engine/facts.ts), and the memo
 * tables that remember answers across documents (engine/memo.ts) (#19).
 */
import assert from 'node:assert/strict';
import { lookupCommit, type CommitLookup } from '../server/src/engine/facts';
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
