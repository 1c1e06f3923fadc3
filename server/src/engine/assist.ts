/**
 * Editor assistance decided by the engine: what the text under the cursor is
 * (a tree in the subject prefix, a trailer key) and what may be typed next.
 * Pure, so the language server only translates the answers to LSP.
 */
import { fixesCandidates, type EngineFacts } from './facts';
import { sectionsFor } from './maintainers';
import { formatMailbox } from './parse/headers';
import { touchedPaths, type Message, type ParsedDocument, type PrefixToken, type Trailer } from './model';
import type { Span } from './text';

export interface TrailerDoc {
  readonly key: string;
  /** What the trailer says, in our words (markdown). */
  readonly meaning: string;
  /** Text inserted after the key when completing it. */
  readonly snippetHint: string;
}

export const TRAILER_DOCS: readonly TrailerDoc[] = [
  { key: 'Fixes', meaning: 'Names the commit that introduced the bug this patch fixes, as `Fixes: <12+ hex digits> ("<its subject>")`. Backporters and the stable scripts follow it; a fix for the `bpf` tree must have one.', snippetHint: '<sha> ("<subject>")' },
  { key: 'Signed-off-by', meaning: 'Certifies the Developer Certificate of Origin: you wrote the change or may pass it on. Every person who handled the patch adds one, the author first.', snippetHint: 'Name <email>' },
  { key: 'Reviewed-by', meaning: 'Someone reviewed the patch and vouches for it. Only add it when the reviewer gave it on the list.', snippetHint: 'Name <email>' },
  { key: 'Acked-by', meaning: 'A maintainer or stakeholder of affected code agrees with the change, without necessarily a full review.', snippetHint: 'Name <email>' },
  { key: 'Tested-by', meaning: 'Someone ran the patch and it worked for them. Only add it when they said so.', snippetHint: 'Name <email>' },
  { key: 'Reported-by', meaning: 'Credits who found the problem. Follow it with `Closes:` (or `Link:`) pointing at the report.', snippetHint: 'Name <email>' },
  { key: 'Closes', meaning: 'URL of the bug report or discussion this patch resolves, usually right after `Reported-by:`.', snippetHint: 'https://lore.kernel.org/...' },
  { key: 'Link', meaning: 'URL of related discussion, typically the lore.kernel.org thread of an earlier version or of the report.', snippetHint: 'https://lore.kernel.org/...' },
  { key: 'Co-developed-by', meaning: 'Credits a co-author. Must be followed immediately by that person\'s own `Signed-off-by:`.', snippetHint: 'Name <email>' },
  { key: 'Suggested-by', meaning: 'Credits who suggested the idea of the change.', snippetHint: 'Name <email>' },
  { key: 'Cc', meaning: 'Copies a person on the mail (git send-email reads it). Never use it for the stable list in a BPF patch.', snippetHint: 'Name <email>' },
];

export interface TreeDoc {
  readonly tree: string;
  readonly meaning: string;
}

export const TREE_DOCS: readonly TreeDoc[] = [
  { tree: 'bpf', meaning: 'Fixes for BPF code already in a release or in the current release cycle. Each patch needs a `Fixes:` tag; the tree feeds `net`.' },
  { tree: 'bpf-next', meaning: 'New BPF features, cleanups and improvements for the next merge window. Closed while the merge window is open (until `-rc1`); feeds `net-next`.' },
  { tree: 'net', meaning: 'Networking fixes for the current cycle. BPF fixes may be sent here too; the maintainers delegate them.' },
  { tree: 'net-next', meaning: 'Networking features for the next merge window. BPF features may be sent here too; the maintainers delegate them.' },
  { tree: 'iproute2', meaning: 'The iproute2 user-space tools; say the branch too: `master` or `net-next`.' },
  { tree: 'iproute2-next', meaning: 'iproute2 changes that depend on kernel features still in net-next.' },
  { tree: 'master', meaning: 'With `iproute2`: the iproute2 branch for changes that work with released kernels.' },
];

export type Described = { readonly kind: 'tree'; readonly token: PrefixToken; readonly doc: TreeDoc } | { readonly kind: 'trailer'; readonly trailer: Trailer; readonly doc: TrailerDoc };

