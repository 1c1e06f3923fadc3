/**
 * The kernel's MAINTAINERS file: which people and lists look after which
 * files, matched the way scripts/get_maintainer.pl matches them (F:/X: globs
 * where a trailing slash takes the whole directory and other patterns stay at
 * their own directory depth, N: regexes on paths, K: regexes on the patch).
 * Pure: the text is read elsewhere and parsed once per change of the file.
 */
import { weakMemoTable, type WeakMemo } from './memo';
import { maxOf } from './arrays';
import type { RE2JS as RE2JSClass } from 're2js';
import { parseMailbox } from './parse/headers';

export interface MaintainerEntry {
  readonly name: string;
  readonly email: string;
  /** M (maintainer), R (reviewer) or L (list). */
  readonly role: 'M' | 'R' | 'L';
}

export interface MaintainersSection {
  readonly title: string;
  readonly entries: readonly MaintainerEntry[];
  readonly files: readonly FilePattern[];
  readonly excludes: readonly FilePattern[];
  /** N: and K: patterns, matched in linear time (see safePattern). */
  readonly nameRegexes: readonly TextPattern[];
  readonly keywords: readonly TextPattern[];
  /** Sections that match every file (THE REST): get_maintainer's last resort, not a reviewer list. */
  readonly catchAll: boolean;
}

/**
 * An F:/X: pattern, get_maintainer.pl's glob (`*` and `?` as regex, anchored at
 * the start of the path; a trailing slash takes the whole directory, other
 * patterns stay at their own directory depth). The kernel's MAINTAINERS has
 * some 20,000 of them and a path starts with the literal part of very few, so
 * that part is compared first and the regex is only made for those: making all
 * of them was most of the time a CLI run in a kernel tree spent on MAINTAINERS.
 */
export interface FilePattern {
  readonly source: string;
  /** What the pattern spells out before its first wildcard: the longer, the more specific. */
  readonly prefix: string;
  /** The number of slashes a path it matches has; undefined for a directory (trailing slash). */
  readonly depth: number | undefined;
  regex?: RegExp;
}

