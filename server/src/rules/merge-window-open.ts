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

/** Where the netdev process says net-next closes for the merge window. */
const NETDEV_PROCESS = 'https://www.kernel.org/doc/html/latest/process/maintainer-netdev.html';

const rule: Rule = {
  id: 'merge-window-open',
  description: 'A -next patch while the merge window is open (inferred from local release tags): net-next is closed, bpf-next is slower.',
  severity: 'info',
  faq: FAQ.mergeWindow,
  readiness: 'tree',
  appliesTo: 'submission',
  explanation: [
    'For the two weeks after a release, Linus merges the next kernel. What that means',
    'depends on the tree:',
    '',
    '- `net-next` is closed until `-rc1` (Documentation/process/maintainer-netdev.rst,',
    `  ${NETDEV_PROCESS}): new features posted then are rejected and must be`,
    '  sent again; an RFC is still welcome. This is a warning for a non-RFC `net-next` patch.',
    '- `bpf-next`: the BPF FAQ says it is not processed while the window is open, but the',
    '  BPF maintainers have since said that `bpf-next` keeps taking patches through the',
    '  window; review may just be slower. This is an info.',
    '',
    'The window is read from your local tags (a release with no `-rc1` after it), so fetch',
    'first (`git fetch --tags`) if they may be out of date.',
  ].join('\n'),
  check(ctx) {
    const tags = ctx.facts.releaseTags;
    if (!tags) return;
    const open = openMergeWindow(tags);
    if (!open) return;
    const said = new Set<string>();
    const when = `${open.release} is the newest release tag here and no -rc1 has followed it (from your local tags)`;
    for (const m of mails(ctx)) {
      const name = treeOf(m);
      if ((name !== 'bpf-next' && name !== 'net-next') || said.has(name)) continue;
      const tree = m.subject!.prefix.trees[0];
      // The window is a fact about the series, not each mail: said once per tree, on its first mail.
      said.add(name);
      if (name === 'net-next') {
        const rfc = m.subject!.prefix.rfc !== undefined;
        ctx.report(m, {
          message: rfc
            ? `The merge window looks open: ${when}. net-next is closed until -rc1; an RFC is still welcome.`
            : `The merge window looks open: ${when}. net-next is closed until -rc1 and new patches are rejected: send it then, or as an RFC now.`,
          range: tree.span,
          severity: rfc ? 'info' : 'warning',
        });
        continue;
      }
      ctx.report(m, {
        message: `The merge window looks open: ${when}. bpf-next keeps taking patches, but review may be slower until -rc1.`,
        range: tree.span,
      });
    }
  },
};

export default rule;
