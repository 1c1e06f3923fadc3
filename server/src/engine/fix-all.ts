import { applyEdits, collectFixes, type FixChoice } from './fixes';
import { lint, type DocumentInput, type LintOptions, type LintResult } from './lint';

/** A fix fix-all applied: where (0-based line and column in the text it was applied to) and what. */
export interface AppliedFix {
  readonly document: string;
  readonly rule: string;
  readonly title: string;
  readonly line: number;
  readonly character: number;
}

export interface FixAllResult {
  /** Fixed text per document id (only documents that changed). */
  readonly changed: ReadonlyMap<string, string>;
  /** The findings left after the last pass. */
  readonly result: LintResult;
  readonly passes: number;
  /** Every fix applied, in the order of the passes. */
  readonly applied: readonly AppliedFix[];
}

export interface FixAllOptions extends FixChoice {
  /** Documents linted but never changed. */
  readonly readOnly?: ReadonlySet<string>;
  readonly maxPasses?: number;
}

/**
 * Applies preferred fixes repeatedly: fixes whose edits overlap wait for the
 * next pass over the re-linted text (as ESLint does), up to `maxPasses`.
 */
export function fixAll(inputs: readonly DocumentInput[], options: LintOptions, how: FixAllOptions = {}): FixAllResult {
  const readOnly = how.readOnly ?? new Set<string>();
  const maxPasses = how.maxPasses ?? 10;
  let docs = inputs.map((d) => ({ ...d }));
  const original = new Map(inputs.map((d) => [d.id, d.text]));
  let result = lint(docs, options);
  let passes = 0;
  const applied: AppliedFix[] = [];
  while (passes < maxPasses) {
    let progressed = false;
    const parsed = new Map(result.documents.map((d) => [d.id, d]));
    docs = docs.map((d) => {
      if (readOnly.has(d.id)) return d;
      const { edits, taken } = collectFixes(result.findings, d.id, how);
      if (edits.length === 0) return d;
      const text = applyEdits(d.text, edits);
      if (text === d.text) return d;
      progressed = true;
      for (const { finding, fix } of taken) {
        const at = parsed.get(d.id)!.lines.positionAt(fix.edits[0].start);
        applied.push({ document: d.id, rule: finding.rule, title: fix.title, line: at.line, character: at.character });
      }
      return { ...d, text };
    });
    if (!progressed) break;
    passes++;
    result = lint(docs, options);
  }
  const changed = new Map<string, string>();
  for (const d of docs) if (d.text !== original.get(d.id)) changed.set(d.id, d.text);
  return { changed, result, passes, applied };
}
