/**
 * Whether the BPF and netdev submission rules (tree prefix, recipients, stable
 * process, Fixes on fix trees, series form) judge a message. Decided once per
 * message, from evidence in order of strength, and reported with its reason so
 * a user who disagrees can see why:
 *   1. the `archive` profile: exported commits that are not about to be sent;
 *   2. the stable team's backport form (`[PATCH 6.6 012/123]`, AUTOSEL, an
 *      `commit <sha> upstream.` line in mail to stable@): not a submission;
 *   3. the subject's tree: one of ours puts it in, another maintainer's tree
 *      (`iwl-net`, `ipsec-next`, `HID`, `-mm`) puts it out; a near miss of ours
 *      (`bpf_next`) is ours, misspelt;
 *   4. the files it touches: MAINTAINERS' F: patterns of sections whose list is
 *      bpf@ or netdev@ when the repository has that file, else a built-in list of
 *      BPF and networking paths (whole path components: `seccomp_bpf.c` is not BPF);
 *      the subsystem word of the subject (`libbpf:`, `net:`) counts too;
 *   5. for what touches no file (a cover letter, a commit message with nothing
 *      staged): the series' patches, then the recipients, then the subject word;
 *      a commit message nothing speaks against is in (this is a BPF linter).
 * Rules that hold for every kernel patch (sign-off, trailer syntax, line length)
 * run whatever the scope.
 */
import { knownTrees } from './config';
import type { EngineFacts } from './facts';
import { sectionsOwningFile, type MaintainersSection } from './maintainers';
import { touchedPaths, type Message } from './model';
import { GENERIC_NEXT, namesOtherTree, nearestTree, STABLE_VERSION } from './trees';
import type { LintConfig, Series } from './types';

export type ScopeArea = 'bpf' | 'networking' | 'other';

/** What decided the scope, for counting and for tests. */
export type ScopeEvidence = 'profile' | 'backport' | 'tree' | 'other-tree' | 'paths' | 'series' | 'recipients' | 'subject' | 'default';

export interface MessageScope {
  /** Whether the BPF/netdev submission rules apply. */
  readonly submission: boolean;
  /** Whose patch it is: BPF's, networking's (netdev trees and list), or neither. */
  readonly area: ScopeArea;
  readonly evidence: ScopeEvidence;
  /** One line a user can read: why this was decided. */
  readonly reason: string;
}

const OUR_LISTS: Readonly<Record<string, ScopeArea>> = { 'bpf@vger.kernel.org': 'bpf', 'netdev@vger.kernel.org': 'networking' };
const STABLE_LIST = /^stable@(?:vger\.)?kernel\.org$/i;
const UPSTREAM_LINE = /^\s*(?:\[\s*upstream commit [0-9a-f]{7,40}\s*\]|commit [0-9a-f]{12,40} upstream\.?)\s*$/i;

/** Paths BPF's maintainers look after (a prefix of the path). */
const BPF_PATH =
  /^(?:kernel\/bpf\/|kernel\/trace\/bpf_trace\.|net\/bpf\/|net\/xdp\/|net\/core\/(?:filter|sock_map|xdp|bpf_sk_storage)\.c$|net\/ipv4\/bpf_tcp_ca\.c$|include\/(?:uapi\/)?linux\/(?:bpf|btf|filter\.h$|if_xdp\.h$)|include\/net\/(?:xdp|xsk)|include\/trace\/events\/xdp\.h$|tools\/(?:lib\/bpf|bpf|testing\/selftests\/bpf)\/|tools\/include\/uapi\/linux\/(?:bpf|btf|if_xdp)|samples\/bpf\/|Documentation\/(?:bpf|userspace-api\/ebpf)\/|arch\/[^/]+\/net\/bpf_|scripts\/bpf_doc\.py$|lib\/test_bpf\.c$|security\/bpf\/)/;
/**
 * A path component that is BPF's by name, for trees laid out otherwise (the
 * libbpf and bpftool mirrors keep `src/libbpf.c`, `src/btf.c`): a directory
 * named so, or a file whose name starts with the word. A word inside a name
 * (`seccomp_bpf.c`) says nothing.
 */
