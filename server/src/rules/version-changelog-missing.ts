import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'version-changelog-missing',
  description: 'A v2 or later has no changelog below --- or in the cover letter.',
  severity: 'info',
  faq: FAQ.whichTree,
  explanation: 'TODO',
  check() {},
};

export default rule;
