import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { mode, prefixSpan, seriesView } from './series-incomplete';

const rule: Rule = {
  id: 'series-cover-letter-missing',
  description: 'A series of more than one patch has no 0/N cover letter.',
  severity: 'error',
  faq: FAQ.minimumRequirement,
  readiness: 'cover-letter',
  appliesTo: 'submission',
  explanation: [
    'Every BPF series of two or more patches needs a cover letter (`0/N`) that explains',
    'what the series does as a whole and why. When the series is applied, the maintainers',
    'put that text into the merge commit, so it stays in the history next to the patches.',
    'Generate it with `git format-patch --cover-letter` and replace both placeholders.',
    'The netdev CI is more lenient (its `series_format` check only warns from three patches',
    'on, taking a two-patch feature-plus-selftest pair as self-explanatory), but the BPF FAQ',
    'asks for a cover letter from two patches on, and that is what this rule holds to.',
  ].join('\n'),
  check(ctx) {
    const view = seriesView(ctx);
    if (!view || view.coverLetters.length > 0) return;
    const patches = view.patches;
    const totals = patches.flatMap((m) => (m.subject!.prefix.numbering ? [m.subject!.prefix.numbering.total] : []));
    // Patches that each say 1/1 are single patches given together (two runs of format-patch -n
    // into one folder); series-incomplete reports the clash, and no cover letter would help.
    if (totals.length > 0 && totals.every((t) => t === 1)) return;
    const total = Math.max(patches.length, mode(totals)?.value ?? 0);
    if (patches.length < 2 || total < 2) return;
    const first = patches[0];
    ctx.report(first, {
      message: `This ${total}-patch series has no cover letter; add a 0/${total} mail (git format-patch --cover-letter).`,
      range: prefixSpan(first),
    });
  },
};

export default rule;
