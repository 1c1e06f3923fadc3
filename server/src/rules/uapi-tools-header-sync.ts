import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'uapi-tools-header-sync',
  description: 'include/uapi/linux/bpf.h changes without the tools/include copy.',
  severity: 'warning',
  faq: FAQ.bpftool,
  explanation: 'TODO',
  check() {},
};

export default rule;
