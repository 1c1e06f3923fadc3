import { FAQ } from '../engine/faq';
import { describesTopDirectory, sectionsFor } from '../engine/maintainers';
import type { Rule } from '../engine/types';
import { pathSites } from './verifier-change-without-selftest';

const rule: Rule = {
  id: 'maintainers-new-file-unowned',
  description: 'A file the series adds is covered by no MAINTAINERS section.',
  severity: 'info',
  faq: FAQ.mailingList,
  readiness: 'recipients',
  appliesTo: 'submission',
  explanation: [
    'Who reviews a change later is whoever `MAINTAINERS` names for its files. A new file',
    'that no section covers (only the catch-all "THE REST" matches it) will have nobody',
    'copied on its future fixes: `scripts/get_maintainer.pl` answers with the whole-kernel',
    'list alone. Add the path to the `F:` lines of the section that will look after it, in',
    'the same series. New files under a directory a section already names are covered.',
    'This is a hint rather than a requirement: not every file needs its own entry. Paths',
    'outside the tree MAINTAINERS describes (a libbpf mirror\'s `src/`) are left alone.',
  ].join('\n'),
  check(ctx) {
    const sections = ctx.facts.maintainers;
    if (!sections) return;
    for (const m of ctx.series.messages) {
      if (m.kind === 'diff' || m.isCoverLetter) continue;
      for (const site of pathSites(m)) {
        if (site.status !== 'added' || site.path === 'MAINTAINERS' || !describesTopDirectory(sections, site.path)) continue;
        if (sectionsFor(sections, [site.path]).some((s) => !s.catchAll)) continue;
        ctx.report(m, {
          message: `No MAINTAINERS section covers the new file ${site.path}; add it to the F: lines of the section that will look after it.`,
          range: site.range,
        });
      }
    }
  },
};

export default rule;
