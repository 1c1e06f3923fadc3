import { FAQ } from '../engine/faq';
import type { Rule } from '../engine/types';
import { mails, treeOf } from './util';

interface Version {
  readonly major: number;
  readonly minor: number;
  readonly rc?: number;
  readonly tag: string;
}

function parseTag(tag: string): Version | undefined {
  const m = /^v(\d+)\.(\d+)(?:-rc(\d+))?$/.exec(tag);
  return m ? { major: Number(m[1]), minor: Number(m[2]), rc: m[3] === undefined ? undefined : Number(m[3]), tag } : undefined;
}

const newer = (a: Version, b: Version) => a.major > b.major || (a.major === b.major && a.minor > b.minor);

/**
 * The merge window is open between a release (vX.Y) and the next -rc1: read
 * from the repository's tags, the newest release with no -rc of a later
 * version yet. Undefined when the tags say nothing (no release tags at all).
 */
export function openMergeWindow(tags: readonly string[]): { release: string } | undefined {
  const versions = tags.map(parseTag).filter((v): v is Version => v !== undefined);
  const releases = versions.filter((v) => v.rc === undefined);
  if (releases.length === 0) return undefined;
  const latest = releases.reduce((a, b) => (newer(b, a) ? b : a));
  const nextStarted = versions.some((v) => v.rc !== undefined && newer(v, latest));
  return nextStarted ? undefined : { release: latest.tag };
}

const rule: Rule = {
  id: 'merge-window-open',
  description: 'A bpf-next patch while the merge window is open (inferred from local release tags).',
  severity: 'info',
  faq: FAQ.mergeWindow,
  readiness: 'tree',
  appliesTo: 'submission',
  explanation: [
    'For the two weeks after a release, Linus merges the next kernel and `bpf-next` takes',
    'no new patches; maintainers may ask you to send them again after `-rc1`. Sending now',
    'is allowed but the series will likely wait or need a resend. This check reads your',
    'local tags, so fetch first (`git fetch --tags`) if they may be out of date.',
  ].join('\n'),
  check(ctx) {
    const tags = ctx.facts.releaseTags;
    if (!tags) return;
    const open = openMergeWindow(tags);
    if (!open) return;
    for (const m of mails(ctx)) {
      const tree = m.subject?.prefix.trees.find((t) => t.text.toLowerCase() === 'bpf-next');
      if (!tree || treeOf(m) !== 'bpf-next') continue;
      ctx.report(m, {
        message: `The merge window looks open: ${open.release} is the newest release tag here and no -rc1 has followed it (from your local tags). bpf-next waits for -rc1.`,
        range: tree.span,
      });
      // The window is a fact about the series, not each mail: said once, on its first bpf-next mail.
      return;
    }
  },
};

export default rule;
