/**
 * Accept/reject tables for rules (in the manner of stylelint's rule tests).
 *
 * A reject case marks each expected finding's range in its text with ⟪ and ⟫;
 * the markers are stripped before linting and their offsets become the exact
 * expected ranges. `fixed` is the text after applying this rule's preferred
 * fixes; the fixed text is linted again. Every case also runs with CRLF line
 * endings, so fixes must keep the document's terminator.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ConfigInput } from '../../server/src/engine/config';
import type { EngineFacts } from '../../server/src/engine/facts';
import { applyEdits, collectFixEdits } from '../../server/src/engine/fixes';
import { lint, type DocumentInput } from '../../server/src/engine/lint';
import type { DocumentKind } from '../../server/src/engine/model';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding, Rule, Severity } from '../../server/src/engine/types';
import { RULES } from '../../server/src/rules';

export const OPEN = '⟪';
export const CLOSE = '⟫';

export interface DocumentCase {
  id: string;
  text: string;
  kind?: DocumentKind;
}

export interface CaseBase {
  name: string;
  /** A single document; or use `documents` for a series. */
  text?: string;
  documents?: DocumentCase[];
  kind?: DocumentKind;
  config?: ConfigInput;
  facts?: EngineFacts;
  /** Skip the CRLF variant (for cases about line endings themselves). */
  noCrlf?: boolean;
}

export interface RejectCase extends CaseBase {
  /** Checked in range order, one per marked range (omit to check ranges only); `fixes` are the titles a user is offered, in order. */
  findings?: { message?: RegExp | string; severity?: Severity; fixes?: string[]; related?: string[] }[];
  /** Text after applying the rule's preferred fixes; for a series, by document id. */
  fixed?: string | Record<string, string>;
  /** Apply, for each finding, the fix whose title matches this instead of the preferred one. */
  fixTitle?: RegExp;
  /** Fix as `--fix --signoff` does: the user's own sign-off is applied too. */
  signOff?: boolean;
}

export interface RuleFixtures {
  accept: CaseBase[];
  reject: RejectCase[];
}

export function fixtures(f: RuleFixtures): RuleFixtures {
  return f;
}

interface Expected {
  document: string;
  start: number;
  end: number;
}

/** Removes ⟪⟫ markers, returning the clean text and the marked ranges. */
export function stripMarkers(marked: string): { text: string; ranges: { start: number; end: number }[] } {
  let text = '';
  const ranges: { start: number; end: number }[] = [];
  const open: number[] = [];
  for (const ch of marked) {
    if (ch === OPEN) open.push(text.length);
    else if (ch === CLOSE) {
      const start = open.pop();
      if (start === undefined) throw new Error('unbalanced ⟫ in fixture');
      ranges.push({ start, end: text.length });
    } else text += ch;
  }
  if (open.length) throw new Error('unbalanced ⟪ in fixture');
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text, ranges };
}

function docsOf(c: CaseBase, crlf: boolean): DocumentCase[] {
  const docs = c.documents ?? [{ id: 'test.patch', text: c.text ?? '', kind: c.kind }];
  return docs.map((d) => ({ ...d, kind: d.kind ?? c.kind, text: crlf ? toCrlf(d.text) : d.text }));
}

export function toCrlf(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}

export function describeRange(text: string, s: { start: number; end: number }): string {
  const idx = new LineIndex(text);
  const a = idx.positionAt(s.start);
  const b = idx.positionAt(s.end);
  return `${a.line + 1}:${a.character + 1}-${b.line + 1}:${b.character + 1} ${JSON.stringify(text.slice(s.start, s.end))}`;
}

/**
 * Lints with `rules`: the rule under test alone where only its findings are
 * looked at (so a mutation tester credits a fixture to its own rule, not to
 * all of them), every rule where a fix must add no error of another.
 */
function run(inputs: DocumentInput[], c: CaseBase, rules: readonly Rule[] = RULES) {
  return lint(inputs, { rules, config: c.config, facts: c.facts });
}

function errorCounts(findings: readonly Finding[], exceptRule: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) {
    if (f.severity !== 'error' || f.rule === exceptRule) continue;
    out.set(f.rule, (out.get(f.rule) ?? 0) + 1);
  }
  return out;
}

