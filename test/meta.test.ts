import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAQ, faqHeadingLine, sphinxAnchor } from '../server/src/engine/faq';
import { RULES } from '../server/src/rules';
import type { RuleFixtures } from './helpers/rule-tester';
import { REPO, SEED_FAQ, filesUnder, requireShared } from './helpers/paths';
import { maxOf, pushAll } from '../server/src/engine/arrays';
import { renderRuleTable, README_TABLE_BEGIN, README_TABLE_END } from '../scripts/rule-table';

describe('rule catalogue', () => {
  it('has unique, kebab-case ids', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('gives every rule a description, an explanation of its own and a FAQ section', () => {
    for (const r of RULES) {
      assert.ok(r.description.length > 10, `${r.id}: description`);
      assert.ok(!/TODO|PLACEHOLDER/.test(r.explanation), `${r.id}: explanation is a placeholder`);
      assert.ok(r.explanation.split(/[.!?](\s|$)/).filter((s) => s.trim().length > 0).length >= 2, `${r.id}: explanation too thin`);
      assert.ok(Object.values(FAQ).includes(r.faq), `${r.id}: faq must be one of FAQ's sections`);
    }
  });

  it('gives every rule fixtures that fire and fixtures that must not', () => {
    for (const r of RULES) {
      const file = join(__dirname, 'fixtures', 'rules', `${r.id}.ts`);
      assert.ok(existsSync(file), `missing ${file}`);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const f = require(file).default as RuleFixtures;
      assert.ok(f.accept.length >= 2, `${r.id}: needs at least 2 accept cases`);
      assert.ok(f.reject.length >= 2, `${r.id}: needs at least 2 reject cases`);
      // The golden record of what users read holds exactly the reject cases: none missing, none stale.
      const golden = join(__dirname, 'fixtures', 'rules', `${r.id}.golden.json`);
      assert.ok(existsSync(golden), `missing ${golden} (UPDATE_RULE_GOLDEN=1 npx mocha test/rules.test.ts)`);
      const names = new Set(f.reject.map((c) => c.name));
      assert.equal(names.size, f.reject.length, `${r.id}: two reject cases share a name`);
      assert.deepEqual(Object.keys(JSON.parse(readFileSync(golden, 'utf8')) as object).sort(), [...names].sort(), `${r.id}: golden record and reject cases differ`);
    }
  });

  it('keeps the README rule table generated from the metadata', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const a = readme.indexOf(README_TABLE_BEGIN);
    const b = readme.indexOf(README_TABLE_END);
    assert.ok(a >= 0 && b > a, 'README lacks the rule table markers');
    assert.equal(readme.slice(a + README_TABLE_BEGIN.length, b).trim(), renderRuleTable().trim(), 'run: npm run rules:doc');
  });
});

describe('FAQ links', () => {
  it('derives anchors the way Sphinx does', () => {
    assert.equal(
      sphinxAnchor('Q: How do I indicate which tree (bpf vs. bpf-next) my patch should be applied to?'),
      'q-how-do-i-indicate-which-tree-bpf-vs-bpf-next-my-patch-should-be-applied-to',
    );
    assert.equal(sphinxAnchor("Q: When should I add code to iproute2's BPF loader?"), 'q-when-should-i-add-code-to-iproute2-s-bpf-loader');
    assert.equal(sphinxAnchor('Q: samples/bpf preference vs selftests?'), 'q-samples-bpf-preference-vs-selftests');
    assert.equal(sphinxAnchor('1.2 Überblick -- Test'), 'uberblick-test');
    for (const s of Object.values(FAQ)) assert.equal(s.anchor, sphinxAnchor(s.heading));
  });

  it('cites only headings that exist in the FAQ', function () {
    requireShared(this);
    const rst = readFileSync(SEED_FAQ, 'utf8');
    for (const r of RULES) assert.ok(faqHeadingLine(rst, r.faq) !== undefined, `${r.id}: "${r.faq.heading}" is not a heading of the FAQ`);
  });

  it('explains rules in our own words, never the FAQ sentences', function () {
    requireShared(this);
    // Code spans (``x`` in reST, `x` in markdown) are literal syntax both texts must share; prose is compared.
    const words = (s: string) =>
      s.replace(/``[^`]*``|`[^`]*`/g, ' ').toLowerCase().replace(/[*_]/g, '').split(/[^a-z0-9@.-]+/).filter(Boolean);
    const faq = words(readFileSync(SEED_FAQ, 'utf8')).join(' ');
    const shingles = new Set<string>();
    const faqWords = faq.split(' ');
    for (let i = 0; i + 7 <= faqWords.length; i++) shingles.add(faqWords.slice(i, i + 7).join(' '));
    for (const r of RULES) {
      const w = words(`${r.description} ${r.explanation}`);
      for (let i = 0; i + 7 <= w.length; i++) {
        const s = w.slice(i, i + 7).join(' ');
        assert.ok(!shingles.has(s), `${r.id}: "${s}" is copied from the FAQ`);
      }
    }
  });
});

describe('source hygiene', () => {
  it('never spreads an array into a call: past ~100,000 elements the stack overflows (#18, item 12)', () => {
    const offenders: string[] = [];
    for (const dir of ['server/src', 'client/src']) {
      for (const file of filesUnder(join(REPO, dir)).filter((f) => f.endsWith('.ts'))) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, k) => {
            // Comments may say what not to do.
            if (/^\s*(\*|\/\/)/.test(line)) return;
            // A spread that is itself an argument (not inside an object or array literal argument).
            if (/(?:\.(?:push|unshift|splice|concat)|Math\.(?:max|min)|String\.fromCharCode|String\.fromCodePoint)\((?:[^(){}[\]]*,\s*)?\.\.\./.test(line)) {
              offenders.push(`${file.slice(REPO.length + 1)}:${k + 1}: ${line.trim()}`);
            }
          });
      }
    }
    assert.deepEqual(offenders, [], 'use pushAll/maxOf/minOf from server/src/engine/arrays.ts');
  });

  it('pushAll and maxOf hold for any length', () => {
    const big = Array.from({ length: 300_000 }, (_, i) => i);
    assert.equal(pushAll([], big).length, 300_000);
    assert.equal(maxOf(big), 299_999);
    assert.equal(maxOf([], 0), 0);
  });
});

