/**
 * The rule catalogue. Ids are a contract: configs, suppressions and the CLI's
 * output use them. Order here is the order rules run and are listed in.
 */
import type { Rule } from '../engine/types';
import ccStable from './cc-stable';
import signedOffByMissing from './signed-off-by-missing';
import subjectTreeMissing from './subject-tree-missing';
import subjectTreeUnknown from './subject-tree-unknown';

export const RULES: readonly Rule[] = [
  subjectTreeMissing,
  subjectTreeUnknown,
  signedOffByMissing,
  ccStable,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
