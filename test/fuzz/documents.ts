/**
 * Fuzz cases for the property tests (#7): documents made from the real corpus
 * (../shared/corpus) and from the test/helpers/mail.ts builders, then mutated
 * (lines cut, duplicated and shuffled, random bytes, line-ending mixes, huge
 * lines, deep bracket nests, RFC 2047 encoded words, BOM/NUL, empty ...).
 *
 * Every case is plain data (a source, a list of mutation descriptors, a config
 * and a description of fake git facts), so fast-check can print and shrink it,
 * and `materialize` turns it into engine inputs deterministically: the same
 * seed gives the same documents, given the same corpus.
 */
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ConfigInput } from '../../server/src/engine/config';
import type { CommitInfo, CommitLookup, EngineFacts, Identity } from '../../server/src/engine/facts';
import { parseInputs, type DocumentInput } from '../../server/src/engine/lint';
import { parseMaintainers } from '../../server/src/engine/maintainers';
import { touchedPaths, type DocumentKind } from '../../server/src/engine/model';
import type { SeveritySetting } from '../../server/src/engine/types';
import { commitIdsIn, RULES } from '../../server/src/rules';
import { AUTHOR, commitMessage, coverLetter, patch, type CommitOptions, type CoverOptions, type PatchOptions } from '../helpers/mail';
import { CORPUS } from '../helpers/paths';

// ---------------------------------------------------------------------------
// The corpus

/** Corpus folders of ordinary-size files; `big/` is swept on its own (see run.ts). */
export const CORPUS_GROUPS = [
  'patches/libbpf',
  'patches/bpftool',
  'patches/ci-diffs',
  'patches/hhoffstaette/bpf',
  'patches/hhoffstaette/net',
  'commit-msgs/libbpf',
  'commit-msgs/bpftool',
];

export interface CorpusFile {
  /** Path relative to the corpus folder, e.g. `patches/libbpf/0123456789ab.patch`. */
  readonly path: string;
  readonly text: string;
}

let corpusCache: CorpusFile[] | undefined;

/** Files of CORPUS_GROUPS in a stable order; empty when ../shared is not beside the clone. */
export function corpusFiles(): readonly CorpusFile[] {
  if (corpusCache) return corpusCache;
  const out: CorpusFile[] = [];
  for (const group of CORPUS_GROUPS) {
    const dir = join(CORPUS, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name);
      if (statSync(file).isFile()) out.push({ path: relative(CORPUS, file), text: readFileSync(file, 'utf8') });
    }
  }
  corpusCache = out;
  return out;
}

/** The large corpus files (`big/`), for a few expensive checks. */
export function bigCorpusFiles(): CorpusFile[] {
  const dir = join(CORPUS, 'big');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((n) => join(dir, n))
    .filter((f) => statSync(f).isFile())
    .map((f) => ({ path: relative(CORPUS, f), text: readFileSync(f, 'utf8') }));
}

let byPath: Map<string, CorpusFile> | undefined;

export function corpusFileByPath(path: string): CorpusFile | undefined {
  byPath ??= new Map(corpusFiles().map((f) => [f.path, f]));
  let f = byPath.get(path);
  if (!f && path.startsWith('big/')) {
    f = bigCorpusFiles().find((x) => x.path === path);
    if (f) byPath.set(path, f);
  }
  return f;
}

// ---------------------------------------------------------------------------
// A small deterministic PRNG for choices a descriptor leaves to its seed

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of a string mixed with a seed (FNV-1a), for per-file seeds. */
export function hashSeed(seed: number, s: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
}

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)];
}

// ---------------------------------------------------------------------------
// Material: pieces of realistic patches, good and bad

const SHA40 = '0123456789abcdef0123456789abcdef01234567';

export const IDENTITIES = [
  AUTHOR,
  'Jane Developer <JANE@example.org>',
  'John Hacker <john@example.com>',
  '"Doe, Jane" <jane@example.org>',
  '=?UTF-8?q?J=C3=B6rg_M=C3=BCller?= <joerg@example.de>',
  '=?utf-8?B?5p2O5piO?= <li@example.cn>',
  'jane@example.org',
  '<jane@example.org>',
  'Jane Developer',
  'Jane (the dev) Developer <jane@example.org>',
  'Ünïcödé Ñame <u@example.org>',
  'Emoji 😀 Person <e@example.org>',
  '',
];

const TREE_TOKENS = ['bpf', 'bpf-next', 'net', 'net-next', 'BPF-NEXT', 'bpf_next', 'bpf-nxt', 'next', 'iproute2', 'iproute2-next', 'bpf-rc', 'stable', 'mm'];
const OTHER_TOKENS = ['PATCH', 'RFC', 'v2', 'V3', 'v0', 'v', 'v1', 'PATCHv2', 'PATCH v2', 'RESEND', '1/3', '02/10', '0/2', '3/2', '0/0', '1/1', '10/1', 'net,3/5', 'Patch', 'v2.1', 'vv2', '2/', '/3'];
const SUMMARIES = [
  'bpf: Fix the verifier for good',
  'libbpf: Add a helper',
  'selftests/bpf: Test register state',
  'Fix a bug',
  'bpf: ',
  '',
  ' ',
  'bpf: Keep register state across helper calls and also make the summary line much too long to fit',
  'bpf: Ünïcödé 😀 summary',
  'bpf: Fix [brackets] (and "quotes")',
  'Re: [PATCH bpf] bpf: Reply',
  '*** SUBJECT HERE ***',
  'net: sched: Fix qdisc',
  '=?UTF-8?q?bpf:_Encoded_summary?=',
];

