/**
 * The commit ids a series mentions that the repository should be asked about
 * (Fixes tags and `commit <id>` references), so the node layer can resolve all
 * of them in one batch before linting; and the id under a cursor, for hovers.
 */
import { culpritsKey, fixesCandidates, lookupCommit, type CommitLookup, type EngineFacts } from '../engine/facts';
import { asWritten, touchedPaths, type Message, type ParsedDocument } from '../engine/model';
import type { Span } from '../engine/text';
import type { Fix, RuleContext, TextEdit } from '../engine/types';
import { fixesTags, shaToWrite, type FixesTag } from './fixes-tag-format';
import { commitOf, lineOf, messagesWithText } from './util';
import { pairedTrees } from '../engine/trees';

/** A commit id in prose: `commit 1234567890ab`, or a Fixes-style `1234567890ab ("`. */
const MENTION = /\bcommit\s+([0-9a-f]{7,40})\b|\b([0-9a-f]{7,40})\s+\(["“]/gi;

export interface CommitMention {
  readonly id: string;
  readonly span: Span;
}

export function commitMentions(m: Message): CommitMention[] {
  const out: CommitMention[] = [];
  for (const i of m.bodyLines) {
    const line = lineOf(m, i);
    MENTION.lastIndex = 0;
    let x: RegExpExecArray | null;
    while ((x = MENTION.exec(line.text))) {
      const id = x[1] ?? x[2];
      // A hex word needs a digit to be an id rather than a word like "added".
      if (!/[0-9]/.test(id)) continue;
      const at = line.start + x.index + x[0].indexOf(id);
      out.push({ id: id.toLowerCase(), span: { start: at, end: at + id.length } });
    }
  }
  return out;
}

export function commitIdsIn(documents: readonly ParsedDocument[]): string[] {
  return commitIdsOf(documents.flatMap((d) => d.messages.map(asWritten)));
}

/**
 * The trees whose branches the repository should be asked about: those named
 * by mails that carry a Fixes tag (the git layer adds each one's pair, asked
 * only about commits the named tree lacks).
 */
export function treesToAskFor(messages: readonly Message[]): string[] {
  return pairedTrees(messages.flatMap((m) => (m.kind === 'mail' && !m.isReply && fixesTags(m).length > 0 && m.subject?.prefix.trees[0] ? [m.subject.prefix.trees[0].text] : [])));
}

/**
 * The patches of a series to try on its tree's branch, in order, and that tree:
 * only a whole series (every n/m present) whose patches are written as they
 * will be applied (no transfer-encoded body), with a tree in a subject.
 */
export function seriesToApply(messages: readonly Message[]): { tree: string; patches: Message[] } | undefined {
  const patches = messages.filter((m) => m.kind === 'mail' && !m.isCoverLetter && !m.isReply && m.diff !== undefined);
  if (patches.length === 0 || patches.some((m) => m.decoded !== undefined)) return undefined;
  const totals = new Set(patches.map((m) => m.subject?.prefix.numbering?.total ?? 1));
  if (totals.size !== 1 || [...totals][0] !== patches.length) return undefined;
  const tree = patches.map((m) => m.subject?.prefix.trees[0]?.text.toLowerCase()).find((t) => t !== undefined);
  return tree ? { tree, patches } : undefined;
}

/** What git is given to try a series on its tree's branch: each patch's key (culpritsKey), text and paths. */
export interface ApplyQuestion {
  readonly tree: string;
  readonly patches: readonly { readonly key: string; readonly text: string; readonly paths: readonly string[] }[];
}

export function applyQuestion(documents: readonly ParsedDocument[]): ApplyQuestion | undefined {
  const series = seriesToApply(documents.flatMap((d) => d.messages));
  if (!series) return undefined;
  return {
    tree: series.tree,
    patches: series.patches.map((m) => ({ key: culpritsKey(m.document.id, m.index), text: m.document.text.slice(m.span.start, m.span.end), paths: touchedPaths(m) })),
  };
}

/**
 * The commits format-patch mails were made from (their `From <sha>` lines):
 * looked up for who committed them, never asked whether they shipped or which
 * tree has them (they are the series itself).
 */
export function sourceCommitsOf(messages: readonly Message[]): string[] {
  return [...new Set(messages.flatMap((m) => (m.kind === 'diff' || m.isReply ? [] : (commitOf(m) ?? []))))];
}

export function commitIdsOf(messages: readonly Message[]): string[] {
  const ids = new Set<string>();
  for (const m of messages) {
    if (m.kind === 'diff' || m.isReply) continue;
    for (const t of fixesTags(m)) if (t.sha) ids.add(t.sha);
    for (const c of commitMentions(m)) ids.add(c.id);
    // The commit a format-patch mail was made from: who committed it must have signed off too.
    for (const own of sourceCommitsOf([m])) ids.add(own);
  }
  return [...ids];
}

/** The commit id at `offset`, if the cursor is on one. */
export function commitMentionAt(doc: ParsedDocument, offset: number): CommitMention | undefined {
  for (const m of doc.messages) {
    if (offset < m.span.start || offset > m.span.end) continue;
    return commitMentions(m).find((c) => c.span.start <= offset && offset <= c.span.end);
  }
  return undefined;
}

export interface ResolvedTag {
  readonly message: Message;
  readonly tag: FixesTag;
  readonly lookup: CommitLookup;
  /** An edit replacing the whole tag (wrapped lines included) with `text`. */
  readonly replaceWith: (text: string) => TextEdit;
}

/** Every Fixes tag of the series whose id the repository was asked about (none without git facts). */
export function resolvedFixesTags(ctx: RuleContext): ResolvedTag[] {
  const commits = ctx.facts.commits;
  if (!commits) return [];
  const out: ResolvedTag[] = [];
  for (const m of messagesWithText(ctx)) {
    if (m.isCoverLetter) continue;
    for (const tag of fixesTags(m)) {
      const lookup = tag.sha ? lookupCommit(commits, tag.sha) : undefined;
      if (!lookup) continue;
      const first = lineOf(m, tag.line);
      const last = lineOf(m, tag.lastLine);
      out.push({ message: m, tag, lookup, replaceWith: (text) => ({ start: first.start, end: last.end, newText: text }) });
    }
  }
  return out;
}

/** How many candidate commits a finding offers as fixes (an editor's picker shows them all as one action). */
const MAX_CANDIDATE_FIXES = 10;

/**
 * Fixes that rewrite a Fixes tag to name one of the commits the change's lines
 * come from (the list completion offers), except `not`; alternatives of one
 * picker titled "Pick the commit…".
 */
export function candidateFixes(facts: EngineFacts, m: Message, replaceWith: (text: string) => TextEdit, not?: string): Fix[] {
  return fixesCandidates(facts, m)
    .filter((c) => c.commit.sha !== not)
    .slice(0, MAX_CANDIDATE_FIXES)
    .map(({ commit, why, short }) => {
      const text = `Fixes: ${shaToWrite('', commit)} ("${commit.subject}")`;
      // "Name <mail>, 2024-01-02 · why", without the parts git did not give.
      const who = [commit.author, commit.date?.slice(0, 10)].filter((x) => x).join(', ');
      return {
        title: `Use ${text} (${short})`,
        edits: [replaceWith(text)],
        alternative: { of: 'Pick the commit…', label: `${commit.sha.slice(0, 12)} ${commit.subject}`, detail: who ? `${who} · ${why}` : why },
      };
    });
}
