import type { Address, Diff, FileStatus, Header, Message, MessageKind, Paragraph, StagedFile, Subject, Trailer } from '../model';
import { LineIndex, type Span } from '../text';
import type { CleanupMode } from '../types';
import { isDiffStart, parseDiff } from './diff';
import { findHeader, isHeaderLine, parseAddressList, parseHeaderBlock, parseMailbox } from './headers';
import { parseSubject } from './subject';
import { b4CoverOf, mailMadeByB4 } from './b4';
import { pushAll } from '../arrays';

export interface MessageParseOptions {
  readonly commentChar: string;
  /** git's cleanup mode for commit messages (default `strip`: comment lines are not text). */
  readonly cleanup?: CleanupMode;
  readonly knownTrees: ReadonlySet<string>;
  /** The document is the file `b4 prep --edit-cover` opens (see isB4CoverFile): its text is a cover letter. */
  readonly b4CoverFile?: boolean;
}

/** The message minus its back-reference to the document, which the caller sets. */
export type MessageDraft = Omit<Message, 'document' | 'index'>;

const MAIL_HEADERS = new Set(['from', 'subject', 'date', 'message-id', 'to', 'cc']);
const TRAILER = /^([ \t]*)([A-Za-z][A-Za-z0-9-]*)([ \t]*):(?!\/\/)/;
/** Trailers git itself recognises; one of them lets a block hold some non-trailer lines. */
const GIT_TRAILER_PREFIXES = ['signed-off-by', '(cherry picked from commit '];
/**
 * A misspelt sign-off (`Signed-of-by`) counts as one for that: the block is where the
 * author meant it to be, and trailer-syntax's fix of the spelling must not move it
 * (the lines around would change from prose to tags, and what rules say with them).
 */
const SIGN_OFF_MISSPELT = /^signed-?off?-?by$/i;

/**
 * git's own default cleanup for a commit message: comments are stripped when
 * an editor was used, and then git's hint is in the text (`# Please enter the
 * commit message...`, or the scissors line of `git commit -v`); a message
 * without it (`git log` output, a file for `git commit -F`) keeps `#` lines.
 */
function gitsDefaultCleanup(lines: LineIndex, first: number, last: number, comment: string): CleanupMode {
  if (comment === '') return 'whitespace';
  for (let i = first; i < last; i++) {
    const t = lines.line(i).text;
    if (t.startsWith(comment) && GIT_HINT.test(t.slice(comment.length))) return 'strip';
  }
  return 'whitespace';
}

/** gitsDefaultCleanup over a whole commit message text. */
export function defaultCleanupOf(text: string, commentChar: string): CleanupMode {
  const lines = new LineIndex(text);
  return gitsDefaultCleanup(lines, 0, lines.count, commentChar);
}

/** Lines git writes into a message it opens in an editor. */
const GIT_HINT = /^ (?:Please enter the commit message|-{8,} >8 -{8,}|Please enter a commit message to explain why this merge|It looks like you may be committing a (?:merge|cherry-pick)|This is a combination of \d+ commits)/;

/** Whether the lines at `first` open a mail header block (and not a commit title like `bpf: fix`). */
export function looksLikeMailHeaders(lines: LineIndex, first: number, last: number, afterMboxFrom: boolean): boolean {
  if (first >= last || !isHeaderLine(lines.line(first).text)) return false;
  const block = parseHeaderBlock(lines, first, last);
  const names = block.headers.map((h) => h.name.toLowerCase());
  // A header block ends at a blank line (or the end); a commit title is followed by one too,
  // so require names that only mail headers have.
  const endsCleanly = block.nextLine >= last || lines.line(block.nextLine).text.trim() === '';
  if (!endsCleanly) return false;
  const mailish = names.filter((n) => MAIL_HEADERS.has(n)).length;
  return afterMboxFrom ? mailish >= 1 : mailish >= 2 || names.includes('subject');
}

/**
 * Who wrote the mail: the (last) From:, except where a mailing list rewrote it
 * for DMARC (`"Jane Doe via Intel-wired-lan" <intel-wired-lan@lists...>`), which
 * keeps the author in Reply-To.
 */
