/**
 * Transfer-encoded mail (#12): lists re-encode bodies as base64 or
 * quoted-printable, and mailers send MIME parts. Rules judge the decoded text;
 * a finding in the body is put on the encoding header with the decoded line
 * quoted, and no fix edits encoded text.
 */
import assert from 'node:assert/strict';
import { encode as qpEncode, wrap as qpWrap } from 'libqp';
import { fixAll } from '../server/src/engine/fix-all';
import { lint, lintIncrementally } from '../server/src/engine/lint';
import { asWritten } from '../server/src/engine/model';
import { DEFAULT_CONFIG, knownTrees } from '../server/src/engine/config';
import { parseDocument } from '../server/src/engine/parse/document';
import { RULES } from '../server/src/rules';
import { AUTHOR, DEFAULT_BODY, DEFAULT_DIFF } from './helpers/mail';

const BODY = `${DEFAULT_BODY}\n---\n kernel/bpf/syscall.c | 2 +-\n\n${DEFAULT_DIFF}\n`;

function mail(subject: string, headers: string[], body: string, eol = '\n'): string {
  const head = [
    'From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001',
    `From: ${AUTHOR}`,
    'Date: Tue, 3 Jun 2025 10:00:00 +0200',
    `Subject: ${subject}`,
    'To: bpf@vger.kernel.org',
    'MIME-Version: 1.0',
    ...headers,
  ];
  return (head.join('\n') + '\n\n' + body).replace(/\n/g, eol);
}

const base64 = (s: string) => Buffer.from(s, 'utf8').toString('base64').replace(/.{76}/g, '$&\n') + '\n';
const quotedPrintable = (s: string, charset = 'utf-8') => qpWrap(qpEncode(Buffer.from(s, charset === 'utf-8' ? 'utf8' : 'latin1')), 76) + '\n';

const rules = (text: string) => lint([{ id: 'x.eml', text }], { rules: RULES }).findings.map((f) => f.rule).sort();
const TEXT_PLAIN = 'Content-Type: text/plain; charset="utf-8"';

