import type { Eol, LineIndex, Span } from './text';

export type DocumentKind = 'patch' | 'mbox' | 'message';

/** Where a message came from: mail headers, a bare commit message, or a diff with no message at all. */
export type MessageKind = 'mail' | 'commit' | 'diff';

export interface ParsedDocument {
  /** Caller's id for the document (path or URI). */
  readonly id: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly eol: Eol;
  readonly kind: DocumentKind;
  readonly messages: readonly Message[];
  /** Set on the text a transfer-encoded mail decodes to (see parse/mime.ts): where it came from. */
  readonly decodedFrom?: DecodedOrigin;
}

/**
 * A decoded mail is its headers, verbatim, followed by its decoded body. Offsets
 * below `headerLength` are the source's plus `base`; the body's have no place
 * in the source and are reported on `header` (Content-Transfer-Encoding).
 */
export interface DecodedOrigin {
  readonly document: ParsedDocument;
  readonly base: number;
  readonly headerLength: number;
  /** Source span of the header that says how the body is encoded. */
  readonly header: Span;
  /** `base64`, `quoted-printable`, `multipart/mixed`... */
  readonly encoding: string;
}

/** Decoded characters [at, at + length) came from source [source, sourceEnd). */
export interface DecodedSegment {
  readonly at: number;
  readonly length: number;
  readonly source: number;
  readonly sourceEnd: number;
  /** Character by character the same as the source; otherwise decoded from RFC 2047 words. */
  readonly verbatim: boolean;
}

export interface DecodedText {
  /** Decoded text (RFC 2047 words decoded, folding removed). */
  readonly text: string;
  /** Source offset of the end of the value. */
  readonly end: number;
  /** How the text maps back to the source (see parse/decode.ts sourceStart/sourceEnd/mapDecoded). */
  readonly segments: readonly DecodedSegment[];
}

export interface Header {
  readonly name: string;
  readonly nameSpan: Span;
  /** Raw value, folding included, from just after the colon (and one space) to the end of the last folded line. */
  readonly valueSpan: Span;
  /** Whole header, folded lines included, terminator of the last line excluded. */
  readonly span: Span;
  readonly value: DecodedText;
  /** A `From:`/`Subject:`/`Date:` line at the top of the body, which git am reads as a header. */
  readonly inBody?: boolean;
}

export interface Address {
  readonly name: string;
  readonly email: string;
  /** The raw list entry, e.g. `Jane Doe <jane@example.org>` (source offsets). */
  readonly span: Span;
  /** The header the address is in, `To` or `Cc`. */
  readonly header: Header;
  /** Span to delete to remove this entry, separating comma included. */
  readonly removalSpan: Span;
}

export interface PrefixToken {
  readonly text: string;
  readonly span: Span;
  /** Whether the source at span is exactly `text` (false inside RFC 2047 words). */
  readonly exact: boolean;
}

export interface PrefixGroup {
  /** From `[` to `]` inclusive. */
  readonly span: Span;
  /** Just inside the brackets. */
  readonly inner: Span;
  readonly tokens: readonly PrefixToken[];
  readonly exact: boolean;
}

export interface Subject {
  /** The whole subject value (mail) or first line (commit message). */
  readonly span: Span;
  readonly text: string;
  readonly groups: readonly PrefixGroup[];
  /** What follows the bracket groups. */
  readonly summary: { readonly span: Span; readonly text: string; readonly exact: boolean };
  readonly prefix: SubjectPrefix;
}

/** What the prefix tokens say, with each token kept for ranges. */
export interface SubjectPrefix {
  readonly rfc?: PrefixToken;
  readonly patch?: PrefixToken;
  readonly trees: readonly PrefixToken[];
  readonly version?: PrefixToken & { readonly number?: number };
  readonly numbering?: PrefixToken & { readonly index: number; readonly total: number };
  /** Tokens not recognised as any of the above (candidates for misspelt trees). */
  readonly other: readonly PrefixToken[];
}

export interface Trailer {
  /** The key as written, e.g. `Signed-off-by`. */
  readonly key: string;
  readonly keySpan: Span;
  /** Text between the key and the colon (normally empty; `Fixes :` has a space). */
  readonly separator: string;
  readonly value: string;
  /** Value with continuation lines, trimmed. */
  readonly valueSpan: Span;
  /** The trailer's first line through its last continuation line, terminator excluded. */
  readonly span: Span;
  /** Leading whitespace before the key. */
  readonly indent: string;
}

