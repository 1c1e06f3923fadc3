/**
 * The TextMate grammars tokenized with VS Code's own engine (vscode-textmate +
 * oniguruma): each part of a patch gets the scope the theme colours.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';
import { AUTHOR, patch } from './helpers/mail';
import { REPO } from './helpers/paths';

const SYNTAXES = join(REPO, 'syntaxes');
let registry: Registry;

before(async () => {
  const wasm = readFileSync(join(REPO, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => {
      const file = { 'text.kernel-patch': 'kernel-patch.tmLanguage.json', 'text.git-commit.bpf-trailers': 'git-commit-trailers.injection.json' }[scope];
      if (file) return parseRawGrammar(readFileSync(join(SYNTAXES, file), 'utf8'), join(SYNTAXES, file));
      // source.diff is VS Code's built-in grammar; a one-rule stand-in shows that we embed it.
      if (scope === 'source.diff') return parseRawGrammar(JSON.stringify({ scopeName: 'source.diff', patterns: [{ match: '^\\+.*$', name: 'markup.inserted.diff' }] }), 'diff.json');
      return null;
    },
  });
});

/** Scopes of each token whose text matches `text` on the first line containing it. */
function scopesOf(grammar: IGrammar, doc: string, text: string): string[] {
  let state = INITIAL;
  for (const line of doc.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    const hit = r.tokens.find((t) => line.slice(t.startIndex, t.endIndex) === text);
    if (hit) return hit.scopes;
  }
  throw new Error(`no token "${text}"`);
}

describe('kernel-patch grammar', () => {
  it('scopes the subject prefix tokens, headers, trailers, separator, diffstat and the embedded diff', async () => {
    const g = (await registry.loadGrammar('text.kernel-patch'))!;
    const doc = patch({
      subject: '[RFC PATCH bpf-next v3 2/7] bpf: Do things',
      body: `Body.\n\nFixes: 0123456789ab ("bpf: Old")\nLink: https://lore.kernel.org/x\nSigned-off-by: ${AUTHOR}`,
    });
    assert.ok(scopesOf(g, doc, 'Subject').includes('keyword.other.header.kernel-patch'));
    assert.ok(scopesOf(g, doc, 'RFC').includes('keyword.control.patch.kernel-patch'));
    assert.ok(scopesOf(g, doc, 'bpf-next').includes('entity.name.tag.tree.kernel-patch'));
    assert.ok(scopesOf(g, doc, 'v3').includes('constant.numeric.version.kernel-patch'));
    assert.ok(scopesOf(g, doc, '2/7').includes('constant.numeric.numbering.kernel-patch'));
    assert.ok(scopesOf(g, doc, 'bpf: Do things').includes('markup.heading.summary.kernel-patch'));
    assert.ok(scopesOf(g, doc, '0123456789ab').includes('constant.numeric.sha.kernel-patch'));
    assert.ok(scopesOf(g, doc, '("bpf: Old")').includes('string.quoted.title.kernel-patch'));
    assert.ok(scopesOf(g, doc, '<jane@example.org>').some((s) => s.startsWith('string.other.email')));
    assert.ok(scopesOf(g, doc, 'https://lore.kernel.org/x').includes('markup.underline.link.kernel-patch'));
    assert.ok(scopesOf(g, doc, '---').includes('meta.separator.notes.kernel-patch'));
    assert.ok(scopesOf(g, doc, '+').includes('markup.inserted.kernel-patch'));
    assert.ok(scopesOf(g, doc, 'diff --git a/kernel/bpf/syscall.c b/kernel/bpf/syscall.c').includes('meta.embedded.block.diff'));
    assert.deepEqual(scopesOf(g, doc, '+\terr = -EINVAL;').slice(1), ['meta.embedded.block.diff', 'markup.inserted.diff']);
    assert.ok(scopesOf(g, doc, '2.43.0').includes('comment.line.signature.kernel-patch'));
  });

  it('colours trailers inside git-commit through the injection grammar', async () => {
    const injection = JSON.parse(readFileSync(join(SYNTAXES, 'git-commit-trailers.injection.json'), 'utf8'));
    assert.equal(injection.injectionSelector, 'L:text.git-commit -comment -meta.embedded');
    assert.deepEqual(injection.patterns, [{ include: 'text.kernel-patch#trailer' }]);
    const g = (await registry.loadGrammar('text.kernel-patch'))!;
    assert.ok(scopesOf(g, `Signed-off-by: ${AUTHOR}`, 'Signed-off-by').includes('keyword.other.trailer.kernel-patch'));
  });
});

describe('kernel-patch language configuration', () => {
  it("declares no bracket that C uses as an operator: a diff's `->` and `>>` would show as unmatched brackets (#14)", () => {
    const config = JSON.parse(readFileSync(join(SYNTAXES, 'kernel-patch.language-configuration.json'), 'utf8')) as { brackets: [string, string][] };
    assert.ok(config.brackets.length > 0);
    const code = ['+\tif (prog->aux->sleepable && (flags >> 1) < BPF_F_MAX)', '+\t\tregs[BPF_REG_0].type = ptr->type;', '-\tx <<= 2; y = a > b ? a : b;'];
    for (const line of code) {
      for (const [open, close] of config.brackets) {
        const count = (ch: string) => line.split(ch).length - 1;
        assert.equal(count(open), count(close), `${open}${close} unbalanced in ${line}`);
      }
    }
  });
});

