import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'series-incomplete',
  description: 'Patch numbering in the series has gaps, duplicates or inconsistent totals.',
  severity: 'error',
  faq: FAQ.whichTree,
  explanation: 'TODO',
  check() {},
};

export default rule;
