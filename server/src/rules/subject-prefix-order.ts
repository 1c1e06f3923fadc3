import { FAQ } from '../engine/faq';
import type { Message, PrefixToken, Subject } from '../engine/model';
import type { Span } from '../engine/text';
import type { Fix, Rule } from '../engine/types';
import { mails } from './util';

/** What a prefix word is, as the parser classified it. */
export type Slot = 'rfc' | 'patch' | 'tree' | 'version' | 'numbering' | 'other';

export interface PrefixItem {
  readonly slot: Slot;
  readonly text: string;
  readonly span: Span;
  readonly exact: boolean;
  /** Index of the bracket group the item is in. */
  readonly group: number;
}

/** Position of each slot in `[RFC] PATCH <tree> vN n/m`; RFC and PATCH may swap. */
const RANK: Record<Exclude<Slot, 'other'>, number> = { rfc: 0, patch: 0, tree: 1, version: 2, numbering: 3 };

/**
 * The prefix words of a subject in source order, each with the slot the parser
 * gave it. A `v 2` written as two words is one version item.
 */
export function prefixItems(subject: Subject): PrefixItem[] {
  const p = subject.prefix;
  const out: PrefixItem[] = [];
  subject.groups.forEach((g, gi) => {
    const toks = g.tokens;
    for (let k = 0; k < toks.length; k++) {
      const t: PrefixToken = toks[k];
      let slot: Slot;
      if (t === p.rfc) slot = 'rfc';
      else if (t === p.patch) slot = 'patch';
      else if (p.trees.includes(t)) slot = 'tree';
      else if (p.other.includes(t)) slot = 'other';
      else if (
        p.version &&
        /^v$/i.test(t.text) &&
        k + 1 < toks.length &&
        p.version.text === `${t.text} ${toks[k + 1].text}` &&
        p.version.span.start === t.span.start
      ) {
        const n = toks[k + 1];
        out.push({ slot: 'version', text: p.version.text, span: { start: t.span.start, end: n.span.end }, exact: t.exact && n.exact, group: gi });
        k++;
        continue;
      } else if (p.numbering && p.numbering.text === t.text && /^\d+\/\d+$/.test(t.text)) slot = 'numbering';
      else if (p.version && p.version.text === t.text) slot = 'version';
      else slot = 'other';
      out.push({ slot, text: t.text, span: t.span, exact: t.exact, group: gi });
    }
  });
  return out;
}

export function isKnown(item: PrefixItem): boolean {
  return item.slot !== 'other';
}

/** Whether the recognised words are in canonical order (unknown words such as RESEND are ignored). */
export function inOrder(items: readonly PrefixItem[]): boolean {
  let last = -1;
  for (const it of items) {
    if (it.slot === 'other') continue;
    const r = RANK[it.slot];
    if (r < last) return false;
    last = r;
  }
  return true;
}

/**
 * Where a word sorts: its slot's rank, or, for a second `2/5`, `v3`, `RFC` or
 * `PATCH` (which the parser leaves unrecognised because the first one took the
 * slot), the rank of the slot it looks like. Such a twin must move with its kind:
 * left behind, it could end up in front of the first one and take its meaning
 * when the subject is parsed again (`[0/2 1/1] [bpf]` is a cover letter,
 * `[bpf 1/1 0/2]` would be patch 1/1).
 */
function rankOf(it: PrefixItem): number | undefined {
  if (it.slot !== 'other') return RANK[it.slot];
  if (/^(?:rfc|patch)$/i.test(it.text)) return 0;
  if (/^(?:v|ver|version)\.?\s*\d+$/i.test(it.text)) return 2;
  if (/^\d+\/\d+$/.test(it.text)) return 3;
  return undefined;
}

/**
 * The items in canonical order: recognised words (and their twins, see rankOf)
 * are sorted into the slots they occupied, unknown words stay where they were.
 */
export function canonicalOrder(items: readonly PrefixItem[]): PrefixItem[] {
  const movable = (it: PrefixItem) => rankOf(it) !== undefined;
  const sorted = items
    .filter(movable)
    .map((it, i) => ({ it, i }))
    .sort((a, b) => rankOf(a.it)! - rankOf(b.it)! || a.i - b.i)
    .map((x) => x.it);
  let k = 0;
  return items.map((it) => (movable(it) ? sorted[k++] : it));
}