const PARAGRAPHS = [
  'The verifier rejects programs that read the context after a helper call\nbecause the register state is reset too early. Keep the state until the\ncall returns.',
  'Fix it.',
  'This is a very long line of commit message text that goes on and on past the seventy-five column limit without any break at all, really.',
  'Commit 0123456789ab ("bpf: Add the helper") broke this.',
  'Since commit 0123456 ("bpf: Add the helper"), the helper is wrong.',
  'See commit 0123456789abcdef0123456789abcdef01234567 for details.',
  'As reported in https://bugzilla.kernel.org/show_bug.cgi?id=12345 the thing fails.',
  '  indented code block\n\tstruct bpf_insn insn = {};',
  'diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b',
  'Ünïcödé text with 😀 emoji and\ttabs\tin it, followed by a combining a\u0300 and CJK 中文字符 that also makes the line long enough.',
  'https://lore.kernel.org/bpf/20240101000000.12345-1-jane@example.org/',
  'Changes in v2:\n- addressed review',
  '*** BLURB HERE ***',
];

export const TRAILERS = [
  `Signed-off-by: ${AUTHOR}`,
  'Signed-off-by: John Hacker <john@example.com>',
  'Signed-off-by: jane@example.org',
  'Signed-off-by:Jane Developer <jane@example.org>',
  'Signed-of-by: Jane Developer <jane@example.org>',
  'signed-off-by: Jane Developer <jane@example.org>',
  'Signed-off-by: Jane Developer <jane@example.org',
  'Signed-off-by: ',
  'Co-developed-by: John Hacker <john@example.com>',
  'Co-Developed-by: John Hacker <john@example.com>',
  'Fixes: 0123456789ab ("bpf: Add the helper")',
  'Fixes: 0123456789AB ("bpf: Add the helper")',
  'Fixes: 0123456 ("bpf: Add the helper")',
  'Fixes: 0123456789abcdef0123456789abcdef01234567 ("bpf: Add the helper")',
  'Fixes: 0123456789ab (bpf: Add the helper)',
  'Fixes: 0123456789ab bpf: Add the helper',
  'Fixes: 0123456789ab ("bpf: Add the',
  'Fixes: commit 0123456789ab ("bpf: Add the helper")',
  'Fixes : 0123456789ab ("bpf: Add the helper")',
  'Fixes: 0123456789ab ("bpf: Add the helper")\n    continued',
  'Fixes: 0123aaaa89ab ("bpf: Something else")',
  'Fixes: deadbeef0000 ("bpf: Gone")',
  'Fixes: https://bugzilla.kernel.org/show_bug.cgi?id=1',
  'Fixes: ',
  'Fixes: 0123456789ab ("bpf: ((((nested")))',
  'Reported-by: Someone <someone@example.org>',
  'Closes: https://lore.kernel.org/bpf/abc@example.org/',
  'Link: https://lore.kernel.org/bpf/abc@example.org/',
  'Acked-by: Someone <someone@example.org>',
  'Reviewed-by: someone@example.org',
  'Tested-by: Someone <someone@example.org>',
  'Suggested-by: Someone <someone@example.org>',
  'Cc: stable@vger.kernel.org',
  'Cc: <stable@vger.kernel.org> # 6.1+',
  'Cc: stable@kernel.org',
  'Change-Id: I0123456789abcdef0123456789abcdef01234567',
  'Bugzilla: https://bugzilla.kernel.org/show_bug.cgi?id=12345',
  'Link: https://bugzilla.kernel.org/show_bug.cgi?id=12345',
  'Ack-by: Someone <someone@example.org>',
  'Reviewed-by: Someone <someone@example.org> # for the BPF part',
  'Signed-off-by: Jane Developer <jane@example.org>',
];

export const PATHS = [
  'kernel/bpf/verifier.c',
  'kernel/bpf/syscall.c',
  'kernel/bpf/ringbuf.c',
  'tools/testing/selftests/bpf/progs/test_x.c',
  'tools/testing/selftests/bpf/prog_tests/x.c',
  'samples/bpf/xdp1_kern.c',
  'include/uapi/linux/bpf.h',
  'tools/include/uapi/linux/bpf.h',
  'net/core/filter.c',
  'drivers/net/ethernet/x/x.c',
  'arch/x86/net/bpf_jit_comp.c',
  'Documentation/bpf/x.rst',
  'src/libbpf.c',
  'lib/zstd/x.c',
  'dir with space/ü.c',
];

