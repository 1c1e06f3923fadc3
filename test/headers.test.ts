/**
 * Mail headers (engine/parse/headers.ts): the header block with folded lines,
 * To/Cc lists split into entries with the exact text each occupies and the text
 * a fix deletes to remove it, mailboxes read and written back (#19).
 */
import assert from 'node:assert/strict';
import { formatMailbox, parseAddressList, parseHeaderBlock, parseMailbox, withTerminator } from '../server/src/engine/parse/headers';
import { LineIndex } from '../server/src/engine/text';
import { decodeHeaderValue, mapDecoded } from '../server/src/engine/parse/decode';

describe('headers: the header block (#19)', () => {
  const rows: Array<[string, string[], string[][], number]> = [
    [
      'fields, folded lines (space or tab) joined, the value after the colon and its blanks',
      ['From: Jane <j@x.org>', 'Subject: a', ' folded', '\tagain', 'To:   x@y.org', '', 'body'],
      [
        ['From', 'Jane <j@x.org>', 'Jane <j@x.org>', 'From: Jane <j@x.org>'],
        ['Subject', 'a\n folded\n\tagain', 'a folded\tagain', 'Subject: a\n folded\n\tagain'],
        ['To', 'x@y.org', 'x@y.org', 'To:   x@y.org'],
      ],
      5,
    ],
    ['an empty value, a tab after the colon, and the first line that is no field ends the block', ['X-Empty:', 'X-Tab:\tv', 'Not a header', 'To: z'], [['X-Empty', '', '', 'X-Empty:'], ['X-Tab', 'v', 'v', 'X-Tab:\tv']], 2],
    ['a line of blanks is no continuation', ['Subject: a', '   ', 'more'], [['Subject', 'a', 'a', 'Subject: a']], 1],
    ['a name with a space is no field', ['bad header: x'], [], 0],
    ['encoded words are decoded in the value', ['Subject: =?UTF-8?Q?caf=C3=A9?= x'], [['Subject', '=?UTF-8?Q?caf=C3=A9?= x', 'café x', 'Subject: =?UTF-8?Q?caf=C3=A9?= x']], 1],
  ];
  for (const [name, lines, expected, next] of rows) {
    it(name, () => {
      for (const eol of ['\n', '\r\n']) {
        const index = new LineIndex(lines.join(eol));
        const block = parseHeaderBlock(index, 0, index.count);
        const text = index.text;
        assert.deepEqual(
          block.headers.map((h) => [h.name, text.slice(h.valueSpan.start, h.valueSpan.end), h.value.text, text.slice(h.span.start, h.span.end)]),
          expected.map((h) => h.map((v, k) => (k === 2 ? v : v.replace(/\n/g, eol)))),
        );
        assert.equal(block.nextLine, next);
      }
    });
  }
});

