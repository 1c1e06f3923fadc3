/**
 * Fix all (engine/fix-all.ts): preferred fixes applied pass by pass until none
 * is left or the pass limit is reached, read-only documents never changed, and
 * a record of every fix applied (the CLI prints it) (#19).
 */
import assert from 'node:assert/strict';
import { fixAll } from '../server/src/engine/fix-all';
import { RULES } from '../server/src/rules';
import { patch } from './helpers/mail';

// Fixes that overlap (the prefix is rewritten twice) need a second pass over the re-linted text.
const TWO_PASSES = patch({ subject: '[PATCHv2 bpf-next] bpf: Do things', body: 'Why.\n\nsigned-off-by:Jane Developer <jane@example.org>' });
const applied = (r: ReturnType<typeof fixAll>) => r.applied.map((a) => `${a.document} ${a.rule}@${a.line}:${a.character} ${a.title}`);

describe('fix all (#19)', () => {
  it('applies fixes pass by pass, recording each where it was applied', () => {
    const r = fixAll([{ id: 'b.patch', text: TWO_PASSES }], { rules: RULES });
    assert.equal(r.passes, 2);
    assert.deepEqual(applied(r), [
      'b.patch subject-version-format@3:10 Write "PATCH v2"',
      'b.patch trailer-syntax@8:0 Change to `Signed-off-by:`',
      'b.patch trailer-syntax@8:14 Insert a space',
      'b.patch subject-prefix-order@3:10 Reorder to [PATCH bpf-next v2]',
    ]);
    const fixed = r.changed.get('b.patch')!;
    assert.equal(fixed, TWO_PASSES.replace('[PATCHv2 bpf-next]', '[PATCH bpf-next v2]').replace('signed-off-by:Jane', 'Signed-off-by: Jane'));
    // What is left needs the author (a changelog for v2), and is what the last pass found.
    assert.deepEqual(r.result.findings.map((f) => f.rule), ['version-changelog-missing']);
  });

  it('stops at the pass limit, leaving what the next pass would fix reported', () => {
    const r = fixAll([{ id: 'b.patch', text: TWO_PASSES }], { rules: RULES }, { maxPasses: 1 });
    assert.equal(r.passes, 1);
    assert.equal(r.applied.length, 3);
    assert.ok(r.changed.get('b.patch')!.includes('Subject: [PATCH v2 bpf-next] bpf: Do things'));
    assert.deepEqual(r.result.findings.map((f) => f.rule), ['subject-prefix-order', 'version-changelog-missing']);
  });

  it('never changes a read-only document, and still lints it', () => {
    const r = fixAll([{ id: 'b.patch', text: TWO_PASSES }], { rules: RULES }, { readOnly: new Set(['b.patch']) });
    assert.deepEqual([r.passes, r.changed.size, r.applied.length], [0, 0, 0]);
    assert.ok(r.result.findings.some((f) => f.rule === 'subject-version-format'));
  });

  it('does nothing to a document with nothing to fix', () => {
    const r = fixAll([{ id: 'a.patch', text: patch() }], { rules: RULES });
    assert.deepEqual([r.passes, r.changed.size, r.applied.length, r.result.findings.length], [0, 0, 0, 0]);
  });

  it('fixes each document of a series on its own, reporting only those that changed', () => {
    const r = fixAll(
      [
        { id: '1.patch', text: patch({ subject: '[PATCH bpf-next v2 1/2] bpf: One', notes: 'Changes in v2:\n- x' }) },
        { id: '2.patch', text: patch({ subject: '[PATCH bpf-next v2 2/2] bpf: Two', body: 'Why.\n\nsigned-off-by: Jane Developer <jane@example.org>', notes: 'Changes in v2:\n- y' }) },
      ],
      { rules: RULES },
    );
    assert.deepEqual([...r.changed.keys()], ['2.patch']);
    assert.deepEqual(applied(r), ['2.patch trailer-syntax@8:0 Change to `Signed-off-by:`']);
  });
});