function authorOf(headers: readonly Header[]): { header?: Header; mailbox?: { name: string; email: string } } {
  const from = findHeader(headers, 'from');
  const mailbox = from ? parseMailbox(from.value.text) : undefined;
  const replyTo = findHeader(headers, 'reply-to');
  if (!from || from.inBody || !mailbox || !replyTo || !/ via \S/.test(mailbox.name)) return { header: from, mailbox };
  const author = parseMailbox(replyTo.value.text);
  return author?.email ? { header: replyTo, mailbox: author } : { header: from, mailbox };
}

export function parseMessage(
  lines: LineIndex,
  first: number,
  last: number,
  mboxFrom: Span | undefined,
  forcedKind: MessageKind | undefined,
  opts: MessageParseOptions,
): MessageDraft {
  const text = lines.text;
  const L = lines;
  const gitShow = !forcedKind && looksLikeGitShow(lines, first, last);
  const kind: MessageKind =
    forcedKind ??
    (looksLikeMailHeaders(lines, first, last, mboxFrom !== undefined)
      ? 'mail'
      : gitShow || firstContentIsDiff(lines, first, last)
        ? 'diff'
        : 'commit');

  let headers: Header[] = [];
  let cursor = first;
  if (kind === 'mail') {
    const block = parseHeaderBlock(lines, first, last);
    headers = block.headers;
    cursor = block.nextLine;
    if (cursor < last && L.line(cursor).text.trim() === '') cursor++;
    // git am honours "From:"/"Subject:"/"Date:" at the top of the body (format-patch writes them
    // when the author differs from the sender); they override the mail's own.
    if (cursor < last && /^(From|Subject|Date):/.test(L.line(cursor).text)) {
      const inBody = parseHeaderBlock(lines, cursor, last);
      if (inBody.headers.every((h) => /^(from|subject|date)$/i.test(h.name))) {
        headers = headers.concat(inBody.headers.map((h) => ({ ...h, inBody: true })));
        cursor = inBody.nextLine;
        if (cursor < last && L.line(cursor).text.trim() === '') cursor++;
      }
    }
  }
  const headerEnd = cursor < last ? L.line(cursor).start : first < last ? L.line(last - 1).next : 0;

  const b4 = kind === 'commit' ? b4CoverOf(lines, first, last, opts.b4CoverFile === true) : undefined;
  // b4 removes `#` lines from its cover letters itself, whatever git's comment character and cleanup.
  const comment = b4 ? '#' : opts.commentChar;
  const cleanup = b4 ? 'strip' : opts.cleanup === undefined || opts.cleanup === 'default' ? gitsDefaultCleanup(lines, first, last, comment) : opts.cleanup;
  const isComment = (i: number) => kind === 'commit' && cleanup === 'strip' && comment !== '' && L.line(i).text.startsWith(comment);
  // git cuts a commit message at the scissors line in these modes only (`git commit -v`, `--cleanup=scissors`).
  const isScissors = (t: string) =>
    kind === 'commit' && (cleanup === 'strip' || cleanup === 'scissors') && comment !== '' && t.startsWith(comment) && /^ -{8,} >8 -{8,}\s*$/.test(t.slice(comment.length));

  // Subject: the Subject header for mails, the first text line for commit messages.
  let subject: Subject | undefined;
  const commentLines: number[] = [];
  let bodyFirst = cursor;
  if (kind === 'mail') {
    const h = findHeader(headers, 'subject');
    if (h) subject = parseSubject(h.value, opts.knownTrees);
  } else if (kind === 'commit') {
    // git strips leading blank and comment lines before the title.
    while (bodyFirst < last && (isComment(bodyFirst) || L.line(bodyFirst).text.trim() === '')) {
      if (isComment(bodyFirst)) commentLines.push(bodyFirst);
      bodyFirst++;
    }
    if (bodyFirst < last) {
      const title = L.line(bodyFirst);
      const titleSpan = { start: title.start, end: title.end };
      // A commit title has no patch prefix: format-patch adds that later.
      subject = {
        span: titleSpan,
        text: title.text,
        groups: [],
        summary: { span: titleSpan, text: title.text, exact: true },
        prefix: { trees: [], other: [] },
      };
      bodyFirst++;
    }
  }

  // Walk the message text until the part that is not commit message: "---", the diff,
  // the scissors line of `git commit -v`, or a mail signature.
  const bodyLines: number[] = [];
  let separator: Span | undefined;
  let scissors: Span | undefined;
  let i = bodyFirst;
  let diffFirst = -1;
  // b4's tracking section ends the text: nothing from its marker on is message.
  const textEnd = b4 && b4.tracking >= 0 ? b4.tracking : last;
  if (kind !== 'diff') {
    for (; i < textEnd; i++) {
      const t = L.line(i).text;
      if (isComment(i) || isScissors(t)) {
        commentLines.push(i);
        if (isScissors(t)) {
          scissors = { start: L.line(i).start, end: L.line(i).end };
          // git's own notes under the scissors are comments too; the diff follows them.
          diffFirst = i + 1;
          while (diffFirst < last && (L.line(diffFirst).text.startsWith(comment) || L.line(diffFirst).text.trim() === '')) {
            commentLines.push(diffFirst);
            diffFirst++;
          }
          // The message text (body) ends above the scissors line.
          break;
        }
        continue;
      }
      if (/^---[ \t]*$/.test(t)) {
        separator = { start: L.line(i).start, end: L.line(i).end };
        break;
      }
      if (kind === 'mail' && (isDiffStart(lines, i, last) || t === '-- ')) break;
      bodyLines.push(i);
    }
  } else {
    diffFirst = first;
    // git show: the commit's header and indented message come first; the diff is what is checked.
    if (gitShow) while (diffFirst < last && !isDiffStart(lines, diffFirst, last)) diffFirst++;
  }
  const bodyEndLine = i;
  const body: Span = {
    start: bodyFirst < last ? L.line(bodyFirst).start : headerEnd,
    end: bodyEndLine > bodyFirst ? L.line(bodyEndLine - 1).end : bodyFirst < last ? L.line(bodyFirst).start : headerEnd,
  };

  // Below "---": notes (changelog), the diffstat, then the diff.
  let notes: Span | undefined;
  let diffstat: Span | undefined;
  let diff: Diff | undefined;
  if (separator) {
    let j = bodyEndLine + 1;
    const notesFirst = j;
    while (j < last && !isDiffStart(lines, j, last) && !isDiffstatLine(L.line(j).text) && L.line(j).text !== '-- ') j++;
    const notesLines = trimBlankLines(lines, notesFirst, j);
    if (notesLines) notes = notesLines;
    if (b4 && b4.tracking >= 0 && j > textEnd) notes = trimBlankLines(lines, notesFirst, textEnd) ?? undefined;
    if (j < last && isDiffstatLine(L.line(j).text)) {
      const statFirst = j;
      while (j < last && (isDiffstatLine(L.line(j).text) || /^ ?(create|delete|rename|copy|mode change) /.test(L.line(j).text))) j++;
      diffstat = { start: L.line(statFirst).start, end: L.line(j - 1).end };
    }
    while (j < last && !isDiffStart(lines, j, last) && L.line(j).text !== '-- ') j++;
    if (j < last && isDiffStart(lines, j, last)) diffFirst = j;
  } else if (kind === 'mail' && bodyEndLine < last && isDiffStart(lines, bodyEndLine, last)) {
    diffFirst = bodyEndLine;
  }
  if (diffFirst >= 0 && diffFirst < last) {
    const d = parseDiff(lines, diffFirst, last);
    if (d.files.length > 0) diff = d;
  }

  const { paragraphs, trailers, trailerBlock } = parseParagraphsAndTrailers(lines, bodyLines);

  const { header: fromHeader, mailbox: fromParsed } = authorOf(headers);
  const recipients: Address[] = [];
  for (const h of headers) {
    if (/^(to|cc)$/i.test(h.name)) pushAll(recipients, parseAddressList(text, h));
  }

  const stagedFiles = kind === 'commit' ? parseStagedFiles(lines, commentLines, comment) : [];
  const span: Span = {
    start: mboxFrom ? mboxFrom.start : first < last ? L.line(first).start : 0,
    end: first < last ? L.line(last - 1).end : mboxFrom ? mboxFrom.end : 0,
  };
  const numbering = subject?.prefix.numbering;
  const isCoverLetter =
    b4 !== undefined ||
    (kind === 'mail' && !diff && ((numbering !== undefined && numbering.index === 0) || (subject?.text.includes('*** SUBJECT HERE ***') ?? false)));

  return {
    kind,
    span,
    mboxFrom,
    headers,
    headerEnd,
    subject,
    from: fromHeader && fromParsed ? { ...fromParsed, header: fromHeader } : undefined,
    recipients,
    body,
    bodyLines,
    paragraphs,
    trailers,
    trailerBlock,
    commentLines,
    separator,
    notes,
    diffstat,
    diff,
    scissors,
    stagedFiles,
    isCoverLetter,
    ...(b4 ? { b4Cover: b4.tracking >= 0 ? { tracking: { start: L.line(b4.tracking).start, end: L.line(last - 1).end } } : {} } : {}),
    madeByB4: b4 !== undefined || (kind === 'mail' && mailMadeByB4(headers, lines, cursor, diff ? L.indexAt(diff.span.start) : last)),
    isReply: kind === 'mail' && /^\s*(re|aw|sv|antw|vs)\s*:/i.test(findHeader(headers, 'subject')?.value.text ?? ''),
  };
}

