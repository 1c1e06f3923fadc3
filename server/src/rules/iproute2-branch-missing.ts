import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'iproute2-branch-missing',
  description: 'An iproute2 patch does not name its branch (master or net-next).',
  severity: 'warning',
  faq: FAQ.iproute2Patches,
  explanation: 'TODO',
  check() {},
};

export default rule;