const BPF_COMPONENT = /(?:^|\/)(?:bpf|libbpf|bpftool|btf|xdp|xsk|bpf-next)(?:\/|$)|(?:^|\/)(?:libbpf|bpftool|bpf|btf|xsk|xdp)(?:[_.-][^/]*)?$/;
/** Paths netdev looks after: the core, drivers, their headers, selftests and docs. */
const NETWORKING_PATH =
  /^(?:(?:net|drivers\/net|include\/net|tools\/testing\/selftests\/(?:net|drivers\/net)|Documentation\/networking)\/|include\/linux\/(?:net|skbuff|if_|tcp|udp|ipv6|phy|ethtool|inet|sock)|include\/uapi\/linux\/(?:if_|net|tcp|udp|ip\.h|ipv6|in\.h|in6|ethtool|pkt_|rtnetlink|neighbour|xfrm|mptcp|sctp|tc_))/;
/** Words of a summary's subsystem part (`selftests/bpf:`, `kbuild,bpf:`, `net/sched:`). */
const BPF_WORD = /^(?:bpf|libbpf|bpftool|btf|xdp|xsk|sockmap|veristat)$/i;
const NETWORKING_WORD = /^(?:net|netdev|netfilter|netlink|tcp|udp|ipv4|ipv6|inet6?|mptcp|sctp|xfrm|tipc|vsock|bridge|bonding|ethtool|devlink|page_pool|skbuff)$/i;

/**
 * The area a summary's subsystem part names: ours, `other` for one we do not
 * know (`mm/slub:`, `drm/i915:`), undefined when the summary has none.
 */
function subjectArea(m: Message): ScopeArea | undefined {
  const summary = m.subject?.summary.text.trim() ?? '';
  // Only the first `area:` names who owns the change (`HID: bpf:` is HID's).
  const head = /^([\w.,/+ -]{1,60}?):\s/.exec(summary)?.[1];
  // b4's cover letter template (`EDITME: cover title for ...`) names nobody yet.
  if (!head || head === 'EDITME') return undefined;
  const words = head.split(/[\s,/+]+/);
  if (words.some((w) => BPF_WORD.test(w))) return 'bpf';
  if (words.some((w) => NETWORKING_WORD.test(w))) return 'networking';
  return 'other';
}

/** The area a path belongs to, by MAINTAINERS when it knows the path, else by the built-in lists. */
export function pathArea(path: string, maintainers?: readonly MaintainersSection[]): ScopeArea {
  if (maintainers) {
    const owners = sectionsOwningFile(maintainers, path);
    if (owners.length > 0) {
      const lists = new Set(owners.flatMap((s) => s.entries.filter((e) => e.role === 'L').map((e) => OUR_LISTS[e.email.toLowerCase()])));
      return lists.has('bpf') ? 'bpf' : lists.has('networking') ? 'networking' : 'other';
    }
  }
  if (BPF_PATH.test(path) || BPF_COMPONENT.test(path)) return 'bpf';
  if (NETWORKING_PATH.test(path)) return 'networking';
  return 'other';
}

function backportReason(m: Message): string | undefined {
  const words = m.subject?.prefix.other ?? [];
  const toStable = m.recipients.some((a) => STABLE_LIST.test(a.email));
  const L = m.document.lines;
  const citesUpstream = m.bodyLines.slice(0, 6).some((i) => UPSTREAM_LINE.test(L.line(i).text));
  const autosel = words.find((t) => /^autosel$/i.test(t.text));
  if (autosel) return 'a stable-team AUTOSEL backport';
  const stableWord = words.find((t) => STABLE_VERSION.test(t.text));
  // `linux-stable-4.14`, `6.6.y`, `[PATCH stable 6.1]` say so themselves; a bare `6.6` needs
  // the stable list beside it. `commit <id> upstream.` is the stable team's own first line.
  const saysStable = stableWord && /stable|\.y$/i.test(stableWord.text);
  const stableTag = words.find((t) => /^stable$/i.test(t.text));
  if (stableWord && (saysStable || stableTag || toStable)) return `a backport to stable ${stableWord.text}`;
  if (citesUpstream) return 'a backport to stable (it cites its upstream commit)';
  return undefined;
}

