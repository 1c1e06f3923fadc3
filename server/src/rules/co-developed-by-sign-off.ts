import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'co-developed-by-sign-off',
  description: "Co-developed-by: is not followed by that person's Signed-off-by:.",
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  explanation: 'TODO',
  check() {},
};

export default rule;