function filePattern(pattern: string): FilePattern {
  const source = pattern.trim();
  const dirOnly = source.endsWith('/');
  return { source, prefix: /^[^*?]*/.exec(source)![0], depth: dirOnly ? undefined : (source.match(/\//g) ?? []).length };
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}${pattern.endsWith('/') ? '' : '$'}`);
}

let re2Module: typeof RE2JSClass | undefined;

/** RE2JS, loaded when an N: or K: pattern is first matched (a commit message never needs it; the hook starts faster). */
function re2(): typeof RE2JSClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (re2Module ??= (require('re2js') as { RE2JS: typeof RE2JSClass }).RE2JS);
}

/** A pattern that says whether it occurs in a text. */
export interface TextPattern {
  test(text: string): boolean;
}

/**
 * An N:/K: pattern from MAINTAINERS, compiled by RE2JS, whose matching time is
 * linear in the text: these are regexes a repository writes, and JavaScript's
 * backtracking engine spends minutes on `^(a|aa)+$` against a 60-character
 * path. A pattern RE2 cannot compile (backreferences, lookaround) matches
 * nothing, as an invalid one never did.
 */
function safePattern(source: string): TextPattern {
  // Compiled when first used (RE2JS compiles slowly, and most sections are never asked about).
  let re: ReturnType<typeof RE2JSClass.compile> | null | undefined;
  return {
    test: (text) => {
      if (re === undefined) {
        try {
          re = re2().compile(source);
        } catch {
          re = null;
        }
      }
      return re !== null && re.matcher(text).find();
    },
  };
}

/** An M:/R:/L: value read as a mail header reads it (quoted names, escapes), plus a list's trailing note (`bpf@vger.kernel.org (open list)`). */
function person(value: string, role: 'M' | 'R' | 'L'): MaintainerEntry | undefined {
  const mailbox = /^(.*?<[^<>\s]+@[^<>\s]+>|[^\s<>]+@[^\s<>]+)/.exec(value.trim());
  const parsed = mailbox ? parseMailbox(mailbox[1]) : undefined;
  return parsed ? { name: parsed.name, email: parsed.email, role } : undefined;
}

/**
 * A section whose people are read from their lines when first asked for: a mail
 * address parser over the 9,000 M:/R:/L: lines of the kernel's MAINTAINERS was
 * half of parsing it, and a change names a handful of sections.
 */
function section(title: string, people: readonly { value: string; role: 'M' | 'R' | 'L' }[], rest: Omit<MaintainersSection, 'title' | 'entries'>): MaintainersSection {
  let entries: MaintainerEntry[] | undefined;
  return {
    title,
    get entries() {
      return (entries ??= people.flatMap(({ value, role }) => person(value, role) ?? []));
    },
    ...rest,
  };
}

export function parseMaintainers(text: string): MaintainersSection[] {
  const out: MaintainersSection[] = [];
  let cur: { title: string; people: { value: string; role: 'M' | 'R' | 'L' }[]; files: FilePattern[]; excludes: FilePattern[]; nameRegexes: TextPattern[]; keywords: TextPattern[]; raw: string[] } | undefined;
  const flush = () => {
    if (cur && (cur.files.length || cur.nameRegexes.length || cur.keywords.length)) {
      const { title, people, files, excludes, nameRegexes, keywords, raw } = cur;
      out.push(section(title, people, { files, excludes, nameRegexes, keywords, catchAll: raw.some((f) => f === '*' || f === '*/') }));
    }
    cur = undefined;
  };
  for (const line of text.split(/\r\n|\r|\n/)) {
    const m = /^([A-Z]):\s*(.*?)\s*$/.exec(line);
    if (!m) {
      if (line.trim() === '') flush();
      else if (!cur || (cur.files.length === 0 && cur.people.length === 0)) cur = { title: line.trim(), people: [], files: [], excludes: [], nameRegexes: [], keywords: [], raw: [] };
      continue;
    }
    if (!cur) continue;
    const [, tag, value] = m;
    if (tag === 'M' || tag === 'R' || tag === 'L') cur.people.push({ value, role: tag });
    else if (tag === 'F') {
      cur.raw.push(value);
      cur.files.push(filePattern(value));
    } else if (tag === 'X') cur.excludes.push(filePattern(value));
    else if (tag === 'N') cur.nameRegexes.push(safePattern(value));
    else if (tag === 'K') cur.keywords.push(safePattern(value.replace(/^\\b/, '\\b')));
  }
  flush();
  return out;
}

function matchesFile(p: FilePattern, path: string): boolean {
  if (!path.startsWith(p.prefix)) return false;
  if (p.depth !== undefined && (path.match(/\//g) ?? []).length !== p.depth) return false;
  // No wildcard: a directory takes what is under it, a file only itself.
  if (p.prefix.length === p.source.length) return p.depth === undefined || path.length === p.source.length;
  return (p.regex ??= globToRegExp(p.source)).test(path);
}

// Matching one path against ~3,000 sections costs milliseconds; a document is
// re-linted on every keystroke with the same paths, so answers are remembered.
type PathMemo = WeakMemo<readonly MaintainersSection[], Map<string, readonly MaintainersSection[]>>;

/** Sections of `sections` that `owns` a path, remembered per file and path. */
function memoised(memo: PathMemo, sections: readonly MaintainersSection[], path: string, owns: (s: MaintainersSection) => boolean): readonly MaintainersSection[] {
  let cache = memo.get(sections);
  if (!cache) memo.set(sections, (cache = new Map()));
  let hit = cache.get(path);
  if (!hit) {
    hit = sections.filter((s) => !s.catchAll && !s.excludes.some((x) => matchesFile(x, path)) && owns(s));
    cache.set(path, hit);
  }
  return hit;
}

const byFileOrName: PathMemo = weakMemoTable();
const byFile: PathMemo = weakMemoTable();

function sectionsForPath(sections: readonly MaintainersSection[], path: string): readonly MaintainersSection[] {
  return memoised(byFileOrName, sections, path, (s) => s.files.some((f) => matchesFile(f, path)) || s.nameRegexes.some((n) => n.test(path)));
}

/** Sections responsible for `paths` (catch-all sections left out), plus those whose keywords occur in `patchText`. */
export function sectionsFor(sections: readonly MaintainersSection[], paths: readonly string[], patchText = ''): MaintainersSection[] {
  const out = new Set<MaintainersSection>();
  for (const p of paths) for (const s of sectionsForPath(sections, p)) out.add(s);
  if (patchText !== '') for (const s of sections) if (!s.catchAll && s.keywords.length && s.keywords.some((k) => k.test(patchText))) out.add(s);
  return sections.filter((s) => out.has(s));
}

/**
 * Sections that name `path` in an F: pattern (X: respected, catch-alls left
 * out). N: and K: are left out on purpose: they are regexes on names and text
 * (`bpf` matches `seccomp_bpf.c`), which get_maintainer uses to copy people,
 * not to say who owns a file.
 */
export function sectionsOwningFile(sections: readonly MaintainersSection[], path: string): readonly MaintainersSection[] {
  return memoised(byFile, sections, path, (s) => s.files.some((f) => matchesFile(f, path)));
}

/** Who must get the mail for one path (see requiredRecipients). */
type Requirement = { readonly entry: MaintainerEntry; readonly section: string };
const requiredByPath: WeakMemo<readonly MaintainersSection[], Map<string, readonly Requirement[]>> = weakMemoTable();

/**
 * The recipients a change to `paths` cannot go without: the lists (L:) of every
 * section that owns a path by F: or N:, and the maintainers (M:) of the most
 * specific of them, the section whose F: pattern spells out the longest part of
 * the path. Reviewers (R:), the maintainers of umbrella sections (KERNEL
 * SELFTEST FRAMEWORK for tools/testing/selftests/bpf/, NETWORKING DRIVERS for a
 * driver with a section of its own) and K: keyword matches are get_maintainer's
 * suggestions: with the MAINTAINERS of linux-source-6.12, asking for them warned on 68
 * of 77 recent real BPF mails.
 */
export function requiredRecipients(sections: readonly MaintainersSection[], paths: readonly string[]): Requirement[] {
  let cache = requiredByPath.get(sections);
  if (!cache) requiredByPath.set(sections, (cache = new Map()));
  const out = new Map<string, Requirement>();
  for (const path of paths) {
    let need = cache.get(path);
    if (!need) {
      const owners = sectionsForPath(sections, path).map((s) => ({ s, specificity: specificity(s, path) }));
      const top = maxOf(owners.map((o) => o.specificity), -1);
      need = owners.flatMap(({ s, specificity: d }) => s.entries.filter((e) => e.role === 'L' || (e.role === 'M' && d === top)).map((entry) => ({ entry, section: s.title })));
      cache.set(path, need);
    }
    for (const r of need) {
      const key = r.entry.email.toLowerCase();
      if (!out.has(key)) out.set(key, r);
    }
  }
  return [...out.values()];
}

/** The longest literal part of a matching F: pattern; 0 for a match by N: (a name regex says nothing about depth). */
function specificity(s: MaintainersSection, path: string): number {
  let best = 0;
  for (const f of s.files) if (matchesFile(f, path)) best = Math.max(best, f.prefix.length);
  return best;
}

const topDirectories = new WeakMap<readonly MaintainersSection[], ReadonlySet<string>>();

/**
 * Whether some section's F: pattern starts in the top-level directory of
 * `path`: a path of the tree MAINTAINERS describes. A libbpf or bpftool mirror's
 * `src/...` is not, and nothing said of ownership would be true of it.
 */
export function describesTopDirectory(sections: readonly MaintainersSection[], path: string): boolean {
  let tops = topDirectories.get(sections);
  if (!tops) {
    tops = new Set(sections.filter((s) => !s.catchAll).flatMap((s) => s.files.map((f) => f.prefix.split('/')[0]).filter((t) => t !== '')));
    topDirectories.set(sections, tops);
  }
  return tops.has(path.split('/')[0]);
}
