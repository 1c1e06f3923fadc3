/**
 * A mail subject's prefix (engine/parse/subject.ts): the bracket groups, each
 * token with its exact source text, and what the tokens say (RFC, PATCH, trees,
 * version, numbering, other words), and the summary after them (#19).
 */
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, knownTrees } from '../server/src/engine/config';
import { parseSubject, postingVersion } from '../server/src/engine/parse/subject';
import { decodeHeaderValue } from '../server/src/engine/parse/decode';

function read(value: string): string[] {
  const text = `Subject: ${value}`;
  const s = parseSubject(decodeHeaderValue(text, 9, text.length), knownTrees(DEFAULT_CONFIG));
  const src = (span: { start: number; end: number }) => text.slice(span.start, span.end);
  const p = s.prefix;
  const tok = (t: { span: { start: number; end: number }; exact: boolean } | undefined) => (t ? src(t.span) + (t.exact ? '' : '~') : '-');
  return [
    `groups ${s.groups.map((g) => `${src(g.span)}{${src(g.inner)}}${g.exact ? '' : '~'}`).join(' ') || '-'}`,
    `rfc ${tok(p.rfc)} patch ${tok(p.patch)} trees ${p.trees.map(tok).join(',') || '-'} version ${tok(p.version)}=${p.version?.number ?? '-'} posting ${postingVersion(p)} numbering ${tok(p.numbering)}=${p.numbering ? `${p.numbering.index}/${p.numbering.total}` : '-'} other ${p.other.map(tok).join(',') || '-'}`,
    `summary ${JSON.stringify(s.summary.text)} at ${JSON.stringify(src(s.summary.span))}${s.summary.exact ? '' : '~'}`,
  ];
}

describe('subject: the prefix and the summary (#19)', () => {
  const rows: Array<[string, string[]]> = [
    ['[RFC PATCH bpf-next v3 2/7] bpf: Do it', ['groups [RFC PATCH bpf-next v3 2/7]{RFC PATCH bpf-next v3 2/7}', 'rfc RFC patch PATCH trees bpf-next version v3=3 posting 3 numbering 2/7=2/7 other -', 'summary "bpf: Do it" at "bpf: Do it"']],
    ['[PATCH][bpf]  x', ['groups [PATCH]{PATCH} [bpf]{bpf}', 'rfc - patch PATCH trees bpf version -=- posting 1 numbering -=- other -', 'summary "x" at "x"']],
    ['[net,3/5] x', ['groups [net,3/5]{net,3/5}', 'rfc - patch - trees net version -=- posting 1 numbering 3/5=3/5 other -', 'summary "x" at "x"']],
    // "v 2" is one version written as two words.
    ['[PATCH v 2] x', ['groups [PATCH v 2]{PATCH v 2}', 'rfc - patch PATCH trees - version v 2=2 posting 2 numbering -=- other -', 'summary "x" at "x"']],
    ['[PATCH v x] y', ['groups [PATCH v x]{PATCH v x}', 'rfc - patch PATCH trees - version -=- posting 1 numbering -=- other v,x', 'summary "y" at "y"']],
    ['[PATCH v2 v3 1/2 2/2] y', ['groups [PATCH v2 v3 1/2 2/2]{PATCH v2 v3 1/2 2/2}', 'rfc - patch PATCH trees - version v2=2 posting 2 numbering 1/2=1/2 other v3,2/2', 'summary "y" at "y"']],
    ['[PATCH iproute2-next] tc: x', ['groups [PATCH iproute2-next]{PATCH iproute2-next}', 'rfc - patch PATCH trees iproute2-next version -=- posting 1 numbering -=- other -', 'summary "tc: x" at "tc: x"']],
    ['[PATCH bpf-nxt] x', ['groups [PATCH bpf-nxt]{PATCH bpf-nxt}', 'rfc - patch PATCH trees - version -=- posting 1 numbering -=- other bpf-nxt', 'summary "x" at "x"']],
    // A bracket inside a group, or one never closed, ends the prefix: the rest is summary.
    ['[PATCH [bpf] x', ['groups -', 'rfc - patch - trees - version -=- posting 1 numbering -=- other -', 'summary "[PATCH [bpf] x" at "[PATCH [bpf] x"']],
    ['[PATCH] [bpf x', ['groups [PATCH]{PATCH}', 'rfc - patch PATCH trees - version -=- posting 1 numbering -=- other -', 'summary "[bpf x" at "[bpf x"']],
    ['Re: [PATCH] x', ['groups -', 'rfc - patch - trees - version -=- posting 1 numbering -=- other -', 'summary "Re: [PATCH] x" at "Re: [PATCH] x"']],
    ['\t [PATCH]\tx', ['groups [PATCH]{PATCH}', 'rfc - patch PATCH trees - version -=- posting 1 numbering -=- other -', 'summary "x" at "x"']],
    ['[PATCH v0] x', ['groups [PATCH v0]{PATCH v0}', 'rfc - patch PATCH trees - version v0=0 posting 1 numbering -=- other -', 'summary "x" at "x"']],
    // Folded and encoded: tokens map to their source; inside an encoded word not exactly.
    ['[PATCH\n bpf] x', ['groups [PATCH\n bpf]{PATCH\n bpf}~', 'rfc - patch PATCH trees bpf version -=- posting 1 numbering -=- other -', 'summary "x" at "x"']],
    ['=?UTF-8?Q?[PATCH_bpf]?= caf=?UTF-8?Q?=C3=A9?=', ['groups =?UTF-8?Q?[PATCH_bpf]?={=?UTF-8?Q?[PATCH_bpf]?=}~', 'rfc - patch =?UTF-8?Q?[PATCH_bpf]?=~ trees =?UTF-8?Q?[PATCH_bpf]?=~ version -=- posting 1 numbering -=- other -', 'summary "café" at "caf=?UTF-8?Q?=C3=A9?="~']],
  ];
  for (const [value, expected] of rows) {
    it(JSON.stringify(value), () => assert.deepEqual(read(value), expected));
  }
});
