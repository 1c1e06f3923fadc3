import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'series-inconsistent-prefix',
  description: 'Tree, version or RFC differ between messages of one series.',
  severity: 'warning',
  faq: FAQ.whichTree,
  explanation: 'TODO',
  check() {},
};

export default rule;
