/**
 * Large files are linted a piece at a time (lintIncrementally, decodedPieces);
 * these tests hold that path to the same answers as linting the whole text,
 * and pin how an mbox holding several series is cut into series.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutsMessages, lint, lintIncrementally } from '../server/src/engine/lint';
import { RULES } from '../server/src/rules';
import { decodedPieces, filePieces } from '../server/src/node/read-input';
import { runCli } from '../server/src/cli/main';
import { coverLetter, patch } from './helpers/mail';
import { CORPUS, requireShared } from './helpers/paths';

/** A realistic mbox: two series, a lone patch, characters beyond Latin-1, and a body line that starts with "From ". */
function mixedMbox(): string {
  return [
    coverLetter({ subject: '[PATCH bpf-next 0/2] bpf: Keep register state across helper calls' }),
    patch({ subject: '[PATCH bpf-next 1/2] bpf: Keep register state across helper calls' }),
    patch({ subject: '[PATCH bpf-next 2/2] selftests/bpf: Test register state', body: 'From the verifier log we learn nothing 😀.\n\nSigned-off-by: Jane Developer <jane@example.org>' }),
    patch({ subject: '[PATCH bpf 1/3] bpf: Fix a leak', body: 'Fix a leak in the map code, found by Zoë Ünal.\n\nSigned-off-by: Jane Developer <jane@example.org>' }),
    patch({ subject: '[PATCH bpf 2/3] bpf: Fix another leak' }),
    patch({ subject: '[PATCH] libbpf: Fix the btf dump of a very long line that goes on and on and on beyond the limit' }),
  ].join('');
}

function sameAsWhole(text: string, pieceBytes: number): void {
  const bytes = Buffer.from(text, 'utf8');
  const pieces = [...decodedPieces(bytes, cutsMessages, pieceBytes)];
  assert.equal(pieces.join(''), text, 'pieces put together are the text');
  const whole = lint([{ id: 'x.mbox', text }], { rules: RULES });
  const inc = lintIncrementally({ id: 'x.mbox', chunks: decodedPieces(bytes, cutsMessages, pieceBytes) }, { rules: RULES });
  assert.ok(whole.findings.length > 0);
  assert.deepEqual(inc.findings, whole.findings);
  assert.equal(inc.messageCount, whole.documents[0].messages.length);
  const lines = whole.documents[0].lines;
  for (const f of whole.findings) {
    for (const at of [f.range.start, f.range.end]) assert.deepEqual(inc.lines.positionAt(at), lines.positionAt(at), `offset ${at}`);
  }
  assert.deepEqual(inc.lines.positionAt(text.length), lines.positionAt(text.length));
}

