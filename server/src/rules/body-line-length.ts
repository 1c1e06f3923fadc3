import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'body-line-length',
  description: 'A commit message line is longer than the configured width.',
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  explanation: 'TODO',
  check() {},
};

export default rule;
