/**
 * What b4 (0.12) writes, recognised once here: its cover letter kept as a
 * commit (`b4 prep`), the file it opens to edit that cover letter
 * (`b4 prep --edit-cover`), and the mails `b4 send` makes.
 */
import type { Header } from '../model';
import type { LineIndex } from '../text';

/** The line b4 puts between a cover letter commit's text and its tracking JSON (b4 ez.py, MAGIC_MARKER). */
const B4_TRACKING = /^--- b4-submit-tracking ---[ \t]*$/;
/** What b4 prep's cover letter template says, which marks its text when the tracking section is not there (`--edit-cover`). */
const B4_TEMPLATE = /^(?:EDITME: cover title for |# Lines starting with # will be removed from the cover letter\.|- EDITME: describe what is new in this series revision\.)/;

/** b4's `change-id: 20261206-my-feature-eedbcf94f23c` line (not Gerrit's `Change-Id: I<sha>`). */
const B4_CHANGE_ID = /^change-id: \d{8}-[\w.-]+$/;

/** Whether a commit message holds b4's tracking section: the cover letter commit b4 itself makes (`b4 prep -n`, and its later rewrites). */
export function hasB4Tracking(text: string): boolean {
  return /^--- b4-submit-tracking ---[ \t]*\r?$/m.test(text);
}

/**
 * `b4 prep --edit-cover` writes the cover letter to `COMMIT_EDITMSG` in a fresh
 * temporary directory (Python's `mkdtemp(prefix='b4-')`: eight characters of
 * `[a-z0-9_]`) and opens it in the editor; once its template lines are gone,
 * only this name says that the text is a cover letter. Works on paths and on
 * file URIs. A git worktree's directory named so (`.git/worktrees/b4-.../`) is git's.
 */
const B4_COVER_FILE = /(?:^|[\\/])b4-[a-z0-9_]{8}[\\/]COMMIT_EDITMSG$/;
const GIT_WORKTREE_DIR = /[\\/]worktrees[\\/]b4-[a-z0-9_]{8}[\\/]COMMIT_EDITMSG$/;

/** Whether a document (path or URI) is the cover letter file `b4 prep --edit-cover` opens. */
export function isB4CoverFile(id: string): boolean {
  return B4_COVER_FILE.test(id) && !GIT_WORKTREE_DIR.test(id);
}

/** Whether b4 wrote a mail: its tracking header or mailer, or its change-id line between `from` and `last` (above the diff). */
export function mailMadeByB4(headers: readonly Header[], lines: LineIndex, from: number, last: number): boolean {
  if (headers.some((h) => /^x-b4-tracking$/i.test(h.name) || (/^x-mailer$/i.test(h.name) && /^b4\b/.test(h.value.text.trim())))) return true;
  for (let i = from; i < last; i++) if (B4_CHANGE_ID.test(lines.line(i).text)) return true;
  return false;
}

/**
 * Whether a commit message is a b4 cover letter, and where its tracking
 * section starts (line index, or -1): its text is what b4 sends, with every
 * line starting with `#` removed, whatever git's cleanup (b4 strips them itself).
 * `coverFile`: the text is in the file b4 opened for editing, whatever it says.
 */
export function b4CoverOf(lines: LineIndex, first: number, last: number, coverFile: boolean): { tracking: number } | undefined {
  let template = coverFile;
  for (let i = first; i < last; i++) {
    const t = lines.line(i).text;
    if (B4_TRACKING.test(t)) return { tracking: i };
    if (!template && B4_TEMPLATE.test(t)) template = true;
  }
  return template ? { tracking: -1 } : undefined;
}
