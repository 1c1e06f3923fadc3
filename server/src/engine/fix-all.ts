import { applyEdits, collectFixEdits } from './fixes';
import { lint, type DocumentInput, type LintOptions, type LintResult } from './lint';

export interface FixAllResult {
  /** Fixed text per document id (only documents that changed). */
  readonly changed: ReadonlyMap<string, string>;
  /** The findings left after the last pass. */
  readonly result: LintResult;
  readonly passes: number;
}

/**
 * Applies preferred fixes repeatedly: fixes whose edits overlap wait for the
 * next pass over the re-linted text (as ESLint does), up to `maxPasses`.
 * Documents whose id is in `readOnly` are linted but never changed.
 */
export function fixAll(
  inputs: readonly DocumentInput[],
  options: LintOptions,
  readOnly: ReadonlySet<string> = new Set(),
  maxPasses = 10,
): FixAllResult {
  let docs = inputs.map((d) => ({ ...d }));
  const original = new Map(inputs.map((d) => [d.id, d.text]));
  let result = lint(docs, options);
  let passes = 0;
  while (passes < maxPasses) {
    let progressed = false;
    docs = docs.map((d) => {
      if (readOnly.has(d.id)) return d;
      const edits = collectFixEdits(result.findings, d.id);
      if (edits.length === 0) return d;
      const text = applyEdits(d.text, edits);
      if (text === d.text) return d;
      progressed = true;
      return { ...d, text };
    });
    if (!progressed) break;
    passes++;
    result = lint(docs, options);
  }
  const changed = new Map<string, string>();
  for (const d of docs) if (d.text !== original.get(d.id)) changed.set(d.id, d.text);
  return { changed, result, passes };
}