/** Whole lines a mutation may insert or put in place of another. */
export const LINES = [
  ...TRAILERS,
  '',
  ' ',
  '\t',
  '---',
  '--- ',
  '-- ',
  '2.43.0',
  `From ${SHA40} Mon Sep 17 00:00:00 2001`,
  'From jane@example.org Sun 09 Jun 2019 09:24:16 AM CEST',
  'From: Jane Developer <jane@example.org>',
  'From: =?UTF-8?B?SsO2cmc=?= <joerg@example.de>',
  'Subject: [PATCH bpf-next v2 1/2] bpf: Keep register state',
  'Subject: [PATCH bpf 0/3] bpf: Series',
  'Subject: Re: [PATCH bpf] bpf: Reply',
  'Subject: =?UTF-8?q?=5BPATCH_bpf-next=5D_bpf:_Enc?=',
  'Date: Tue, 3 Jun 2025 10:00:00 +0200',
  'To: bpf@vger.kernel.org',
  'To: netdev@vger.kernel.org',
  'Cc: Alexei Starovoitov <ast@kernel.org>, stable@vger.kernel.org',
  'Cc:',
  ' folded continuation of a header',
  '\tfolded, with a tab',
  'Message-Id: <20240101.1234@example.org>',
  'In-Reply-To: <20240101.1234@example.org>',
  'diff --git a/kernel/bpf/verifier.c b/kernel/bpf/verifier.c',
  'diff --git a/samples/bpf/x.c b/samples/bpf/x.c',
  'new file mode 100644',
  'deleted file mode 100644',
  'rename from a.c',
  'rename to b.c',
  'similarity index 90%',
  'Binary files a/x and b/x differ',
  'index 1111111..2222222 100644',
  '--- a/kernel/bpf/verifier.c',
  '+++ b/kernel/bpf/verifier.c',
  '--- /dev/null',
  '@@ -10,3 +10,3 @@ static int x(void)',
  '@@ -1 +1 @@',
  '@@ -99999999999,1 +1,99999999999 @@',
  '@@ garbage @@',
  '+\terr = -EINVAL;',
  '-\terr = 0;',
  ' \treturn err;',
  '\\ No newline at end of file',
  ' kernel/bpf/verifier.c | 2 +-',
  ' 1 file changed, 1 insertion(+), 1 deletion(-)',
  '# Please enter the commit message for your changes.',
  '# Changes to be committed:',
  '#\tmodified:   kernel/bpf/verifier.c',
  '#\trenamed:    a.c -> b.c',
  '#\tnew file:   samples/bpf/x.c',
  '# ------------------------ >8 ------------------------',
  '; a semicolon comment',
  'Changes in v2:',
  'v2: addressed review',
  'v1: https://lore.kernel.org/bpf/x@y/',
  '*** BLURB HERE ***',
  '*** SUBJECT HERE ***',
  'Jane Developer (2):',
  '  bpf: Keep register state across helper calls',
  'commit 0123456789ab ("bpf: Add the helper")',
  'Commit 0123456789ab',
  '0123456789ab ("bpf: Add the helper")',
  'Ünïcödé 😀 line',
  '\u0000',
  '\ufeff',
  '\u2028',
  '=?UTF-8?B?broken',
  '[[[[[[[[[[',
  ']]]]]',
];

/** Odd pieces a mutation may drop into the middle of a line. */
const SNIPPETS = [
  '[', ']', '(', ')', '("', '")', '<', '>', '"', ':', ': ', ',', ' ', '\t', '\r', '\n', '\r\n', '\u0000', '\ufeff', '\ud83d', '\ude00', '😀', '\u0301',
  '=?', '?=', '=?UTF-8?B?', '=?utf-8?q?', 'PATCH', 'bpf-next', 'v2', '1/3', 'Fixes:', 'Signed-off-by:', '0123456789ab', 'commit ', '---', '@',
  '\u2028', '\u00a0', '\\', '$&', '$1', '%s', '\u202e',
];

const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'error', 'warning', 'info', 'hint'];

// ---------------------------------------------------------------------------
// Descriptors

export type Source =
  | { readonly kind: 'corpus'; readonly index: number }
  /** A corpus file by its path relative to the corpus (what the sweep uses; big/ files too). */
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'patch'; readonly opts: PatchOptions }
  | { readonly kind: 'cover'; readonly opts: CoverOptions }
  | { readonly kind: 'commit'; readonly opts: CommitOptions }
  | { readonly kind: 'raw'; readonly text: string };

/** Positions (`at`, `to`) are taken modulo the number of lines or characters. */
export type Mutation =
  | { readonly op: 'cutLines'; readonly at: number; readonly count: number }
  | { readonly op: 'keepLines'; readonly at: number; readonly count: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'duplicateLines'; readonly at: number; readonly count: number; readonly to: number }
  | { readonly op: 'shuffleLines'; readonly at: number; readonly count: number; readonly seed: number }
  | { readonly op: 'swapLines'; readonly at: number; readonly to: number }
  | { readonly op: 'insertLine'; readonly at: number; readonly line: string }
  | { readonly op: 'replaceLine'; readonly at: number; readonly line: string }
  | { readonly op: 'insertText'; readonly at: number; readonly text: string }
  | { readonly op: 'deleteText'; readonly at: number; readonly count: number }
  | { readonly op: 'eol'; readonly style: 'lf' | 'crlf' | 'cr' | 'mixed'; readonly seed: number }
  | { readonly op: 'hugeLine'; readonly at: number; readonly length: number; readonly fill: string; readonly inLine: boolean }
  | { readonly op: 'nest'; readonly target: 'subject' | 'fixes' | 'anywhere'; readonly at: number; readonly depth: number; readonly open: string; readonly close: string; readonly balanced: boolean }
  | { readonly op: 'encodedWords'; readonly target: 'subject' | 'from' | 'cc' | 'anywhere'; readonly at: number; readonly charset: string; readonly encoding: 'B' | 'Q' | 'b' | 'q'; readonly damage: 'none' | 'truncate' | 'unterminated' | 'badEncoding' | 'splitChar' | 'folded' | 'long' }
  | { readonly op: 'bom' }
  | { readonly op: 'nul'; readonly at: number }
  | { readonly op: 'trailingSpace'; readonly at: number }
  | { readonly op: 'empty'; readonly text: string };

export interface FactsSpec {
  readonly seed: number;
  readonly shallow: boolean;
  /** EngineFacts.kernelHistory: false for a mirror, where unknown commits are not reported. */
  readonly kernelHistory?: boolean;
  readonly committer?: Identity;
  readonly releaseTags?: readonly string[];
  readonly maintainers: boolean;
  readonly blame: number;
  readonly recent: number;
  /** Without it, no repository was asked about commits (facts.commits undefined). */
  readonly lookups: boolean;
}

