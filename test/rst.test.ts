/**
 * The FAQ section a hover shows, read from the user's own kernel tree (#19):
 * which lines belong to a section, and the markdown each reST construct the
 * BPF FAQ uses becomes. The inputs are made-up reST, not the FAQ's words.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { faqSectionMarkdown, sectionLines } from '../server/src/engine/rst';
import { FAQ, RST_UNDERLINE, faqHeadingLine, type FaqSection } from '../server/src/engine/faq';
import { SEED_FAQ, requireShared } from './helpers/paths';

const Q: FaqSection = { heading: 'Q: How?', anchor: 'q-how' };
const HEAD = '#### Q: How?\n\n';

describe('FAQ sections from reST (#19)', () => {
  describe('which lines belong to a section', () => {
    const rows: Array<[string, string[], string[] | undefined]> = [
      ['stops at the next heading', ['Intro', '=====', '', 'Q: How?', '-------', 'one', '', 'Q: Next', '-------', 'not here'], ['one', '']],
      ['accepts any underline character, three or more of it', ['Q: How?', '~~~', 'one'], ['one']],
      ['needs an underline right below the heading', ['Q: How? is asked here', 'Q: How?', 'body', 'Q: How?', '--', 'Q: How?', '^^^^^^^', 'real'], ['real']],
      ['matches the heading with surrounding spaces', ['  Q: How?  ', '-------', 'one'], ['one']],
      ['stops at a directive or a link target', ['Q: How?', '-------', 'one', '', '.. _label:', 'after'], ['one', '']],
      ['stops above the overline of a heading that has one', ['Q: How?', '-------', 'body', '', '=====', 'Other', '=====', 'x'], ['body', '']],
      ['keeps a transition (two rules with no text between them)', ['Q: How?', '-------', 'a', '', '-------', '-------', 'b'], ['a', '', '-------', '-------', 'b']],
      ['runs to the end of the file', ['Q: How?', '-------', 'a', 'b'], ['a', 'b']],
      ['is empty when the heading is the last thing', ['Q: How?', '-------'], []],
      ['is absent when the heading has no underline', ['Q: How?'], undefined],
      ['is absent when the heading is missing', ['Q: Why?', '-------', 'a'], undefined],
    ];
    for (const [name, lines, expected] of rows) {
      it(name, () => {
        assert.deepEqual(sectionLines(lines.join('\n'), Q), expected);
        assert.deepEqual(sectionLines(lines.join('\r\n'), Q), expected, 'CRLF');
      });
    }
  });

  describe('markdown for each construct', () => {
    const rows: Array<[string, string[], string]> = [
      [
        'inline literals, web links, :ref: roles and references',
        ['A: Like ``this`` and `that <https://e.example/>`_ and :ref:`the other <label>` and :ref:`bare` and `plain`_ and `anon`__.'],
        'A: Like `this` and [that](https://e.example/) and the other and bare and plain and anon.',
      ],
      ['a link to anything but a web page keeps only its words', ['See `here <command:evil>`_ now'], 'See here now'],
      ['markdown in prose is shown as written', ['a *b* [c](d) <e> _f_', '# not a heading', '> not a quote', '1. not a list'], 'a \\*b\\* \\[c\\](d) \\<e\\> \\_f\\_\n\\# not a heading\n\\> not a quote\n1\\. not a list'],
      [
        'a literal block after "::" (the colon kept after a word, dropped after a space)',
        ['Run this::', '', '    $ make', '      -j4', '', 'Then this ::', '', '  git am', '', 'End.'],
        'Run this:\n\n```\n$ make\n  -j4\n```\n\nThen this\n\n```\ngit am\n```\n\nEnd.',
      ],
      ['a literal block that holds a fence gets a longer one', ['Code::', '', '  ```', '  x'], 'Code:\n\n````\n```\nx\n````'],
      ['a lone "::" introduces the block and is not shown', ['Intro', '', '::', '', '  x'], 'Intro\n\n```\nx\n```'],
      [
        'an indented block without "::" is a quotation, and prose after it stays outside',
        ['Text:', '', '   quoted ``x`` line', '', '   # second', 'After.'],
        'Text:\n\n> quoted `x` line\n>\n> \\# second\n\nAfter.',
      ],
      [
        'bullets, nested or not, with continuation lines',
        ['List:', '', '  * one `a <https://a.example/>`_', '  - two', '    more', '', '* top', '- # hash'],
        'List:\n\n- one [a](https://a.example/)\n- two\n  more\n\n- top\n- \\# hash',
      ],
      ['blank lines collapse to one', ['a', '', '', '', 'b', ''], 'a\n\nb'],
    ];
    for (const [name, lines, expected] of rows) {
      it(name, () => {
        const rst = ['Q: How?', '-------', ...lines, '', 'Q: Next', '-------', 'not shown'];
        assert.equal(faqSectionMarkdown(rst.join('\n'), Q), HEAD + expected);
        assert.equal(faqSectionMarkdown(rst.join('\r\n'), Q), HEAD + expected, 'CRLF');
      });
    }

    it('escapes the heading and is undefined when the file lacks the section', () => {
      const odd: FaqSection = { heading: 'Q: *Why* <b>?', anchor: 'q-why-b' };
      assert.equal(faqSectionMarkdown('Q: *Why* <b>?\n-------------\nx', odd), '#### Q: \\*Why\\* \\<b\\>?\n\nx');
      assert.equal(faqSectionMarkdown('Q: Other\n--------\nx', odd), undefined);
    });
  });

  describe('on the FAQ itself', () => {
    for (const [key, section] of Object.entries(FAQ)) {
      it(`${key}: the section runs from below its heading to the next heading`, function () {
        requireShared(this);
        const rst = readFileSync(SEED_FAQ, 'utf8');
        const lines = rst.split('\n');
        const body = sectionLines(rst, section)!;
        const heading = faqHeadingLine(rst, section)!;
        assert.deepEqual(body, lines.slice(heading + 1, heading + 1 + body.length));
        assert.ok(body.some((l) => l.trim() !== ''), 'the section has text');
        const next = lines[heading + 1 + body.length];
        // What follows is the next section's heading, a directive, or the end of the file.
        const nextIsHeading = next !== undefined && RST_UNDERLINE.test(lines[heading + 2 + body.length] ?? '');
        assert.ok(next === undefined || nextIsHeading || next.startsWith('.. '), `section ends before ${JSON.stringify(next)}`);
        assert.ok(!body.some((l, i) => l.startsWith('Q: ') && /^[-=~^]{3,}\s*$/.test(body[i + 1] ?? '')), 'no other heading inside');
        const md = faqSectionMarkdown(rst, section)!;
        assert.ok(md.startsWith(`#### ${section.heading.replace(/[\\`*_[\]<>!&|~]/g, '\\$&')}\n\n`));
        assert.equal(md.match(/^####/gm)!.length, 1);
      });
    }
  });
});