describe('large inputs', () => {
  it('cuts pieces only before mbox separator lines, never inside a message', () => {
    const text = mixedMbox();
    const pieces = [...decodedPieces(Buffer.from(text), cutsMessages, 1)];
    assert.equal(pieces.length, 6, 'one piece per message when pieces are tiny');
    for (const p of pieces) assert.match(p, /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\n/);
    assert.equal(pieces.join(''), text);
    assert.deepEqual([...decodedPieces(Buffer.from(text), cutsMessages, 1 << 20)], [text], 'a small file is one piece');
  });

  it('reads a file in blocks and cuts it exactly as the same bytes in memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-pieces-'));
    try {
      const file = join(dir, 'x.mbox');
      const text = mixedMbox().replace(/\n/g, '\r\n');
      writeFileSync(file, text);
      for (const size of [1, 100, 5000, 1 << 20]) {
        const fromFile = [...filePieces(file, cutsMessages, size)];
        assert.deepEqual(fromFile, [...decodedPieces(Buffer.from(text), cutsMessages, size)], `pieces of ${size} bytes`);
        assert.equal(fromFile.join(''), text);
      }
      assert.throws(() => [...filePieces(join(dir, 'missing.mbox'), cutsMessages)], /missing\.mbox: no such file or directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cuts the same pieces whatever mix of tiny and huge messages, however small the blocks (#18, item 13)', () => {
    // Messages far larger than a piece grow the reading buffer; small ones after them shrink it again.
    const message = (bodyBytes: number, k: number) => `From ${String(k).padStart(40, '0')} Mon Sep 17 00:00:00 2001\nSubject: [PATCH] m${k}\n\n${'x'.repeat(bodyBytes)}\nFrom: inside a line\n`;
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(40), fc.integer({ min: 2000, max: 60000 })), { minLength: 1, maxLength: 8 }), fc.integer({ min: 16, max: 700 }), (sizes, pieceBytes) => {
        const messages = sizes.map(message);
        const text = messages.join('');
        const pieces = [...decodedPieces(Buffer.from(text), cutsMessages, pieceBytes)];
        assert.equal(pieces.join(''), text);
        // Every cut falls between two messages.
        const boundaries = new Set(messages.map((_, k) => messages.slice(0, k + 1).join('').length));
        let end = 0;
        for (const p of pieces) {
          end += p.length;
          assert.ok(boundaries.has(end), `a cut at ${end}`);
          assert.ok(p.startsWith('From 0'), p.slice(0, 20));
        }
      }),
      { seed: 13, numRuns: 150 },
    );
  });

  it('drops a byte-order mark and keeps CRLF line endings inside pieces', () => {
    const text = mixedMbox().replace(/\n/g, '\r\n');
    const pieces = [...decodedPieces(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), cutsMessages, 1)];
    assert.equal(pieces.join(''), text);
    assert.equal(pieces.length, 6);
  });

  it('finds exactly what linting the whole text finds, at the same lines and columns', () => {
    sameAsWhole(mixedMbox(), 1);
    sameAsWhole(mixedMbox(), 3000);
    sameAsWhole(mixedMbox().replace(/\n/g, '\r\n'), 1);
  });

  it('finds exactly what linting the whole text finds on the corpus mbox', function () {
    requireShared(this);
    this.timeout(60_000);
    const text = readFileSync(join(CORPUS, 'big', 'all.mbox'), 'utf8');
    sameAsWhole(text, 256 << 10);
  });

  it('cuts an mbox into series where the numbering starts again', () => {
    const findings = lint([{ id: 'x.mbox', text: mixedMbox() }], { rules: RULES }).findings;
    const incomplete = findings.filter((f) => f.rule === 'series-incomplete');
    // Only the bpf series lacks a patch (3/3); the bpf-next one and the lone patch are whole.
    assert.equal(incomplete.length, 1, JSON.stringify(incomplete));
    assert.match(incomplete[0].message, /3\/3/);
    assert.ok(!findings.some((f) => f.rule === 'series-inconsistent-prefix'), 'bpf and bpf-next are different series here');
  });

  it('keeps a repeated number or a changed tree in one series, so the mistake is reported', () => {
    const text = [
      patch({ subject: '[PATCH bpf-next 1/2] bpf: One' }),
      patch({ subject: '[PATCH bpf-next 2/2] bpf: Two' }),
      patch({ subject: '[PATCH bpf-next 2/2] bpf: Two' }),
    ].join('');
    assert.ok(lint([{ id: 'x.mbox', text }], { rules: RULES }).findings.some((f) => f.rule === 'series-incomplete' && /twice/.test(f.message)));
    const mixed = [patch({ subject: '[PATCH bpf-next 1/2] bpf: One' }), patch({ subject: '[PATCH bpf 2/2] bpf: Two' })].join('');
    assert.ok(lint([{ id: 'x.mbox', text: mixed }], { rules: RULES }).findings.some((f) => f.rule === 'series-inconsistent-prefix'));
  });

  it('refuses a large file of blank space as empty input, like a small one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-large-'));
    try {
      const file = join(dir, 'blank.mbox');
      writeFileSync(file, ' \n\r\n\t\n'.repeat(100_000));
      for (const largeInputBytes of [undefined, 1]) {
        let err = '';
        let out = '';
        const code = await runCli({
          argv: ['--no-git', file],
          cwd: dir,
          stdout: (s) => (out += s),
          stderr: (s) => (err += s),
          readStdin: () => Buffer.alloc(0),
          isTty: false,
          env: {},
          largeInputBytes,
        });
        assert.deepEqual({ code, err, out }, { code: 2, err: `bpf-patch-lint: ${file}: empty input\n`, out: '' }, `largeInputBytes ${largeInputBytes}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same CLI report for a large file as for a small one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-large-'));
    try {
      const file = join(dir, 'queue.mbox');
      writeFileSync(file, mixedMbox());
      const run = async (largeInputBytes?: number) => {
        let out = '';
        const code = await runCli({
          argv: ['--format', 'json', '--no-git', file],
          cwd: dir,
          stdout: (s) => (out += s),
          stderr: (s) => assert.fail(s),
          readStdin: () => Buffer.alloc(0),
          isTty: false,
          env: {},
          largeInputBytes,
        });
        return { code, out };
      };
      const small = await run();
      const large = await run(1);
      assert.ok(JSON.parse(small.out).length > 0);
      assert.deepEqual(large, small);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
