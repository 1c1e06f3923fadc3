import assert from 'node:assert/strict';
import { parseDocument } from '../server/src/engine/parse/document';
import { knownTrees, DEFAULT_CONFIG } from '../server/src/engine/config';
import { LineIndex, detectEol, lastStartingAtOrBefore } from '../server/src/engine/text';
import type { ParsedDocument } from '../server/src/engine/model';
import { commitMessage, coverLetter, patch, AUTHOR } from './helpers/mail';
import fc from 'fast-check';
import { formatMailbox, parseMailbox } from '../server/src/engine/parse/headers';

const opts = { commentChar: '#', knownTrees: knownTrees(DEFAULT_CONFIG) };
const parse = (text: string, extra: Partial<Parameters<typeof parseDocument>[2]> = {}) => parseDocument('t', text, { ...opts, ...extra });
const at = (doc: ParsedDocument, s: { start: number; end: number }) => doc.text.slice(s.start, s.end);

describe('parser', () => {
  describe('format-patch mails', () => {
    it('reads headers, subject tokens, body, trailers, notes, diffstat and diff', () => {
      const doc = parse(patch({ subject: '[RFC PATCH bpf-next v3 2/7] bpf: Do things', notes: 'v2 -> v3: reworded', cc: 'A <a@x.org>, "Doe, B" <b@x.org>' }));
      assert.equal(doc.kind, 'patch');
      const m = doc.messages[0];
      assert.equal(m.kind, 'mail');
      assert.equal(m.from?.email, 'jane@example.org');
      assert.equal(m.from?.name, 'Jane Developer');
      const p = m.subject!.prefix;
      assert.equal(at(doc, p.rfc!.span), 'RFC');
      assert.equal(at(doc, p.patch!.span), 'PATCH');
      assert.deepEqual(p.trees.map((t) => at(doc, t.span)), ['bpf-next']);
      assert.equal(p.version?.number, 3);
      assert.deepEqual([p.numbering?.index, p.numbering?.total], [2, 7]);
      assert.equal(at(doc, m.subject!.groups[0].span), '[RFC PATCH bpf-next v3 2/7]');
      assert.equal(m.subject!.summary.text, 'bpf: Do things');
      assert.equal(at(doc, m.subject!.summary.span), 'bpf: Do things');
      assert.deepEqual(m.recipients.map((r) => [r.name, r.email, at(doc, r.span)]), [
        ['', 'bpf@vger.kernel.org', 'bpf@vger.kernel.org'],
        ['A', 'a@x.org', 'A <a@x.org>'],
        ['Doe, B', 'b@x.org', '"Doe, B" <b@x.org>'],
      ]);
      assert.deepEqual(m.trailers.map((t) => [t.key, t.value]), [['Signed-off-by', AUTHOR]]);
      assert.equal(at(doc, m.notes!), 'v2 -> v3: reworded');
      assert.match(at(doc, m.diffstat!), /^ kernel\/bpf\/syscall\.c \| 2 \+-\n 1 file changed/);
      assert.equal(m.diff!.files.length, 1);
      assert.equal(m.diff!.files[0].newPath, 'kernel/bpf/syscall.c');
      assert.equal(m.diff!.files[0].hunks.length, 1);
      assert.ok(!m.isCoverLetter);
    });

    it('splits patchwork-style and multiple bracket groups into tokens', () => {
      const m = parse(patch({ subject: '[PATCH][bpf-next,3/5] x' })).messages[0];
      assert.equal(m.subject!.groups.length, 2);
      assert.equal(m.subject!.prefix.trees[0].text, 'bpf-next');
      assert.equal(m.subject!.prefix.numbering?.text, '3/5');
      const v = parse(patch({ subject: '[PATCH v 2] x' })).messages[0].subject!.prefix.version!;
      assert.equal(v.text, 'v 2');
      assert.equal(v.number, 2);
    });

    it('decodes RFC 2047 words in From: and Subject:, folding included', () => {
      const text = patch({
        from: '=?UTF-8?q?J=C3=B6rg=20R=C3=B6del?= <joro@example.org>',
        subject: '[PATCH bpf] =?UTF-8?q?bpf:=20Fix=20the=20=E2=80=9Cthing=E2=80=9D?=\n =?UTF-8?q?_again?=',
      });
      const doc = parse(text);
      const m = doc.messages[0];
      assert.equal(m.from?.name, 'Jörg Rödel');
      assert.equal(m.subject!.text, '[PATCH bpf] bpf: Fix the “thing” again');
      assert.equal(m.subject!.prefix.trees[0].exact, true);
      assert.equal(at(doc, m.subject!.prefix.trees[0].span), 'bpf');
      assert.equal(m.subject!.summary.exact, false);
    });

    it('maps a prefix inside an encoded word to that whole word, marked inexact', () => {
      const word = '=?UTF-8?q?=5BPATCH_v2_bpf=5D_bpf=3A_Fix_th=C3=A9_thing?=';
      const doc = parse(patch({ subject: word }));
      const s = doc.messages[0].subject!;
      assert.equal(s.text, '[PATCH v2 bpf] bpf: Fix thé thing');
      assert.equal(at(doc, s.groups[0].span), word);
      assert.equal(s.groups[0].exact, false);
      assert.equal(s.prefix.trees[0].exact, false);
    });

    it('splits mboxes whose separators carry other date formats', () => {
      const mail = (n: number) => `From foo@baz Sun 09 Jun 2019 09:24:16 AM CEST\nFrom: A <a@b.org>\nSubject: [PATCH net ${n}/2] x\n\nBody.\n`;
      const doc = parse(mail(1) + mail(2));
      assert.deepEqual(doc.messages.map((m) => [m.kind, m.subject?.prefix.numbering?.index]), [['mail', 1], ['mail', 2]]);
    });

    it('keeps exact ranges across a folded plain subject', () => {
      const doc = parse(patch({ subject: '[PATCH bpf-next v2]\n long summary' }));
      const s = doc.messages[0].subject!;
      assert.equal(s.text, '[PATCH bpf-next v2] long summary');
      assert.equal(at(doc, s.prefix.version!.span), 'v2');
      assert.equal(at(doc, s.summary.span), 'long summary');
    });

    it('lets an in-body From: override the sender, as git am does', () => {
      const text = patch({ body: `From: Other Author <other@example.org>\n\nText.\n\nSigned-off-by: Other Author <other@example.org>` });
      const m = parse(text).messages[0];
      assert.equal(m.from?.email, 'other@example.org');
      assert.deepEqual(m.trailers.map((t) => t.key), ['Signed-off-by']);
      assert.equal(m.paragraphs.length, 2);
    });

    it('recognises a cover letter', () => {
      const m = parse(coverLetter()).messages[0];
      assert.ok(m.isCoverLetter);
      assert.equal(m.diff, undefined);
      assert.equal(m.subject!.prefix.numbering?.index, 0);
    });

    it('splits an mbox into a series of messages', () => {
      const doc = parse(coverLetter() + patch({ subject: '[PATCH bpf-next 1/2] a' }) + patch({ subject: '[PATCH bpf-next 2/2] b' }));
      assert.equal(doc.kind, 'mbox');
      assert.deepEqual(doc.messages.map((m) => m.subject?.prefix.numbering?.index), [0, 1, 2]);
      for (const m of doc.messages) assert.match(at(doc, m.mboxFrom!), /^From [0-9a-f]{40} Mon Sep 17/);
    });
  });

  describe('diffs', () => {
    it('counts hunk lines so removed "-- " and "--- x" lines stay inside the hunk', () => {
      const diff = [
        'diff --git a/doc.txt b/doc.txt',
        '--- a/doc.txt',
        '+++ b/doc.txt',
        '@@ -1,3 +1,1 @@',
        '--- ',
        '---- x',
        ' keep',
        'diff --git a/old.c b/new.c',
        'similarity index 90%',
        'rename from old.c',
        'rename to new.c',
        'diff --git a/gone.c b/gone.c',
        'deleted file mode 100644',
        'diff --git a/new.h b/new.h',
        'new file mode 100644',
        '--- /dev/null',
        '+++ b/new.h',
        '@@ -0,0 +1 @@',
        '+int x;',
        'diff --git a/blob.bin b/blob.bin',
        'GIT binary patch',
        'literal 3',
        'KcmZQz00031',
        '',
        'literal 0',
        'HcmV?d00001',
        '',
      ].join('\n');
      const m = parse(patch({ diff })).messages[0];
      const files = m.diff!.files.map((f) => [f.status, f.oldPath, f.newPath, f.hunks.length, f.binary]);
      assert.deepEqual(files, [
        ['modified', 'doc.txt', 'doc.txt', 1, false],
        ['renamed', 'old.c', 'new.c', 0, false],
        ['deleted', 'gone.c', 'gone.c', 0, false],
        ['added', 'new.h', 'new.h', 1, false],
        ['modified', 'blob.bin', 'blob.bin', 0, true],
      ]);
    });

    it('reads a bare diff with no mail headers', () => {
      const doc = parse('--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n--- a/y.c\n+++ b/y.c\n@@ -1 +1 @@\n-c\n+d\n');
      assert.equal(doc.messages[0].kind, 'diff');
      assert.deepEqual(doc.messages[0].diff!.files.map((f) => f.newPath), ['x.c', 'y.c']);
    });
  });

  describe('commit messages', () => {
    it('separates title, body, trailers, comments and the staged list', () => {
      const doc = parse(commitMessage({ staged: ['kernel/bpf/verifier.c', 'tools/testing/selftests/bpf/x.c'] }));
      assert.equal(doc.kind, 'message');
      const m = doc.messages[0];
      assert.equal(m.kind, 'commit');
      assert.equal(m.subject!.text, 'bpf: Keep register state across helper calls');
      assert.deepEqual(m.trailers.map((t) => t.key), ['Signed-off-by']);
      assert.deepEqual(m.stagedFiles.map((f) => [f.status, f.path, at(doc, f.span)]), [
        ['modified', 'kernel/bpf/verifier.c', 'kernel/bpf/verifier.c'],
        ['modified', 'tools/testing/selftests/bpf/x.c', 'tools/testing/selftests/bpf/x.c'],
      ]);
      assert.ok(m.commentLines.length > 5);
      for (const i of m.bodyLines) assert.ok(!doc.lines.line(i).text.startsWith('#'));
    });

    it('takes the diff of git commit -v from below the scissors line', () => {
      const verbose = 'diff --git a/kernel/bpf/verifier.c b/kernel/bpf/verifier.c\n--- a/kernel/bpf/verifier.c\n+++ b/kernel/bpf/verifier.c\n@@ -1 +1 @@\n-a\n+b\n';
      const m = parse(commitMessage({ verbose })).messages[0];
      assert.ok(m.scissors);
      assert.equal(m.diff?.files[0].newPath, 'kernel/bpf/verifier.c');
    });

    it('honours core.commentChar', () => {
      const doc = parse('bpf: x\n\nBody.\n; a comment\n#not a comment\n; Please enter the commit message for your changes.\n', { commentChar: ';' });
      const m = doc.messages[0];
      assert.equal(m.commentLines.length, 2);
      assert.ok(m.bodyLines.some((i) => doc.lines.line(i).text === '#not a comment'));
    });

    it('keeps comment-character lines as text as git does without an editor: no git hint in the message', () => {
      const recorded = parse('bpf: x\n\n#include <linux/bpf.h> is needed here.\n\nSigned-off-by: A <a@b.org>\n');
      assert.equal(recorded.messages[0].commentLines.length, 0);
      assert.equal(recorded.messages[0].paragraphs.length, 2);
      const edited = parse('bpf: x\n\n#include <linux/bpf.h> is needed here.\n\n# Please enter the commit message for your changes. Lines starting\n');
      assert.equal(edited.messages[0].commentLines.length, 2);
      const forced = parse('bpf: x\n\n# a comment\n', { cleanup: 'strip' });
      assert.equal(forced.messages[0].commentLines.length, 1);
    });

    it('does not mistake a "subsys: title" line for a mail header', () => {
      const doc = parse('libbpf: Fix a leak\n\nBody text.\n\nSigned-off-by: A <a@b.org>\n');
      assert.equal(doc.messages[0].kind, 'commit');
      assert.equal(doc.messages[0].subject?.text, 'libbpf: Fix a leak');
    });

    it('reads trailer continuation lines and git\'s 25% rule', () => {
      const doc = parse(`t\n\nBody.\n\nLink: https://x.org/a\n  continued\n[ast: reworded]\nSigned-off-by: A <a@b.org>\n`);
      const m = doc.messages[0];
      assert.deepEqual(m.trailers.map((t) => [t.key, t.value]), [['Link', 'https://x.org/a continued'], ['Signed-off-by', 'A <a@b.org>']]);
      const prose = parse('t\n\nBody.\n\nThis paragraph: has a colon\nand more prose here\n').messages[0];
      assert.equal(prose.trailerBlock, undefined);
    });

    it('reads a trailer with no space after its colon, as git does (found by the property tests, #7)', () => {
      // Otherwise trailer-syntax's "Insert a space" turned the paragraph into a trailer block,
      // and fix-all "added" the errors of rules that judge trailer blocks.
      const m = parse('t\n\nBody.\n\nSigned-off-by:A <a@b.org>\nBugzilla: https://bugzilla.kernel.org/show_bug.cgi?id=1\n').messages[0];
      assert.deepEqual(m.trailers.map((t) => [t.key, t.value]), [['Signed-off-by', 'A <a@b.org>'], ['Bugzilla', 'https://bugzilla.kernel.org/show_bug.cgi?id=1']]);
      assert.ok(m.trailerBlock);
      const url = parse('t\n\nBody.\n\nhttps://x.org/a\nftp://x.org/b\n').messages[0];
      assert.deepEqual(url.trailers, []);
    });

    it('lets a misspelt sign-off hold a trailer block together as the right spelling does (#7)', () => {
      // Otherwise trailer-syntax's spelling fix turned this paragraph from prose into the
      // block, and an empty `Fixes:` in it became fixes-tag-format's error only then.
      for (const key of ['Signed-off-by', 'Signed-of-by']) {
        const m = parse(`t\n\nBody.\n\nBinary files a/x and b/x differ\n${key}: A <a@b.org>\nFixes: \nCo-developed-by: B <b@c.org>\n`).messages[0];
        assert.ok(m.trailerBlock, key);
        assert.deepEqual(m.trailers.map((t) => t.key), [key, 'Fixes', 'Co-developed-by']);
      }
    });
  });

  describe('robustness', () => {
    const inputs: [string, string][] = [
      ['empty', ''],
      ['only newlines', '\n\n\n'],
      ['CR only', 'bpf: x\r\rBody\r\rSigned-off-by: A <a@b.org>\r'],
      ['BOM', '\uFEFFbpf: x\n\nBody.\n'],
      ['NUL bytes', 'From: a\0b\nSubject: \0\n\n\0'],
      ['unterminated bracket', 'From: a@b.c\nSubject: [PATCH bpf-next\n\nx\n'],
      ['deep brackets', `From: a@b.c\nSubject: ${'['.repeat(5000)}\n\nx\n`],
      ['broken encoded word', 'From: =?UTF-8?B?####?= <a@b.c>\nSubject: =?x?q?=ZZ?=\n\nx\n'],
      ['hunk header lies', 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,100 +1,100 @@\n-a\n'],
      ['1 MB line', `bpf: ${'x'.repeat(1 << 20)}\n`],
    ];
    for (const [name, text] of inputs) {
      it(`never throws: ${name}`, () => {
        const doc = parse(text);
        for (const m of doc.messages) {
          assert.ok(m.span.start >= 0 && m.span.end <= text.length && m.span.start <= m.span.end);
        }
      });
    }

    it('starts line 0 after a byte-order mark', () => {
      const doc = parse('\uFEFFbpf: x\n');
      assert.equal(doc.messages[0].subject?.text, 'bpf: x');
      assert.deepEqual(doc.lines.positionAt(1), { line: 0, character: 0 });
    });
  });
});

describe('LineIndex', () => {
  it('maps offsets to UTF-16 columns over LF, CRLF and CR', () => {
    const idx = new LineIndex('a😀b\r\nc\rd\ne');
    assert.deepEqual(Array.from({ length: idx.count }, (_, i) => idx.line(i).text), ['a😀b', 'c', 'd', 'e']);
    assert.deepEqual(idx.positionAt(3), { line: 0, character: 3 });
    assert.deepEqual(idx.positionAt(4), { line: 0, character: 4 });
    assert.deepEqual(idx.positionAt(6), { line: 1, character: 0 });
    assert.equal(idx.offsetAt({ line: 2, character: 1 }), 9);
    assert.deepEqual(idx.positionAt(idx.text.length), { line: 3, character: 1 });
  });

  it('puts the end of a terminated document on the next line', () => {
    const idx = new LineIndex('ab\n');
    assert.deepEqual(idx.positionAt(3), { line: 1, character: 0 });
  });

  it('clamps positions an editor sends beyond the text, as LSP asks (#19)', () => {
    const idx = new LineIndex('ab\r\ncd\nef');
    // A character past the end of a line is the end of that line, never the next line.
    assert.equal(idx.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(idx.offsetAt({ line: 1, character: 99 }), 6);
    assert.equal(idx.offsetAt({ line: 1, character: -3 }), 4);
    // A line before the first or after the last is the start or the end of the text.
    assert.equal(idx.offsetAt({ line: -1, character: 5 }), 0);
    assert.equal(idx.offsetAt({ line: 3, character: 0 }), 9);
    assert.equal(idx.offsetAt({ line: 2, character: 1 }), 8);
    assert.equal(idx.offsetAt({ line: 0, character: 1 }), 1);
    // Offsets inside a CRLF pair, or past the text, sit at the end of their line.
    assert.deepEqual(idx.positionAt(3), { line: 0, character: 2 });
    assert.deepEqual(idx.positionAt(99), { line: 2, character: 2 });
    assert.deepEqual(idx.positionAt(-5), { line: 0, character: 0 });
    // Only the very end of a terminated text is the empty line after it.
    const t = new LineIndex('ab\ncd\n');
    assert.equal(t.count, 2);
    assert.deepEqual(t.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(t.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(t.positionAt(6), { line: 2, character: 0 });
    assert.deepEqual(t.positionAt(5), { line: 1, character: 2 });
    assert.deepEqual(new LineIndex('').positionAt(0), { line: 0, character: 0 });
    assert.equal(new LineIndex('').count, 1);
    // Every offset and back, on mixed terminators.
    const mixed = new LineIndex('a\r\n\rb\n\nc');
    for (let o = 0; o <= mixed.text.length; o++) {
      const p = mixed.positionAt(o);
      const back = mixed.offsetAt(p);
      assert.ok(back <= o && mixed.positionAt(back).line === p.line, `offset ${o}`);
    }
  });

  it('finds the last item starting at or before an offset', () => {
    const items = [{ s: 0 }, { s: 10 }, { s: 20 }];
    assert.deepEqual([0, 5, 10, 19, 20, 99].map((o) => lastStartingAtOrBefore(items, (x) => x.s, o)), [0, 0, 1, 1, 2, 2]);
    assert.equal(lastStartingAtOrBefore([], (x: { s: number }) => x.s, 5), -1);
    assert.equal(lastStartingAtOrBefore([{ s: 3 }], (x) => x.s, 1), 0);
  });

  it('detects the dominant line terminator', () => {
    assert.equal(detectEol('a\r\nb\n'), '\n', 'a tie goes to LF');
    assert.equal(detectEol('a\r\nb\rc\r\n'), '\r\n');
    assert.equal(detectEol('a\rb\r\nc\r'), '\r');
    assert.equal(detectEol('a\rb\r\n'), '\r\n', 'CRLF wins a tie with CR');
    assert.equal(detectEol('a\r\nb\r\nc\n'), '\r\n');
    assert.equal(detectEol('a\nb'), '\n');
    assert.equal(detectEol('a\rb\r'), '\r');
    assert.equal(detectEol(''), '\n');
  });
});

describe('threads', () => {
  it('marks replies so that no rule judges them', () => {
    const reply = 'From foo@bar Mon Jan  1 00:00:00 2024\nFrom: Reviewer <r@x.org>\nSubject: Re: [PATCH bpf-next v2] bpf: Do things\n\n> commit abc1234\nLooks good.\n';
    const doc = parseDocument('t', patch() + reply, { commentChar: '#', knownTrees: knownTrees(DEFAULT_CONFIG) });
    assert.deepEqual(doc.messages.map((m) => m.isReply), [false, true]);
  });
});

describe('mailboxes we write (#18, item 11)', () => {
  it('quote a display name only when RFC 5322 needs it, and read back as written, through email-addresses', () => {
    assert.equal(formatMailbox('Alexei Starovoitov', 'ast@kernel.org'), 'Alexei Starovoitov <ast@kernel.org>');
    assert.equal(formatMailbox('Daniel T. Lee', 'd@example.org'), 'Daniel T. Lee <d@example.org>');
    assert.equal(formatMailbox('Doe, John', 'j@example.org'), '"Doe, John" <j@example.org>');
    assert.equal(formatMailbox('Jo "JD" Doe\\x', 'j@example.org'), '"Jo \\"JD\\" Doe\\\\x" <j@example.org>');
    assert.equal(formatMailbox('', 'j@example.org'), 'j@example.org');
    const name = fc.string({ unit: fc.constantFrom(...'abc XYZé,;:.@<>()[]"\\\'-_'), minLength: 1, maxLength: 24 }).filter((s) => s.trim() === s && s !== '' && !/\s\s/.test(s));
    fc.assert(
      fc.property(name, (n) => {
        assert.deepEqual(parseMailbox(formatMailbox(n, 'j@example.org')), { name: n, email: 'j@example.org' });
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});