/** Everything but the files: what the subject and the recipients say. */
function ownEvidence(m: Message, config: LintConfig, facts: EngineFacts): MessageScope | undefined {
  const backport = backportReason(m);
  if (backport) return { submission: false, area: 'other', evidence: 'backport', reason: `${backport}, not a submission` };
  const prefix = m.subject?.prefix;
  if (!prefix) return undefined;
  const ours = knownTrees(config);
  const tree = prefix.trees[0]?.text.toLowerCase();
  if (tree) {
    // BPF code sent through a net tree is still BPF's to judge (stable process, bug reports).
    const touchesBpf = touchedPaths(m).some((p) => pathArea(p, facts.maintainers) === 'bpf');
    const area: ScopeArea = tree.startsWith('net') && !touchesBpf ? 'networking' : 'bpf';
    return { submission: true, area, evidence: 'tree', reason: `the subject names the ${tree} tree` };
  }
  for (const t of prefix.other) {
    const near = GENERIC_NEXT.test(t.text) ? undefined : nearestTree(t.text, ours);
    if (near) return { submission: true, area: near.startsWith('net') ? 'networking' : 'bpf', evidence: 'tree', reason: `the subject names "${t.text}", a misspelt tree of ours` };
  }
  // A mailing list's own tag (`[Intel-wired-lan] [PATCH ...]`) is a group of one word beside the prefix.
  const listTag = (i: number) => m.subject!.groups.length > 1 && m.subject!.groups.some((g) => g.tokens.length === 1 && g.tokens[0] === prefix.other[i]);
  const other = prefix.other.find((t, i) => !listTag(i) && namesOtherTree(t.text, ours));
  if (other) return { submission: false, area: 'other', evidence: 'other-tree', reason: `the subject names another tree (${other.text})` };
  return undefined;
}

/** Selftests and docs that come with a change: they follow the change, they do not route it. */
const ACCOMPANYING = /^(?:tools\/testing\/selftests|Documentation)\//;

function fromPaths(m: Message, facts: EngineFacts): MessageScope | undefined {
  const all = touchedPaths(m);
  if (all.length === 0) return undefined;
  // An IMA change with a BPF selftest beside it is the IMA maintainers' patch.
  const primary = all.filter((p) => !ACCOMPANYING.test(p));
  const paths = primary.length > 0 ? primary : all;
  const areas = paths.map((p) => pathArea(p, facts.maintainers));
  // Where the files are mostly other subsystems', a few of ours do not make the patch
  // ours when nothing else says so: only tests and docs (a cleanup across many
  // subsystems' tests is the selftest maintainers'), or a subject naming another
  // subsystem (`rust:` touching one PHY file). Found by the corpus with MAINTAINERS (#19).
  // With none of ours at all, the last reason below says so more plainly.
  const word = subjectArea(m);
  const ours = areas.filter((a) => a !== 'other').length;
  if (ours > 0 && ours * 2 < areas.length && (word === 'other' || (word === undefined && primary.length === 0 && areas.length > 1))) {
    const first = paths.find((_, i) => areas[i] === 'other');
    return { submission: false, area: 'other', evidence: 'paths', reason: `most files it changes are other subsystems' (${first}, ...)` };
  }
  const bpf = paths.find((_, i) => areas[i] === 'bpf');
  if (bpf) return { submission: true, area: 'bpf', evidence: 'paths', reason: `it changes ${bpf}` };
  const net = paths.find((_, i) => areas[i] === 'networking');
  if (word === 'bpf') return { submission: true, area: 'bpf', evidence: 'subject', reason: 'its subject says it is a BPF change' };
  if (net) return { submission: true, area: 'networking', evidence: 'paths', reason: `it changes ${net}` };
  if (word === 'networking') return { submission: true, area: 'networking', evidence: 'subject', reason: 'its subject says it is a networking change' };
  return { submission: false, area: 'other', evidence: 'paths', reason: `it changes no BPF or networking file (${paths[0]}${paths.length > 1 ? ', ...' : ''})` };
}

