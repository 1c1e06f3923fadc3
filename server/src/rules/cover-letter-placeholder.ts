import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'cover-letter-placeholder',
  description: 'The cover letter still has *** SUBJECT HERE *** or *** BLURB HERE ***.',
  severity: 'error',
  faq: FAQ.minimumRequirement,
  explanation: 'TODO',
  check() {},
};

export default rule;
