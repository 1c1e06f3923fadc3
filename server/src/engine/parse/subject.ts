import type { DecodedText, PrefixGroup, PrefixToken, Subject, SubjectPrefix } from '../model';
import { mapDecoded } from './decode';

/** Trees the prefix may name without configuration (`bpf-next/net` is bpf-next's branch for networking BPF work). */
export const BUILTIN_TREES = ['bpf', 'bpf-next', 'net', 'net-next', 'bpf-next/net'] as const;
/** Other words that legitimately stand where a tree does (iproute2 and its branches). */
export const IPROUTE2_WORDS = ['iproute2', 'iproute2-next', 'master'] as const;

const VERSION = /^(?:v|ver|version)\.?\s*(\d+)$/i;
const NUMBERING = /^(\d+)\/(\d+)$/;
/** `PATCHv2`, `RFC-v3`: a version glued to another word, which the prefix leaves in `other`. */
export const GLUED_VERSION = /^(PATCH|RFC)[-_]?v(\d+)$/i;

/** The word that says the version: the version token, else a glued `PATCHv2`. */
export function versionToken(prefix: SubjectPrefix): (PrefixToken & { readonly number?: number }) | undefined {
  if (prefix.version) return prefix.version;
  for (const t of prefix.other) {
    const g = GLUED_VERSION.exec(t.text);
    if (g) return { ...t, number: Number(g[2]) };
  }
  return undefined;
}

/**
 * Which posting the prefix says this is, as patchwork and the maintainers read
 * it: no version, `v0` and `v1` are all the first posting, and a glued
 * `PATCHv2` still means v2 even though it is badly written. Everything that
 * groups or compares messages by version uses this, so that a rule's fix of
 * the spelling never changes which series a message belongs to.
 */
export function postingVersion(prefix: SubjectPrefix): number {
  return Math.max(1, versionToken(prefix)?.number ?? 1);
}

/**
 * Splits a mail subject into its bracket groups (`[RFC PATCH bpf-next v3 2/7]`,
 * `[PATCH][bpf]`, patchwork's `[net,3/5]`), each token with its own source
 * range, and the summary that follows. `knownTrees` decides which tokens are trees.
 */
export function parseSubject(value: DecodedText, knownTrees: ReadonlySet<string>): Subject {
  const s = value.text;
  const groups: PrefixGroup[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  skipSpace();
  // Mail clients prepend "Re:"; it is not part of the patch prefix.
  while (s[i] === '[') {
    const close = s.indexOf(']', i + 1);
    if (close < 0) break;
    const nested = s.indexOf('[', i + 1);
    if (nested >= 0 && nested < close) break;
    const tokens: PrefixToken[] = [];
    const tokenRe = /[^\s,]+/g;
    const inner = s.slice(i + 1, close);
    let m: RegExpExecArray | null;
    while ((m = tokenRe.exec(inner))) {
      const from = i + 1 + m.index;
      const to = from + m[0].length;
      const mapped = mapDecoded(value, from, to);
      tokens.push({ text: m[0], span: { start: mapped.start, end: mapped.end }, exact: mapped.exact });
    }
    const whole = mapDecoded(value, i, close + 1);
    const innerMapped = mapDecoded(value, i + 1, close);
    groups.push({
      span: { start: whole.start, end: whole.end },
      inner: { start: innerMapped.start, end: innerMapped.end },
      tokens,
      exact: whole.exact,
    });
    i = close + 1;
    skipSpace();
  }
  const summaryMapped = mapDecoded(value, i, s.length);
  const all = mapDecoded(value, 0, s.length);
  return {
    span: { start: all.start, end: all.end },
    text: s,
    groups,
    summary: { span: { start: summaryMapped.start, end: summaryMapped.end }, text: s.slice(i), exact: summaryMapped.exact },
    prefix: classifyPrefix(groups, knownTrees),
  };
}

export function classifyPrefix(groups: readonly PrefixGroup[], knownTrees: ReadonlySet<string>): SubjectPrefix {
  let rfc: PrefixToken | undefined;
  let patch: PrefixToken | undefined;
  let version: (PrefixToken & { number?: number }) | undefined;
  let numbering: (PrefixToken & { index: number; total: number }) | undefined;
  const trees: PrefixToken[] = [];
  const other: PrefixToken[] = [];
  for (const g of groups) {
    const toks = g.tokens;
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      const lower = t.text.toLowerCase();
      // "v 2" is one (badly written) version token spread over two words.
      if (/^v$/i.test(t.text) && k + 1 < toks.length && /^\d+$/.test(toks[k + 1].text) && !version) {
        const n = toks[k + 1];
        version = {
          text: `${t.text} ${n.text}`,
          span: { start: t.span.start, end: n.span.end },
          exact: t.exact && n.exact,
          number: Number(n.text),
        };
        k++;
        continue;
      }
      let m: RegExpExecArray | null;
      if (lower === 'rfc' && !rfc) rfc = t;
      else if (lower === 'patch' && !patch) patch = t;
      else if (knownTrees.has(lower) || (IPROUTE2_WORDS as readonly string[]).includes(lower)) trees.push(t);
      else if ((m = VERSION.exec(t.text)) && !version) version = { ...t, number: Number(m[1]) };
      else if ((m = NUMBERING.exec(t.text)) && !numbering) numbering = { ...t, index: Number(m[1]), total: Number(m[2]) };
      else other.push(t);
    }
  }
  return { rfc, patch, trees, version, numbering, other };
}
