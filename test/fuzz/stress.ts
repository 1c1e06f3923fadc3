/**
 * Long-line stress for the property tests (#7): a regular expression that
 * backtracks over a whole line is quadratic, which the fuzzer's few-thousand-
 * character lines do not show but a pasted log or base64 blob does (8 s for
 * one 500,000-character line). Each document here puts one line of `length`
 * characters of a repeated pattern in one place of a patch or commit message;
 * linting it with every rule, and fixing it, must stay within a time budget
 * that only a superlinear rule can miss.
 */
import { fixAll } from '../../server/src/engine/fix-all';
import type { DocumentInput } from '../../server/src/engine/lint';
import { RULES } from '../../server/src/rules';
import { commitMessage, patch } from '../helpers/mail';
import { checkProperties, PropertyFailure } from './properties';

/** Patterns that defeat a naive regex: no terminator for the thing it looks for, or many false starts. */
export const FILLS = ['a+', 'a ', ' ', 'a:', ':', '(', '("', '[', 'x@', '<', 'a-', '0123456789ab ', 'Fixes: ', '\t', '=?', '1/', 'a.', '/', 'ab', '-', 'a_', '"', ', ', 'v2 ', '#', ' a', 'A-by: ', '8J+YgPCf'];

export const PLACES = ['body', 'subject', 'trailer', 'cc', 'commit', 'commit-title'] as const;
export type Place = (typeof PLACES)[number];

export function stressDocument(fill: string, place: Place, length: number): DocumentInput {
  const huge = ('a' + fill.repeat(Math.ceil(length / fill.length))).slice(0, length);
  const sob = 'Signed-off-by: A U Thor <a@example.org>';
  switch (place) {
    case 'body':
      return { id: 'stress.patch', text: patch({ body: `${huge}\n\n${sob}` }) };
    case 'subject':
      return { id: 'stress.patch', text: patch({ subject: `[PATCH bpf] bpf: ${huge}` }) };
    case 'trailer':
      return { id: 'stress.patch', text: patch({ body: `Text.\n\n${sob}\nFixes: ${huge}` }) };
    case 'cc':
      return { id: 'stress.patch', text: patch({ cc: huge }) };
    case 'commit':
      return { id: 'COMMIT_EDITMSG', text: commitMessage({ body: `${huge}\n\n${sob}` }), kind: 'message' };
    case 'commit-title':
      return { id: 'COMMIT_EDITMSG', text: commitMessage({ title: huge }), kind: 'message' };
  }
}

/**
 * Checks the properties on one stress document and that linting it with each
 * rule alone stays within `budgetMs` (so the failure names the slow rule).
 */
export function checkStress(doc: DocumentInput, budgetMs: number): void {
  for (const rule of RULES) {
    const t0 = performance.now();
    fixAll([doc], { rules: [rule] });
    const ms = performance.now() - t0;
    if (ms > budgetMs) {
      throw new PropertyFailure('linear-time', `${rule.id} took ${ms.toFixed(0)} ms (budget ${budgetMs}) on a ${doc.text.length}-character document: superlinear on a long line?`);
    }
  }
  checkProperties({ inputs: [doc] });
}
