import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'series-too-long',
  description: 'The series has more than 15 patches.',
  severity: 'warning',
  faq: FAQ.feedbackLatency,
  explanation: 'TODO',
  check() {},
};

export default rule;
