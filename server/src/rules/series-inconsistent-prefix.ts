import { FAQ } from '../engine/faq';
import type { Message } from '../engine/model';
import { postingVersion, versionToken } from '../engine/parse/subject';
import type { Span } from '../engine/text';
import type { Fix, Rule, TextEdit } from '../engine/types';
import { hasFixesLine } from './fixes-tag-format';
import { mode, prefixSpan, seriesView } from './series-incomplete';
import { prefixItems, removalEdit, visible, type PrefixItem } from './subject-prefix-order';
import { FIX_TREES } from './util';

interface Aspect {
  readonly name: string;
  /** Comparable value of the aspect for a message. */
  value(m: Message): string;
  /** How to show a value to the user. */
  show(v: string): string;
  /** Where the aspect is written in the message (or the prefix as a whole when absent). */
  range(m: Message): Span;
  /** Edits turning the message's value into `wanted`. */
  edit(m: Message, wanted: string): TextEdit[] | undefined;
}

function itemsOf(m: Message): PrefixItem[] {
  return prefixItems(m.subject!);
}

/** Insertion of ` word` right after the last item whose slot is among `after` (canonical position). */
function insertAfter(m: Message, slots: readonly PrefixItem['slot'][], word: string): TextEdit[] | undefined {
  const items = itemsOf(m);
  const anchor = [...items].reverse().find((it) => slots.includes(it.slot));
  if (!anchor || !anchor.exact) return undefined;
  return [{ start: anchor.span.end, end: anchor.span.end, newText: ` ${word}` }];
}

function removeSlot(m: Message, slot: PrefixItem['slot']): TextEdit[] | undefined {
  const items = itemsOf(m);
  const edit = removalEdit(items, items.findIndex((it) => it.slot === slot));
  return edit ? [edit] : undefined;
}

const TREE: Aspect = {
  name: 'tree',
  value: (m) => m.subject!.prefix.trees.map((t) => t.text.toLowerCase()).join(' '),
  show: (v) => (v ? `"${v}"` : 'no tree'),
  range: (m) => (m.subject!.prefix.trees[0] ? visible(m.subject!, m.subject!.prefix.trees[0].span) : prefixSpan(m)),
  edit(m, wanted) {
    const trees = m.subject!.prefix.trees;
    if (wanted === '') return trees.length === 1 ? removeSlot(m, 'tree') : undefined;
    if (trees.length === 0) return insertAfter(m, ['rfc', 'patch'], wanted);
    if (trees.length === 1 && trees[0].exact && !wanted.includes(' ')) return [{ ...trees[0].span, newText: wanted }];
    return undefined;
  },
};

const VERSION: Aspect = {
  name: 'version',
  value: (m) => String(postingVersion(m.subject!.prefix)),
  show: (v) => (v === '1' ? 'no version' : `v${v}`),
  range: (m) => {
    const token = versionToken(m.subject!.prefix);
    return token ? visible(m.subject!, token.span) : prefixSpan(m);
  },
  edit(m, wanted) {
    const v = m.subject!.prefix.version;
    if (wanted === '1') return v ? removeSlot(m, 'version') : undefined;
    if (v) return v.exact ? [{ ...v.span, newText: `v${wanted}` }] : undefined;
    // `PATCHv3` beside an inserted `v2` would say two versions: subject-version-format untangles it first.
    if (versionToken(m.subject!.prefix)) return undefined;
    return insertAfter(m, ['rfc', 'patch', 'tree'], `v${wanted}`);
  },
};

const RFC: Aspect = {
  name: 'RFC',
  value: (m) => (m.subject!.prefix.rfc ? 'RFC' : ''),
  show: (v) => (v ? 'RFC' : 'not RFC'),
  range: (m) => (m.subject!.prefix.rfc ? visible(m.subject!, m.subject!.prefix.rfc.span) : prefixSpan(m)),
  edit(m, wanted) {
    const p = m.subject!.prefix;
    if (!wanted) return p.rfc ? removeSlot(m, 'rfc') : undefined;
    if (p.patch?.exact) return [{ start: p.patch.span.start, end: p.patch.span.start, newText: 'RFC ' }];
    const g = m.subject!.groups[0];
    if (g?.exact) return [{ start: g.inner.start, end: g.inner.start, newText: 'RFC ' }];
    return undefined;
  },
};

/**
 * Fix-all may align a message with the rest of its series, but not into another
 * rule's error: dropping the tree leaves none (subject-tree-missing), and moving
 * a patch that has no Fixes tag to a fixes-only tree makes it fixes-tag-missing.
 * Which tree a patch goes to is then the author's call; the fix is only offered.
 */
function certain(aspect: Aspect, m: Message, wanted: string): boolean {
  if (aspect !== TREE) return true;
  if (wanted === '') return false;
  // `wanted` may name several trees (`[bpf net 3/5]`); any fixes-only one among them counts.
  return m.isCoverLetter || !wanted.split(' ').some((t) => FIX_TREES.has(t)) || hasFixesLine(m);
}

const rule: Rule = {
  id: 'series-inconsistent-prefix',
  description: 'Tree, version or RFC differ between messages of one series.',
  severity: 'warning',
  faq: FAQ.whichTree,
  readiness: 'tree',
  appliesTo: 'submission',
  explanation: [
    'All messages of a series, cover letter included, must carry the same prefix: one',
    'target tree, one revision number, and RFC on all or none. Patchwork groups a series',
    'by it and the maintainers apply the series to one tree; a stray `v2` among `v3`',
    'patches usually means an old file was sent by mistake. Regenerate the whole series',
    "with one `git format-patch -vN --subject-prefix='PATCH <tree>'` run.",
  ].join('\n'),
  check(ctx) {
    const view = seriesView(ctx);
    if (!view) return;
    for (const aspect of [TREE, VERSION, RFC]) {
      const values = view.mails.map((m) => aspect.value(m));
      const ref = mode(values);
      if (!ref) continue;
      const sample = view.mails.find((m) => aspect.value(m) === ref.value)!;
      for (const m of view.mails) {
        const v = aspect.value(m);
        if (v === ref.value) continue;
        const edits = aspect.edit(m, ref.value);
        const wanted = aspect.show(ref.value);
        const removes = ref.value === '' || (aspect === VERSION && ref.value === '1');
        const title = removes ? `Remove the ${aspect.name}, as in the rest of the series` : `Use ${wanted}, as in the rest of the series`;
        const fixes: Fix[] = edits ? [{ title, edits, isPreferred: ref.strict && certain(aspect, m, ref.value) }] : [];
        ctx.report(m, {
          message: `The ${aspect.name} here (${aspect.show(v)}) differs from the rest of the series (${wanted}); use the same prefix on every message.`,
          range: aspect.range(m),
          fixes,
          related: [{ message: sample, range: aspect.range(sample), text: `${wanted} here` }],
        });
      }
    }
  },
};

export default rule;