export interface DocSpec {
  readonly source: Source;
  readonly mutations: readonly Mutation[];
  readonly kind?: DocumentKind;
}

export interface FuzzCase {
  readonly documents: readonly DocSpec[];
  readonly config?: ConfigInput;
  readonly facts?: FactsSpec;
}

// ---------------------------------------------------------------------------
// Applying descriptors

/** Lines with their terminators, so joining them gives the text back. */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) {
      out.push(text.slice(start, i + 2));
      start = i + 2;
      i++;
    } else if (c === 10 || c === 13) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

function terminatorOf(line: string): string {
  return line.endsWith('\r\n') ? '\r\n' : line.endsWith('\n') ? '\n' : line.endsWith('\r') ? '\r' : '';
}

function contentOf(line: string): string {
  return line.slice(0, line.length - terminatorOf(line).length);
}

/** The document's most common terminator, for inserted lines. */
function eolOf(lines: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const l of lines) {
    const t = terminatorOf(l);
    if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  let best = '\n';
  let n = 0;
  for (const [t, c] of counts) if (c > n) [best, n] = [t, c];
  return best;
}

function withEol(line: string, eol: string): string {
  return line.replace(/\r\n|\r|\n/g, eol) + eol;
}

function lineIndexMatching(lines: readonly string[], re: RegExp, at: number): number {
  const hits: number[] = [];
  for (let i = 0; i < lines.length; i++) if (re.test(lines[i])) hits.push(i);
  if (hits.length > 0) return hits[at % hits.length];
  return lines.length === 0 ? -1 : at % lines.length;
}

function utf8Bytes(s: string): number[] {
  return [...Buffer.from(s, 'utf8')];
}

function encodeWord(value: string, charset: string, encoding: 'B' | 'Q' | 'b' | 'q'): string {
  const bytes = /^utf-?8$/i.test(charset) ? utf8Bytes(value) : [...Buffer.from(value, 'latin1')];
  if (encoding === 'B' || encoding === 'b') return `=?${charset}?${encoding}?${Buffer.from(bytes).toString('base64')}?=`;
  const q = bytes
    .map((b) => (b === 32 ? '_' : b > 32 && b < 127 && b !== 61 && b !== 63 && b !== 95 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
  return `=?${charset}?${encoding}?${q}?=`;
}

function encodedWords(value: string, m: Extract<Mutation, { op: 'encodedWords' }>, eol: string): string {
  switch (m.damage) {
    case 'none':
      return encodeWord(value, m.charset, m.encoding);
    case 'truncate': {
      const w = encodeWord(value, m.charset, m.encoding);
      return w.slice(0, Math.max(2, w.length - 1 - (m.at % Math.max(1, w.length - 2))));
    }
    case 'unterminated':
      return encodeWord(value, m.charset, m.encoding).slice(0, -2);
    case 'badEncoding':
      return encodeWord(value, m.charset, m.encoding).replace(/^=\?([^?]*)\?[BbQq]\?/, '=?$1?X?');
    case 'splitChar': {
      // A multi-byte character split across two words: each is invalid UTF-8 alone.
      const bytes = utf8Bytes(value + 'é😀');
      const cut = bytes.length - 3;
      const b64 = (xs: number[]) => `=?UTF-8?B?${Buffer.from(xs).toString('base64')}?=`;
      return `${b64(bytes.slice(0, cut))} ${b64(bytes.slice(cut))}`;
    }
    case 'folded': {
      const words = value.split(' ').map((w) => encodeWord(w, m.charset, m.encoding));
      return words.join(`${eol} `);
    }
    case 'long':
      return encodeWord(value.repeat(1 + (m.at % 40)), m.charset, m.encoding);
  }
}

function applyMutation(text: string, m: Mutation): string {
  if (m.op === 'truncate') return text.slice(0, m.at % (text.length + 1));
  if (m.op === 'insertText') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.text + text.slice(at);
  }
  if (m.op === 'deleteText') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + text.slice(at + m.count);
  }
  if (m.op === 'bom') return '\ufeff' + text;
  if (m.op === 'nul') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + '\u0000' + text.slice(at);
  }
  if (m.op === 'empty') return m.text;

  const lines = splitLines(text);
  const n = lines.length;
  const eol = eolOf(lines);
  const idx = (at: number) => (n === 0 ? 0 : at % n);
  switch (m.op) {
    case 'cutLines': {
      const i = idx(m.at);
      lines.splice(i, m.count);
      break;
    }
    case 'keepLines': {
      const i = idx(m.at);
      return lines.slice(i, i + Math.max(1, m.count)).join('');
    }
    case 'duplicateLines': {
      const i = idx(m.at);
      const chunk = lines.slice(i, i + m.count).map((l) => (terminatorOf(l) ? l : l + eol));
      lines.splice(idx(m.to), 0, ...chunk);
      break;
    }
    case 'shuffleLines': {
      const i = idx(m.at);
      const rnd = prng(m.seed);
      const window = lines.slice(i, i + m.count).map((l) => (terminatorOf(l) ? l : l + eol));
      for (let k = window.length - 1; k > 0; k--) {
        const j = Math.floor(rnd() * (k + 1));
        [window[k], window[j]] = [window[j], window[k]];
      }
      lines.splice(i, window.length, ...window);
      break;
    }
    case 'swapLines': {
      if (n === 0) break;
      const a = idx(m.at);
      const b = idx(m.to);
      const la = contentOf(lines[a]);
      const lb = contentOf(lines[b]);
      lines[a] = lb + terminatorOf(lines[a]);
      lines[b] = la + terminatorOf(lines[b]);
      break;
    }
    case 'insertLine':
      lines.splice(n === 0 ? 0 : m.at % (n + 1), 0, withEol(m.line, eol));
      break;
    case 'replaceLine':
      if (n === 0) lines.push(m.line);
      else lines[idx(m.at)] = m.line.replace(/\r\n|\r|\n/g, eol) + terminatorOf(lines[idx(m.at)]);
      break;
    case 'eol': {
      const rnd = prng(m.seed);
      const styles = ['\n', '\r\n', '\r'];
      for (let i = 0; i < lines.length; i++) {
        if (!terminatorOf(lines[i])) continue;
        const t = m.style === 'lf' ? '\n' : m.style === 'crlf' ? '\r\n' : m.style === 'cr' ? '\r' : pick(rnd, styles);
        lines[i] = contentOf(lines[i]) + t;
      }
      // A CR line before an LF-only line would read as one CRLF: that is the point of a mix.
      break;
    }
    case 'hugeLine': {
      const body = m.fill.repeat(Math.ceil(m.length / Math.max(1, m.fill.length))).slice(0, m.length);
      if (m.inLine && n > 0) {
        const i = idx(m.at);
        lines[i] = contentOf(lines[i]) + body + terminatorOf(lines[i]);
      } else lines.splice(n === 0 ? 0 : m.at % (n + 1), 0, body + eol);
      break;
    }
    case 'nest': {
      const nest = m.open.repeat(m.depth) + 'x' + (m.balanced ? m.close.repeat(m.depth) : '');
      const re = m.target === 'subject' ? /^Subject:/i : m.target === 'fixes' ? /^Fixes:/i : /(?:)/;
      if (n === 0) return nest;
      const i = m.target === 'subject' && !lines.some((l) => /^Subject:/i.test(l)) ? 0 : lineIndexMatching(lines, re, m.at);
      const c = contentOf(lines[i]);
      const col = m.target === 'anywhere' ? m.at % (c.length + 1) : c.length;
      lines[i] = c.slice(0, col) + nest + c.slice(col) + terminatorOf(lines[i]);
      break;
    }
    case 'encodedWords': {
      const re = m.target === 'subject' ? /^Subject:/i : m.target === 'from' ? /^From:/i : m.target === 'cc' ? /^(Cc|To):/i : /(?:)/;
      const i = lineIndexMatching(lines, re, m.at);
      if (i < 0) return encodedWords('bpf: Ünïcödé', m, eol);
      const c = contentOf(lines[i]);
      const colon = /^[A-Za-z-]+: ?/.exec(c);
      const head = colon && m.target !== 'anywhere' ? colon[0] : '';
      const value = c.slice(head.length) || 'x';
      lines[i] = head + encodedWords(value, m, eol) + terminatorOf(lines[i]);
      break;
    }
    case 'trailingSpace': {
      if (n === 0) break;
      const i = idx(m.at);
      lines[i] = contentOf(lines[i]) + ' \t ' + terminatorOf(lines[i]);
      break;
    }
  }
  return lines.join('');
}

