/**
 * Whether the submission rules judge a message, and the reason the CLI's summary
 * prints for it (engine/scope.ts): one table, each row the documents given
 * together and the exact scope of every message, in order.
 */
import assert from 'node:assert/strict';
import { lint, type DocumentInput } from '../server/src/engine/lint';
import type { EngineFacts } from '../server/src/engine/facts';
import { parseMaintainers } from '../server/src/engine/maintainers';
import { pathArea, type MessageScope } from '../server/src/engine/scope';
import type { ConfigInput } from '../server/src/engine/config';
import { commitMessage, coverLetter, patch } from './helpers/mail';

/** A MAINTAINERS shaped like the kernel's, small enough to read. */
const MAINTAINERS = parseMaintainers(
  [
    'BPF [GENERAL] (Safe Dynamic Programs and Tools)',
    'M:\tAlexei Starovoitov <ast@kernel.org>',
    'L:\tbpf@vger.kernel.org',
    'F:\tkernel/bpf/',
    'F:\ttools/testing/selftests/bpf/',
    '',
    'NETWORKING [GENERAL]',
    'M:\tJakub Kicinski <kuba@kernel.org>',
    'L:\tnetdev@vger.kernel.org',
    'F:\tnet/',
    'X:\tnet/bpf/',
    '',
    'MEMORY MANAGEMENT',
    'M:\tAndrew Morton <akpm@linux-foundation.org>',
    'L:\tlinux-mm@kvack.org',
    'F:\tmm/',
    '',
    'BPF TESTING MODULE',
    'M:\tSomeone <someone@example.org>',
    'L:\tbpf@vger.kernel.org',
    'F:\tnet/bpf/',
    '',
  ].join('\n'),
);

interface Row {
  name: string;
  documents: (string | DocumentInput)[];
  facts?: EngineFacts;
  config?: ConfigInput;
  /** One per message, in document order: [submission, area, evidence, reason]. */
  scopes: [boolean, MessageScope['area'], MessageScope['evidence'], string][];
}

const bpfPatch = (subject: string, files: string[], extra: Parameters<typeof patch>[0] = {}) => patch({ subject, files, ...extra });