function assertNoNewErrors(before: readonly Finding[], after: readonly Finding[], rule: string, what: string): void {
  const b = errorCounts(before, rule);
  for (const [r, n] of errorCounts(after, rule)) {
    assert.ok(n <= (b.get(r) ?? 0), `${what} introduced a new ${r} error`);
  }
}

/** A reject case's documents without their ⟪⟫ markers, and the ranges the markers stood for. */
function rejectInputs(c: RejectCase, crlf: boolean): { inputs: DocumentInput[]; expected: Expected[] } {
  const expected: Expected[] = [];
  const inputs: DocumentInput[] = docsOf(c, crlf).map((d) => {
    const s = stripMarkers(d.text);
    for (const r of s.ranges) expected.push({ document: d.id, ...r });
    return { id: d.id, text: s.text, kind: d.kind };
  });
  return { inputs, expected };
}

/**
 * What a user reads of each reject case's findings, in range order: severity,
 * message, fix titles, related locations' text. Kept per rule in
 * `<rule-id>.golden.json` beside the fixtures (gitlint's golden output, #19):
 * a changed word in a message or a fix title shows in review. Line endings
 * change none of it, so the CRLF variants are held to the same record.
 * Regenerate with UPDATE_RULE_GOLDEN=1 and review the diff.
 */
export type Golden = Record<string, { severity: string; message: string; fixes: string[]; related: string[] }[]>;

function goldenOf(findings: readonly Finding[]): Golden[string] {
  return [...findings]
    .sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end)
    .map((f) => ({ severity: f.severity, message: f.message, fixes: f.fixes.map((x) => x.title), related: f.related.map((r) => r.message) }));
}