export interface Paragraph {
  readonly span: Span;
  /** Indices into doc.lines. */
  readonly firstLine: number;
  readonly lastLine: number;
  /**
   * Every line is indented: quoted text (the `git log` output git merge --squash
   * writes, a pasted commit message or splat), not the author's prose or tags.
   */
  readonly quoted?: boolean;
}

export interface DiffHunk {
  readonly span: Span;
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
}

export interface DiffFile {
  readonly span: Span;
  readonly oldPath?: string;
  readonly newPath?: string;
  readonly status: 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';
  readonly binary: boolean;
  readonly hunks: readonly DiffHunk[];
  /** The old file's blob id as the `index` line abbreviates it (git diffs only). */
  readonly preImage?: string;
}

export interface Diff {
  readonly span: Span;
  readonly files: readonly DiffFile[];
}

export type FileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied' | 'typechange';

/** One path of git's `Changes to be committed:` list in COMMIT_EDITMSG (a rename gives two). */
export interface StagedFile {
  readonly path: string;
  readonly status: FileStatus;
  /** The path within its comment line. */
  readonly span: Span;
}

export interface Message {
  readonly document: ParsedDocument;
  readonly index: number;
  readonly kind: MessageKind;
  readonly span: Span;
  /** The mbox `From <sha> <date>` line, if any. */
  readonly mboxFrom?: Span;
  readonly headers: readonly Header[];
  /** End of the header block (start of the body). */
  readonly headerEnd: number;
  readonly subject?: Subject;
  readonly from?: { readonly name: string; readonly email: string; readonly header: Header };
  /** To and Cc entries. */
  readonly recipients: readonly Address[];
  /** Commit message text: after headers (or the title line), up to `---`, the diff or the scissors. */
  readonly body: Span;
  /** Indices of lines in `body` that are message text (comment lines excluded). */
  readonly bodyLines: readonly number[];
  readonly paragraphs: readonly Paragraph[];
  readonly trailers: readonly Trailer[];
  /** The trailer block (last paragraph when it is made of trailers). */
  readonly trailerBlock?: Paragraph;
  /** Lines of `core.commentChar` comments (commit messages). */
  readonly commentLines: readonly number[];
  /** The `---` line ending the commit message. */
  readonly separator?: Span;
  /** Free text below `---` and above the diffstat/diff (changelog, notes). */
  readonly notes?: Span;
  readonly diffstat?: Span;
  readonly diff?: Diff;
  /** `git commit -v` scissors line. */
  readonly scissors?: Span;
  /** Files named in the `Changes to be committed:` comment block. */
  readonly stagedFiles: readonly StagedFile[];
  readonly isCoverLetter: boolean;
  /**
   * A b4 cover letter kept as a commit message (`b4 prep`'s empty commit, or the
   * text `b4 prep --edit-cover` opens): `tracking` is b4's own section from its
   * `--- b4-submit-tracking ---` line to the end, which is neither message nor ours to judge.
   */
  readonly b4Cover?: { readonly tracking?: Span };
  /**
   * b4 wrote it: its cover letter commit, its tracking header (`X-B4-Tracking`),
   * its mailer, or its `change-id:` line. Such a series' prefix, changelog and
   * recipients live in the b4 prep branch, so hints name b4's command for them.
   */
  readonly madeByB4: boolean;
  /** A reply in a thread (`Re: [PATCH ...]`), as in lore or b4 mboxes: review, not a patch. */
  readonly isReply: boolean;
  /** A transfer-encoded mail's decoded twin, which the rules judge instead (see parse/mime.ts). */
  readonly decoded?: Message;
  /** On a decoded twin: the message as it is in the source document. */
  readonly origin?: Message;
}

/** The message the rules read: its decoded twin when the body was transfer-encoded. */
export function asWritten(m: Message): Message {
  return m.decoded ?? m;
}

/** Paths a message touches, from its diff or the staged-files comment block. */
export function touchedPaths(message: Message): string[] {
  const out = new Set<string>();
  for (const f of message.diff?.files ?? []) {
    if (f.oldPath) out.add(f.oldPath);
    if (f.newPath) out.add(f.newPath);
  }
  for (const f of message.stagedFiles) out.add(f.path);
  return [...out];
}
