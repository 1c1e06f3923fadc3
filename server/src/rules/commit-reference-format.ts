import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'commit-reference-format',
  description: 'A commit is mentioned in prose without the form commit <12+ hex> ("<subject>").',
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  explanation: 'TODO',
  check() {},
};

export default rule;