const ROWS: Row[] = [
  {
    name: 'the subject names one of our trees',
    documents: [bpfPatch('[PATCH bpf-next] bpf: Do things', ['kernel/bpf/verifier.c'])],
    scopes: [[true, 'bpf', 'tree', 'the subject names the bpf-next tree']],
  },
  {
    name: 'a net tree with no BPF file is networking',
    documents: [bpfPatch('[PATCH net] net: Fix the queue', ['net/core/dev.c'])],
    scopes: [[true, 'networking', 'tree', 'the subject names the net tree']],
  },
  {
    name: 'a net tree carrying a BPF file is still BPF\'s to judge',
    documents: [bpfPatch('[PATCH net-next] bpf: Fix sockmap', ['net/core/dev.c', 'kernel/bpf/sockmap.c'])],
    scopes: [[true, 'bpf', 'tree', 'the subject names the net-next tree']],
  },
  {
    name: 'a misspelt tree of ours',
    documents: [bpfPatch('[PATCH bpf_next] bpf: Do things', ['mm/slub.c'])],
    scopes: [[true, 'bpf', 'tree', 'the subject names "bpf_next", a misspelt tree of ours']],
  },
  {
    name: 'a misspelt net tree is networking',
    documents: [bpfPatch('[PATCH net-nxt] net: Do things', ['mm/slub.c'])],
    scopes: [[true, 'networking', 'tree', 'the subject names "net-nxt", a misspelt tree of ours']],
  },
  {
    name: 'another maintainer\'s tree',
    documents: [bpfPatch('[PATCH iwl-net] ice: Fix XDP', ['drivers/net/ethernet/intel/ice/ice_xsk.c'])],
    scopes: [[false, 'other', 'other-tree', 'the subject names another tree (iwl-net)']],
  },
  {
    name: 'a list\'s own tag beside the prefix is not a tree',
    documents: [bpfPatch('[Intel-wired-lan] [PATCH] ice: Fix XDP', ['drivers/net/ethernet/intel/ice/ice_xsk.c'])],
    scopes: [[true, 'networking', 'paths', 'it changes drivers/net/ethernet/intel/ice/ice_xsk.c']],
  },
  {
    name: 'an AUTOSEL backport',
    documents: [bpfPatch('[PATCH AUTOSEL 6.6 12/40] bpf: Do things', ['kernel/bpf/verifier.c'])],
    scopes: [[false, 'other', 'backport', 'a stable-team AUTOSEL backport, not a submission']],
  },
  {
    name: 'a stable version that says stable itself',
    documents: [bpfPatch('[PATCH 6.6.y] bpf: Do things', ['kernel/bpf/verifier.c'])],
    scopes: [[false, 'other', 'backport', 'a backport to stable 6.6.y, not a submission']],
  },
  {
    name: 'a bare version with the word stable',
    documents: [bpfPatch('[PATCH stable 6.1] bpf: Do things', ['kernel/bpf/verifier.c'])],
    scopes: [[false, 'other', 'backport', 'a backport to stable 6.1, not a submission']],
  },
  {
    name: 'a bare version sent to the stable list',
    documents: [bpfPatch('[PATCH 6.1] bpf: Do things', ['kernel/bpf/verifier.c'], { cc: 'stable@vger.kernel.org' })],
    scopes: [[false, 'other', 'backport', 'a backport to stable 6.1, not a submission']],
  },
  {
    name: 'a bare version without the stable list is no backport',
    documents: [bpfPatch('[PATCH 6.1] bpf: Do things', ['kernel/bpf/verifier.c'], { cc: 'someone@example.org' })],
    scopes: [[true, 'bpf', 'paths', 'it changes kernel/bpf/verifier.c']],
  },
  {
    name: 'a mail that cites its upstream commit first',
    documents: [bpfPatch('[PATCH] bpf: Do things', ['kernel/bpf/verifier.c'], { body: 'commit 0123456789abcdef0123456789abcdef01234567 upstream.\n\nFix it.\n\nSigned-off-by: Jane Developer <jane@example.org>' })],
    scopes: [[false, 'other', 'backport', 'a backport to stable (it cites its upstream commit), not a submission']],
  },
  {
    name: 'an upstream line deep in the body is a quotation, not the stable form',
    documents: [
      bpfPatch('[PATCH] bpf: Do things', ['kernel/bpf/verifier.c'], {
        body: 'One.\nTwo.\nThree.\nFour.\nFive.\nSix.\ncommit 0123456789abcdef0123456789abcdef01234567 upstream.\n\nSigned-off-by: Jane Developer <jane@example.org>',
      }),
    ],
    scopes: [[true, 'bpf', 'paths', 'it changes kernel/bpf/verifier.c']],
  },
  {
    name: 'no tree: the built-in BPF paths',
    documents: [bpfPatch('[PATCH] bpf: Do things', ['mm/slub.c', 'tools/lib/bpf/libbpf.c'])],
    scopes: [[true, 'bpf', 'paths', 'it changes tools/lib/bpf/libbpf.c']],
  },
  {
    name: 'no tree: networking paths',
    documents: [bpfPatch('[PATCH] tcp: Fix the window', ['net/ipv4/tcp.c'])],
    scopes: [[true, 'networking', 'paths', 'it changes net/ipv4/tcp.c']],
  },
  {
    name: 'no tree, no file of ours, a BPF subject word',
    documents: [bpfPatch('[PATCH] bpf: Use the helper in mm', ['mm/slub.c'])],
    scopes: [[true, 'bpf', 'subject', 'its subject says it is a BPF change']],
  },
  {
    name: 'no tree, no file of ours, a networking subject word',
    documents: [bpfPatch('[PATCH] net: Use the helper in mm', ['mm/slub.c'])],
    scopes: [[true, 'networking', 'subject', 'its subject says it is a networking change']],
  },
  {
    name: 'a BPF subject word beats a networking file',
    documents: [bpfPatch('[PATCH] bpf: Fix the hook', ['net/ipv4/tcp.c'])],
    scopes: [[true, 'bpf', 'subject', 'its subject says it is a BPF change']],
  },
  {
    name: 'nothing of ours',
    documents: [bpfPatch('[PATCH] mm: Fix slub', ['mm/slub.c', 'mm/slab.h'])],
    scopes: [[false, 'other', 'paths', 'it changes no BPF or networking file (mm/slub.c, ...)']],
  },
  {
    name: 'nothing of ours, one file',
    documents: [bpfPatch('[PATCH] mm: Fix slub', ['mm/slub.c'])],
    scopes: [[false, 'other', 'paths', 'it changes no BPF or networking file (mm/slub.c)']],
  },
  {
    name: 'mostly other files under another subsystem\'s subject word',
    documents: [bpfPatch('[PATCH] rust: Use the PHY binding', ['rust/kernel/net/phy.rs', 'rust/kernel/lib.rs', 'drivers/net/phy/ax88796b_rust.rs'])],
    scopes: [[false, 'other', 'paths', "most files it changes are other subsystems' (rust/kernel/net/phy.rs, ...)"]],
  },
  {
    name: 'a tie between ours and others stays ours',
    documents: [bpfPatch('[PATCH] rust: Use the PHY binding', ['rust/kernel/lib.rs', 'drivers/net/phy/ax88796b_rust.rs'])],
    scopes: [[true, 'networking', 'paths', 'it changes drivers/net/phy/ax88796b_rust.rs']],
  },
  {
    name: 'only tests and docs, mostly others\'',
    documents: [bpfPatch('[PATCH] selftests: Clean up the config', ['tools/testing/selftests/mm/config', 'tools/testing/selftests/bpf/config', 'Documentation/mm/index.rst'])],
    scopes: [[false, 'other', 'paths', "most files it changes are other subsystems' (tools/testing/selftests/mm/config, ...)"]],
  },
  {
    name: 'a change with a BPF selftest beside it is routed by the change',
    documents: [bpfPatch('[PATCH] ima: Measure more', ['security/integrity/ima/ima_main.c', 'tools/testing/selftests/bpf/progs/ima.c'])],
    scopes: [[false, 'other', 'paths', 'it changes no BPF or networking file (security/integrity/ima/ima_main.c)']],
  },
  {
    name: 'only a BPF selftest: its own files decide',
    documents: [bpfPatch('[PATCH] selftests/bpf: Test more', ['tools/testing/selftests/bpf/progs/ima.c'])],
    scopes: [[true, 'bpf', 'paths', 'it changes tools/testing/selftests/bpf/progs/ima.c']],
  },
  {
    name: 'MAINTAINERS decides where it knows the path',
    documents: [bpfPatch('[PATCH] lib: Do things', ['net/bpf/test_run.c'])],
    facts: { maintainers: MAINTAINERS },
    scopes: [[true, 'bpf', 'paths', 'it changes net/bpf/test_run.c']],
  },
  {
    name: 'a path MAINTAINERS gives to another list is not ours, whatever its name',
    documents: [bpfPatch('[PATCH] mm: Do things', ['mm/bpf_memalloc.c'])],
    facts: { maintainers: MAINTAINERS },
    scopes: [[false, 'other', 'paths', 'it changes no BPF or networking file (mm/bpf_memalloc.c)']],
  },
  {
    name: 'a networking section of MAINTAINERS',
    documents: [bpfPatch('[PATCH] sched: Do things', ['net/sched/sch_fq.c'])],
    facts: { maintainers: MAINTAINERS },
    scopes: [[true, 'networking', 'paths', 'it changes net/sched/sch_fq.c']],
  },
  {
    name: 'the archive profile judges nothing',
    documents: [bpfPatch('[PATCH bpf-next] bpf: Do things', ['kernel/bpf/verifier.c'])],
    config: { profile: 'archive' },
    scopes: [[false, 'other', 'profile', 'the archive profile: exported commits, not mail about to be sent']],
  },
  {
    name: 'a cover letter follows its series',
    documents: [
      coverLetter({ subject: '[PATCH 0/3] Things' }),
      bpfPatch('[PATCH 1/3] mm: Do things', ['mm/slub.c']),
      bpfPatch('[PATCH 2/3] bpf: Do things', ['kernel/bpf/verifier.c']),
      bpfPatch('[PATCH 3/3] selftests/bpf: Test things', ['tools/testing/selftests/bpf/progs/x.c']),
    ],
    scopes: [
      [true, 'bpf', 'series', 'its series is in scope: most patches of its series are BPF changes'],
      [true, 'bpf', 'series', 'most patches of its series are BPF changes'],
      [true, 'bpf', 'paths', 'it changes kernel/bpf/verifier.c'],
      [true, 'bpf', 'paths', 'it changes tools/testing/selftests/bpf/progs/x.c'],
    ],
  },
  {
    // A series is ours only when most of its patches are (per patch, a tie stays ours).
    name: 'a series half of ours is not',
    documents: [
      coverLetter({ subject: '[PATCH 0/2] Things' }),
      bpfPatch('[PATCH 1/2] mm: Do things', ['mm/slub.c']),
      bpfPatch('[PATCH 2/2] bpf: Do things', ['kernel/bpf/verifier.c']),
    ],
    scopes: [
      [false, 'other', 'series', 'its series is not: it changes no BPF or networking file (mm/slub.c)'],
      [false, 'other', 'paths', 'it changes no BPF or networking file (mm/slub.c)'],
      [false, 'other', 'series', 'most patches of its series are for other subsystems'],
    ],
  },
  {
    name: 'a series mostly of ours takes its other patches along',
    documents: [
      bpfPatch('[PATCH 1/3] mm: Prepare', ['mm/slub.c']),
      bpfPatch('[PATCH 2/3] bpf: Use it', ['kernel/bpf/verifier.c']),
      bpfPatch('[PATCH 3/3] tcp: Use it too', ['net/ipv4/tcp.c']),
    ],
    scopes: [
      [true, 'bpf', 'series', 'most patches of its series are BPF changes'],
      [true, 'bpf', 'paths', 'it changes kernel/bpf/verifier.c'],
      [true, 'networking', 'paths', 'it changes net/ipv4/tcp.c'],
    ],
  },
  {
    name: 'a series mostly of networking patches is networking',
    documents: [
      bpfPatch('[PATCH 1/3] mm: Prepare', ['mm/slub.c']),
      bpfPatch('[PATCH 2/3] tcp: Use it', ['net/ipv4/tcp.c']),
      bpfPatch('[PATCH 3/3] udp: Use it too', ['net/ipv4/udp.c']),
    ],
    scopes: [
      [true, 'networking', 'series', 'most patches of its series are networking changes'],
      [true, 'networking', 'paths', 'it changes net/ipv4/tcp.c'],
      [true, 'networking', 'paths', 'it changes net/ipv4/udp.c'],
    ],
  },
  {
    name: 'a series mostly for others leaves its one BPF patch out',
    documents: [
      coverLetter({ subject: '[PATCH 0/3] mm: Things' }),
      bpfPatch('[PATCH 1/3] mm: Prepare', ['mm/slub.c']),
      bpfPatch('[PATCH 2/3] mm: Use it', ['mm/slab.h']),
      bpfPatch('[PATCH 3/3] xdp: Use it too', ['net/xdp/xsk.c']),
    ],
    scopes: [
      [false, 'other', 'series', 'its series is not: it changes no BPF or networking file (mm/slub.c)'],
      [false, 'other', 'paths', 'it changes no BPF or networking file (mm/slub.c)'],
      [false, 'other', 'paths', 'it changes no BPF or networking file (mm/slab.h)'],
      [false, 'other', 'series', 'most patches of its series are for other subsystems'],
    ],
  },
  {
    name: 'a cover letter alone, addressed to bpf@',
    documents: [coverLetter({ subject: '[PATCH 0/2] Things' })],
    scopes: [[true, 'bpf', 'recipients', 'it is addressed to bpf@vger.kernel.org']],
  },
  {
    name: 'a cover letter alone, addressed to netdev@',
    documents: [coverLetter({ subject: '[PATCH 0/2] Things', to: 'NETDEV@vger.kernel.org' })],
    scopes: [[true, 'networking', 'recipients', 'it is addressed to netdev@vger.kernel.org']],
  },
  {
    name: 'a cover letter alone, to a person, naming another subsystem',
    documents: [coverLetter({ subject: '[PATCH 0/2] mm/slub: Things', to: 'akpm@linux-foundation.org' })],
    scopes: [[false, 'other', 'subject', 'its subject names another subsystem (mm/slub)']],
  },
  {
    name: 'a cover letter alone, to a person, with a BPF subject word',
    documents: [coverLetter({ subject: '[PATCH 0/2] libbpf: Things', to: 'andrii@kernel.org' })],
    scopes: [[true, 'bpf', 'subject', 'its subject says it is a BPF change']],
  },
  {
    name: 'a cover letter alone, to a person, with a networking subject word',
    documents: [coverLetter({ subject: '[PATCH 0/2] netlink: Things', to: 'kuba@kernel.org' })],
    scopes: [[true, 'networking', 'subject', 'its subject says it is a networking change']],
  },
  {
    name: 'a cover letter alone, to a person, no subject word',
    documents: [coverLetter({ subject: '[PATCH 0/2] Things', to: 'kuba@kernel.org' })],
    scopes: [[false, 'other', 'recipients', 'it is addressed to neither bpf@ nor netdev@ and touches no file']],
  },
  {
    name: 'a cover letter alone, to nobody',
    documents: [coverLetter({ subject: '[PATCH 0/2] Things', to: null })],
    scopes: [[true, 'bpf', 'default', 'nothing says it is for another subsystem']],
  },
  {
    name: 'only the first area of a subject counts',
    documents: [coverLetter({ subject: '[PATCH 0/2] HID: bpf: Things', to: 'someone@example.org' })],
    scopes: [[false, 'other', 'subject', 'its subject names another subsystem (HID)']],
  },
  {
    name: 'a commit message with nothing staged',
    documents: [{ id: 'COMMIT_EDITMSG', text: commitMessage({ staged: [] }), kind: 'message' }],
    scopes: [[true, 'bpf', 'subject', 'its subject says it is a BPF change']],
  },
  {
    name: 'a commit message staging another subsystem\'s file',
    documents: [{ id: 'COMMIT_EDITMSG', text: commitMessage({ title: 'mm: Fix slub', staged: ['mm/slub.c'] }), kind: 'message' }],
    scopes: [[false, 'other', 'paths', 'it changes no BPF or networking file (mm/slub.c)']],
  },
];