describe('headers: To/Cc entries, and what removing one deletes (#19)', () => {
  const rows: Array<[string, string[][]]> = [
    [
      'a@x.org, Jane Doe <j@x.org>,c@x.org',
      [
        ['', 'a@x.org', 'a@x.org', 'a@x.org, '],
        ['Jane Doe', 'j@x.org', 'Jane Doe <j@x.org>', 'Jane Doe <j@x.org>,'],
        ['', 'c@x.org', 'c@x.org', ',c@x.org'],
      ],
    ],
    ['"Doe, Jane" <j@x.org>, b@x.org', [['Doe, Jane', 'j@x.org', '"Doe, Jane" <j@x.org>', '"Doe, Jane" <j@x.org>, '], ['', 'b@x.org', 'b@x.org', ', b@x.org']]],
    ['Jane (work, main) <j@x.org>, b@x.org', [['Jane', 'j@x.org', 'Jane (work, main) <j@x.org>', 'Jane (work, main) <j@x.org>, '], ['', 'b@x.org', 'b@x.org', ', b@x.org']]],
    ['"A \\"B, C\\" D" <x@y.org>, e@f.org', [['A "B, C" D', 'x@y.org', '"A \\"B, C\\" D" <x@y.org>', '"A \\"B, C\\" D" <x@y.org>, '], ['', 'e@f.org', 'e@f.org', ', e@f.org']]],
    ['<odd,comma@x.org>, c@x.org', [['', 'odd,comma@x.org', '<odd,comma@x.org>', '<odd,comma@x.org>, '], ['', 'c@x.org', 'c@x.org', ', c@x.org']]],
    ['a@x.org,, b@x.org,', [['', 'a@x.org', 'a@x.org', 'a@x.org,'], ['', 'b@x.org', 'b@x.org', 'b@x.org,']]],
    ['garbage, <> , b@x.org', [['', 'b@x.org', 'b@x.org', ', b@x.org']]],
    ['a@x.org,\n b@x.org', [['', 'a@x.org', 'a@x.org', 'a@x.org,\n '], ['', 'b@x.org', 'b@x.org', ',\n b@x.org']]],
    // The only entry takes its header line with it.
    ['Solo <solo@x.org>', [['Solo', 'solo@x.org', 'Solo <solo@x.org>', 'Cc: Solo <solo@x.org>\n']]],
    ['=?UTF-8?Q?Andr=C3=A9?= <a@x.org>', [['André', 'a@x.org', '=?UTF-8?Q?Andr=C3=A9?= <a@x.org>', 'Cc: =?UTF-8?Q?Andr=C3=A9?= <a@x.org>\n']]],
    // Malformed entries people send still give their address.
    ['Jane <jane@x', [['', 'jane@x', 'Jane <jane@x', 'Cc: Jane <jane@x\n']]],
  ];
  for (const [value, expected] of rows) {
    it(JSON.stringify(value), () => {
      const text = `Cc: ${value}\nSubject: s\n`;
      const index = new LineIndex(text);
      const [cc] = parseHeaderBlock(index, 0, index.count).headers;
      assert.deepEqual(
        parseAddressList(text, cc).map((a) => [a.name, a.email, text.slice(a.span.start, a.span.end), text.slice(a.removalSpan.start, a.removalSpan.end)]),
        expected,
      );
    });
  }
});

