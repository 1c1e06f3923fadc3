import { FAQ } from '../engine/faq';
import { memoTable } from '../engine/memo';
import type { Message, Paragraph } from '../engine/model';
import { detached, type Span } from '../engine/text';
import type { Fix, Rule } from '../engine/types';
import { deleteLine, levenshtein, lineOf, messagesWithText, perMessage } from './util';

/** Trailers that name a person: `Name <email>`. */
export const PERSON_KEYS = [
  'Signed-off-by',
  'Acked-by',
  'Reviewed-by',
  'Tested-by',
  'Reported-by',
  'Suggested-by',
  'Co-developed-by',
  'Cc',
  'Reported-and-tested-by',
] as const;
/** Person trailers that may hold a bare address (mailing lists, syzbot). */
const BARE_ADDRESS_OK = new Set(['cc', 'reported-by', 'tested-by', 'reported-and-tested-by']);
/** Trailers whose value is a URL. */
export const URL_KEYS = ['Link', 'Closes'] as const;
/** The keys this rule checks (spelling, case, value). */
const CHECKED_KEYS: readonly string[] = [...PERSON_KEYS, ...URL_KEYS];
/**
 * Other trailers seen upstream. They are not checked, but a key close to one of
 * them is not a misspelling of a checked key; Fixes and Change-Id belong to
 * their own rules.
 */
const OTHER_KEYS = [
  'Fixes',
  'Fix',
  'Change-Id',
  'Assisted-by',
  'Requested-by',
  'Original-patch-by',
  'Originally-by',
  'Based-on-patch-by',
  'Build-tested-by',
  'Compile-tested-by',
  'Regression-tested-by',
  'Tested-and-acked-by',
  'Debugged-by',
  'Bisected-by',
  'Analyzed-by',
  'Analysed-by',
  'Noticed-by',
  'Helped-by',
  'Inspired-by',
  'Co-authored-by',
  'Message-ID',
  'Bug',
  'Bugzilla',
];
const CANONICAL = new Map<string, string>([...CHECKED_KEYS, ...OTHER_KEYS].map((k) => [k.toLowerCase(), k]));

/** Any line that tries to be a sign-off (the same test signed-off-by-missing uses). */
export const SIGN_OFF_ATTEMPT = /^\s*signed[-_ ]?off?[-_ ]?by\s*:/i;
/**
 * A `Key:` line, loosely: up to four words in the key, split by spaces or
 * underscores, any spacing around the colon. The words cannot contain their
 * separators: when they could, `a_a_a_...` with no colon backtracked in cubic
 * time (110 s for a 10,000-character line, found by #7's fuzzer).
 */
const LOOSE_TRAILER = /^([ \t]*)([A-Za-z][A-Za-z0-9-]*(?:[ _][A-Za-z0-9-]+){0,3})([ \t]*):(?!\/\/)([ \t]*)(.*)$/;

/** Whether `key` is a trailer key seen upstream, checked or not (case and separators aside). */
export function isKnownKey(key: string): boolean {
  return CANONICAL.has(normalKey(key));
}

/** The key as the kernel spells it, for keys that are spelt right modulo case and separators. */
function normalKey(key: string): string {
  return key.toLowerCase().replace(/[ _]+/g, '-');
}

/**
 * What `key` is meant to be: the canonical checked key when `key` is one, or a
 * misspelling of one; undefined for other (unknown or unchecked) keys.
 */
// Keys repeat across a series or corpus; the edit-distance search runs once per spelling.
const intended = memoTable<string, string | undefined>();

export function intendedKey(key: string): string | undefined {
  let hit = intended.get(key);
  if (hit === undefined && !intended.has(key)) {
    hit = searchIntendedKey(key);
    // Bounded, and keyed by copies: a key cut from a document must not keep that document alive.
    if (intended.size >= 1000) intended.clear();
    intended.set(detached(key), hit);
  }
  return hit;
}

