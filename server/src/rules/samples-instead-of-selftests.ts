import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'samples-instead-of-selftests',
  description: 'New files under samples/bpf/ without a selftests change.',
  severity: 'info',
  faq: FAQ.samplesVsSelftests,
  explanation: 'TODO',
  check() {},
};

export default rule;