/**
 * `git show` or `git log -p` output saved as a file (`git show > fix.diff`): a
 * `commit <sha>` line, then `Author:`/`Date:`-style header lines. Its message
 * is quoted, indented, as git displays it, not a message being written: it is
 * read as a diff, not judged as a commit message.
 */
function looksLikeGitShow(lines: LineIndex, first: number, last: number): boolean {
  let i = first;
  while (i < last && lines.line(i).text.trim() === '') i++;
  if (i + 1 >= last || !/^commit [0-9a-f]{40}\b/.test(lines.line(i).text)) return false;
  return /^(?:Merge|Author|AuthorDate|Commit|CommitDate|Date):\s/.test(lines.line(i + 1).text);
}

function firstContentIsDiff(lines: LineIndex, first: number, last: number): boolean {
  let i = first;
  while (i < last && lines.line(i).text.trim() === '') i++;
  return i < last && isDiffStart(lines, i, last);
}

export function isDiffstatLine(t: string): boolean {
  return /^ \S.*\|\s+(\d+ ?[-+]*|Bin\b.*)$/.test(t) || /^ \d+ files? changed/.test(t);
}

function trimBlankLines(lines: LineIndex, from: number, to: number): Span | undefined {
  let a = from;
  let b = to;
  while (a < b && lines.line(a).text.trim() === '') a++;
  while (b > a && lines.line(b - 1).text.trim() === '') b--;
  return a < b ? { start: lines.line(a).start, end: lines.line(b - 1).end } : undefined;
}