function documentInputs(row: Row): DocumentInput[] {
  return row.documents.map((d, i) => (typeof d === 'string' ? { id: `${String(i).padStart(4, '0')}.patch`, text: d } : d));
}

describe('scope: whether the submission rules judge a message, and why', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const result = lint(documentInputs(row), { rules: [], facts: row.facts, config: row.config });
      const got = result.documents.flatMap((d) => d.messages).map((m) => {
        const s = result.scopes.get(m);
        return s ? [s.submission, s.area, s.evidence, s.reason] : undefined;
      });
      assert.deepEqual(got, row.scopes);
    });
  }
});

describe('scope: the area of a path', () => {
  const cases: [string, MessageScope['area']][] = [
    ['kernel/bpf/verifier.c', 'bpf'],
    ['net/core/filter.c', 'bpf'],
    ['net/core/filter.h', 'networking'],
    ['include/uapi/linux/bpf.h', 'bpf'],
    ['arch/x86/net/bpf_jit_comp.c', 'bpf'],
    ['src/libbpf.c', 'bpf'],
    ['src/btf_dump.c', 'bpf'],
    ['tools/testing/selftests/seccomp/seccomp_bpf.c', 'other'],
    ['drivers/net/ethernet/intel/ice/ice_main.c', 'networking'],
    ['include/linux/skbuff.h', 'networking'],
    ['include/uapi/linux/pkt_sched.h', 'networking'],
    ['mm/slub.c', 'other'],
  ];
  for (const [path, area] of cases) it(`${path}: ${area}`, () => assert.equal(pathArea(path), area));

  it('MAINTAINERS: the lists of the sections that own the path decide, case aside', () => {
    const sections = parseMaintainers('XDP SOCKETS\nL:\tNetDev@vger.kernel.org\nF:\tkernel/bpf/xsk.c\n\nTHE REST\nL:\tlinux-kernel@vger.kernel.org\nF:\tlib/\n');
    assert.equal(pathArea('kernel/bpf/xsk.c', sections), 'networking');
    assert.equal(pathArea('lib/test_bpf.c', sections), 'other');
    // A path no section names falls back to the built-in lists.
    assert.equal(pathArea('kernel/bpf/core.c', sections), 'bpf');
  });
});
