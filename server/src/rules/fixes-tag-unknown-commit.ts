import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { candidateFixes, resolvedFixesTags } from './git-refs';

const rule: Rule = {
  id: 'fixes-tag-unknown-commit',
  description: 'The commit a Fixes tag names is not in the repository.',
  severity: 'error',
  faq: FAQ.minimumRequirement,
  readiness: 'git-fixes',
  appliesTo: 'every-patch',
  offersCulprits: true,
  explanation: [
    'A Fixes tag is only useful if it points at the commit that really introduced the bug:',
    'stable maintainers and backport scripts follow it to decide which kernels need the',
    'fix. An id your own repository does not know is usually a typo, a SHA from a private',
    'branch, or one from a rebased tree. Look it up with `git log --oneline -1 <sha>`;',
    'the commits that last wrote the lines you change are offered instead.',
    'In a shallow clone the commit may simply be older than your history, so this is only',
    'a warning there. Outside a kernel tree (a libbpf mirror, patches kept in another',
    'repository) nothing is said: that history could not know the commit anyway.',
  ].join('\n'),
  check(ctx) {
    if (ctx.facts.kernelHistory === false) return;
    // A malformed tag git could not complete is fixes-tag-format's finding, which then says git lacks the commit.
    const formatSaysIt = ctx.config.rules['fixes-tag-format'] !== 'off';
    for (const { message: m, tag, lookup, replaceWith } of resolvedFixesTags(ctx)) {
      if (lookup.status !== 'missing') continue;
      if (formatSaysIt && tag.problems.length > 0 && !tag.canonical) continue;
      ctx.report(m, {
        message: ctx.facts.shallow
          ? `Fixes names ${tag.sha}, which this shallow clone does not have; check it (git fetch --unshallow).`
          : `Fixes names ${tag.sha}, which is not a commit in this repository.`,
        range: tag.range,
        severity: ctx.facts.shallow ? 'warning' : undefined,
        fixes: candidateFixes(ctx.facts, m, replaceWith),
      });
    }
  },
};

export default rule;
