import { FAQ } from '../engine/faq';
import type { Rule, RuleContext } from '../engine/types';
import {
  coverLetterDiffstatNames,
  seriesIncomplete,
  seriesSites,
  siteSeverity,
} from './verifier-change-without-selftest';

const UAPI = 'include/uapi/linux/bpf.h';
const TOOLS_UAPI = 'tools/include/uapi/linux/bpf.h';

/**
 * Top-level directories only the kernel tree has. The libbpf and bpftool mirrors
 * keep their own include/uapi/linux/bpf.h (next to src/, include/linux/, ci/)
 * and have no tools/ copy, so a series counts as kernel work only when it
 * touches one of these, or targets a kernel tree in its subject.
 */
const KERNEL_DIRS = [
  'kernel/', 'net/', 'tools/', 'arch/', 'drivers/', 'samples/', 'security/', 'mm/', 'fs/',
  'Documentation/', 'init/', 'block/', 'crypto/', 'virt/', 'sound/', 'ipc/', 'lib/', 'rust/',
];
const KERNEL_TREES = new Set(['bpf', 'bpf-next', 'net', 'net-next', 'bpf-next/net']);

export function looksLikeKernelTree(ctx: RuleContext): boolean {
  if (seriesSites(ctx).some((s) => KERNEL_DIRS.some((d) => s.path.startsWith(d)))) return true;
  return ctx.series.messages.some((m) => m.subject?.prefix.trees.some((t) => KERNEL_TREES.has(t.text.toLowerCase())));
}

const rule: Rule = {
  id: 'uapi-tools-header-sync',
  description: 'include/uapi/linux/bpf.h changes without the tools/include copy.',
  severity: 'warning',
  faq: FAQ.bpftool,
  readiness: 'selftests',
  appliesTo: 'submission',
  explanation: [
    'The FAQ expects user space tools such as bpftool to follow BPF UAPI changes, and the',
    'first step is the header they see: the kernel keeps a copy of the BPF UAPI header in',
    '`tools/include/uapi/linux/bpf.h`, and libbpf, bpftool and the selftests build against',
    'that copy, not the original. When',
    '`include/uapi/linux/bpf.h` changes and the copy does not, user space tools miss the',
    'new definitions and the header check in the build complains. Apply the same change',
    'to the tools copy, in the same patch or in a patch of its own in the series.',
  ].join('\n'),
  check(ctx) {
    const all = seriesSites(ctx);
    const sites = all.filter((s) => s.path === UAPI);
    if (sites.length === 0 || seriesIncomplete(ctx)) return;
    if (all.some((s) => s.path === TOOLS_UAPI) || coverLetterDiffstatNames(ctx, TOOLS_UAPI)) return;
    if (!looksLikeKernelTree(ctx)) return;
    for (const s of sites) {
      ctx.report(s.message, {
        message: `${UAPI} changes but ${TOOLS_UAPI} does not; make the same change to the tools copy.`,
        range: s.range,
        severity: siteSeverity(s),
      });
    }
  },
};

export default rule;
