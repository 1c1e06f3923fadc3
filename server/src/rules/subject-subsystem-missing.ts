import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'subject-subsystem-missing',
  description: 'The summary does not start with a subsystem prefix such as "bpf: ".',
  severity: 'info',
  faq: FAQ.whichTree,
  explanation: 'TODO',
  check() {},
};

export default rule;
