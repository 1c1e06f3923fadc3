/**
 * Hover markdown built from text we did not write (#18, item 5): whatever a
 * commit subject, a quoted document line or a planted FAQ holds, a CommonMark
 * renderer shows it as text, with no link, image, HTML or heading of its own.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
type Token = ReturnType<MarkdownIt['parse']>[number];
import { codeBlock, codeSpan, escapeMarkdown, escapeMarkdownLine, messageMarkdown, webLink } from '../server/src/engine/markdown';
import { faqSectionMarkdown } from '../server/src/engine/rst';
import { FAQ } from '../server/src/engine/faq';

// html on, so that any HTML that got through shows up as an html token.
const md = new MarkdownIt({ html: true, linkify: false });

function tokens(markdown: string): Token[] {
  const out: Token[] = [];
  const walk = (list: Token[]) => {
    for (const t of list) {
      out.push(t);
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}));
  return out;
}

/** What a reader sees: text and code, in order. */
function shownText(markdown: string): string {
  return tokens(markdown)
    .filter((t) => t.type === 'text' || t.type === 'code_inline')
    .map((t) => t.content)
    .join('');
}

const ACTIVE = ['link_open', 'image', 'html_inline', 'html_block', 'heading_open', 'bullet_list_open', 'ordered_list_open', 'blockquote_open', 'fence', 'code_block', 'hr', 'table_open', 's_open', 'em_open', 'strong_open'];

function active(markdown: string): string[] {
  return tokens(markdown)
    .filter((t) => ACTIVE.includes(t.type))
    .map((t) => t.type);
}

// Strings made of the characters markdown cares about, with words and spaces between.
const hostile = fc.string({
  unit: fc.constantFrom(...'\\`*_[]()<>!&|~#+-=.:1 \n\tabchttps/', '![x](https://evil.example/p.png)', '[run](command:workbench.action.terminal.new)', '<img src=x>', '&lt;', '    ', '```'),
  maxLength: 40,
});

describe('markdown from untrusted text (#18, item 5)', () => {
  it('shows escaped text exactly as written, with no markup of its own, at the start of a line or after ours', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const flat = s.replace(/[\r\n]+/g, ' ');
        const after = `**rule** (error): ${escapeMarkdown(s)}`;
        assert.deepEqual(active(after), ['strong_open']);
        assert.equal(shownText(after), `rule (error): ${flat}`.trimEnd());
      }),
      { seed: 18, numRuns: 2000 },
    );
  });

  it('keeps a message code spans as code and everything else as text, whatever backticks the quoted text brings', () => {
    assert.equal(messageMarkdown('Use `Fixes:` here.'), 'Use `Fixes:` here.');
    assert.equal(messageMarkdown('Duplicate Fixes tag: Fixes: 1234 ("![x](https://e.example/p.png)") is already above.'), 'Duplicate Fixes tag: Fixes: 1234 ("\\!\\[x\\](https://e.example/p.png)") is already above.');
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const m = messageMarkdown(`The \`${a}\` line says "${b}".`);
        assert.deepEqual(active(m), []);
      }),
      { seed: 5, numRuns: 2000 },
    );
  });

  it('makes code spans and blocks that the text cannot close early', () => {
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('`x'), '`` `x ``');
    assert.equal(shownText(codeSpan('``a```')), '``a```');
    const block = codeBlock(['```', '[x](command:evil)', '````']);
    assert.deepEqual(block[0], '`````');
    assert.deepEqual(tokens(block.join('\n')).filter((t) => t.type === 'fence').map((t) => t.content), ['```\n[x](command:evil)\n````\n']);
  });

  it('keeps text exactly at the start of a line, whatever block markup it begins with', () => {
    for (const start of ['# title', '> quote', '- item', '+ item', '= under', '10. item', '7) item', '  - nested', '1.5 is a number']) {
      const md = escapeMarkdownLine(start);
      assert.deepEqual(active(md), [], `${start} -> ${md}`);
      assert.equal(shownText(md), start.trim(), start);
    }
    fc.assert(
      fc.property(hostile, (s) => {
        const md = escapeMarkdownLine(s);
        assert.deepEqual(active(md), []);
        assert.equal(shownText(md), s.replace(/[\r\n]+/g, ' ').trim());
      }),
      { seed: 55, numRuns: 2000 },
    );
  });

  it('shows a message as written: code spans as code, an unpaired or empty pair of backticks as backticks', () => {
    const words = fc.string({ unit: fc.constantFrom(...'abc []()<>!*_#:.-'), minLength: 1, maxLength: 12 }).filter((w) => w.trim() === w);
    fc.assert(
      fc.property(words, words, (a, b) => {
        assert.equal(shownText(messageMarkdown(`Use \`${a}\` for ${b}.`)), `Use ${a} for ${b}.`);
        assert.equal(shownText(messageMarkdown(`An unpaired \`${a} ${b}`)), `An unpaired \`${a} ${b}`);
      }),
      { seed: 66, numRuns: 500 },
    );
    assert.equal(shownText(messageMarkdown('Empty `` pair')), 'Empty `` pair');
    assert.equal(shownText(codeSpan('a`')), 'a`');
    assert.equal(shownText(codeSpan(' x')), ' x');
  });

  it('links only to web pages', () => {
    assert.equal(webLink('the FAQ', 'https://www.kernel.org/doc/'), '[the FAQ](https://www.kernel.org/doc/)');
    assert.equal(webLink('run', 'command:workbench.action.terminal.new'), 'run');
    assert.equal(webLink('x', 'file:///etc/passwd'), 'x');
    assert.equal(webLink('x', 'javascript:alert(1)'), 'x');
    assert.equal(webLink('x', 'https://e.example/a) [y](command:z'), 'x');
    // A web address inside another scheme's target does not make it a web link.
    assert.equal(webLink('x', 'command:evil?https://e.example/'), 'x');
    assert.equal(webLink('x', 'http://e.example/'), '[x](http://e.example/)');
  });

  it('renders a planted FAQ section as its words, keeping web links and literal blocks', () => {
    const planted = [
      'Q: The BPF patch I am about to submit needs to go to stable as well',
      '-------------------------------------------------------------------',
      '# Not a heading ![track](https://evil.example/pixel.png) <img src=https://evil.example/x.png>',
      '[Run me](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D) and `click <command:evil>`_',
      'and `the real page <https://www.kernel.org/doc/html/latest/>`_ and ``Cc: stable``.',
      '',
      '* a bullet with <b>bold</b>',
      '',
      'Run this::',
      '',
      '  ```',
      '  [escape](command:evil)',
      '',
      'Q: Next',
      '-------',
    ].join('\n');
    const out = faqSectionMarkdown(planted, FAQ.stable)!;
    const kinds = active(out);
    assert.deepEqual(kinds, ['heading_open', 'link_open', 'bullet_list_open', 'fence']);
    const links = tokens(out).filter((t) => t.type === 'link_open').map((t) => t.attrGet('href'));
    assert.deepEqual(links, ['https://www.kernel.org/doc/html/latest/']);
    assert.match(shownText(out), /# Not a heading !\[track\]\(https:\/\/evil\.example\/pixel\.png\) <img src=https:\/\/evil\.example\/x\.png>/);
    assert.match(shownText(out), /\[Run me\]\(command:workbench/);
    assert.match(shownText(out), /a bullet with <b>bold<\/b>/);
    assert.match(out, /`Cc: stable`/);
  });
});
