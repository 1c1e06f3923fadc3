import assert from 'node:assert/strict';
import { lint, parseInputs } from '../server/src/engine/lint';
import { completionsAt } from '../server/src/engine/assist';
import { parseMaintainers } from '../server/src/engine/maintainers';
import { fixAll } from '../server/src/engine/fix-all';
import type { Rule } from '../server/src/engine/types';
import { RULES } from '../server/src/rules';
import { AUTHOR, coverLetter, patch } from './helpers/mail';

describe('engine', () => {
  it('lints stale v1 files beside v2 files as two series, not one broken one', () => {
    const docs = [
      { id: '0000-cover-letter.patch', text: coverLetter({ subject: '[PATCH bpf-next 0/2] bpf: Things' }) },
      { id: '0001-a.patch', text: patch({ subject: '[PATCH bpf-next 1/2] bpf: One' }) },
      { id: '0002-b.patch', text: patch({ subject: '[PATCH bpf-next 2/2] bpf: Two' }) },
      { id: 'v2-0000-cover-letter.patch', text: coverLetter({ subject: '[PATCH bpf-next v2 0/2] bpf: Things', blurb: 'Blurb.\n\nChanges in v2:\n- fewer bugs' }) },
      { id: 'v2-0001-a.patch', text: patch({ subject: '[PATCH bpf-next v2 1/2] bpf: One' }) },
      { id: 'v2-0002-b.patch', text: patch({ subject: '[PATCH bpf-next v2 2/2] bpf: Two' }) },
    ];
    const rules = lint(docs, { rules: RULES }).findings.map((f) => f.rule);
    assert.ok(!rules.includes('series-incomplete'), rules.join());
    assert.ok(!rules.includes('series-inconsistent-prefix'), rules.join());
  });

  it('keeps one file that forgot its version in the series and reports it', () => {
    const docs = [
      { id: '0000-cover-letter.patch', text: coverLetter({ subject: '[PATCH bpf-next v2 0/2] bpf: Things', blurb: 'Blurb.\n\nChanges in v2:\n- x' }) },
      { id: '0001-a.patch', text: patch({ subject: '[PATCH bpf-next v2 1/2] bpf: One' }) },
      { id: '0002-b.patch', text: patch({ subject: '[PATCH bpf-next 2/2] bpf: Two' }) },
    ];
    const found = lint(docs, { rules: RULES }).findings.filter((f) => f.rule === 'series-inconsistent-prefix');
    assert.deepEqual(found.map((f) => f.document), ['0002-b.patch']);
  });

  it('turns a throwing rule into one finding and runs the others', () => {
    const broken: Rule = { ...RULES[0], id: 'broken', check: () => { throw new Error('boom'); } };
    const r = lint([{ id: 'x.patch', text: patch({ body: `Fix.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` }) }], { rules: [broken, ...RULES] });
    assert.deepEqual(r.findings.filter((f) => f.rule === 'broken').map((f) => f.message), ['internal error in rule broken, its findings are missing: boom']);
    assert.ok(r.findings.some((f) => f.rule === 'cc-stable'));
  });

  it('applies configured severities and turns rules off', () => {
    const text = patch({ body: `Fix.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` });
    const sev = (config: object) => lint([{ id: 'x', text }], { rules: RULES, config }).findings.filter((f) => f.rule === 'cc-stable').map((f) => f.severity);
    assert.deepEqual(sev({}), ['error']);
    assert.deepEqual(sev({ rules: { 'cc-stable': 'hint' } }), ['hint']);
    assert.deepEqual(sev({ rules: { 'cc-stable': 'off' } }), []);
  });

  it('fix-all converges and is idempotent', () => {
    const text = patch({
      subject: '[PATCH bpf_next V2] bpf: Do things',
      body: `Fix.\n\nFixes: 0123456789AB ("bpf: Old")\nCc: stable@vger.kernel.org\nChange-Id: I0123\nSigned-off-by: ${AUTHOR}`,
    });
    const once = fixAll([{ id: 'x', text }], { rules: RULES });
    const fixedText = once.changed.get('x')!;
    assert.ok(fixedText.includes('Subject: [PATCH bpf-next v2] bpf: Do things'), fixedText);
    assert.ok(fixedText.includes('Fixes: 0123456789ab ("bpf: Old")'));
    assert.ok(!fixedText.includes('Change-Id'));
    const twice = fixAll([{ id: 'x', text: fixedText }], { rules: RULES });
    assert.equal(twice.changed.size, 0);
  });
});

describe('assist', () => {
  it('completes Cc: with the MAINTAINERS people for the touched files', () => {
    const maintainers = parseMaintainers('BPF [GENERAL]\nM:\tAlexei Starovoitov <ast@kernel.org>\nL:\tbpf@vger.kernel.org\nF:\tkernel/bpf/\n\nMM\nM:\tSomeone <mm@x.org>\nF:\tmm/\n');
    const text = patch({ body: `Fix.\n\nCc: al\nSigned-off-by: ${AUTHOR}`, files: ['kernel/bpf/verifier.c'] });
    const [doc] = parseInputs([{ id: 'x.patch', text }]);
    const line = Array.from({ length: doc.lines.count }, (_, i) => doc.lines.line(i)).find((l) => l.text === 'Cc: al')!;
    const items = completionsAt(doc, line.end, [], { maintainers });
    assert.deepEqual(items.map((i) => [i.label, i.detail]), [['Alexei Starovoitov <ast@kernel.org>', 'maintainer, BPF [GENERAL]']]);
    assert.deepEqual(items[0].replace, { start: line.end - 2, end: line.end });
  });
});
