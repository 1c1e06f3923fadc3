import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'fixes-tag-format',
  description: 'A Fixes tag is not in the form Fixes: <12+ hex> ("<subject>").',
  severity: 'error',
  faq: FAQ.minimumRequirement,
  explanation: 'TODO',
  check() {},
};

export default rule;
