/**
 * How a document is cut into messages (engine/parse/document.ts): every rule
 * sees the messages this produces, so a message lost, merged or invented here
 * is a finding lost or invented everywhere.
 */
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, knownTrees } from '../server/src/engine/config';
import { parseDocument, type ParseOptions } from '../server/src/engine/parse/document';
import type { ParsedDocument } from '../server/src/engine/model';

const FROM = (sha: string) => `From ${sha} Mon Sep 17 00:00:00 2001`;
const mail = (n: number, body = `Body ${n}.`) =>
  `${FROM(String(n).repeat(40))}\nFrom: Jane Developer <jane@example.org>\nSubject: [PATCH ${n}/2] bpf: Patch ${n}\n\n${body}\n`;

/** Each message: its kind, its first line, and the mbox From line it follows. */
function shape(doc: ParsedDocument): [string, string, string | undefined][] {
  return doc.messages.map((m) => [
    m.kind,
    doc.text.slice(m.span.start, m.span.end).split('\n')[0],
    m.mboxFrom && doc.text.slice(m.mboxFrom.start, m.mboxFrom.end),
  ]);
}

const parse = (text: string, extra: Partial<ParseOptions> = {}) => parseDocument('t', text, { commentChar: '#', knownTrees: knownTrees(DEFAULT_CONFIG), ...extra });

describe('document: messages of a document', () => {
  it('an empty document is one empty commit message', () => {
    const doc = parse('');
    assert.equal(doc.kind, 'message');
    assert.deepEqual(shape(doc), [['commit', '', undefined]]);
  });

  it('a commit message is one message', () => {
    const doc = parse('bpf: Fix it\n\nBody.\n');
    assert.equal(doc.kind, 'message');
    assert.deepEqual(shape(doc), [['commit', 'bpf: Fix it', undefined]]);
  });

  it('one mail is a patch, its message from its From line on', () => {
    const doc = parse(mail(1));
    assert.equal(doc.kind, 'patch');
    assert.deepEqual(shape(doc), [['mail', FROM('1'.repeat(40)), FROM('1'.repeat(40))]]);
  });

  it('blank lines above the first From line are no message', () => {
    const doc = parse(`\n  \n${mail(1)}`);
    assert.equal(doc.kind, 'patch');
    assert.equal(doc.messages.length, 1);
  });

  it('two mails make an mbox, each message from its From line to the next', () => {
    const doc = parse(mail(1) + mail(2));
    assert.equal(doc.kind, 'mbox');
    assert.deepEqual(shape(doc), [
      ['mail', FROM('1'.repeat(40)), FROM('1'.repeat(40))],
      ['mail', FROM('2'.repeat(40)), FROM('2'.repeat(40))],
    ]);
    assert.ok(doc.text.slice(doc.messages[0].span.start, doc.messages[0].span.end).endsWith('Body 1.'));
    assert.deepEqual(
      doc.messages.map((m) => m.index),
      [0, 1],
    );
  });

  it('text above the first From line is a message of its own', () => {
    const doc = parse(`A note before the mails.\n${mail(1)}`);
    assert.equal(doc.kind, 'mbox');
    assert.deepEqual(
      shape(doc).map(([kind, first]) => [kind, first]),
      [
        ['commit', 'A note before the mails.'],
        ['mail', FROM('1'.repeat(40))],
      ],
    );
  });

  it('two From lines in a row keep the empty message between them', () => {
    const doc = parse(FROM('a'.repeat(40)) + '\n' + mail(2));
    assert.equal(doc.messages.length, 2);
    assert.deepEqual(shape(doc)[0][2], FROM('a'.repeat(40)));
  });

  it('a From line without a weekday and a year is body text', () => {
    const doc = parse(mail(1, 'From the start it was wrong.\nFrom here Mon on.'));
    assert.equal(doc.messages.length, 1);
  });

  it('a From line in a commit message is text when the kind is given', () => {
    const doc = parse(`bpf: Fix it\n\n${mail(1)}`, { kind: 'message' });
    assert.equal(doc.kind, 'message');
    assert.deepEqual(shape(doc), [['commit', 'bpf: Fix it', undefined]]);
  });

  it('the given kind wins over what the text looks like', () => {
    const doc = parse(mail(1) + mail(2), { kind: 'patch' });
    assert.equal(doc.kind, 'patch');
    assert.deepEqual(
      doc.messages.map((m) => m.kind),
      ['mail', 'mail'],
    );
  });
});

describe('document: transfer-encoded bodies', () => {
  const encoded = (body: string, headers = '') =>
    `${FROM('1'.repeat(40))}\nFrom: Jane Developer <jane@example.org>\nSubject: [PATCH] bpf: Fix\nContent-Transfer-Encoding: base64\n${headers}\n${Buffer.from(body).toString('base64')}\n`;

  it('a base64 body is read decoded, the headers kept as written', () => {
    const doc = parse(encoded('Fix it.\n\nSigned-off-by: Jane Developer <jane@example.org>\n'));
    const twin = doc.messages[0].decoded;
    assert.ok(twin, 'decoded twin');
    assert.match(twin.document.text, /^From: Jane Developer <jane@example\.org>\nSubject: \[PATCH\] bpf: Fix\nContent-Transfer-Encoding: base64\n\nFix it\.\n\nSigned-off-by: Jane Developer <jane@example\.org>\n$/);
    assert.equal(twin.origin, doc.messages[0]);
    assert.equal(twin.document.decodedFrom?.encoding, 'base64');
    // The twin starts where the headers do, below the From line.
    assert.equal(twin.document.decodedFrom?.base, doc.messages[0].mboxFrom!.end + 1);
  });

  it('a mail that is all headers has nothing to decode', () => {
    const doc = parse(`${FROM('1'.repeat(40))}\nFrom: Jane Developer <jane@example.org>\nSubject: [PATCH] bpf: Fix\nContent-Transfer-Encoding: base64\n`);
    assert.equal(doc.messages[0].decoded, undefined);
  });

  it('an 8bit body is read as it is', () => {
    const doc = parse(mail(1).replace('Subject:', 'Content-Transfer-Encoding: 8bit\nSubject:'));
    assert.equal(doc.messages[0].decoded, undefined);
  });

  it('a commit message is never decoded', () => {
    const doc = parse(encoded('Fix it.\n'), { kind: 'message' });
    assert.equal(doc.messages[0].decoded, undefined);
  });
});
