/**
 * The property tests of issue #7 (test/fuzz/) in the normal suite, with few
 * cases so `npx mocha` stays fast: generated documents through fc.assert (a
 * failure is shrunk and printed with its seed and path), and corpus files
 * mutated by plans drawn with fc.sample, and a few long lines that must lint
 * in linear time. BPL_FUZZ_RUNS raises the count,
 * BPL_FUZZ_SEED changes the (otherwise fixed) seed; `npm run fuzz` runs
 * 100,000 documents. The last block checks that the checker itself catches
 * each kind of violation, with rules broken on purpose.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AUTHOR, patch } from './helpers/mail';
import { RULES } from '../server/src/rules';
import type { Rule, RuleContext } from '../server/src/engine/types';
import { caseArb, corpusCase, corpusFiles, hashSeed, materialize, planArb } from './fuzz/documents';
import { checkProperties, PropertyFailure, type PropertyName } from './fuzz/properties';
import { stressDocument, type Place } from './fuzz/stress';
import { lint } from '../server/src/engine/lint';
import { CORPUS, requireShared } from './helpers/paths';

const RUNS = Number(process.env.BPL_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.BPL_FUZZ_SEED ?? 7007);

describe('properties of every rule on fuzzed documents (#7)', function () {
  this.timeout(Math.max(30000, RUNS * 200));

  it(`hold for ${RUNS} generated documents (seed ${SEED})`, () => {
    fc.assert(
      fc.property(caseArb(), (c) => checkProperties(materialize(c))),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('hold for corpus files mutated by fc.sample plans', function () {
    requireShared(this, CORPUS);
    const files = corpusFiles();
    // An even spread over the corpus, two plans each: about RUNS / 2 cases.
    const n = Math.max(1, Math.min(files.length, Math.ceil(RUNS / 4)));
    const failures: string[] = [];
    for (let k = 0; k < n; k++) {
      const f = files[Math.floor((k * files.length) / n)];
      const seed = hashSeed(SEED, f.path);
      fc.sample(planArb, { seed, numRuns: 2 }).forEach((plan, j) => {
        try {
          checkProperties(materialize(corpusCase(f.path, plan)));
        } catch (err) {
          failures.push(`${err instanceof Error ? err.message : String(err)}\n  replay: npm run fuzz -- --replay 'sweep:${seed}:${j}:${f.path}'`);
        }
      });
    }
    assert.deepEqual(failures, []);
  });

  it('lint long lines in linear time', () => {
    // The patterns that found quadratic (or worse) regular expressions: trailer-syntax's
    // loose key, commit-message-empty's key line, body-line-length's URL scheme, the
    // lenient address reading and the RFC 5322 grammar on a long Cc: entry.
    // (trailer-syntax's was cubic: it goes last, as it would not fail but hang.)
    const cases: [string, Place, number][] = [
      [' ', 'commit', 200000],
      ['8J+YgPCf', 'body', 400000],
      ['ab', 'cc', 200000],
      ['a ', 'cc', 200000],
      ['a_', 'body', 200000],
    ];
    for (const [fill, place, length] of cases) {
      const doc = stressDocument(fill, place, length);
      const t0 = performance.now();
      lint([doc], { rules: RULES });
      const ms = performance.now() - t0;
      assert.ok(ms < 2000, `${JSON.stringify(fill)} × ${length} in ${place}: ${ms.toFixed(0)} ms`);
    }
  });
});

describe('the property checker (#7)', () => {
  const TEXT = patch({ body: `Explain the change.\n\nSigned-off-by: ${AUTHOR}` });
  const CRLF = TEXT.replace(/\n/g, '\r\n');

  /** A rule that reports once on the first message, as `report` says. */
  function rule(id: string, report: (ctx: RuleContext, text: string) => void): Rule {
    return { ...RULES[0], id, check: (ctx) => report(ctx, ctx.series.documents[0].text) };
  }

  function fails(property: PropertyName, rules: Rule[], text = TEXT): void {
    assert.throws(
      () => checkProperties({ inputs: [{ id: 'x.patch', text }], rules }),
      (err: unknown) => err instanceof PropertyFailure && err.property === property,
    );
  }

  it('passes the rule catalogue on a clean patch', () => {
    checkProperties({ inputs: [{ id: 'x.patch', text: TEXT }] });
    checkProperties({ inputs: [{ id: 'x.patch', text: CRLF }] });
  });

  it('reports a rule that throws (lint turns it into an "internal error" finding)', () => {
    fails('no-crash', [rule('throws', () => { throw new Error('boom'); })]);
  });

  it('reports ranges outside the document, splitting CRLF or a surrogate pair', () => {
    const at = (start: number, end: number) => rule('bad-range', (ctx) => ctx.report(ctx.series.messages[0], { message: 'x', range: { start, end } }));
    fails('ranges', [at(5, 3)]);
    fails('ranges', [at(0, TEXT.length + 1)]);
    fails('ranges', [at(CRLF.indexOf('\r\n') + 1, CRLF.indexOf('\r\n') + 1)], CRLF);
    const emoji = TEXT.replace('Explain', 'Expl😀ain');
    fails('ranges', [at(emoji.indexOf('😀') + 1, emoji.indexOf('😀') + 2)], emoji);
  });

  it('reports a fix whose edits overlap', () => {
    fails('fixes-apply', [
      rule('overlap', (ctx) =>
        ctx.report(ctx.series.messages[0], {
          message: 'x',
          range: { start: 0, end: 1 },
          fixes: [{ title: 'two edits on one spot', edits: [{ start: 0, end: 4, newText: 'a' }, { start: 2, end: 6, newText: 'b' }] }],
        }),
      ),
    ]);
  });

  it('reports a fix that writes LF into a CRLF document, or joins a CR and an LF', () => {
    fails(
      'line-endings',
      [rule('lf', (ctx) => ctx.report(ctx.series.messages[0], { message: 'x', range: { start: 0, end: 0 }, fixes: [{ title: 'add a line', edits: [{ start: 0, end: 0, newText: 'X-Foo: 1\n' }] }] }))],
      CRLF,
    );
    // `A\r` `B\n` `\n`: deleting line B as [start, next) leaves `A\r\n`, one line break fewer.
    const mixed = TEXT.replace('Explain the change.\n\n', 'Explain the change.\rB\n\n');
    const b = mixed.indexOf('B\n\n');
    fails('line-endings', [rule('join', (ctx) => ctx.report(ctx.series.messages[0], { message: 'x', range: { start: b, end: b + 1 }, fixes: [{ title: 'drop B', edits: [{ start: b, end: b + 2, newText: '' }] }] }))], mixed);
  });

  it('reports fix-all that does not settle, and a fix that adds an error', () => {
    // Always one more "!" at the end: fix-all stops after 10 passes and a second run goes on.
    const more = rule('more', (ctx, text) =>
      ctx.report(ctx.series.messages[0], { message: 'x', range: { start: 0, end: 0 }, fixes: [{ title: 'more', edits: [{ start: text.length, end: text.length, newText: '!' }], isPreferred: true }] }),
    );
    fails('idempotent', [more]);
    const writesBad = rule('writes-bad', (ctx, text) => {
      if (!text.includes('BAD')) ctx.report(ctx.series.messages[0], { message: 'x', range: { start: 0, end: 0 }, fixes: [{ title: 'bad', edits: [{ start: text.length, end: text.length, newText: 'BAD\n' }], isPreferred: true }] });
    });
    const hatesBad = rule('hates-bad', (ctx, text) => {
      if (text.includes('BAD')) ctx.report(ctx.series.messages[0], { message: 'x', range: { start: 0, end: 0 }, severity: 'error' });
    });
    fails('no-new-errors', [writesBad, hatesBad]);
  });
});