export function testRule(rule: Rule, f: RuleFixtures, goldenFile?: string): void {
  const updating = process.env.UPDATE_RULE_GOLDEN === '1';
  const existing: Golden = goldenFile && existsSync(goldenFile) ? (JSON.parse(readFileSync(goldenFile, 'utf8')) as Golden) : {};
  const golden: Golden = updating ? {} : existing;
  // A run filtered with --grep records only the cases it ran: the others keep their
  // record (a filtered update once emptied trailer-syntax's), and gone cases lose theirs.
  const recorded: Golden = { ...existing };
  describe(rule.id, () => {
    if (goldenFile && updating) {
      after(() => {
        const inOrder = Object.fromEntries(f.reject.filter((c) => recorded[c.name]).map((c) => [c.name, recorded[c.name]]));
        writeFileSync(goldenFile, `${JSON.stringify(inOrder, null, 2)}\n`);
      });
    }
    for (const crlf of [false, true]) {
      const suffix = crlf ? ' (CRLF)' : '';
      for (const c of f.accept) {
        if (crlf && c.noCrlf) continue;
        it(`accepts: ${c.name}${suffix}`, () => {
          const inputs = docsOf(c, crlf).map((d) => ({ id: d.id, text: stripMarkers(d.text).text, kind: d.kind }));
          const texts = new Map(inputs.map((d) => [d.id, d.text]));
          const found = run(inputs, c, [rule]).findings.filter((x) => x.rule === rule.id);
          assert.deepEqual(
            found.map((x) => `${x.message} @ ${describeRange(texts.get(x.document)!, x.range)}`),
            [],
          );
        });
      }
      for (const c of f.reject) {
        if (crlf && c.noCrlf) continue;
        it(`rejects: ${c.name}${suffix}`, () => {
          const { inputs, expected } = rejectInputs(c, crlf);
          const texts = new Map(inputs.map((d) => [d.id, d.text]));
          assert.ok(expected.length > 0, 'a reject case must mark at least one range');
          const mine = run(inputs, c, [rule]).findings.filter((x) => x.rule === rule.id);
          const show = (e: { document: string; start: number; end: number }) =>
            `${e.document} ${describeRange(texts.get(e.document)!, e)}`;
          assert.deepEqual(
            mine.map((x) => show({ document: x.document, ...x.range })).sort(),
            expected.map(show).sort(),
          );
          if (goldenFile) {
            if (updating) {
              if (!crlf) recorded[c.name] = goldenOf(mine);
            } else {
              assert.ok(golden[c.name], `no golden record for "${c.name}": run with UPDATE_RULE_GOLDEN=1 and review ${goldenFile}`);
              assert.deepEqual(goldenOf(mine), golden[c.name], `what a user reads of "${c.name}" changed (UPDATE_RULE_GOLDEN=1 to accept)`);
            }
          }
          const ordered = [...mine].sort((a, b) => a.range.start - b.range.start);
          (c.findings ?? []).forEach((exp, k) => {
            const got = ordered[k];
            if (typeof exp.message === 'string') assert.equal(got.message, exp.message);
            else if (exp.message) assert.match(got.message, exp.message);
            if (exp.severity) assert.equal(got.severity, exp.severity);
            if (exp.fixes) assert.deepEqual(got.fixes.map((x) => x.title), exp.fixes);
            if (exp.related) assert.deepEqual(got.related.map((r) => r.message), exp.related);
          });

          // Each fix on its own removes its finding; preferred fixes add no error elsewhere.
          for (const finding of mine) {
            for (const fix of finding.fixes) {
              const fixedInputs = inputs.map((d) =>
                d.id === finding.document ? { ...d, text: applyEdits(d.text, fix.edits) } : d,
              );
              const left = run(fixedInputs, c, [rule]).findings.filter((x) => x.rule === rule.id).length;
              assert.ok(left < mine.length, `fix "${fix.title}" did not remove its finding`);
              for (const e of fix.edits) {
                if (crlf) assert.ok(!/(^|[^\r])\n/.test(e.newText), `fix "${fix.title}" inserts a bare \\n into a CRLF document`);
              }
            }
          }

          if (c.fixed !== undefined) {
            const wanted = typeof c.fixed === 'string' ? { [inputs[0].id]: c.fixed } : c.fixed;
            const chosen = c.fixTitle
              ? mine.map((f) => ({ ...f, fixes: f.fixes.filter((x) => c.fixTitle!.test(x.title)).map((x) => ({ ...x, isPreferred: true })) }))
              : mine;
            if (c.fixTitle) assert.ok(chosen.some((f) => f.fixes.length > 0), `no fix titled ${c.fixTitle}`);
            const fixedInputs = inputs.map((d) => ({ ...d, text: applyEdits(d.text, collectFixEdits(chosen, d.id, { signOff: c.signOff })) }));
            for (const d of fixedInputs) {
              if (wanted[d.id] === undefined) continue;
              assert.equal(d.text, crlf ? toCrlf(wanted[d.id]) : wanted[d.id]);
            }
            const again = run(fixedInputs, c, [rule]).findings;
            assert.ok(
              again.filter((x) => x.rule === rule.id).length < mine.length,
              'applying all preferred fixes left every finding in place',
            );
          }
        });
      }
    }
    // With every rule: what this rule's fixes do to the rest of the message (one test per
    // rule, so the per-case tests above stay about this rule alone).
    it('its preferred fixes add no error of another rule', () => {
      for (const crlf of [false, true]) {
        for (const c of f.reject) {
          if (crlf && c.noCrlf) continue;
          const what = `${c.name}${crlf ? ' (CRLF)' : ''}`;
          const { inputs } = rejectInputs(c, crlf);
          const result = run(inputs, c);
          const mine = result.findings.filter((x) => x.rule === rule.id);
          for (const finding of mine) {
            for (const fix of finding.fixes) {
              if (!fix.isPreferred && !fix.signOff) continue;
              const fixedInputs = inputs.map((d) => (d.id === finding.document ? { ...d, text: applyEdits(d.text, fix.edits) } : d));
              assertNoNewErrors(result.findings, run(fixedInputs, c).findings, rule.id, `${what}: fix "${fix.title}"`);
            }
          }
          if (c.fixed !== undefined && !c.fixTitle) {
            const fixedInputs = inputs.map((d) => ({ ...d, text: applyEdits(d.text, collectFixEdits(mine, d.id, { signOff: c.signOff })) }));
            assertNoNewErrors(result.findings, run(fixedInputs, c).findings, rule.id, `${what}: applying all preferred fixes`);
          }
        }
      }
    });
  });
}
