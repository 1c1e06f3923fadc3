/**
 * Findings to LSP shapes, in this process (#19): the same conversions the
 * server tests check over JSON-RPC, where a mutation tester can see them.
 * Columns are UTF-16 code units, as LSP's default position encoding says.
 */
import assert from 'node:assert/strict';
import { markdownToPlain } from '../server/src/lsp/plaintext';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { lint } from '../server/src/engine/lint';
import { RULES } from '../server/src/rules';
import { sameFinding, toDiagnostic, toRange, toTextEdit } from '../server/src/lsp/convert';
import { AUTHOR, patch } from './helpers/mail';

const ruleOf = (id: string) => RULES.find((r) => r.id === id);
const href = (r: { id: string }) => `https://example.org/faq#${r.id}`;

describe('LSP conversion', () => {
  const line = 'Zoë 🐝 found that commit 1234567 broke it.';
  const text = patch({
    subject: '[PATCH bpf] bpf: Fix things',
    cc: 'netdev@vger.kernel.org, stable@vger.kernel.org',
    body: `${line}\n\nFixes: 0123456789ab ("bpf: Add things")\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}`,
  });
  const result = lint([{ id: 'file:///x.patch', text }], { rules: RULES });
  const doc = result.documents[0];
  const docs = new Map([[doc.id, doc]]);
  const n = text.split('\n').indexOf(line);

  it('places a range in UTF-16 code units, after astral characters', () => {
    const at = text.indexOf(line) + line.indexOf('commit');
    const range = toRange(doc, { start: at, end: at + 'commit 1234567'.length });
    const column = line.indexOf('commit');
    assert.notEqual(column, Array.from(line.slice(0, column)).length);
    assert.deepEqual(range, { start: { line: n, character: column }, end: { line: n, character: column + 14 } });
    assert.deepEqual(toTextEdit(doc, { start: at, end: at + 6, newText: 'Commit' }), { range: { start: range.start, end: { line: n, character: column + 6 } }, newText: 'Commit' });
  });

  it('makes a diagnostic of every field of a finding, and knows it again when a client echoes it', () => {
    const i = result.findings.findIndex((f) => f.rule === 'cc-stable' && f.related.length > 0);
    const f = result.findings[i];
    const d = toDiagnostic(f, i, 7, docs, ruleOf(f.rule), href);
    assert.deepEqual(d, {
      range: toRange(doc, f.range),
      severity: DiagnosticSeverity.Error,
      code: 'cc-stable',
      codeDescription: { href: 'https://example.org/faq#cc-stable' },
      source: 'bpf-patch-lint',
      message: f.message,
      relatedInformation: f.related.map((r) => ({ location: { uri: 'file:///x.patch', range: toRange(doc, r.range) }, message: r.message })),
      data: { index: i, version: 7 },
    });
    assert.equal(sameFinding(d, f, doc), true);
    // Another range, rule or source is another diagnostic.
    for (const other of [
      { ...d, range: { ...d.range, start: { ...d.range.start, character: d.range.start.character + 1 } } },
      { ...d, range: { ...d.range, end: { ...d.range.end, line: d.range.end.line + 1 } } },
      { ...d, range: { ...d.range, start: { ...d.range.start, line: d.range.start.line + 1 } } },
      { ...d, range: { ...d.range, end: { ...d.range.end, character: d.range.end.character + 1 } } },
      { ...d, code: 'fixes-tag-format' },
      { ...d, source: 'checkpatch' },
    ]) {
      assert.equal(sameFinding(other, f, doc), false, JSON.stringify(other.range));
    }
  });

  it('maps each severity, and leaves out what a finding does not have', () => {
    const bySeverity = new Map(result.findings.map((f, i) => [f.severity, toDiagnostic(f, i, 1, docs, undefined, href)]));
    const expected = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };
    for (const [severity, d] of bySeverity) assert.equal(d.severity, expected[severity], severity);
    assert.ok(bySeverity.size >= 2, [...bySeverity.keys()].join());
    const plain = result.findings.findIndex((f) => f.related.length === 0);
    const d = toDiagnostic(result.findings[plain], plain, 1, docs, undefined, href);
    assert.equal('codeDescription' in d, false, 'no rule, no FAQ link');
    assert.equal('relatedInformation' in d, false);
    const hint = { ...result.findings[plain], severity: 'hint' as const };
    assert.equal(toDiagnostic(hint, plain, 1, docs, undefined, href).severity, DiagnosticSeverity.Hint);
    const info = { ...result.findings[plain], severity: 'info' as const };
    assert.equal(toDiagnostic(info, plain, 1, docs, undefined, href).severity, DiagnosticSeverity.Information);
  });

  it('drops related information about a document it does not have', () => {
    const i = result.findings.findIndex((f) => f.related.length > 0);
    const f = { ...result.findings[i], related: result.findings[i].related.map((r) => ({ ...r, document: 'file:///gone.patch' })) };
    assert.equal('relatedInformation' in toDiagnostic(f, i, 1, docs, ruleOf(f.rule), href), false);
  });
});

describe('hover and completion markdown as plain text, for clients that take no markdown (#14)', () => {
  const rows: Array<[string, string, string]> = [
    ['emphasis and code', '**cc-stable** (error): Do not add `Cc: stable@vger.kernel.org`.', 'cc-stable (error): Do not add Cc: stable@vger.kernel.org.'],
    ['a link shows its target', '[Open FAQ section](https://www.kernel.org/doc/x.html#q) · [Q: Why?](file:///l/QA.rst#L3)', 'Open FAQ section <https://www.kernel.org/doc/x.html#q> · Q: Why? <file:///l/QA.rst#L3>'],
    ["escaped characters are the text's own", 'bpf: Fix \\*ptr in \\[PATCH bpf\\] for a\\_b \\<x\\>', 'bpf: Fix *ptr in [PATCH bpf] for a_b <x>'],
    ['an escaped link is no link', '\\[text\\](http://evil.example)', '[text](http://evil.example)'],
    ['headings and hard breaks', '#### Q: The BPF patch\nfirst line  \nsecond', 'Q: The BPF patch\nfirst line\nsecond'],
    ['italic notes and code fences', '*From your kernel tree (Documentation/bpf/bpf_devel_QA.rst):*\n```\ncode();\n```', 'From your kernel tree (Documentation/bpf/bpf_devel_QA.rst):\ncode();'],
    ['a lone star is a star', 'a * b and 2*3', 'a * b and 2*3'],
    ['stars inside a word are the word', 'snake*case*word and *emphasis*', 'snake*case*word and emphasis'],
    ['a link that is its own address, one with no address, one with no text', '[https://x.org/a](https://x.org/a) [text]() [](https://x.org/b)', 'https://x.org/a text https://x.org/b'],
    ['code in double backticks', 'run ``git log --format=`%h` ``', 'run git log --format=`%h` '],
    ['spaces inside a line stay', 'a  b  ', 'a  b'],
    ['a dozen escapes come back in order', '\\[1\\]\\[2\\]\\[3\\]\\[4\\]\\[5\\]\\[6\\]', '[1][2][3][4][5][6]'],
    ['only a fence line is dropped, indented or not', '  ```c\nint x; // not a ``` fence\n```', 'int x; // not a ``` fence'],
    ['a heading needs its marks first, and loses the spaces after them', '##   Title\nnot # a heading', 'Title\nnot # a heading'],
  ];
  for (const [name, md, plain] of rows) it(name, () => assert.equal(markdownToPlain(md), plain));
});