export function sourceText(s: Source): string {
  switch (s.kind) {
    case 'corpus': {
      const files = corpusFiles();
      return files.length === 0 ? patch() : files[s.index % files.length].text;
    }
    case 'file': {
      const f = corpusFileByPath(s.path);
      if (!f) throw new Error(`no corpus file ${s.path}`);
      return f.text;
    }
    case 'patch':
      return patch(s.opts);
    case 'cover':
      return coverLetter(s.opts);
    case 'commit':
      return commitMessage(s.opts);
    case 'raw':
      return s.text;
  }
}

export function documentText(d: DocSpec): string {
  let text = sourceText(d.source);
  for (const m of d.mutations) text = applyMutation(text, m);
  return text;
}

// ---------------------------------------------------------------------------
// Fake git facts, derived from the documents so the git-backed rules have something to say

const MAINTAINERS = `
BPF [GENERAL] (Safe Dynamic Programs and Tools)
M:	Alexei Starovoitov <ast@kernel.org>
M:	Daniel Borkmann <daniel@iogearbox.net>
R:	Song Liu <song@kernel.org>
L:	bpf@vger.kernel.org
S:	Supported
F:	kernel/bpf/
F:	include/uapi/linux/bpf*
F:	tools/testing/selftests/bpf/
X:	kernel/bpf/ringbuf.c
K:	\\bbpf_

BPF JIT for X86 64-BIT
M:	Alexei Starovoitov <ast@kernel.org>
L:	bpf@vger.kernel.org
F:	arch/x86/net/

NETWORKING [GENERAL]
M:	"David S. Miller" <davem@davemloft.net>
L:	netdev@vger.kernel.org
F:	net/
N:	net
F:	drivers/net/

ODD (( [broken regex
M:	Odd Person <odd@example.org>
N:	[unclosed
F:	dir with space/

THE REST
M:	Linus Torvalds <torvalds@linux-foundation.org>
L:	linux-kernel@vger.kernel.org
F:	*
F:	*/
`;
const MAINTAINER_SECTIONS = parseMaintainers(MAINTAINERS);

const COMMIT_SUBJECTS = [
  'bpf: Add the helper',
  'bpf: Something else',
  'libbpf: Fix "quoted" things (and parens)',
  'selftests/bpf: Ünïcödé 😀 subject',
  'bpf: A very long subject line that goes on well past any reasonable limit for a Fixes tag to be on one line',
  'x',
  '("',
  '$& $1 replacement patterns',
];
const RELEASES = ['v6.12', 'v6.12-rc7', 'v6.13-rc1', 'v6.11', 'v5.19', 'v5.19-rc8', 'v7.0-rc1', 'vgarbage', 'v6.12.1'];