describe('tests that need ../shared (#19)', () => {
  it('skip without it on a developer machine, and fail without it in CI', () => {
    const ctx = { skip: () => { throw new Error('skipped'); } } as unknown as Mocha.Context;
    const saved = process.env.CI;
    try {
      delete process.env.CI;
      assert.throws(() => requireShared(ctx, '/nonexistent/corpus'), /^Error: skipped$/);
      process.env.CI = 'true';
      // The first of ../shared's seed and the paths asked for that is missing is named.
      assert.throws(() => requireShared(ctx, '/nonexistent/corpus'), /\/(nonexistent\/corpus|bpf_devel_QA\.rst) is missing: CI lays \.\.\/shared beside the clone/);
    } finally {
      if (saved === undefined) delete process.env.CI;
      else process.env.CI = saved;
    }
  });
});

describe('mutation testing sees the in-process tests (#19)', () => {
  // Test files that import engine or rule code but are left out of scripts/mutation-specs.json, and why.
  const LEFT_OUT: Record<string, string> = {
    'test/corpus.test.ts': 'runs the built CLI (dist/, which holds no mutants) over the corpus',
    'test/format-patch.test.ts': 'runs git and the built CLI; the series plan it relies on is tested in process by series-plan.test.ts',
    'test/hostile-files.test.ts': 'runs the built CLI on hostile files; MAINTAINERS matching is tested in process by maintainers.test.ts',
    'test/lsp.test.ts': 'talks to the built language server over JSON-RPC',
    'test/other-editors.test.ts': 'drives Neovim and Emacs against the built server; it imports the plain-text conversion only to say what a plain hover holds',
    'test/package.test.ts': 'reads package.json and the .vsix; of the engine it reads one constant (the default line length)',
    'test/properties.test.ts': 'generated documents against invariants: slow per mutant, and a kill there names no behaviour',
  };

  it('lists every test file that runs engine, rule or conversion code in process, or says why not', () => {
    const specs = JSON.parse(readFileSync(join(REPO, 'scripts', 'mutation-specs.json'), 'utf8')) as Record<'engine' | 'rules' | 'lsp', string[]>;
    const listed = new Set([...specs.engine, ...specs.rules, ...specs.lsp]);
    for (const f of listed) assert.ok(existsSync(join(REPO, f)), `${f} is listed but does not exist`);
    const missing = readdirSync(join(REPO, 'test'))
      .filter((n) => n.endsWith('.test.ts'))
      .map((n) => `test/${n}`)
      .filter((f) => /server\/src\/(engine|rules|lsp\/(convert|snapshots|plaintext))|cli-in-process/.test(readFileSync(join(REPO, f), 'utf8')))
      .filter((f) => !listed.has(f) && !(f in LEFT_OUT));
    assert.deepEqual(missing, []);
    for (const f of Object.keys(LEFT_OUT)) assert.ok(!listed.has(f), `${f} is both listed and left out`);
  });
});
