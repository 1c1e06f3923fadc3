import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { means, trailerLines, URL_KEYS } from './trailer-syntax';
import { messagesWithText } from './util';

/**
 * Mail archives other than lore, which keep copies under their own numbers.
 * Not `lkml.kernel.org/r/<id>` nor `patch.msgid.link/<id>`: kernel.org's
 * redirects to lore by message id, which maintainers' tools write (27 applied
 * commits of the corpus have the first).
 */
const OTHER_ARCHIVES = /^<?https?:\/\/(?:www\.)?(lkml\.org|marc\.info|(?:www\.)?spinics\.net|(?:www\.)?mail-archive\.com|lkml\.iu\.edu|[a-z0-9.-]*\.narkive\.com|lore\.kernel\.org\.cn)\//i;

const rule: Rule = {
  id: 'link-not-lore',
  description: 'A Link: or Closes: points at a mail archive other than lore.kernel.org.',
  severity: 'info',
  faq: FAQ.minimumRequirement,
  readiness: 'message',
  appliesTo: 'every-patch',
  explanation: [
    'The kernel\'s process documents ask for links to list discussions in the',
    '`https://lore.kernel.org/r/<message-id>` form: lore keeps every list, resolves a',
    'message id without knowing which list carried it, and tools (b4, the netdev CI,',
    'backport scripts) follow those links. Other archives number messages their own way,',
    'come and go, and say nothing to those tools: find the message on lore (search it by',
    'subject) and link that. kernel.org\'s own redirects by message id',
    '(`https://lkml.kernel.org/r/<id>`, `https://patch.msgid.link/<id>`) lead to lore and are fine.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      for (const t of trailerLines(m)) {
        if (!URL_KEYS.some((k) => means(t, k))) continue;
        const other = OTHER_ARCHIVES.exec(t.value.trim());
        if (!other) continue;
        ctx.report(m, {
          message: `${other[1]} is not lore.kernel.org: link the same message as https://lore.kernel.org/r/<message-id>, which tools and later readers can follow.`,
          range: t.valueSpan,
        });
      }
    }
  },
};

export default rule;
