/**
 * The line edits every rule's fixes are made of (rules/util.ts), on documents
 * of mixed line endings (#19): deleting a line removes exactly that line, and
 * inserting lines adds exactly those, however CR, LF and CRLF are mixed around
 * them. Joining a bare CR and an LF into one CRLF would swallow a line break.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseInputs } from '../server/src/engine/lint';
import { applyEdits } from '../server/src/engine/fixes';
import type { TextEdit } from '../server/src/engine/types';
import { columns, deleteLine, deleteLineWithGap, insertLinesAfter, insertLinesBefore, overflowSpan, trailerInsertion } from '../server/src/rules/util';

function messageOf(text: string) {
  const [doc] = parseInputs([{ id: 'COMMIT_EDITMSG', text, kind: 'message' }]);
  return { m: doc.messages[0], L: doc.lines };
}

/**
 * The document's lines as the engine's LineIndex reads them, without the empty
 * last line that an empty document, or one ending in a line break, has there.
 */
function linesOf(text: string): string[] {
  const { L } = messageOf(text);
  const lines = Array.from({ length: L.count }, (_, k) => L.line(k).text);
  return lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
}
const withoutEmptyLast = (lines: string[]) => (lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines);

const apply = (text: string, e: TextEdit) => applyEdits(text, [e]);

/** Text of one to six lines, each word ended by LF, CRLF or a bare CR, the last maybe by nothing. */
const mixed = fc
  .array(fc.tuple(fc.constantFrom('', 'x', 'Fix it.', '  y'), fc.constantFrom('\n', '\r\n', '\r')), { minLength: 1, maxLength: 6 })
  .chain((ls) => fc.constantFrom('', 'tail').map((tail) => ls.map(([t, e]) => t + e).join('') + tail));

