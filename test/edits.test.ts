/**
 * The shared fix applier (engine/fixes.ts), which the CLI's --fix, the editor's
 * fix-all and the rule tests all go through: edits applied in one pass, edits
 * that would clobber each other refused, and which fix of each finding a
 * fix-all takes.
 */
import assert from 'node:assert/strict';
import { OverlappingEditsError, applyEdits, collectFixes, collectFixEdits, preferredFix } from '../server/src/engine/fixes';
import { maxOf, minOf, pushAll } from '../server/src/engine/arrays';
import type { Finding, Fix, TextEdit } from '../server/src/engine/types';

const edit = (start: number, end: number, newText: string): TextEdit => ({ start, end, newText });

function finding(rule: string, fixes: Fix[], document = 'a.patch'): Finding {
  return { rule, document, message: rule, severity: 'error', range: { start: 0, end: 0 }, fixes, related: [] };
}

describe('applyEdits', () => {
  it('applies edits given in any order, each at its own offsets', () => {
    assert.equal(applyEdits('abcdef', [edit(4, 5, 'E'), edit(0, 1, 'A'), edit(2, 2, '+')]), 'Ab+cdEf');
  });

  it('applies an insertion right before a replacement at the same offset, in that order', () => {
    assert.equal(applyEdits('abc', [edit(1, 2, 'B'), edit(1, 1, '>')]), 'a>Bc');
  });

  it('lets an edit start where the previous one ends', () => {
    assert.equal(applyEdits('abcd', [edit(0, 2, 'x'), edit(2, 4, 'y')]), 'xy');
  });

  it('deletes up to the end of the text', () => {
    assert.equal(applyEdits('abc', [edit(1, 3, '')]), 'a');
  });

  it('with no edits returns the text unchanged', () => {
    assert.equal(applyEdits('abc', []), 'abc');
  });

  for (const [name, edits] of [
    ['overlapping edits', [edit(0, 2, 'x'), edit(1, 3, 'y')]],
    ['an edit that ends before it starts', [edit(2, 1, 'x')]],
    ['an edit past the end of the text', [edit(2, 4, 'x')]],
  ] as const) {
    it(`refuses ${name}, changing nothing`, () => {
      const list = [...edits];
      assert.throws(() => applyEdits('abc', list), (e: unknown) => e instanceof OverlappingEditsError && /overlaps an earlier edit or leaves the text/.test((e as Error).message));
      assert.deepEqual(list, [...edits]);
    });
  }
});

describe('preferredFix', () => {
  const plain: Fix = { title: 'plain', edits: [edit(0, 0, 'p')] };
  const preferred: Fix = { title: 'preferred', edits: [edit(0, 0, 'q')], isPreferred: true };
  const signOff: Fix = { title: 'sign off', edits: [edit(0, 0, 's')], signOff: true };

  it('takes the fix its rule marked preferred, wherever it is in the list', () => {
    assert.equal(preferredFix(finding('r', [plain, preferred])), preferred);
  });

  it('takes no lone fix that is not marked preferred', () => {
    assert.equal(preferredFix(finding('r', [plain])), undefined);
  });

  it('takes the sign-off fix only when asked to sign off', () => {
    assert.equal(preferredFix(finding('r', [plain, signOff])), undefined);
    assert.equal(preferredFix(finding('r', [plain, signOff]), { signOff: true }), signOff);
  });

  it('prefers the preferred fix to the sign-off', () => {
    assert.equal(preferredFix(finding('r', [signOff, preferred]), { signOff: true }), preferred);
  });
});

describe('collectFixes', () => {
  const fix = (title: string, ...edits: TextEdit[]): Fix => ({ title, edits, isPreferred: true });

  it('takes the preferred fix of each finding of the document, in order', () => {
    const a = finding('a', [fix('A', edit(0, 1, 'A'))]);
    const b = finding('b', [fix('B', edit(3, 4, 'B'))]);
    const other = finding('c', [fix('C', edit(5, 6, 'C'))], 'other.patch');
    const { edits, taken } = collectFixes([a, b, other], 'a.patch');
    assert.deepEqual(edits, [edit(0, 1, 'A'), edit(3, 4, 'B')]);
    assert.deepEqual(
      taken.map((t) => t.fix.title),
      ['A', 'B'],
    );
    assert.deepEqual(collectFixEdits([a, b, other], 'other.patch'), [edit(5, 6, 'C')]);
  });

  it('skips a fix that overlaps one already taken (the next pass gets it)', () => {
    const a = finding('a', [fix('A', edit(0, 3, 'A'))]);
    const b = finding('b', [fix('B', edit(10, 11, 'b'), edit(2, 4, 'B'))]);
    assert.deepEqual(
      collectFixes([a, b], 'a.patch').taken.map((t) => t.fix.title),
      ['A'],
    );
  });

  it('takes edits that only touch at their ends', () => {
    const a = finding('a', [fix('A', edit(0, 3, 'A'))]);
    const b = finding('b', [fix('B', edit(3, 5, 'B'))]);
    assert.equal(collectFixes([a, b], 'a.patch').taken.length, 2);
  });

  it('takes one of two insertions at the same point (their order would be arbitrary)', () => {
    const a = finding('a', [fix('A', edit(4, 4, 'x'))]);
    const b = finding('b', [fix('B', edit(4, 4, 'y'))]);
    assert.deepEqual(collectFixEdits([a, b], 'a.patch'), [edit(4, 4, 'x')]);
  });

  it('takes one of an insertion and a replacement that start at the same point', () => {
    const a = finding('a', [fix('A', edit(4, 6, 'x'))]);
    const b = finding('b', [fix('B', edit(4, 4, 'y'))]);
    assert.deepEqual(collectFixEdits([a, b], 'a.patch'), [edit(4, 6, 'x')]);
    assert.deepEqual(collectFixEdits([b, a], 'a.patch'), [edit(4, 4, 'y')]);
  });

  it('takes an insertion at the end of a replacement', () => {
    const a = finding('a', [fix('A', edit(4, 6, 'x'))]);
    const b = finding('b', [fix('B', edit(6, 6, 'y'))]);
    assert.equal(collectFixEdits([a, b], 'a.patch').length, 2);
  });

  it('skips findings without a fix, or with a fix of no edits', () => {
    const none = finding('a', []);
    const empty = finding('b', [fix('B')]);
    const real = finding('c', [fix('C', edit(0, 0, 'c'))]);
    assert.deepEqual(
      collectFixes([none, empty, real], 'a.patch').taken.map((t) => t.finding.rule),
      ['c'],
    );
  });
});

describe('arrays', () => {
  it('maxOf and minOf: the extreme value, or the given answer for nothing', () => {
    assert.equal(maxOf([3, 9, 1, 9]), 9);
    assert.equal(minOf([3, 9, 1, 1]), 1);
    assert.equal(maxOf([-5, -2]), -2);
    assert.equal(minOf([5, 2]), 2);
    assert.equal(maxOf([], -1), -1);
    assert.equal(minOf([], 7), 7);
    assert.equal(maxOf([]), -Infinity);
    assert.equal(minOf([]), Infinity);
    // The answer for nothing is a floor (or ceiling), not only a default.
    assert.equal(maxOf([2, 3], 10), 10);
    assert.equal(minOf([2, 3], 0), 0);
  });

  it('pushAll appends every item and returns the target, for any number of items', () => {
    const target = [1];
    const many = Array.from({ length: 200_000 }, (_, i) => i);
    assert.equal(pushAll(target, many), target);
    assert.equal(target.length, 200_001);
    assert.equal(target[200_000], 199_999);
  });
});
