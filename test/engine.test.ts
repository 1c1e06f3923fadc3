import assert from 'node:assert/strict';
import { lint, parseInputs } from '../server/src/engine/lint';
import { completionsAt } from '../server/src/engine/assist';
import { parseMaintainers } from '../server/src/engine/maintainers';
import { fixAll } from '../server/src/engine/fix-all';
import type { Rule } from '../server/src/engine/types';
import { RULES } from '../server/src/rules';
import { AUTHOR, coverLetter, patch } from './helpers/mail';
import { OLD, facts as gitFacts, found } from './helpers/git-facts';

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

  // Grouping by version must agree with subject-version-format, or its fix (`v0` dropped,
  // `PATCHv2` split) would move a file into another series and raise series errors.
  const stale = [
    { id: '0000-cover-letter.patch', text: coverLetter({ subject: '[PATCH bpf-next 0/2] bpf: Things' }) },
    { id: '0001-a.patch', text: patch({ subject: '[PATCH bpf-next 1/2] bpf: One' }) },
    { id: '0002-b.patch', text: patch({ subject: '[PATCH bpf-next 2/2] bpf: Two' }) },
  ];
  const v2 = [
    { id: 'v2-0000-cover-letter.patch', text: coverLetter({ subject: '[PATCH bpf-next v2 0/2] bpf: Things', blurb: 'Blurb.\n\nChanges in v2:\n- fewer bugs' }) },
    { id: 'v2-0001-a.patch', text: patch({ subject: '[PATCH bpf-next v2 1/2] bpf: One' }) },
    { id: 'v2-0002-b.patch', text: patch({ subject: '[PATCH bpf-next v2 2/2] bpf: Two' }) },
  ];
  const seriesRules = (docs: { id: string; text: string }[]) =>
    lint(docs, { rules: RULES }).findings.map((f) => `${f.rule}@${f.document}`).filter((x) => x.startsWith('series-') || x.startsWith('subject-version'));
  const afterFixAll = (docs: { id: string; text: string }[]) => {
    const changed = fixAll(docs, { rules: RULES }).changed;
    return docs.map((d) => ({ id: d.id, text: changed.get(d.id) ?? d.text }));
  };

  it('reads a glued PATCHv2 as v2 when telling a folder\'s versions apart', () => {
    const docs = [...stale, { ...v2[0], text: v2[0].text.replace('[PATCH bpf-next v2 0/2]', '[PATCHv2 bpf-next 0/2]') }, v2[1], v2[2]];
    assert.deepEqual(seriesRules(docs), ['subject-version-format@v2-0000-cover-letter.patch']);
    const fixed = afterFixAll(docs);
    assert.equal(fixed[3].text, v2[0].text);
    assert.deepEqual(seriesRules(fixed), []);
  });

  it('reads v0 as the first posting, as it reads v1 and no version', () => {
    const docs = [stale[0], { ...stale[1], text: stale[1].text.replace('[PATCH bpf-next 1/2]', '[PATCH bpf-next v0 1/2]') }, stale[2], ...v2];
    assert.deepEqual(seriesRules(docs), ['subject-version-format@0001-a.patch']);
    assert.deepEqual(seriesRules(afterFixAll(docs)), []);
  });

  it('leaves v0 beside a glued PATCHv2 for the author: either removal would move the patch', () => {
    const docs = [
      { id: 'a.patch', text: patch({ subject: '[PATCH bpf v2 1/1] bpf: Part 1' }) },
      { id: 'b.patch', text: patch({ subject: '[PATCHv2 v0] [1/3] bpf: Fix the verifier' }) },
    ];
    const errors = (d: { id: string; text: string }[]) => lint(d, { rules: RULES }).findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}@${f.document}`);
    const fixed = afterFixAll(docs);
    assert.ok(fixed[1].text.includes('[PATCHv2 v0 1/3]'), fixed[1].text);
    assert.deepEqual(errors(fixed), errors(docs));
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

  it('judges nothing in a fixup!/squash!/amend! commit, which autosquash folds away before sending', () => {
    for (const verb of ['fixup', 'squash', 'amend']) {
      const r = lint([{ id: 'COMMIT_EDITMSG', text: `${verb}! bpf: Fix the verifier\n`, kind: 'message' }], { rules: RULES });
      assert.deepEqual(r.findings, [], verb);
    }
    // Only git's own marker counts: a title that merely starts with the word is judged.
    const plain = lint([{ id: 'COMMIT_EDITMSG', text: 'fixup: bpf: Fix the verifier\n', kind: 'message' }], { rules: RULES });
    assert.ok(plain.findings.length > 0);
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

  it('fix-all expands a short Fixes id and corrects its title in one run', () => {
    const text = patch({ body: `Fix it.\n\nFixes: 0123456 ("bpf: add the helpr")\nSigned-off-by: ${AUTHOR}` });
    const facts = gitFacts({ '0123456': found(OLD) });
    const once = fixAll([{ id: 'x', text }], { rules: RULES, facts });
    const fixed = once.changed.get('x')!;
    assert.ok(fixed.includes('Fixes: 0123456789ab ("bpf: Add the helper")\n'), fixed);
    assert.deepEqual(lint([{ id: 'x', text: fixed }], { rules: RULES, facts }).findings.filter((f) => f.rule.startsWith('fixes-')), []);
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

  it('completes trailer keys on the empty last line, below the last trailer', () => {
    // Found by a review: Ctrl+Space there offered nothing until a letter was typed.
    const text = `bpf: Fix x\n\nThe body says why.\n\nSigned-off-by: ${AUTHOR}\n`;
    const [doc] = parseInputs([{ id: 'COMMIT_EDITMSG', text, kind: 'message' }]);
    const items = completionsAt(doc, text.length, []);
    assert.ok(items.some((i) => i.label === 'Reviewed-by:'), JSON.stringify(items.map((i) => i.label)));
    assert.deepEqual(items[0].replace, { start: text.length, end: text.length });
  });

  it('completes a tree in the prefix without gluing it to the next word', () => {
    const text = patch({ subject: '[PATCH v2 1/3] bpf: Do things' });
    const [doc] = parseInputs([{ id: 'x.patch', text }]);
    const at = text.indexOf('[PATCH ') + '[PATCH '.length;
    const bpf = completionsAt(doc, at, []).find((i) => i.label === 'bpf')!;
    assert.deepEqual([bpf.insertText, bpf.replace], ['bpf ', { start: at, end: at }]);
    const fixed = text.slice(0, at) + bpf.insertText + text.slice(at);
    assert.ok(fixed.includes('Subject: [PATCH bpf v2 1/3] bpf: Do things'));
    // A word being typed is replaced whole, and before "]" no space is added.
    const partial = patch({ subject: '[PATCH bpf-n] bpf: Do things' });
    const [pdoc] = parseInputs([{ id: 'y.patch', text: partial }]);
    const mid = partial.indexOf('bpf-n') + 3;
    const next = completionsAt(pdoc, mid, []).find((i) => i.label === 'bpf-next')!;
    assert.deepEqual([next.insertText, next.replace], ['bpf-next', { start: mid - 3, end: mid + 2 }]);
  });
});
