/**
 * Which prefix words name a tree (engine/trees.ts): the scope decision puts a
 * mail out when its prefix names another maintainer's tree, and
 * subject-tree-unknown calls a near miss of ours a misspelling. Both go wrong
 * silently when a word lands on the wrong side, so each side is a table here.
 */
import assert from 'node:assert/strict';
import { BUILTIN_TREES } from '../server/src/engine/parse/subject';
import { levenshtein, looksLikeTree, namesOtherTree, nearestTree } from '../server/src/engine/trees';

describe('trees: the tree of ours a prefix word means', () => {
  const cases: [string, string | undefined][] = [
    ['bpf', 'bpf'],
    ['BPF-NEXT', 'bpf-next'],
    ['bpf_next', 'bpf-next'],
    ['bpfnext', 'bpf-next'],
    ['bpf-nxt', 'bpf-next'],
    ['bfp-next', 'bpf-next'],
    ['net_next', 'net-next'],
    ['net-nxt', 'net-next'],
    ['nett', 'net'],
    // linux-next's words say "not a fix": the nearest -next tree of ours.
    ['next', 'bpf-next'],
    ['-next', 'bpf-next'],
    ['linux-next', 'bpf-next'],
    ['for-next', 'bpf-next'],
    // Far from every tree, but starting with bpf: still meant as ours.
    ['bpf-fixes', 'bpf-next'],
    ['bpf-next-2', 'bpf-next'],
    // Other maintainers' trees a letter or two from ours.
    ['nf-next', undefined],
    ['nf', undefined],
    ['mm', undefined],
    ['ipsec', undefined],
    ['iwl-net', undefined],
    // Too far, and not starting with a tree of ours.
    ['bfp', undefined],
    ['netdev', undefined],
    ['HID', undefined],
  ];
  for (const [word, tree] of cases) {
    it(`${word}: ${tree ?? 'none'}`, () => {
      assert.equal(nearestTree(word), tree);
      assert.equal(looksLikeTree(word), tree !== undefined);
    });
  }

  it('only among the trees it is given', () => {
    assert.equal(nearestTree('bpf_next', ['bpf', 'net']), 'bpf');
    assert.equal(nearestTree('nett', ['bpf']), undefined);
    assert.equal(nearestTree('bpf', []), undefined);
  });
});

describe('trees: words that name another maintainer\'s tree', () => {
  const ours = [...BUILTIN_TREES];
  const other = ['HID', 'iwl-net', 'mm', 'drm-misc', 'x86'];
  const notTrees = ['6.6', 'linux-6.1.y', 'v2', 'RESEND', 'rfc', 'PATCH', 'PATCHv2', 'RFCv3', 'AUTOSEL', 'stable', '123', 'next', '-next', 'bpf_next', 'net-nxt'];
  for (const w of other) it(`${w}: another tree`, () => assert.equal(namesOtherTree(w, ours), true));
  for (const w of notTrees) it(`${w}: not another tree`, () => assert.equal(namesOtherTree(w, ours), false));
});

describe('trees: edit distance', () => {
  it('counts insertions, deletions and substitutions', () => {
    assert.equal(levenshtein('kitten', 'sitting'), 3);
    assert.equal(levenshtein('', 'abc'), 3);
    assert.equal(levenshtein('abc', ''), 3);
    assert.equal(levenshtein('ab', 'ba'), 2);
    assert.equal(levenshtein('bpf-next', 'bpf-next'), 0);
    assert.equal(levenshtein('bpf-nex', 'bpf-next'), 1);
    assert.equal(levenshtein('bpf-next', 'bpf-nex'), 1);
  });
});