function searchIntendedKey(key: string): string | undefined {
  if (SIGN_OFF_ATTEMPT.test(`${key}:`)) return 'Signed-off-by';
  const k = normalKey(key);
  const exact = CANONICAL.get(k);
  if (exact) return CHECKED_KEYS.includes(exact) ? exact : undefined;
  const formed = wrongForm(k);
  if (formed) return formed;
  if (k.length < 5) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const [lower, canon] of CANONICAL) {
    // Only distances up to 2 are ever accepted; a longer length gap cannot get there.
    if (Math.abs(lower.length - k.length) > 2) continue;
    const d = levenshtein(k, lower);
    if (d < bestDistance) {
      best = canon;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  if (!best || tie || !CHECKED_KEYS.includes(best)) return undefined;
  const lower = best.toLowerCase();
  if (bestDistance <= 1) return best;
  if (bestDistance === 2 && k.length >= 9 && /by$/.test(k) && /by$/.test(lower)) return best;
  return undefined;
}

/**
 * Person tags written in the wrong form rather than mistyped, too far from the
 * key for an edit distance: the sign-off's shape on another tag
 * (`Reviewed-off-by`), or the verb without its ending (`Ack-by`, `Review-by`).
 */
function wrongForm(k: string): string | undefined {
  const m = /^([a-z][a-z-]*?)(?:-off)?-by$/.exec(k);
  if (!m) return undefined;
  for (const candidate of [`${m[1]}-by`, `${m[1]}ed-by`, `${m[1]}d-by`]) {
    const canon = CANONICAL.get(candidate);
    if (canon && candidate !== k && CHECKED_KEYS.includes(canon)) return canon;
  }
  return undefined;
}

/** One `Key: value` line (with indented continuation lines) that is or means a trailer. */
export interface TrailerLine {
  /** Index of the first line in doc.lines. */
  readonly line: number;
  /** Index of the last (continuation) line. */
  readonly lastLine: number;
  readonly key: string;
  readonly keySpan: Span;
  /** Text between key and colon. */
  readonly separator: string;
  /** Offset of the colon. */
  readonly colon: number;
  /** Whitespace between the colon and the value. */
  readonly space: string;
  readonly value: string;
  readonly valueSpan: Span;
  /** From the key to the end of the last line. */
  readonly span: Span;
  readonly indent: string;
  /** The paragraph the line is in. */
  readonly paragraph: Paragraph;
}

/** Reads the `Key: value` lines of a paragraph; undefined entries are lines that are not one. */
function readParagraph(m: Message, p: Paragraph): (TrailerLine | undefined)[] {
  const out: (TrailerLine | undefined)[] = [];
  for (let k = p.firstLine; k <= p.lastLine; k++) {
    const line = lineOf(m, k);
    const t = readTrailerLine(m, p, k);
    if (!t) {
      // An indented line after a trailer continues it.
      const prev = out[out.length - 1];
      if (prev && /^[ \t]+\S/.test(line.text) && prev.lastLine === k - 1 && !LOOSE_TRAILER.test(line.text)) {
        out[out.length - 1] = extend(m, prev, k);
      } else out.push(undefined);
      continue;
    }
    out.push(t);
  }
  return out;
}

function extend(m: Message, t: TrailerLine, k: number): TrailerLine {
  const line = lineOf(m, k);
  const text = m.document.text;
  let end = line.end;
  while (end > t.valueSpan.start && /\s/.test(text[end - 1])) end--;
  const raw = text.slice(t.valueSpan.start, end);
  return {
    ...t,
    lastLine: k,
    value: raw.replace(/\s*(\r\n|\r|\n)\s*/g, ' '),
    valueSpan: { start: t.valueSpan.start, end },
    span: { start: t.span.start, end: line.end },
  };
}

function readTrailerLine(m: Message, p: Paragraph, k: number): TrailerLine | undefined {
  const line = lineOf(m, k);
  const r = LOOSE_TRAILER.exec(line.text);
  if (!r) return undefined;
  const [, indent, key, separator, space, rest] = r;
  const keyStart = line.start + indent.length;
  const colon = keyStart + key.length + separator.length;
  const vStart = colon + 1 + space.length;
  const value = rest.replace(/\s+$/, '');
  return {
    line: k,
    lastLine: k,
    key,
    keySpan: { start: keyStart, end: keyStart + key.length },
    separator,
    colon,
    space,
    value,
    valueSpan: { start: vStart, end: vStart + value.length },
    span: { start: keyStart, end: line.end },
    indent,
    paragraph: p,
  };
}

/**
 * Whether a paragraph holds trailers only: git's trailer block, or a paragraph
 * every line of which is a `Key: value` line (upstream often keeps `Fixes:` in
 * its own paragraph above the sign-offs, or `Link: ... [1]` footnotes below).
 * Lines in `ignore` (e.g. a wrapped Fixes title) do not count against it.
 */
export function isTrailerParagraph(m: Message, p: Paragraph, ignore?: ReadonlySet<number>): boolean {
  if (m.trailerBlock && m.trailerBlock.firstLine === p.firstLine) return true;
  if (p.quoted) return false;
  const read = readParagraph(m, p);
  let k = p.firstLine;
  let trailers = 0;
  for (const t of read) {
    if (t) {
      trailers++;
      k = t.lastLine + 1;
      continue;
    }
    if (ignore?.has(k)) {
      k++;
      continue;
    }
    // Maintainers' notes (`[ab: fixed typo]`) and cherry-pick lines sit among trailers.
    const text = lineOf(m, k).text.trim();
    if (!/^\[.*\]$/.test(text) && !text.startsWith('(cherry picked from commit ')) return false;
    k++;
  }
  return trailers > 0;
}

/**
 * Whether deleting `t` would make git read a paragraph with prose in it as the
 * trailer block: `t` is the whole last paragraph, and the one above is not all
 * tags. Its lines would turn into trailers, judged as such by other rules (a
 * `Fixes: the crash` there becomes fixes-tag-format's error), so fix-all leaves
 * that deletion to the author (found by #7's fuzzer).
 */
function promotesProse(m: Message, t: TrailerLine): boolean {
  const p = t.paragraph;
  if (m.trailerBlock?.firstLine !== p.firstLine || p.firstLine !== t.line || p.lastLine !== t.lastLine) return false;
  const above = m.paragraphs[m.paragraphs.indexOf(p) - 1];
  return above !== undefined && !isTrailerParagraph(m, above);
}

/** Trailer lines of a message, in order: every line of trailer paragraphs. */
export const trailerLines: (m: Message) => TrailerLine[] = perMessage(readTrailerLines);

function readTrailerLines(m: Message): TrailerLine[] {
  const out: TrailerLine[] = [];
  for (const p of m.paragraphs) {
    if (!isTrailerParagraph(m, p)) continue;
    for (const t of readParagraph(m, p)) if (t) out.push(t);
  }
  return out;
}

/** Sign-off attempts outside trailer paragraphs (a misspelt sign-off keeps git from seeing the block). */
function strayTrailerLines(m: Message): TrailerLine[] {
  const out: TrailerLine[] = [];
  for (const p of m.paragraphs) {
    if (isTrailerParagraph(m, p) || p.quoted) continue;
    for (const t of readParagraph(m, p)) if (t && SIGN_OFF_ATTEMPT.test(`${t.key}${t.separator}:`)) out.push(t);
  }
  return out;
}

/** Every sign-off attempt (any spelling) of a message, wherever it is. */
export function signOffLines(m: Message): TrailerLine[] {
  return [...trailerLines(m), ...strayTrailerLines(m)]
    .filter((t) => intendedKey(t.key) === 'Signed-off-by')
    .sort((a, b) => a.line - b.line);
}

/** The address in a trailer value: `<a@b>` or a bare `a@b`. */
export function emailOf(value: string): string | undefined {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  if (angle) return angle[1];
  const bare = /(?:^|\s)([^\s<>"(),;]+@[^\s<>"(),;]+\.[^\s<>"(),;]+)/.exec(value);
  return bare ? bare[1] : undefined;
}

/** Whether a trailer line means `key` (any spelling). */
export function means(t: TrailerLine, key: string): boolean {
  return intendedKey(t.key) === key;
}

const NAME_EMAIL = /^[^<>@\s][^<>@]*\s<[^<>\s@]+@[^<>\s@]+>(\s.*)?$/;
const BARE_EMAIL = /^<?[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>?(\s.*)?$/;
const URL = /^<?https?:\/\/\S+/i;
/** `Name user@host`: the address lacks its angle brackets. */
const NAME_BARE_EMAIL = /^([^<>@\s][^<>@]*?)\s+([^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/;
/** `Name<user@host>`: name and address are both there, only the space between is missing. */
const NAME_GLUED = /^([^<>@\s][^<>@]*?[^<>@\s])<[^<>\s@]+@[^<>\s@]+>$/;
/** GitHub's issue syntax in mirror repositories (`Closes: #23`). */
export const GITHUB_ISSUE = /^#\d+$/;

const rule: Rule = {
  id: 'trailer-syntax',
  description: 'A trailer is misspelt or malformed.',
  severity: 'warning',
  faq: FAQ.minimumRequirement,
  readiness: 'message',
  appliesTo: 'every-patch',
  explanation: [
    'Trailers are read by tools, not just people: `git interpret-trailers`, patchwork,',
    'b4 and the stable scripts match the key literally and expect `Name <email>` after',
    'person tags and a URL after `Link:`/`Closes:`. A misspelt `Signed-of-by:` is not a',
    'sign-off at all, and a repeated line is noise. Use the usual spelling and case,',
    'one space after the colon, and list each tag once.',
  ].join('\n'),
  check(ctx) {
    for (const m of messagesWithText(ctx)) {
      if (m.isCoverLetter) continue;
      const lines = [...trailerLines(m), ...strayTrailerLines(m)].sort((a, b) => a.line - b.line);
      let lastSignOff: string | undefined;
      const seen = new Set<string>();
      for (const t of lines) {
        const canon = intendedKey(t.key);
        if (!canon) continue;

        // The key: spelling, case, space before the colon.
        const spelt = normalKey(t.key) === canon.toLowerCase() && !/[ _]/.test(t.key);
        const caseOnly = spelt && t.key !== canon;
        const caseMatters = /-by$/.test(canon) || canon === 'Link' || canon === 'Closes';
        if (!spelt || (caseOnly && caseMatters) || t.separator !== '') {
          const what = !spelt
            ? `\`${t.key}:\` is not a known trailer; did you mean \`${canon}:\`?`
            : t.key !== canon && caseMatters
              ? `Write \`${canon}:\`, not \`${t.key}:\`.`
              : `No space before the colon: \`${canon}:\`.`;
          ctx.report(m, {
            message: !spelt && canon === 'Signed-off-by' ? `${what} As written it is no sign-off.` : what,
            range: t.separator !== '' ? { start: t.keySpan.start, end: t.colon + 1 } : t.keySpan,
            // A misspelt sign-off certifies nothing: the patch cannot be applied, as with none.
            severity: !spelt && canon === 'Signed-off-by' ? 'error' : undefined,
            readiness: canon === 'Signed-off-by' ? 'sign-off' : undefined,
            fixes: [
              {
                title: `Change to \`${canon}:\``,
                edits: [{ start: t.keySpan.start, end: t.colon + 1, newText: `${caseMatters || !spelt ? canon : t.key}:` }],
                isPreferred: true,
              },
            ],
          });
        }

        // One space after the colon.
        if (t.value !== '' && t.space === '') {
          ctx.report(m, {
            message: `Put a space after \`${canon}:\`.`,
            range: t.valueSpan,
            fixes: [{ title: 'Insert a space', edits: [{ start: t.valueSpan.start, end: t.valueSpan.start, newText: ' ' }], isPreferred: true }],
          });
        }

        // The value.
        const lower = canon.toLowerCase();
        const isPerson = (PERSON_KEYS as readonly string[]).includes(canon);
        if (isPerson && !NAME_EMAIL.test(t.value) && !(BARE_ADDRESS_OK.has(lower) && BARE_EMAIL.test(t.value))) {
          const bare = NAME_BARE_EMAIL.exec(t.value);
          const glued = NAME_GLUED.exec(t.value);
          const fixes: Fix[] = glued
            ? [{ title: 'Insert a space before the address', edits: [{ start: t.valueSpan.start + glued[1].length, end: t.valueSpan.start + glued[1].length, newText: ' ' }], isPreferred: true }]
            : bare
            ? [
                {
                  title: `Write \`${bare[1]} <${bare[2]}>\``,
                  edits: [{ start: t.valueSpan.start, end: t.valueSpan.end, newText: `${bare[1]} <${bare[2]}>` }],
                  isPreferred: true,
                },
              ]
            : [];
          const range = t.value === '' ? t.span : t.valueSpan;
          const trailing = /^[^<>@\s][^<>@]*\s<[^<>\s@]+@[^<>\s@]+>(\S.*)$/.exec(t.value);
          ctx.report(m, {
            message:
              t.value === ''
                ? `\`${canon}:\` names nobody; write \`${canon}: Name <email>\`.`
                : glued
                  ? `Put a space between the name and the address after \`${canon}:\`.`
                  : trailing
                    ? `Nothing may follow the address after \`${canon}:\` (here "${trailing[1]}").`
                    : `\`${canon}:\` needs \`Name <email>\`${BARE_ADDRESS_OK.has(lower) ? ' (or a bare address)' : ''}.`,
            range,
            fixes,
            // A sign-off without an address certifies nothing (the DCO needs a real identity);
            // one with both, glued together, still names its person.
            severity: canon === 'Signed-off-by' && !glued ? 'error' : undefined,
            readiness: canon === 'Signed-off-by' ? 'sign-off' : undefined,
          });
        } else if (!isPerson && !URL.test(t.value) && !GITHUB_ISSUE.test(t.value)) {
          ctx.report(m, {
            message: `\`${canon}:\` takes a URL (e.g. the lore.kernel.org link to the discussion or report).`,
            range: t.value === '' ? t.span : t.valueSpan,
          });
        }

        // Exact duplicates. A sign-off may repeat when the patch passed through
        // someone twice (author, then committer), so only back-to-back ones count.
        const sig = `${lower}\0${t.value.replace(/\s+/g, ' ')}`;
        const dup = canon === 'Signed-off-by' ? lastSignOff === sig : seen.has(sig);
        if (canon === 'Signed-off-by') lastSignOff = sig;
        seen.add(sig);
        if (dup && t.value !== '') {
          const first = lineOf(m, t.line);
          const last = lineOf(m, t.lastLine);
          ctx.report(m, {
            message: `Duplicate \`${canon}: ${t.value}\`.`,
            range: { start: t.span.start, end: t.span.end },
            fixes: [{ title: 'Remove the duplicate', edits: [deleteLine(m, first, last)], isPreferred: !promotesProse(m, t) }],
          });
        }
      }
    }
  },
};

export default rule;