const HEX = '0123456789abcdef';

function commitFor(rnd: () => number, idPrefix: string, paths: readonly string[]): CommitInfo {
  let sha = idPrefix.toLowerCase().replace(/[^0-9a-f]/g, '').slice(0, 40);
  while (sha.length < 40) sha += HEX[Math.floor(rnd() * 16)];
  const release = rnd();
  return {
    sha,
    subject: pick(rnd, COMMIT_SUBJECTS),
    author: rnd() < 0.8 ? pick(rnd, IDENTITIES.filter((i) => i.includes('<'))) : undefined,
    date: rnd() < 0.8 ? '2024-01-02T03:04:05+00:00' : undefined,
    release: release < 0.3 ? undefined : release < 0.6 ? null : pick(rnd, RELEASES),
    files: rnd() < 0.8 ? [...paths, ...PATHS].filter(() => rnd() < 0.3) : undefined,
  };
}

/** Facts as a repository might give them for these documents (deterministic in spec.seed). */
export function buildFacts(spec: FactsSpec, inputs: readonly DocumentInput[], config?: ConfigInput): EngineFacts {
  const rnd = prng(spec.seed);
  const docs = parseInputs(inputs, config);
  const paths = [...new Set(docs.flatMap((d) => d.messages.flatMap((m) => touchedPaths(m))))];
  let commits: Map<string, CommitLookup> | undefined;
  if (spec.lookups) {
    // One made-up history, and every lookup answered from it, as git would: an id that
    // names one commit names it at any longer length too (fixes-tag-format lengthens
    // short ids, and the new id must not turn ambiguous).
    const ids = commitIdsIn(docs);
    const history: CommitInfo[] = [];
    const named = (id: string) => history.filter((c) => c.sha.startsWith(id));
    for (const id of ids) {
      const r = rnd();
      const want = r < 0.25 ? 0 : r < 0.75 || id.length >= 40 ? 1 : 2;
      for (let k = named(id).length; k < want; k++) history.push(commitFor(rnd, id, paths));
    }
    commits = new Map(
      ids.map((id): [string, CommitLookup] => {
        const hits = named(id);
        return [id, hits.length === 0 ? { status: 'missing' } : hits.length === 1 ? { status: 'found', commit: hits[0] } : { status: 'ambiguous', candidates: hits }];
      }),
    );
  }
  const blame = Array.from({ length: spec.blame }, () => ({ commit: commitFor(rnd, '', paths), lines: 1 + Math.floor(rnd() * 50) }));
  const recent = Array.from({ length: spec.recent }, () => commitFor(rnd, '', paths));
  return {
    committer: spec.committer,
    commits,
    shallow: spec.shallow,
    kernelHistory: spec.kernelHistory,
    maintainers: spec.maintainers ? MAINTAINER_SECTIONS : undefined,
    blame,
    recent,
    releaseTags: spec.releaseTags,
  };
}

export interface Materialized {
  readonly inputs: DocumentInput[];
  readonly config?: ConfigInput;
  readonly facts?: EngineFacts;
}

export function documentId(i: number, d: DocSpec): string {
  const ext = d.source.kind === 'commit' ? 'COMMIT_EDITMSG' : d.kind === 'mbox' ? 'mbox' : 'patch';
  return ext === 'COMMIT_EDITMSG' ? `${String(i).padStart(4, '0')}/COMMIT_EDITMSG` : `${String(i).padStart(4, '0')}-fuzz.${ext}`;
}

export function materialize(c: FuzzCase): Materialized {
  const inputs = c.documents.map((d, i) => ({ id: documentId(i, d), text: documentText(d), kind: d.kind }));
  const facts = c.facts ? buildFacts(c.facts, inputs, c.config) : undefined;
  return { inputs, config: c.config, facts };
}

// ---------------------------------------------------------------------------
// Arbitraries

const at = fc.nat({ max: 1 << 20 });
const smallCount = fc.integer({ min: 1, max: 12 });

const prefixToken = fc.oneof(fc.constantFrom(...TREE_TOKENS), fc.constantFrom(...OTHER_TOKENS), fc.string({ minLength: 1, maxLength: 6 }));
const prefixGroup = fc.array(prefixToken, { minLength: 0, maxLength: 5 }).map((ts) => `[${ts.join(' ')}]`);
export const subjectArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.array(prefixGroup, { minLength: 0, maxLength: 2 }), fc.constantFrom(...SUMMARIES)).map(([g, s]) => [...g, s].join(' ')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
);

const trailerLines = fc.array(fc.constantFrom(...TRAILERS), { minLength: 0, maxLength: 6 });
const bodyArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.constantFrom(...PARAGRAPHS), { minLength: 0, maxLength: 3 }), trailerLines)
  .map(([ps, ts]) => [...ps, ts.join('\n')].filter((x) => x !== '').join('\n\n'));

const identityArb = fc.constantFrom(...IDENTITIES);
const recipientArb = fc.option(
  fc.array(fc.constantFrom('bpf@vger.kernel.org', 'netdev@vger.kernel.org', 'stable@vger.kernel.org', 'Alexei Starovoitov <ast@kernel.org>', 'Song Liu <song@kernel.org>', 'linux-kernel@vger.kernel.org', '"Odd, Name" <odd@example.org>', 'not an address', ''), { minLength: 1, maxLength: 4 }).map((xs) => xs.join(', ')),
  { nil: null },
);
const pathsArb = fc.subarray(PATHS, { minLength: 1, maxLength: 4 });

