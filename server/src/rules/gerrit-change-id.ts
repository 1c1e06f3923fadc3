import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'gerrit-change-id',
  description: 'A Gerrit Change-Id: trailer is present.',
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  explanation: 'TODO',
  check() {},
};

export default rule;
