/**
 * What the language server keeps between a lint and the requests after it, in
 * this process (#19): snapshots per document version, what was last published,
 * and the single edit fix-all sends. The JSON-RPC tests in lsp.test.ts show the
 * same behaviour end to end; here a mutation tester can see the code.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_CONFIG } from '../server/src/engine/config';
import { lint } from '../server/src/engine/lint';
import { RULES } from '../server/src/rules';
import { PublishedDiagnostics, SnapshotStore, wholeChangeEdit, type Lint } from '../server/src/lsp/snapshots';
import type { EngineFacts } from '../server/src/engine/facts';
import { patch } from './helpers/mail';

const A = 'file:///s/0001-a.patch';
const B = 'file:///s/0002-b.patch';
const C = 'file:///s/0003-c.patch';

function lintOf(uris: string[], facts?: EngineFacts): Lint {
  const inputs = uris.map((id, i) => ({ id, text: patch({ subject: `[PATCH bpf-next ${i + 1}/${uris.length}] bpf: Part ${i + 1}` }) }));
  const result = lint(inputs, { rules: RULES, facts });
  return { inputs, facts, result, docs: new Map(result.documents.map((d) => [d.id, d])), config: DEFAULT_CONFIG, tree: undefined };
}

const facts: EngineFacts = { commits: new Map(), shallow: false };

describe('LSP snapshots', () => {
  it('keeps one lint for each open member of the series, at the version each member had', () => {
    const store = new SnapshotStore();
    const l = lintOf([A, B, C]);
    const mine = store.record(A, l, new Map([[A, 4], [B, 9]]));
    assert.equal(mine?.version, 4);
    assert.equal(mine?.result, l.result);
    assert.equal(store.fresh(B, 9)?.result, l.result, 'the open sibling shares the lint');
    assert.equal(store.fresh(C, 1), undefined, 'a member read from disk gets no snapshot');
    assert.equal(store.record(C, l, new Map([[A, 4]])), undefined, 'no snapshot is returned for a document that is not open');
  });

  it('serves a snapshot only for the version it was made from', () => {
    const store = new SnapshotStore();
    store.record(A, lintOf([A]), new Map([[A, 3]]));
    assert.ok(store.fresh(A, 3));
    assert.equal(store.fresh(A, 4), undefined, 'a newer document must be linted again');
    assert.equal(store.fresh(A, 2), undefined);
    assert.equal(store.fresh(B, 3), undefined, 'another document has none');
  });

  it('keeps the last git answers across versions until the document is forgotten', () => {
    const store = new SnapshotStore();
    store.record(A, lintOf([A], facts), new Map([[A, 1]]));
    assert.equal(store.lastFacts(A), facts, 'a stale snapshot still lends its git answers');
    store.record(A, lintOf([A]), new Map([[A, 2]]));
    assert.equal(store.lastFacts(A), undefined, 'an offline lint has none');
    store.record(A, lintOf([A], facts), new Map([[A, 3]]));
    store.forget(A);
    assert.equal(store.lastFacts(A), undefined);
    assert.equal(store.fresh(A, 3), undefined);
  });

  it('names the open siblings that share a lint, not the document itself nor siblings linted since', () => {
    const store = new SnapshotStore();
    const first = lintOf([A, B, C]);
    const snap = store.record(A, first, new Map([[A, 1], [B, 5], [C, 2]]))!;
    assert.deepEqual(
      store.sharing(snap, A).map(([uri, s]) => [uri, s.version]),
      [[B, 5], [C, 2]],
    );
    store.record(C, lintOf([A, B, C]), new Map([[C, 3]]));
    assert.deepEqual(
      store.sharing(snap, A).map(([uri]) => uri),
      [B],
      'C was linted again on its own: its newer snapshot is not this lint',
    );
    const other = store.record(C, lintOf([C]), new Map([[C, 4]]))!;
    assert.deepEqual(store.sharing(other, C), []);
  });

  it('publishes a new version always, and the same diagnostics for the same version once', () => {
    const sent = new PublishedDiagnostics();
    const d = [{ message: 'x', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }];
    assert.equal(sent.shouldSend(A, 1, d), true);
    assert.equal(sent.shouldSend(A, 1, structuredClone(d)), false, 'git confirming the offline findings sends nothing');
    assert.equal(sent.shouldSend(B, 1, d), true, 'per document');
    assert.equal(sent.shouldSend(A, 1, []), true, 'changed diagnostics are sent');
    assert.equal(sent.shouldSend(A, 1, d), true, 'and changed back');
    assert.equal(sent.shouldSend(A, 2, d), true, 'a new version is sent even when nothing changed');
    sent.forget(A);
    assert.equal(sent.shouldSend(A, 2, d), true, 'a reopened document is sent again');
  });
});

describe('the single edit fix-all sends', () => {
  const apply = (before: string, e: { start: number; end: number; newText: string }) => before.slice(0, e.start) + e.newText + before.slice(e.end);

  it('spans exactly what changed', () => {
    assert.equal(wholeChangeEdit('same', 'same'), undefined);
    assert.deepEqual(wholeChangeEdit('abc', 'aXbc'), { start: 1, end: 1, newText: 'X' });
    assert.deepEqual(wholeChangeEdit('abc', 'ac'), { start: 1, end: 2, newText: '' });
    assert.deepEqual(wholeChangeEdit('abc', 'abcd'), { start: 3, end: 3, newText: 'd' });
    assert.deepEqual(wholeChangeEdit('abc', 'Zabc'), { start: 0, end: 0, newText: 'Z' });
    assert.deepEqual(wholeChangeEdit('a1b2c', 'a9b8c'), { start: 1, end: 4, newText: '9b8' });
    assert.deepEqual(wholeChangeEdit('aaaa', 'aa'), { start: 2, end: 4, newText: '' }, 'repeated text: the change is placed after the common start');
  });

  it('never ends inside a surrogate pair or between CR and LF', () => {
    // 😀 and 😁 share their high surrogate: a naive common start would replace half a character.
    assert.deepEqual(wholeChangeEdit('a😀b', 'a😁b'), { start: 1, end: 3, newText: '😁' });
    assert.deepEqual(wholeChangeEdit('x\u{1F600}', 'x\u{1F601}'), { start: 1, end: 3, newText: '\u{1F601}' });
    // U+10600 and U+1F600 share their low surrogate: a naive common end would keep half a character.
    assert.deepEqual(wholeChangeEdit('\u{10600}z', '\u{1F600}z'), { start: 0, end: 2, newText: '\u{1F600}' });
    assert.deepEqual(wholeChangeEdit('a\r\nb', 'a\r\r\nb'), { start: 1, end: 1, newText: '\r' });
    assert.deepEqual(wholeChangeEdit('a\r\nb', 'a\rb'), { start: 1, end: 3, newText: '\r' });
    assert.deepEqual(wholeChangeEdit('a\nb', 'a\r\nb'), { start: 1, end: 1, newText: '\r' });
  });

  it('backs off only from a real pair: a lone CR, a lone surrogate and the ends of the surrogate ranges', () => {
    assert.deepEqual(wholeChangeEdit('a\rb', 'a\rc'), { start: 2, end: 3, newText: 'c' }, 'CR before something else is no CRLF');
    assert.deepEqual(wholeChangeEdit('\uD800a', '\uD800b'), { start: 1, end: 2, newText: 'b' }, 'a high surrogate alone');
    assert.deepEqual(wholeChangeEdit('a\uDC00x', 'a\uDC01x'), { start: 1, end: 2, newText: '\uDC01' }, 'a low surrogate alone');
    // U+10000 is D800 DC00 and U+10FFFF is DBFF DFFF: the first and last of each range.
    assert.deepEqual(wholeChangeEdit('x\u{10000}', 'x\u{10001}'), { start: 1, end: 3, newText: '\u{10001}' });
    assert.deepEqual(wholeChangeEdit('x\u{10FFFF}', 'x\u{10FFFE}'), { start: 1, end: 3, newText: '\u{10FFFE}' });
    assert.deepEqual(wholeChangeEdit('\u{103FF}y', '\u{10FFFF}y'), { start: 0, end: 2, newText: '\u{10FFFF}' }, 'U+103FF and U+10FFFF share their low surrogate DFFF');
  });

  it('turns any text into any other, with ends on whole characters and whole line breaks', () => {
    const piece = fc.constantFrom('a', 'b', '\r', '\n', '\r\n', '😀', '😁', '\u{1F400}', 'é');
    const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
    const whole = (s: string, i: number) => {
      const prev = s.charCodeAt(i - 1);
      const next = s.charCodeAt(i);
      return !(prev === 13 && next === 10) && !(prev >= 0xd800 && prev <= 0xdbff && next >= 0xdc00 && next <= 0xdfff);
    };
    fc.assert(
      fc.property(text, text, (before, after) => {
        const e = wholeChangeEdit(before, after);
        if (before === after) return e === undefined;
        assert.ok(e);
        assert.ok(0 <= e.start && e.start <= e.end && e.end <= before.length, `an edit inside the text, start before end: ${JSON.stringify(e)}`);
        assert.equal(apply(before, e), after);
        assert.ok(whole(before, e.start) && whole(before, e.end), JSON.stringify(e));
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});