const patchOptsArb: fc.Arbitrary<PatchOptions> = fc.record(
  {
    from: identityArb,
    subject: subjectArb,
    to: recipientArb,
    cc: recipientArb,
    headers: fc.array(fc.constantFrom('Message-Id: <1@x>', 'In-Reply-To: <0@x>', 'X-Mailer: git-send-email 2.43.0', 'Content-Type: text/plain; charset="utf-8"', 'Content-Transfer-Encoding: 8bit', ' folded'), { maxLength: 3 }),
    body: bodyArb,
    notes: fc.constantFrom('v2: addressed review', 'Changes in v2:\n- fixed', 'v1: https://lore.kernel.org/bpf/x@y/', '', 'Cc: stable@vger.kernel.org'),
    files: pathsArb,
    sha: fc.constantFrom(SHA40, '0000000000000000000000000000000000000000'),
  },
  { requiredKeys: [] },
);
const coverOptsArb: fc.Arbitrary<CoverOptions> = fc.record(
  {
    subject: subjectArb,
    blurb: fc.oneof(fc.constantFrom('*** BLURB HERE ***', 'Blurb.\n\nChanges in v2:\n- x', ''), bodyArb),
    to: recipientArb,
    from: identityArb,
  },
  { requiredKeys: [] },
);
const commitOptsArb: fc.Arbitrary<CommitOptions> = fc.record(
  {
    title: subjectArb,
    body: bodyArb,
    comments: fc.boolean(),
    staged: pathsArb,
    verbose: fc.constantFrom('diff --git a/kernel/bpf/verifier.c b/kernel/bpf/verifier.c\n--- a/kernel/bpf/verifier.c\n+++ b/kernel/bpf/verifier.c\n@@ -1 +1 @@\n-a\n+b\n', ''),
  },
  { requiredKeys: [] },
);
const rawTextArb = fc.oneof(
  fc.constantFrom('', '\n', '\r\n', '\r', '\ufeff', '\u0000', ' ', '\n\n\n', '\r\r\n\n', '---\n', 'From \n', 'Subject:', 'Subject: [PATCH'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...SNIPPETS), maxLength: 60 }),
  fc.array(fc.constantFrom(...LINES), { maxLength: 20 }).map((ls) => ls.join('\n')),
);

function sourceArb(withCorpus: boolean): fc.Arbitrary<Source> {
  const builders: fc.WeightedArbitrary<Source>[] = [
    { weight: 4, arbitrary: patchOptsArb.map((opts) => ({ kind: 'patch' as const, opts })) },
    { weight: 1, arbitrary: coverOptsArb.map((opts) => ({ kind: 'cover' as const, opts })) },
    { weight: 2, arbitrary: commitOptsArb.map((opts) => ({ kind: 'commit' as const, opts })) },
    { weight: 1, arbitrary: rawTextArb.map((text) => ({ kind: 'raw' as const, text })) },
  ];
  if (withCorpus) builders.push({ weight: 6, arbitrary: fc.nat().map((index) => ({ kind: 'corpus' as const, index })) });
  return fc.oneof(...builders);
}

const fillArb = fc.constantFrom('x', 'word ', 'ab ', '😀', '\t', ' ', '[', 'é', '0123456789ab ', 'a\u0301');
const nestArb = fc.constantFrom(['[', ']'], ['(', ')'], ['("', '")'], ['<', '>'], ['{', '}'], ['=?', '?='], ['"', '"']);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('cutLines' as const), at, count: smallCount }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('keepLines' as const), at, count: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicateLines' as const), at, count: smallCount, to: at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('shuffleLines' as const), at, count: fc.integer({ min: 2, max: 30 }), seed: fc.integer() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swapLines' as const), at, to: at }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('insertLine' as const), at, line: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...LINES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replaceLine' as const), at, line: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...LINES) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insertText' as const), at, text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ unit: 'binary', maxLength: 16 }), fc.string({ unit: fc.constantFrom(...SNIPPETS), maxLength: 8 })) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteText' as const), at, count: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('eol' as const), style: fc.constantFrom('lf' as const, 'crlf' as const, 'cr' as const, 'mixed' as const), seed: fc.integer() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('hugeLine' as const), at, length: fc.integer({ min: 200, max: 6000 }), fill: fillArb, inLine: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc
      .record({ target: fc.constantFrom('subject' as const, 'fixes' as const, 'anywhere' as const), at, depth: fc.integer({ min: 1, max: 400 }), pair: nestArb, balanced: fc.boolean() })
      .map(({ pair, ...r }) => ({ op: 'nest' as const, ...r, open: pair[0], close: pair[1] })),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('encodedWords' as const),
      target: fc.constantFrom('subject' as const, 'from' as const, 'cc' as const, 'anywhere' as const),
      at,
      charset: fc.constantFrom('UTF-8', 'utf-8', 'iso-8859-1', 'x-unknown', 'UTF-8*en', ''),
      encoding: fc.constantFrom('B' as const, 'Q' as const, 'b' as const, 'q' as const),
      damage: fc.constantFrom('none' as const, 'none' as const, 'truncate' as const, 'unterminated' as const, 'badEncoding' as const, 'splitChar' as const, 'folded' as const, 'long' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'bom' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('nul' as const), at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('trailingSpace' as const), at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('empty' as const), text: fc.constantFrom('', ' ', '\n', '\r\n', '\ufeff', '\u0000', '\n\r') }) },
);

