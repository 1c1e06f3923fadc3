import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'subject-version-format',
  description: 'The version in the subject prefix is not written v<N> with N of 2 or more.',
  severity: 'warning',
  faq: FAQ.whichTree,
  explanation: 'TODO',
  check() {},
};

export default rule;
