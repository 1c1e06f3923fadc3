import { FAQ } from '../engine/faq';
import type { Message } from '../engine/model';
import type { Span } from '../engine/text';
import type { RuleContext, Rule } from '../engine/types';
import { visible } from './subject-prefix-order';

export interface SeriesView {
  /** Mails of the series with a subject, in series order. */
  readonly mails: readonly Message[];
  /** Mails that are not cover letters. */
  readonly patches: readonly Message[];
  readonly coverLetters: readonly Message[];
}

/**
 * The mails linted together, when they form a series: more than one message,
 * and numbered (`n/m`) or with a cover letter. A batch of unnumbered `[PATCH]`
 * mails (say, a concatenation of unrelated `format-patch -1` outputs) is not
 * a series: git numbers every series of more than one patch.
 */
export function seriesView(ctx: RuleContext): SeriesView | undefined {
  if (ctx.series.messages.length <= 1) return undefined;
  const mails = ctx.series.messages.filter((m) => m.kind === 'mail' && m.subject);
  if (mails.length <= 1) return undefined;
  const coverLetters = mails.filter((m) => m.isCoverLetter);
  const numbered = mails.some((m) => m.subject!.prefix.numbering);
  if (!numbered && coverLetters.length === 0) return undefined;
  return { mails, patches: mails.filter((m) => !m.isCoverLetter), coverLetters };
}

/** The most common value; ties go to the value seen first. Also whether it is a strict majority. */
export function mode<T>(values: readonly T[]): { value: T; strict: boolean } | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  if (bestCount === 0) return undefined;
  return { value: best as T, strict: bestCount * 2 > values.length };
}

/** Where to point at a message's prefix as a whole: its first bracket group, or the subject. */
export function prefixSpan(m: Message): Span {
  const s = m.subject!;
  return visible(s, s.groups[0]?.span ?? s.span);
}

function label(n: { index: number; total: number }): string {
  return `${n.index}/${n.total}`;
}

const rule: Rule = {
  id: 'series-incomplete',
  description: 'Patch numbering in the series has gaps, duplicates or inconsistent totals.',
  severity: 'error',
  faq: FAQ.whichTree,
  readiness: 'cover-letter',
  appliesTo: 'submission',
  explanation: [
    'A series is applied as a whole, in order, from its `n/m` numbers. When a number is',
    'missing or repeated, or the patches disagree about `m`, maintainers and the CI',
    'cannot tell whether a patch got lost or a stale file from an older revision slipped',
    'in, and the series is not applied. Regenerate all patches in one go',
    '(`git format-patch --cover-letter -o outgoing/ base..HEAD`) after clearing the old ones.',
  ].join('\n'),
  check(ctx) {
    const view = seriesView(ctx);
    if (!view) return;
    const numbered = view.mails.filter((m) => m.subject!.prefix.numbering);
    if (numbered.length === 0) return;
    const num = (m: Message) => m.subject!.prefix.numbering!;
    const at = (m: Message) => visible(m.subject!, num(m).span);

    for (const m of view.patches) {
      if (num(m) !== undefined) continue;
      ctx.report(m, {
        message: 'This patch has no n/m number, but the rest of the series is numbered.',
        range: prefixSpan(m),
        related: [{ message: numbered[0], range: at(numbered[0]), text: `numbered ${label(num(numbered[0]))}` }],
      });
    }

    const total = mode(numbered.map((m) => num(m).total))!.value;
    const withTotal = numbered.find((m) => num(m).total === total)!;
    const ok: Message[] = [];
    for (const m of numbered) {
      const n = num(m);
      if (n.total !== total) {
        ctx.report(m, {
          message: `This says the series has ${n.total} patches, the other messages say ${total}.`,
          range: at(m),
          related: [{ message: withTotal, range: at(withTotal), text: `${label(num(withTotal))}` }],
        });
        // Its number still fills its slot: no second finding for a gap there.
        if (n.index <= total) ok.push(m);
      } else if (n.index > n.total) {
        ctx.report(m, { message: `Patch number ${n.index} is past the series length ${n.total}.`, range: at(m) });
      } else ok.push(m);
    }

    const byIndex = new Map<number, Message>();
    for (const m of ok) {
      const n = num(m);
      const first = byIndex.get(n.index);
      if (first) {
        ctx.report(m, {
          message: `Patch ${label(n)} appears twice in the series; remove the stale copy.`,
          range: at(m),
          related: [{ message: first, range: at(first), text: `first ${label(num(first))}` }],
        });
      } else byIndex.set(n.index, m);
    }

    const present = [...byIndex.keys()].filter((i) => i >= 1).sort((a, b) => a - b);
    if (present.length === 0) return;
    // The gaps lie between consecutive numbers present (and before the first, after the
    // last): walking them, not 1..total, keeps `[PATCH 1/202601294]` from taking seconds
    // (found by #7's fuzzer on a real corpus subject).
    const bounds = [0, ...present, total + 1];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const a = bounds[k] + 1;
      const b = bounds[k + 1] - 1;
      if (a > b) continue;
      const after = bounds[k + 1] <= total ? bounds[k + 1] : undefined;
      const before = bounds[k] >= 1 ? bounds[k] : undefined;
      const anchor = byIndex.get(after ?? before!)!;
      const other = after !== undefined && before !== undefined ? byIndex.get(before) : undefined;
      const what = a === b ? `Patch ${a}/${total} is` : `Patches ${a}-${b} of ${total} are`;
      ctx.report(anchor, {
        message: `${what} missing from the series.`,
        range: at(anchor),
        related: other ? [{ message: other, range: at(other), text: `${label(num(other))}, before the gap` }] : [],
      });
    }
  },
};

export default rule;