describe('transfer-encoded mail', () => {
  it('reads a base64 body: its sign-off is there, nothing is missing', () => {
    const text = mail('[PATCH bpf-next] bpf: Keep register state', [TEXT_PLAIN, 'Content-Transfer-Encoding: base64'], base64(BODY));
    assert.deepEqual(rules(text), []);
    // Read raw, the same mail lacks its sign-off: the decoding is what makes it right.
    assert.deepEqual(rules(text.replace('Content-Transfer-Encoding: base64', 'Content-Transfer-Encoding: 8bit')).filter((r) => r === 'signed-off-by-missing'), ['signed-off-by-missing']);
  });

  it('reads a quoted-printable body: soft line breaks and =3D are not text', () => {
    const long = 'The verifier rejects programs that read the context after a helper call = x; keep the state until the call returns.';
    const body = BODY.replace('call returns.', `call returns.\n\n${long.slice(0, 74)}\n${long.slice(74)}`);
    const text = mail('[PATCH bpf-next] bpf: Keep register state', [TEXT_PLAIN, 'Content-Transfer-Encoding: quoted-printable'], quotedPrintable(body));
    assert.match(text, /=3D/);
    assert.deepEqual(rules(text), []);
  });

  it('puts a finding in the decoded body on the encoding header, quoting the decoded line, without a fix', () => {
    const body = BODY.replace('Signed-off-by', 'Cc: stable@vger.kernel.org\nSigned-off-by');
    for (const eol of ['\n', '\r\n']) {
      const text = mail('[PATCH bpf] bpf: Keep register state', [TEXT_PLAIN, 'Content-Transfer-Encoding: base64'], base64(body), eol);
      const result = lint([{ id: 'x.eml', text }], { rules: RULES });
      const f = result.findings.find((x) => x.rule === 'cc-stable')!;
      assert.ok(f, result.findings.map((x) => x.rule).join());
      const header = 'Content-Transfer-Encoding: base64';
      assert.equal(text.slice(f.range.start, f.range.end), header);
      assert.match(f.message, /\. In the base64 body, decoded line 5 reads: Cc: stable@vger.kernel.org$/);
      assert.deepEqual(f.decoded, { line: 5, text: 'Cc: stable@vger.kernel.org', encoding: 'base64' });
      assert.deepEqual(f.fixes, []);
    }
  });

  it('keeps fixes that edit only the headers, at their source offsets', () => {
    const text = mail('[PATCH] bpf: Keep register state', [TEXT_PLAIN, 'Content-Transfer-Encoding: base64'], base64(BODY));
    const tree = lint([{ id: 'x.eml', text }], { rules: RULES }).findings.find((f) => f.rule === 'subject-tree-missing')!;
    assert.equal(text.slice(tree.range.start, tree.range.end), '[PATCH]');
    const fixed = fixAll([{ id: 'x.eml', text }], { rules: RULES, config: { rules: { 'subject-tree-missing': 'off' } } });
    assert.equal(fixed.changed.size, 0, 'nothing else to fix');
    const edit = tree.fixes[0].edits[0];
    const after = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    assert.match(after, /^Subject: \[PATCH bpf-next\] bpf: Keep register state$/m);
    assert.deepEqual(rules(after), []);
  });

  it('decodes a charset other than UTF-8', () => {
    const body = BODY.replace('Signed-off-by: Jane Developer', 'Reported-by: Zoë Ünal <zoe@example.org>\nSigned-off-by: Jane Developer');
    const text = mail('[PATCH bpf-next] bpf: Keep register state', ['Content-Type: text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding: quoted-printable'], quotedPrintable(body, 'latin1'));
    assert.match(text, /Zo=EB =DCnal/);
    const twin = asWritten(lint([{ id: 'x.eml', text }], { rules: RULES }).documents[0].messages[0]);
    assert.ok(twin.trailers.some((t) => t.key === 'Reported-by' && t.value.startsWith('Zoë Ünal')), twin.trailers.map((t) => t.value).join());
  });

  it('reads the text/plain part and an attached patch of a multipart mail', () => {
    const [message, diff] = BODY.split('---\n');
    const boundary = '=-=-=boundary';
    const multipart = [
      'This is a multi-part message in MIME format.',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      quotedPrintable(message + '---\n'),
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Signed-off-by: nobody</p>',
      `--${boundary}`,
      'Content-Type: application/octet-stream; name="0001-fix.patch"',
      'Content-Disposition: attachment; filename="0001-fix.patch"',
      'Content-Transfer-Encoding: base64',
      '',
      base64(diff),
      `--${boundary}--`,
      '',
    ].join('\n');
    const text = mail('[PATCH bpf-next] bpf: Keep register state', [`Content-Type: multipart/mixed; boundary="${boundary}"`], multipart);
    const result = lint([{ id: 'x.eml', text }], { rules: RULES });
    assert.deepEqual(result.findings.map((f) => f.rule), []);
    const twin = asWritten(result.documents[0].messages[0]);
    assert.deepEqual(twin.diff?.files.map((f) => f.newPath), ['kernel/bpf/syscall.c']);
    assert.ok(!twin.document.text.includes('<p>'), 'the HTML alternative is not read');
  });

  it('gives a large mbox read in pieces the same findings as the whole text', () => {
    const stable = BODY.replace('Signed-off-by', 'Cc: stable@vger.kernel.org\nSigned-off-by');
    const one = mail('[PATCH bpf 1/2] bpf: Keep register state', [TEXT_PLAIN, 'Content-Transfer-Encoding: base64'], base64(stable));
    const two = mail('[PATCH 2/2] bpf: Keep it', [TEXT_PLAIN, 'Content-Transfer-Encoding: quoted-printable'], quotedPrintable(stable));
    const whole = lint([{ id: 'x.mbox', text: one + two }], { rules: RULES });
    const pieces = lintIncrementally({ id: 'x.mbox', chunks: [one, two] }, { rules: RULES });
    assert.ok(whole.findings.some((f) => f.decoded) && whole.findings.some((f) => !f.decoded));
    assert.deepEqual(pieces.findings, whole.findings);
    assert.deepEqual(pieces.scopes.map((s) => s.scope), [...whole.scopes.values()]);
  });

  it('leaves 7bit and 8bit mail as it is', () => {
    const text = mail('[PATCH bpf-next] bpf: Keep register state', [TEXT_PLAIN, 'Content-Transfer-Encoding: 8bit'], BODY);
    const m = lint([{ id: 'x.eml', text }], { rules: RULES }).documents[0].messages[0];
    assert.equal(m.decoded, undefined);
  });

  it('survives broken encodings: bad base64, a multipart without its boundary, parts nested too deep', () => {
    const nest = (depth: number): string =>
      depth === 0 ? 'Content-Type: text/plain\n\nHi.\n' : `Content-Type: multipart/mixed; boundary="b${depth}"\n\n--b${depth}\n${nest(depth - 1)}\n--b${depth}--\n`;
    const inputs = [
      mail('[PATCH bpf-next] bpf: X', [TEXT_PLAIN, 'Content-Transfer-Encoding: base64'], '%%%% not base64 ####\n'),
      mail('[PATCH bpf-next] bpf: X', ['Content-Type: multipart/mixed'], 'no boundary here\n'),
      mail('[PATCH bpf-next] bpf: X', [], nest(20).replace(/^Content-Type: [^\n]*\n\n/, '')).replace('MIME-Version: 1.0', 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b20"'),
      mail('[PATCH bpf-next] bpf: X', [TEXT_PLAIN, 'Content-Transfer-Encoding: quoted-printable'], '=\n=ZZ=\n'),
    ];
    for (const text of inputs) {
      const result = lint([{ id: 'x.eml', text }], { rules: RULES });
      for (const f of result.findings) {
        assert.ok(0 <= f.range.start && f.range.end <= text.length, `${f.rule} out of the document`);
        assert.doesNotMatch(f.message, /internal error/);
      }
    }
  });
});

describe('decoded bodies: what rules read of each MIME form', () => {
  /** The body rules read and the encoding the finding would name, or undefined when the body is read as written. */
  function read(headers: string[], body: string, eol = '\n'): { text: string; encoding: string } | undefined {
    const doc = parseDocument('x.eml', mail('[PATCH bpf] bpf: Fix', headers, body, eol), { commentChar: '#', knownTrees: knownTrees(DEFAULT_CONFIG) });
    const twin = doc.messages[0].decoded;
    if (!twin) return undefined;
    const text = twin.document.text;
    const blank = /\r?\n\r?\n/.exec(text)!;
    return { text: text.slice(blank.index + blank[0].length), encoding: twin.document.decodedFrom!.encoding };
  }
  const part = (headers: string[], body: string) => `${headers.join('\n')}\n\n${body}`;
  const multipart = (boundary: string, parts: string[], preamble = '', epilogue = '') =>
    `${preamble}${parts.map((p) => `--${boundary}\n${p}\n`).join('')}--${boundary}--\n${epilogue}`;

  it('a transfer encoding written in capitals, with spaces around it', () => {
    assert.deepEqual(read([TEXT_PLAIN, 'Content-Transfer-Encoding:  BASE64 '], base64('Fix it.\n')), { text: 'Fix it.\n', encoding: 'base64' });
  });

  it('quoted-printable in Latin-1', () => {
    assert.deepEqual(read(['Content-Type: text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding: quoted-printable'], 'caf=E9 cr=E8me=\n br=FBl=E9e\n'), {
      text: 'café crème brûlée\n',
      encoding: 'quoted-printable',
    });
  });

  it('a charset no decoder knows is read as UTF-8', () => {
    assert.equal(read(['Content-Type: text/plain; charset=x-unknown', 'Content-Transfer-Encoding: base64'], base64('naïve\n'))?.text, 'naïve\n');
  });

  it('no charset is UTF-8', () => {
    assert.equal(read(['Content-Transfer-Encoding: base64'], base64('naïve\n'))?.text, 'naïve\n');
  });

  it('a base64 body that is not text is not read', () => {
    assert.equal(read(['Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64'], base64('\u0000\u0001')), undefined);
  });

  it('7bit and 8bit bodies, and a multipart word elsewhere in Content-Type, are read as written', () => {
    assert.equal(read([TEXT_PLAIN, 'Content-Transfer-Encoding: 8bit'], 'Fix it.\n'), undefined);
    assert.equal(read(['Content-Type: text/plain; name="multipart/x"'], 'Fix it.\n'), undefined);
  });

  it('multipart: the text part and patches attached by name or type, in order; other parts, preamble and epilogue left out', () => {
    const body = multipart(
      'XyZ',
      [
        part([TEXT_PLAIN], 'Fix it.'),
        part(['Content-Type: image/png', 'Content-Transfer-Encoding: base64'], base64('PNG')),
        part(['Content-Type: application/octet-stream', 'Content-Disposition: attachment; filename="0001-fix.patch"', 'Content-Transfer-Encoding: base64'], base64('diff one')),
        part(['Content-Type: application/octet-stream; name="two.diff"'], 'diff two'),
        part(['Content-Type: text/x-patch'], 'diff three'),
      ],
      'This is a multi-part message in MIME format.\n',
      'Epilogue text.\n',
    );
    assert.deepEqual(read(['Content-Type: multipart/mixed; boundary="XyZ"'], body), { text: 'Fix it.\ndiff one\ndiff two\ndiff three', encoding: 'multipart/mixed' });
  });

  it('multipart with CRLF lines and blanks after the boundary', () => {
    const body = `--b  \n${TEXT_PLAIN}\n\nFix it.\n--b--\n`;
    assert.equal(read(['Content-Type: multipart/mixed; boundary=b'], body, '\r\n')?.text, 'Fix it.');
  });

  it('a part without headers is plain text', () => {
    assert.equal(read(['Content-Type: multipart/mixed; boundary=b'], '--b\n\nFix it.\n--b--\n')?.text, 'Fix it.');
  });

  it('a part nested in another multipart is read, down to four levels', () => {
    const nest = (depth: number): string =>
      depth === 0 ? part([TEXT_PLAIN], 'deep') : part([`Content-Type: multipart/alternative; boundary=b${depth}`], multipart(`b${depth}`, [nest(depth - 1)]));
    assert.equal(read(['Content-Type: multipart/mixed; boundary=b9'], multipart('b9', [nest(3)]))?.text, 'deep');
    assert.equal(read(['Content-Type: multipart/mixed; boundary=b9'], multipart('b9', [nest(4)]))?.text, '');
  });

  it('a multipart Content-Type without a boundary reads as no text', () => {
    assert.deepEqual(read(['Content-Type: multipart/mixed'], '--b\n\nFix it.\n--b--\n'), { text: '', encoding: 'multipart/mixed' });
  });

  it('a multipart type in quotes, and text after an unterminated last part', () => {
    assert.equal(read(['Content-Type: "multipart/mixed"; boundary=b'], `--b\n${TEXT_PLAIN}\n\nFix it.\nand more\n`)?.text, 'Fix it.\nand more\n');
  });
});
