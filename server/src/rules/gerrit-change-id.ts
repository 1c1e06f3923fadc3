import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { deleteLine, lineOf, messagesWithText } from './util';

const CHANGE_ID = /^(\s*)change-id\s*:/i;

const rule: Rule = {
  id: 'gerrit-change-id',
  description: 'A Gerrit Change-Id: trailer is present.',
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  readiness: 'message',
  appliesTo: 'every-patch',
  explanation: [
    '`Change-Id:` is added by a Gerrit commit hook for an internal review system. It',
    'means nothing upstream and points to a server most readers cannot reach, so it',
    'should not end up in the kernel history. Remove it before sending (and consider',
    'disabling the hook in the repository you send from).',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      if (m.isCoverLetter) continue;
      for (const i of m.bodyLines) {
        const line = lineOf(m, i);
        const r = CHANGE_ID.exec(line.text);
        if (!r) continue;
        ctx.report(m, {
          message: 'Remove the Gerrit Change-Id: line; it has no meaning upstream.',
          range: { start: line.start + r[1].length, end: line.end },
          fixes: [{ title: 'Remove the Change-Id: line', edits: [deleteLine(m, line)], isPreferred: true }],
        });
      }
    }
  },
};

export default rule;
