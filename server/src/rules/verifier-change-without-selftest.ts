import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'verifier-change-without-selftest',
  description: 'kernel/bpf/verifier.c changes without a selftests change.',
  severity: 'warning',
  faq: FAQ.verifierTests,
  explanation: 'TODO',
  check() {},
};

export default rule;