function within(s: Span, offset: number): boolean {
  return s.start <= offset && offset <= s.end;
}

function messageAt(doc: ParsedDocument, offset: number): Message | undefined {
  return doc.messages.find((m) => m.span.start <= offset && offset <= m.span.end) ?? doc.messages[doc.messages.length - 1];
}

/** What the text at `offset` is, when the engine knows something about it. */
export function describeAt(doc: ParsedDocument, offset: number): Described | undefined {
  const m = messageAt(doc, offset);
  if (!m) return undefined;
  for (const token of m.subject?.prefix.trees ?? []) {
    if (!within(token.span, offset)) continue;
    const info = TREE_DOCS.find((t) => t.tree === token.text.toLowerCase());
    if (info) return { kind: 'tree', token, doc: info };
  }
  for (const trailer of m.trailers) {
    if (!within(trailer.keySpan, offset)) continue;
    const info = TRAILER_DOCS.find((t) => t.key.toLowerCase() === trailer.key.toLowerCase());
    if (info) return { kind: 'trailer', trailer, doc: info };
  }
  return undefined;
}

export interface Completion {
  readonly label: string;
  /** Replaces [replace.start, replace.end). */
  readonly insertText: string;
  readonly replace: Span;
  readonly detail: string;
  readonly documentation: string;
}

/** A trailer whose value completion offers, up to the cursor. */
const TRAILER_VALUE = /^(Signed-off-by|Cc|Fixes):[ \t]*(.*)$/i;

/** The message and line at `offset`, and the line's text before it. */
function cursorAt(doc: ParsedDocument, offset: number): { m: Message; line: { index: number; start: number; end: number; text: string }; before: string; inSubject: boolean } | undefined {
  const m = messageAt(doc, offset);
  if (!m) return undefined;
  const indexed = doc.lines.lineAt(offset);
  // Past the last line break the cursor is on an empty last line, which the line index does not list.
  const line = offset > indexed.end ? { index: indexed.index + 1, start: offset, end: offset, text: '' } : indexed;
  const inSubject = m.headers.some((h) => h.name.toLowerCase() === 'subject' && h.span.start <= offset && offset <= h.span.end);
  return { m, line, before: doc.text.slice(line.start, offset), inSubject };
}

/**
 * Whether the cursor is in the commit message's own text, where trailers go:
 * not in mail headers, below the `---`, or in comment lines. The empty line
 * right below the body (the end of COMMIT_EDITMSG, or where a new trailer goes) counts too.
 */
function inMessageText(doc: ParsedDocument, { m, line }: NonNullable<ReturnType<typeof cursorAt>>, offset: number): boolean {
  const belowBody = line.index === doc.lines.lineAt(m.body.end).index + 1 && line.text.trim() === '';
  if (offset < m.body.start || (offset > m.body.end + (line.end - line.start) && !belowBody)) return false;
  if (m.separator && offset > m.separator.start) return false;
  return !m.commentLines.includes(line.index);
}

/**
 * Whether completion at `offset` offers Fixes candidates (the value of a
 * Fixes: trailer): an editor waits a moment for blame only there.
 */
export function completesFixesAt(doc: ParsedDocument, offset: number): boolean {
  const at = cursorAt(doc, offset);
  return at !== undefined && !at.inSubject && inMessageText(doc, at, offset) && TRAILER_VALUE.exec(at.before)?.[1].toLowerCase() === 'fixes';
}

/**
 * What may be typed at `offset`: a trailer key at the start of a line in the
 * message's closing paragraph (or a new one), or a tree after `[PATCH ` in the
 * Subject header.
 */
