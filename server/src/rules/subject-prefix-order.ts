import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'subject-prefix-order',
  description: 'Subject prefix tokens are out of the order [RFC] PATCH <tree> vN n/m.',
  severity: 'warning',
  faq: FAQ.whichTree,
  explanation: 'TODO',
  check() {},
};

export default rule;