/**
 * Paragraphs are runs of non-blank message lines. The trailer block is the last
 * paragraph when git would read it as one: all lines are trailers, or a git
 * trailer (Signed-off-by) is present and trailers are at least a quarter of it.
 */
function parseParagraphsAndTrailers(
  lines: LineIndex,
  bodyLines: readonly number[],
): { paragraphs: Paragraph[]; trailers: Trailer[]; trailerBlock?: Paragraph } {
  const L = lines;
  const paragraphs: Paragraph[] = [];
  let runStart = -1;
  let prev = -2;
  const close = (lastLine: number) => {
    if (runStart >= 0) {
      let quoted = true;
      for (let k = runStart; k <= lastLine && quoted; k++) quoted = /^[ \t]/.test(L.line(k).text);
      paragraphs.push({ firstLine: runStart, lastLine, span: { start: L.line(runStart).start, end: L.line(lastLine).end }, ...(quoted ? { quoted } : {}) });
    }
    runStart = -1;
  };
  for (const i of bodyLines) {
    const blank = L.line(i).text.trim() === '';
    if (blank || i !== prev + 1) close(prev);
    if (!blank && runStart < 0) runStart = i;
    prev = i;
  }
  if (prev >= 0) close(prev);

  const last = paragraphs[paragraphs.length - 1];
  // Quoted text ends the message (a squash's git log): it holds someone's trailers, not this message's.
  if (!last || last.quoted) return { paragraphs, trailers: [] };
  const trailers = readTrailers(lines, last.firstLine, last.lastLine);
  let trailerLines = 0;
  let otherLines = 0;
  let recognised = false;
  const covered = new Set<number>();
  for (const t of trailers) {
    const a = lines.lineAt(t.span.start).index;
    const b = lines.lineAt(t.span.end).index;
    for (let k = a; k <= b; k++) covered.add(k);
    trailerLines++;
    if (GIT_TRAILER_PREFIXES.includes(t.key.toLowerCase()) || SIGN_OFF_MISSPELT.test(t.key)) recognised = true;
  }
  for (let k = last.firstLine; k <= last.lastLine; k++) {
    if (covered.has(k)) continue;
    if (L.line(k).text.startsWith('(cherry picked from commit ')) recognised = true;
    otherLines++;
  }
  const isBlock = (trailerLines > 0 && otherLines === 0) || (recognised && trailerLines * 3 >= otherLines);
  return isBlock ? { paragraphs, trailers, trailerBlock: last } : { paragraphs, trailers: [] };
}