describe('headers: mailboxes (#19)', () => {
  const read: Array<[string, { name: string; email: string } | undefined]> = [
    ['  Jane Doe <j@x.org>  ', { name: 'Jane Doe', email: 'j@x.org' }],
    ['j@x.org', { name: '', email: 'j@x.org' }],
    ['"Doe, Jane" <j@x.org>', { name: 'Doe, Jane', email: 'j@x.org' }],
    ["O'Neil <o@x.org>", { name: "O'Neil", email: 'o@x.org' }],
    ['"Jane" <j@x>', { name: 'Jane', email: 'j@x' }],
    ['junk <a@b> trailing', { name: 'junk', email: 'a@b' }],
    ['prefix a@b.org suffix', { name: '', email: 'a@b.org' }],
    ['Jane <jane@x', { name: '', email: 'jane@x' }],
    [`${'x'.repeat(1000)} <a@b.org>`, { name: 'x'.repeat(1000), email: 'a@b.org' }],
    ['no address', undefined],
    ['   ', undefined],
  ];
  for (const [raw, expected] of read) {
    it(`reads ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 20)}...` : raw)}`, () => assert.deepEqual(parseMailbox(raw), expected));
  }

  const written: Array<[string, string, string]> = [
    ['Jane', 'j@x.org', 'Jane <j@x.org>'],
    ['Dr. J', 'd@x.org', 'Dr. J <d@x.org>'],
    ['Doe, John', 'j@x.org', '"Doe, John" <j@x.org>'],
    ['A "B" \\ C', 'a@x.org', '"A \\"B\\" \\\\ C" <a@x.org>'],
    ['  two\r\nlines ', 'l@x.org', 'two lines <l@x.org>'],
    ['', 'e@x.org', 'e@x.org'],
    ['\n', 'e@x.org', 'e@x.org'],
  ];
  for (const [name, email, expected] of written) {
    it(`writes ${JSON.stringify(name)} so that it reads back`, () => {
      assert.equal(formatMailbox(name, email), expected);
      assert.deepEqual(parseMailbox(expected), { name: name.replace(/[\r\n]+/g, ' ').trim(), email });
    });
  }
});

describe('headers: a line deleted with its terminator (#19)', () => {
  const rows: Array<[string, string, string]> = [
    ['LF', 'ab\ncd', 'cd'],
    ['CRLF', 'ab\r\ncd', 'cd'],
    ['CR', 'ab\rcd', 'cd'],
    ['no terminator at the end', 'cd\nab', 'cd\n'],
    // A bare CR above and an empty LF line below would pair into one CRLF: the CR above goes instead.
    ['the blank line below a bare-CR line survives', 'x\rab\n\nbody', 'x\n\nbody'],
    ['a CR above with text below is left alone', 'x\rab\ncd', 'x\rcd'],
  ];
  for (const [name, text, expected] of rows) {
    it(name, () => {
      const start = text.indexOf('ab');
      const s = withTerminator(text, { start, end: start + 2 });
      assert.equal(text.slice(0, s.start) + text.slice(s.end), expected);
    });
  }
});

describe('headers: decoded values and where their characters come from (#19)', () => {
  // value, decoded text, then [from, to) of the decoded text -> the source it maps to (~: not verbatim).
  const rows: Array<[string, string, Array<[number, number, string]>]> = [
    ['abc', 'abc', [[0, 3, 'abc'], [1, 2, 'b'], [3, 3, '']]],
    ['a\n b', 'a b', [[0, 3, 'a\n b~'], [2, 3, 'b'], [0, 1, 'a']]],
    ['a\r\n\tb', 'a\tb', [[0, 3, 'a\r\n\tb~'], [2, 3, 'b']]],
    ['=?UTF-8?Q?caf=C3=A9?= x', 'café x', [[0, 4, '=?UTF-8?Q?caf=C3=A9?=~'], [1, 2, '=?UTF-8?Q?caf=C3=A9?=~'], [5, 6, 'x'], [0, 6, '=?UTF-8?Q?caf=C3=A9?= x~']]],
    // The white space between two encoded words is not text (RFC 2047, 6.2); between a word and text it is.
    ['=?UTF-8?Q?a?= =?UTF-8?Q?b?=', 'ab', [[0, 2, '=?UTF-8?Q?a?= =?UTF-8?Q?b?=~'], [1, 2, '=?UTF-8?Q?a?= =?UTF-8?Q?b?=~']]],
    ['=?UTF-8?Q?a?= x =?UTF-8?Q?b?=', 'a x b', [[0, 1, '=?UTF-8?Q?a?=~'], [1, 4, ' x '], [4, 5, '=?UTF-8?Q?b?=~']]],
    ['x =?UTF-8?Q?a?=\n =?UTF-8?Q?b?= y', 'x ab y', [[0, 2, 'x '], [2, 4, '=?UTF-8?Q?a?=\n =?UTF-8?Q?b?=~'], [4, 6, ' y']]],
    ['=?UTF-8?B?w6k=?=', 'é', [[0, 1, '=?UTF-8?B?w6k=?=~']]],
    ['', '', [[0, 0, '']]],
  ];
  for (const [value, decoded, maps] of rows) {
    it(JSON.stringify(value), () => {
      const text = `Subject: ${value}`;
      const d = decodeHeaderValue(text, 9, text.length);
      assert.equal(d.text, decoded);
      assert.deepEqual(
        maps.map(([from, to]) => {
          const m = mapDecoded(d, from, to);
          return [from, to, text.slice(m.start, m.end) + (m.exact ? '' : '~')];
        }),
        maps,
      );
    });
  }
});
