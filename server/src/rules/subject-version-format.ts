import { FAQ } from '../engine/faq';
import type { Message } from '../engine/model';
import { GLUED_VERSION, versionToken } from '../engine/parse/subject';
import type { Fix, Report, Rule } from '../engine/types';
import { prefixItems, removalEdit, visible } from './subject-prefix-order';
import { mails } from './util';

/** A word the parser would read as the version (see parse/subject.ts). */
const VERSION_WORD = /^(?:v|ver|version)\.?\s*\d+$/i;

/**
 * Spellings every tool reads right (`V3`, `PATCHv2`, an explicit `v1`): worth
 * tidying, not worth a review round-trip.
 */
const COSMETIC = 'info' as const;

function versionFinding(m: Message): Report | undefined {
  const subject = m.subject!;
  const p = subject.prefix;
  const v = p.version;
  if (!v) {
    // Without a version token, versionToken() is the glued `PATCHv2` word, if any.
    const t = versionToken(p);
    const g = t && GLUED_VERSION.exec(t.text);
    if (!t || !g) return undefined;
    const n = Number(g[2]);
    const word = g[1].toUpperCase();
    const wanted = n >= 2 ? `${word} v${n}` : word;
    return {
      message: `Separate the version from ${word}: write "${wanted}".`,
      severity: COSMETIC,
      range: visible(subject, t.span),
      fixes: t.exact ? [{ title: `Write "${wanted}"`, edits: [{ ...t.span, newText: wanted }], isPreferred: true }] : [],
    };
  }
  const n = v.number;
  if (n === undefined) return undefined;
  const wanted = `v${n}`;
  if (n >= 2) {
    if (v.text === wanted) return undefined;
    return {
      message: `Write the version as "${wanted}", not "${v.text}".`,
      // `V3` is read as v3 everywhere; `ver3` or `v 3` may not be.
      severity: v.text.toLowerCase() === wanted ? COSMETIC : undefined,
      range: visible(subject, v.span),
      fixes: v.exact ? [{ title: `Write "${wanted}"`, edits: [{ ...v.span, newText: wanted }], isPreferred: true }] : [],
    };
  }
  // v1 (or v0): the first posting carries no version; remove the word and one neighbouring gap.
  const items = prefixItems(subject);
  const idx = items.findIndex((it) => it.slot === 'version');
  const edit = removalEdit(items, idx);
  // With a second version word (`[v1 ... V3]`, `[PATCHv2 v0]`), removing the first would make
  // that one the version (fix-all turned v1 into v3): which one is meant is for the author to say.
  const twin = p.other.some((t) => VERSION_WORD.test(t.text) || GLUED_VERSION.test(t.text));
  const fixes: Fix[] = edit && !twin ? [{ title: `Remove "${v.text}"`, edits: [edit], isPreferred: true }] : [];
  return {
    message: `Drop "${v.text}": a first posting carries no version; revisions start at v2.`,
    severity: COSMETIC,
    range: visible(subject, v.span),
    fixes,
  };
}

const rule: Rule = {
  id: 'subject-version-format',
  description: 'The version in the subject prefix is not written v<N> with N of 2 or more.',
  severity: 'warning',
  faq: FAQ.whichTree,
  readiness: 'tree',
  appliesTo: 'submission',
  explanation: [
    'Each new revision of a patch or series is marked in the prefix as `v2`, `v3`, and so',
    'on; patchwork and the maintainers\' scripts match exactly that spelling to link',
    'revisions and supersede the old ones. `V2`, `v 2` or `ver2` break that, and `v1` is',
    'noise because the first posting simply has no version. `git format-patch -v2` writes',
    'it correctly for you.',
  ].join('\n'),
  check(ctx) {
    for (const m of mails(ctx)) {
      if (!m.subject) continue;
      const f = versionFinding(m);
      if (f) ctx.report(m, f);
    }
  },
};

export default rule;