export function renderItems(items: readonly PrefixItem[]): string {
  return items.map((it) => it.text).join(' ');
}

function orderFinding(m: Message): { message: string; range: Span; fixes: Fix[] } | undefined {
  const subject = m.subject!;
  const items = prefixItems(subject);
  const groupsWithKnown = [...new Set(items.filter(isKnown).map((it) => it.group))];
  if (groupsWithKnown.length === 0) return undefined;
  const first = groupsWithKnown[0];
  const last = groupsWithKnown[groupsWithKnown.length - 1];
  if (first !== last) {
    // `[PATCH][bpf]`: one prefix split over several bracket groups.
    const involved = items.filter((it) => it.group >= first && it.group <= last);
    const wanted = `[${renderItems(canonicalOrder(involved))}]`;
    const groups = subject.groups.slice(first, last + 1);
    const range = { start: subject.groups[first].span.start, end: subject.groups[last].span.end };
    const fixes: Fix[] = groups.every((g) => g.exact)
      ? [{ title: `Merge into ${wanted}`, edits: [{ ...range, newText: wanted }], isPreferred: true }]
      : [];
    return { message: `The subject prefix is split over ${groups.length} bracket groups; write it as one: ${wanted}.`, range: visible(subject, range), fixes };
  }
  const group = subject.groups[first];
  const inGroup = items.filter((it) => it.group === first);
  if (inOrder(inGroup)) return undefined;
  const wanted = renderItems(canonicalOrder(inGroup));
  const fixes: Fix[] = group.exact
    ? [{ title: `Reorder to [${wanted}]`, edits: [{ ...group.inner, newText: wanted }], isPreferred: true }]
    : [];
  return {
    message: `Subject prefix words are out of order; write [${wanted}] (PATCH and RFC first, then the tree, vN and n/m).`,
    range: visible(subject, group.span),
    fixes,
  };
}

const rule: Rule = {
  id: 'subject-prefix-order',
  description: 'Subject prefix tokens are out of the order [RFC] PATCH <tree> vN n/m.',
  // Patchwork and the CI find the tree and the version in any order; the order is
  // the convention git format-patch writes, which reviewers read fastest.
  severity: 'info',
  faq: FAQ.whichTree,
  readiness: 'tree',
  appliesTo: 'submission',
  explanation: [
    'Maintainers, patchwork and the BPF CI read the subject prefix mechanically: the tree',
    'right after `PATCH`, then the revision, then the position in the series, as in',
    '`[PATCH bpf-next v3 2/5]`. Shuffled words (`[PATCH v2 bpf-next]`, `[bpf PATCH]`) or a',
    'prefix split over several brackets are easy to misread and sort badly in mail clients.',
    "Let git build it: `git format-patch -v3 --subject-prefix='PATCH bpf-next'`.",
  ].join('\n'),
  check(ctx) {
    for (const m of mails(ctx)) {
      if (!m.subject) continue;
      const f = orderFinding(m);
      if (f) ctx.report(m, f);
    }
  },
};

export default rule;

/**
 * The edit that removes prefix item `idx` and one neighbouring gap (the space or
 * comma before it, or after it when it comes first in its group).
 */
export function removalEdit(items: readonly PrefixItem[], idx: number): { start: number; end: number; newText: string } | undefined {
  const item = items[idx];
  if (!item || !item.exact) return undefined;
  const prev = items[idx - 1];
  const next = items[idx + 1];
  if (prev && prev.group === item.group && prev.exact) return { start: prev.span.end, end: item.span.end, newText: '' };
  if (next && next.group === item.group && next.exact) return { start: item.span.start, end: next.span.start, newText: '' };
  return undefined;
}

/**
 * A span to report: inside an RFC 2047 encoded word the parser maps every
 * decoded character to the word's start, so such spans come out empty; fall
 * back to the whole subject then.
 */
export function visible(subject: Subject, span: Span): Span {
  return span.end > span.start ? span : subject.span;
}