export const mutationsArb = (maxLength = 6): fc.Arbitrary<Mutation[]> => fc.array(mutationArb, { minLength: 0, maxLength });

const ruleIds = RULES.map((r) => r.id);

/**
 * Severities a config may give a rule: off or any lower one, and error only to rules
 * that are errors by default. Promoting a hint to an error turns every finding a fix
 * uncovers (a tree typo corrected, and now "this fix may belong in bpf") into a
 * no-new-errors failure, which fix-all does not promise to avoid.
 */
function settingsFor(id: string): readonly SeveritySetting[] {
  const rule = RULES.find((r) => r.id === id)!;
  return SEVERITY_SETTINGS.filter((s) => s !== 'error' || rule.severity === 'error');
}
/** `undefined` with probability 1 / (1 + weight): a clearer knob than fc.option's freq. */
function maybe<T>(arb: fc.Arbitrary<T>, weight: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight, arbitrary: arb });
}

export const configArb: fc.Arbitrary<ConfigInput | undefined> = maybe(
  fc.record(
    {
      lineLength: fc.integer({ min: 20, max: 200 }),
      commentChar: fc.constantFrom('#', ';', '%', '*', '$'),
      extraTrees: fc.subarray(['bpf-rc', 'mm', 'stable', 'Net-Next', '']),
      rules: fc.array(fc.tuple(fc.constantFrom(...ruleIds), fc.nat()), { maxLength: 6 }).map((xs) => Object.fromEntries(xs.map(([id, k]) => [id, settingsFor(id)[k % settingsFor(id).length]]))),
    },
    { requiredKeys: [] },
  ),
  1,
);

export const factsArb: fc.Arbitrary<FactsSpec | undefined> = maybe(
  fc.record({
    seed: fc.integer(),
    shallow: fc.boolean(),
    kernelHistory: fc.option(fc.boolean(), { nil: undefined }),
    committer: fc.option(fc.constantFrom<Identity>({ name: 'Jane Developer', email: 'jane@example.org' }, { name: 'John Hacker', email: 'john@example.com' }, { name: '', email: 'anon@example.org' }, { name: 'Ünï 😀', email: 'u@example.org' }), { nil: undefined }),
    releaseTags: fc.option(fc.subarray(RELEASES), { nil: undefined }),
    maintainers: fc.boolean(),
    blame: fc.integer({ min: 0, max: 3 }),
    recent: fc.integer({ min: 0, max: 3 }),
    lookups: fc.boolean(),
  }),
  1,
);

/** Mostly sniffed, as the CLI does; sometimes forced, as --kind and the editor's language do. */
const kindArb = fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom<DocumentKind>('patch', 'mbox', 'message') });

export function docSpecArb(withCorpus: boolean): fc.Arbitrary<DocSpec> {
  return fc.record({ source: sourceArb(withCorpus), mutations: mutationsArb(), kind: kindArb });
}

/** A numbered series from the builders, each file possibly mutated. */
function seriesArb(withCorpus: boolean): fc.Arbitrary<DocSpec[]> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 4 }),
      tree: fc.constantFrom('bpf', 'bpf-next', 'net', 'BPF', 'bpf_next', ''),
      version: fc.constantFrom('', ' v2', ' V3', ' v1'),
      cover: fc.boolean(),
      missing: fc.option(fc.nat(), { nil: undefined }),
      bodies: fc.array(bodyArb, { minLength: 4, maxLength: 4 }),
      files: fc.array(pathsArb, { minLength: 4, maxLength: 4 }),
      mutations: fc.array(mutationsArb(2), { minLength: 5, maxLength: 5 }),
      extra: fc.option(docSpecArb(withCorpus), { nil: undefined }),
    })
    .map((s) => {
      const prefix = (i: number) => `[PATCH${s.tree ? ' ' + s.tree : ''}${s.version} ${i}/${s.n}]`;
      const docs: DocSpec[] = [];
      if (s.cover) docs.push({ source: { kind: 'cover', opts: { subject: `${prefix(0)} bpf: A series` } }, mutations: s.mutations[4] });
      for (let i = 1; i <= s.n; i++) {
        if (s.missing !== undefined && s.missing % s.n === i - 1 && s.n > 1) continue;
        docs.push({ source: { kind: 'patch', opts: { subject: `${prefix(i)} bpf: Part ${i}`, body: s.bodies[i - 1], files: s.files[i - 1] } }, mutations: s.mutations[i - 1] });
      }
      if (s.extra) docs.push(s.extra);
      return docs;
    });
}

export function caseArb(withCorpus = corpusFiles().length > 0): fc.Arbitrary<FuzzCase> {
  const documents = fc.oneof(
    { weight: 6, arbitrary: docSpecArb(withCorpus).map((d) => [d]) },
    { weight: 2, arbitrary: seriesArb(withCorpus) },
  );
  return fc.record({ documents, config: configArb, facts: factsArb });
}

/** What the corpus sweep samples for each file: mutations, config and facts, the source being the file. */
export interface Plan {
  readonly mutations: readonly Mutation[];
  readonly kind?: DocumentKind;
  readonly config?: ConfigInput;
  readonly facts?: FactsSpec;
}

export const planArb: fc.Arbitrary<Plan> = fc.record({ mutations: fc.array(mutationArb, { minLength: 1, maxLength: 6 }), kind: kindArb, config: configArb, facts: factsArb });

/** A case over one corpus file. */
export function corpusCase(path: string, plan: Plan): FuzzCase {
  return { documents: [{ source: { kind: 'file', path }, mutations: plan.mutations, kind: plan.kind }], config: plan.config, facts: plan.facts };
}