export function completionsAt(doc: ParsedDocument, offset: number, knownTrees: readonly string[], facts: EngineFacts = {}): Completion[] {
  const at = cursorAt(doc, offset);
  if (!at) return [];
  const { m, line, before } = at;
  if (at.inSubject) {
    const open = /\[(?:RFC )?PATCH ([A-Za-z0-9_-]*)$/i.exec(before);
    if (!open) return [];
    // The whole word under the cursor is replaced, and a word right after it (`[PATCH |v2 1/3]`)
    // gets a space, or the tree would be glued to it (`bpfv2`).
    const after = doc.text.slice(offset, line.end);
    // Mid-word (`[PATCH bpf-n|ext`) the rest of that word goes too; right after the space, the word
    // that follows is another one (`v2`).
    const rest = open[1] ? /^[A-Za-z0-9_-]*/.exec(after)![0] : '';
    const next = after.charAt(rest.length);
    const gap = next !== '' && !/[\s\],]/.test(next) ? ' ' : '';
    const replace = { start: offset - open[1].length, end: offset + rest.length };
    const trees = [...new Set([...TREE_DOCS.map((t) => t.tree), ...knownTrees])];
    return trees
      .filter((t) => t.startsWith(open[1].toLowerCase()))
      .map((t) => ({
        label: t,
        insertText: t + gap,
        replace,
        detail: 'tree',
        documentation: TREE_DOCS.find((d) => d.tree === t)?.meaning ?? 'A tree from your configuration.',
      }));
  }

  if (!inMessageText(doc, at, offset)) return [];
  const value = TRAILER_VALUE.exec(before);
  if (value) return trailerValues(m, value[1].toLowerCase(), { start: offset - value[2].length, end: line.end }, value[2], facts);
  const typed = /^([A-Za-z-]*)$/.exec(before);
  if (!typed) return [];
  const lastParagraph = m.paragraphs[m.paragraphs.length - 1];
  const inTrailerArea =
    !lastParagraph ||
    line.index > lastParagraph.lastLine ||
    (m.trailerBlock !== undefined && line.index >= m.trailerBlock.firstLine) ||
    (line.index >= lastParagraph.firstLine && line.text.trim() === typed[1]);
  if (!inTrailerArea) return [];
  const replace = { start: line.start, end: offset };
  return TRAILER_DOCS.filter((t) => t.key.toLowerCase().startsWith(typed[1].toLowerCase())).map((t) => ({
    label: `${t.key}:`,
    insertText: `${t.key}: `,
    replace,
    detail: t.snippetHint,
    documentation: t.meaning,
  }));
}

/** People a trailer can name here: the git user for a sign-off, MAINTAINERS entries for a Cc. */
function trailerValues(m: Message, key: string, replace: Span, typed: string, facts: EngineFacts): Completion[] {
  const t = typed.toLowerCase();
  if (key === 'fixes') return fixesCompletions(m, replace, t, facts);
  if (key === 'signed-off-by') {
    const me = facts.committer;
    if (!me?.email) return [];
    // As git commit -s writes it: a trailer, not a mail header, so the name is never quoted.
    const text = me.name ? `${me.name} <${me.email}>` : `<${me.email}>`;
    return text.toLowerCase().includes(t) ? [{ label: text, insertText: text, replace, detail: 'you (git config user.name/user.email)', documentation: 'Your own sign-off, as `git commit -s` writes it.' }] : [];
  }
  if (!facts.maintainers) return [];
  const out: Completion[] = [];
  const seen = new Set<string>();
  for (const s of sectionsFor(facts.maintainers, touchedPaths(m))) {
    for (const e of s.entries) {
      const text = formatMailbox(e.name, e.email);
      if (seen.has(e.email) || !text.toLowerCase().includes(t)) continue;
      seen.add(e.email);
      const role = e.role === 'M' ? 'maintainer' : e.role === 'R' ? 'reviewer' : 'list';
      out.push({ label: text, insertText: text, replace, detail: `${role}, ${s.title}`, documentation: `MAINTAINERS names this ${role} for files this change touches.` });
    }
  }
  return out;
}

/** Completion of a Fixes tag's value: the candidates, filtered by what is typed (id prefix or words of the subject). */
function fixesCompletions(m: Message, replace: Span, typed: string, facts: EngineFacts): Completion[] {
  return fixesCandidates(facts, m)
    .filter(({ commit: c }) => c.sha.startsWith(typed) || c.subject.toLowerCase().includes(typed))
    .map(({ commit: c, why }) => {
      const text = `${c.sha.slice(0, 12)} ("${c.subject}")`;
      return { label: text, insertText: text, replace, detail: `${c.author ?? ''}${c.date ? `, ${c.date.slice(0, 10)}` : ''}`, documentation: why };
    });
}