/** Trailer lines (with continuation lines) in lines [first, last]. */
export function readTrailers(lines: LineIndex, first: number, last: number): Trailer[] {
  const L = lines;
  const text = lines.text;
  const out: Trailer[] = [];
  let k = first;
  while (k <= last) {
    const line = L.line(k);
    const m = TRAILER.exec(line.text);
    // Indented "Key:" lines are not trailers but continuations (git's rule); a key must
    // start the line, though we accept leading spaces so that misplaced tags are still seen.
    if (!m || /^https?$/i.test(m[2])) {
      k++;
      continue;
    }
    let endLine = k;
    while (endLine + 1 <= last && /^[ \t]+\S/.test(L.line(endLine + 1).text) && !TRAILER.test(L.line(endLine + 1).text.trimStart())) endLine++;
    const keyStart = line.start + m[1].length;
    const keyEnd = keyStart + m[2].length;
    let vStart = line.start + m[0].length;
    let vEnd = L.line(endLine).end;
    while (vEnd > vStart && /\s/.test(text[vEnd - 1])) vEnd--;
    while (vStart < vEnd && /[ \t]/.test(text[vStart])) vStart++;
    out.push({
      key: m[2],
      keySpan: { start: keyStart, end: keyEnd },
      separator: m[3],
      value: text.slice(vStart, vEnd).replace(/\s*(\r\n|\r|\n)\s*/g, ' '),
      valueSpan: { start: vStart, end: vEnd },
      span: { start: line.start, end: L.line(endLine).end },
      indent: m[1],
    });
    k = endLine + 1;
  }
  return out;
}

const STAGED = /^(\t)(new file|modified|deleted|renamed|copied|typechange):(\s+)(.+?)\s*$/;

/** Paths, with status and position, from the `Changes to be committed:` list git writes into COMMIT_EDITMSG comments. */
function parseStagedFiles(lines: LineIndex, commentLines: readonly number[], comment: string): StagedFile[] {
  const out: StagedFile[] = [];
  let inStaged = false;
  for (const i of commentLines) {
    const line = lines.line(i);
    if (!line.text.startsWith(comment)) continue;
    const t = line.text.slice(comment.length);
    if (/^\s*Changes to be committed:/.test(t)) {
      inStaged = true;
      continue;
    }
    if (!inStaged) continue;
    const m = STAGED.exec(t);
    if (!m) {
      if (t.trim() !== '' && !t.startsWith('\t')) inStaged = false;
      continue;
    }
    const status: FileStatus = m[2] === 'new file' ? 'added' : (m[2] as FileStatus);
    let offset = line.start + comment.length + m[1].length + m[2].length + 1 + m[3].length;
    for (const path of status === 'renamed' || status === 'copied' ? m[4].split(' -> ') : [m[4]]) {
      out.push({ path, status, span: { start: offset, end: offset + path.length } });
      offset += path.length + ' -> '.length;
    }
  }
  return out;
}
