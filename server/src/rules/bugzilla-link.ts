import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'bugzilla-link',
  description: 'The message points to bugzilla.kernel.org.',
  severity: 'warning',
  faq: FAQ.reportBugs,
  explanation: 'TODO',
  check() {},
};

export default rule;
