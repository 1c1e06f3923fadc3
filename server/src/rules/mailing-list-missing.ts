import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';

// PLACEHOLDER: to be implemented (check, fixes, explanation in our own words).
const rule: Rule = {
  id: 'mailing-list-missing',
  description: 'The mail is not addressed to bpf@vger.kernel.org or netdev@vger.kernel.org.',
  severity: 'warning',
  faq: FAQ.mailingList,
  explanation: 'TODO',
  check() {},
};

export default rule;
