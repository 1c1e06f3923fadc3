import type { Finding, Fix, TextEdit } from './types';
import { pushAll } from './arrays';

export class OverlappingEditsError extends Error {}

/** Applies non-overlapping edits (offsets into `text`) in one pass. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    if (e.start < cursor || e.end < e.start || e.end > text.length) {
      throw new OverlappingEditsError(`edit [${e.start}, ${e.end}) overlaps an earlier edit or leaves the text`);
    }
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

export interface FixChoice {
  /** Also apply the fix that adds the user's own Signed-off-by (`--signoff`). */
  readonly signOff?: boolean;
}

/**
 * The fix a "fix all" applies for a finding: only one its rule marked preferred
 * (or, when asked, the user's own sign-off). A lone fix is not assumed safe;
 * rules say so explicitly.
 */
export function preferredFix(f: Finding, choice: FixChoice = {}): Fix | undefined {
  return f.fixes.find((x) => x.isPreferred) ?? (choice.signOff ? f.fixes.find((x) => x.signOff) : undefined);
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at one point conflict too: their order would be arbitrary.
  return a.start < b.end && b.start < a.end || (a.start === b.start && (a.start === a.end || b.start === b.end));
}

/**
 * Picks preferred fixes of `findings` for one document, skipping any fix whose
 * edits overlap one already taken (a later pass after re-linting gets it), and
 * returns the edits to apply.
 */
export function collectFixEdits(findings: readonly Finding[], documentId: string, choice: FixChoice = {}): TextEdit[] {
  return collectFixes(findings, documentId, choice).edits;
}

/** collectFixEdits, also naming each finding whose fix was taken (to tell the user what changed). */
export function collectFixes(
  findings: readonly Finding[],
  documentId: string,
  choice: FixChoice = {},
): { edits: TextEdit[]; taken: { finding: Finding; fix: Fix }[] } {
  const edits: TextEdit[] = [];
  const taken: { finding: Finding; fix: Fix }[] = [];
  for (const f of findings) {
    if (f.document !== documentId) continue;
    const fix = preferredFix(f, choice);
    if (!fix || fix.edits.length === 0) continue;
    if (fix.edits.some((e) => edits.some((t) => overlaps(e, t)))) continue;
    // Identical edits from two findings (e.g. a shared insertion) apply once.
    pushAll(edits, fix.edits);
    taken.push({ finding: f, fix });
  }
  return { edits, taken };
}