describe('line edits of fixes, with mixed line endings', () => {
  it('deleting a line removes exactly that line', () => {
    fc.assert(
      fc.property(mixed, fc.nat(), (text, n) => {
        const { m, L } = messageOf(text);
        const k = n % L.count;
        const line = L.line(k);
        if (line.next === line.end) return true; // the last line, without terminator: nothing to delete it with
        const before = Array.from({ length: L.count }, (_, i) => L.line(i).text);
        const after = linesOf(apply(text, deleteLine(m, line)));
        assert.deepEqual(after, withoutEmptyLast([...before.slice(0, k), ...before.slice(k + 1)]), JSON.stringify({ text, k }));
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it('deleting a run of lines removes exactly those lines', () => {
    fc.assert(
      fc.property(mixed, fc.nat(), fc.nat(), (text, a, b) => {
        const { m, L } = messageOf(text);
        const first = a % L.count;
        const last = first + (b % (L.count - first));
        if (L.line(last).next === L.line(last).end) return true;
        const before = Array.from({ length: L.count }, (_, i) => L.line(i).text);
        const after = linesOf(apply(text, deleteLine(m, L.line(first), L.line(last))));
        assert.deepEqual(after, withoutEmptyLast([...before.slice(0, first), ...before.slice(last + 1)]), JSON.stringify({ text, first, last }));
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it('inserting lines after a line adds exactly those lines there', () => {
    fc.assert(
      fc.property(mixed, fc.nat(), fc.constantFrom([''], ['Cc: a@b.org'], ['', 'Fixes: x']), (text, n, texts) => {
        const { m, L } = messageOf(text);
        const k = n % L.count;
        const before = Array.from({ length: L.count }, (_, i) => L.line(i).text);
        const after = linesOf(apply(text, insertLinesAfter(m, L.line(k), texts)));
        const expected = withoutEmptyLast([...before.slice(0, k + 1), ...texts, ...before.slice(k + 1)]);
        assert.deepEqual(after, expected, JSON.stringify({ text, k, texts }));
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it('inserts in the document\u2019s own line ending, and before a line as well as after it', () => {
    const text = 'bpf: Fix it\r\n\r\nBody.\r\n';
    const { m, L } = messageOf(text);
    assert.equal(apply(text, insertLinesAfter(m, L.line(2), ['', 'Cc: a@b.org'])), 'bpf: Fix it\r\n\r\nBody.\r\n\r\nCc: a@b.org\r\n');
    assert.equal(apply(text, insertLinesBefore(m, L.line(2), ['Note.'])), 'bpf: Fix it\r\n\r\nNote.\r\nBody.\r\n');
    const bare = 'bpf: Fix it\n\nBody.';
    const b = messageOf(bare);
    assert.equal(apply(bare, insertLinesAfter(b.m, b.L.line(2), ['Cc: a@b.org'])), 'bpf: Fix it\n\nBody.\nCc: a@b.org', 'after a last line without terminator');
  });

  it('deleting a paragraph of one line takes one of the blank lines around it with it', () => {
    const text = 'bpf: Fix it\n\nBody.\n\nGerrit-Id: 1\n\nMore.\n';
    const { m, L } = messageOf(text);
    assert.equal(apply(text, deleteLineWithGap(m, L.line(4))), 'bpf: Fix it\n\nBody.\n\nMore.\n');
    assert.equal(apply(text, deleteLineWithGap(m, L.line(2))), 'bpf: Fix it\n\nGerrit-Id: 1\n\nMore.\n');
    const packed = 'bpf: Fix it\n\nBody.\nGerrit-Id: 1\nMore.\n';
    const p = messageOf(packed);
    assert.equal(apply(packed, deleteLineWithGap(p.m, p.L.line(3))), 'bpf: Fix it\n\nBody.\nMore.\n', 'inside a paragraph: the line alone');
    const last = 'bpf: Fix it\n\nGerrit-Id: 1\n';
    const q = messageOf(last);
    assert.equal(apply(last, deleteLineWithGap(q.m, q.L.line(2))), 'bpf: Fix it\n\n', 'no blank line after it: the line alone');
  });
});

describe('where a new trailer goes (trailerInsertion)', () => {
  const insert = (text: string, kind: 'message' | 'patch' = 'message') => {
    const [doc] = parseInputs([{ id: kind === 'message' ? 'COMMIT_EDITMSG' : 'x.patch', text, kind }]);
    const e = trailerInsertion(doc.messages[0], ['Signed-off-by: A <a@example.org>']);
    return e && applyEdits(text, [e]);
  };

  it('after the last trailer of the block', () => {
    assert.equal(insert('bpf: Fix\n\nBody.\n\nAcked-by: B <b@example.org>\n'), 'bpf: Fix\n\nBody.\n\nAcked-by: B <b@example.org>\nSigned-off-by: A <a@example.org>\n');
  });

  it('as a paragraph of its own after the last text, in the document\'s line ending', () => {
    assert.equal(insert('bpf: Fix\r\n\r\nBody.\r\n'), 'bpf: Fix\r\n\r\nBody.\r\n\r\nSigned-off-by: A <a@example.org>\r\n');
  });

  it('below a commit title with no body', () => {
    assert.equal(insert('bpf: Fix\n'), 'bpf: Fix\n\nSigned-off-by: A <a@example.org>\n');
  });

  it('in a mail without body text: above ---, after a blank line that keeps it out of the headers', () => {
    const head = 'From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\nSubject: [PATCH] bpf: Fix\n';
    assert.equal(insert(`${head}\n---\n x | 1 +\n`, 'patch'), `${head}\nSigned-off-by: A <a@example.org>\n---\n x | 1 +\n`);
    assert.equal(insert(head, 'patch'), `${head}\nSigned-off-by: A <a@example.org>\n`);
  });
});

describe('columns (overflowSpan, columns)', () => {
  it('counts an astral character once and the last BMP character, U+FFFF, once', () => {
    assert.equal(columns('\uffffab', 0, 3), 3);
    assert.equal(columns('🐝ab', 0, 4), 3);
    assert.deepEqual(overflowSpan('\uffffabc', 0, 4, 3), { start: 3, end: 4 });
    assert.deepEqual(overflowSpan('🐝abc', 0, 5, 3), { start: 4, end: 5 });
  });

  it('takes a tab to the next multiple of eight', () => {
    assert.equal(columns('ab\tc', 0, 4), 9);
    assert.deepEqual(overflowSpan('ab\tc', 0, 4, 8), { start: 3, end: 4 });
    assert.deepEqual(overflowSpan('ab\tc', 0, 4, 7), { start: 2, end: 4 });
    assert.equal(overflowSpan('ab\tc', 0, 4, 9), undefined);
  });

  it('measures only the given part of the text', () => {
    assert.equal(columns('xxabcxx', 2, 5), 3);
    assert.deepEqual(overflowSpan('xxabcxx', 2, 5, 2), { start: 4, end: 5 });
  });
});