function fromRecipients(m: Message): MessageScope | undefined {
  if (m.kind !== 'mail' || m.recipients.length === 0) return undefined;
  const areas = m.recipients.map((a) => OUR_LISTS[a.email.toLowerCase()]).filter((a): a is ScopeArea => a !== undefined);
  if (areas.includes('bpf')) return { submission: true, area: 'bpf', evidence: 'recipients', reason: 'it is addressed to bpf@vger.kernel.org' };
  if (areas.includes('networking')) return { submission: true, area: 'networking', evidence: 'recipients', reason: 'it is addressed to netdev@vger.kernel.org' };
  return undefined;
}

/** The scope of every message the rules judge in a series. */
export function judgeScopes(series: Series, config: LintConfig, facts: EngineFacts): Map<Message, MessageScope> {
  const allMessages = series.messages;
  const out = new Map<Message, MessageScope>();
  if (config.profile === 'archive') {
    const archived: MessageScope = { submission: false, area: 'other', evidence: 'profile', reason: 'the archive profile: exported commits, not mail about to be sent' };
    for (const m of allMessages) out.set(m, archived);
    return out;
  }
  const pending: Message[] = [];
  const byPaths = new Map<Message, MessageScope>();
  for (const m of allMessages) {
    const own = ownEvidence(m, config, facts);
    if (own) {
      out.set(m, own);
      continue;
    }
    const p = fromPaths(m, facts);
    if (p) byPaths.set(m, p);
    else pending.push(m);
  }
  // A series is routed as a whole: where its subjects name no tree, it is ours when most
  // of its patches are (a treewide mm series with one net/xdp patch is not).
  if (byPaths.size > 1) {
    const judged = [...byPaths.values()];
    const ours = judged.filter((s) => s.submission);
    if (ours.length * 2 > judged.length) {
      const area: ScopeArea = ours.filter((s) => s.area === 'bpf').length * 2 >= ours.length ? 'bpf' : 'networking';
      for (const [m, s] of byPaths) out.set(m, s.submission ? s : { submission: true, area, evidence: 'series', reason: `most patches of its series are ${area === 'bpf' ? 'BPF' : 'networking'} changes` });
    } else {
      for (const [m, s] of byPaths) out.set(m, s.submission ? { submission: false, area: 'other', evidence: 'series', reason: 'most patches of its series are for other subsystems' } : s);
    }
  } else for (const [m, s] of byPaths) out.set(m, s);
  // A cover letter or a bare commit message: the series' patches speak for it.
  const patchScopes = series.patches.map((p) => out.get(p)).filter((s): s is MessageScope => s !== undefined && s.evidence !== 'default');
  const seriesIn = patchScopes.find((s) => s.submission);
  for (const m of pending) {
    const subjectWord = subjectArea(m);
    let s: MessageScope | undefined;
    if (seriesIn) s = { submission: true, area: seriesIn.area, evidence: 'series', reason: `its series is in scope: ${seriesIn.reason}` };
    else if (patchScopes.length > 0) s = { submission: false, area: 'other', evidence: 'series', reason: `its series is not: ${patchScopes[0].reason}` };
    else s = fromRecipients(m);
    if (!s && subjectWord === 'other') {
      s = { submission: false, area: 'other', evidence: 'subject', reason: `its subject names another subsystem (${/^[^:]*/.exec(m.subject!.summary.text.trim())![0]})` };
    } else if (!s && subjectWord) {
      s = { submission: true, area: subjectWord, evidence: 'subject', reason: `its subject says it is a ${subjectWord === 'bpf' ? 'BPF' : 'networking'} change` };
    }
    if (!s && m.kind === 'mail' && m.recipients.length > 0) {
      s = { submission: false, area: 'other', evidence: 'recipients', reason: 'it is addressed to neither bpf@ nor netdev@ and touches no file' };
    }
    out.set(m, s ?? { submission: true, area: 'bpf', evidence: 'default', reason: 'nothing says it is for another subsystem' });
  }
  return out;
}
