import { FAQ } from '../engine/faq';
import type { Line } from '../engine/text';
import { STABLE_NOTE } from './cc-stable';
import type { Message } from '../engine/model';
import { postingVersion, versionToken } from '../engine/parse/subject';
import type { Fix, Rule, TextEdit } from '../engine/types';
import { visible } from './subject-prefix-order';
import { insertLinesAfter, insertLinesBefore, lineOf, notesLines } from './util';

/** Lines that open or make up a changelog between revisions. */
const CHANGELOG = [
  // Changes in v2, Changes since v1, Change-log v3 (not "changes in v6.8", a kernel release)
  /\b(?:changes?|change[-\s]?log)\s*(?:in|since|from|for|to|between|after|of)?\s*(?:v|version\s*)\d+\b(?!\.\d)/i,
  /\b(?:changes?|change[-\s]?log)\s*(?:since|from)\s+(?:the\s+)?(?:last|previous|prior|earlier)\b/i,
  /(?:^|\s)(?:v\d+|rfc)\s*(?:->|→|=>|-+>|\.\.|to)\s*v\d+\b/i, // v1 -> v2
  /^\s*[-*]?\s*\[?v\d+\]?(?:\s*(?:,|and|&)\s*\[?v\d+\]?)*\s*[:(-]/i, // v2: ..., - v3 (...), v2, v3: ...
  /^\s*(?:since|from)\s+v\d+\b/i, // Since v1:
  /^\s*(?:change[-\s]?log|changes|revisions?|history)\s*:?\s*$/i, // Changes: / Changelog
  /\blink to v\d+\b/i,
  /^\s*(?:previous|prior|old)\s+(?:version|revision|posting)s?\b/i,
];

export function isChangelogLine(text: string): boolean {
  return CHANGELOG.some((re) => re.test(text));
}

/** Tags, git's and b4's own lines that turn up among notes without saying anything about a revision. */
/** b4's lines below a single patch's `---` (`prerequisite-change-id: <id>:v2` and the rest) say what the series needs, not what changed. */
const NOTE_TAG = /^(?:cc|to|link|closes|fixes|[a-z]+(?:-[a-z]+)*-by|base-commit|change-id|prerequisite-(?:patch|change|message)-id):\s/i;

/**
 * A line of notes that may say what changed: not a tag (`Cc: ...`, `Link: ...`)
 * and not the request to queue the fix for stable that cc-stable writes there.
 */
function saysWhatChanged(line: Line): boolean {
  const text = line.text.trim();
  return text !== '' && !NOTE_TAG.test(text) && !STABLE_NOTE.test(text);
}

/**
 * Whether the message says what changed: a changelog line in its text or notes,
 * or, for a patch, any other note below `---` (free-form revision notes such
 * as "Reworded the subject" are common and serve the reviewer just as well).
 */
export function hasChangelog(m: Message): boolean {
  if (!m.isCoverLetter && notesLines(m).some(saysWhatChanged)) return true;
  const lines = [...m.bodyLines.map((i) => lineOf(m, i)), ...notesLines(m)];
  return lines.some((l) => isChangelogLine(l.text));
}

function skeleton(n: number): string[] {
  return [`Changes in v${n}:`, '- '];
}

/** Insert the skeleton after `---` (patch) or before the shortlog (cover letter). */
function insertion(m: Message, n: number): TextEdit | undefined {
  const L = m.document.lines;
  if (!m.isCoverLetter) {
    if (!m.separator) return undefined;
    return insertLinesAfter(m, L.lineAt(m.separator.start), [...skeleton(n), '']);
  }
  const body = m.bodyLines.map((i) => L.line(i));
  // git's shortlog header: "Jane Developer (3):".
  const shortlog = body.find((l) => /^\S.*\(\d+\):$/.test(l.text));
  if (shortlog) return insertLinesBefore(m, shortlog, [...skeleton(n), '']);
  const lastText = [...body].reverse().find((l) => l.text.trim() !== '' && l.text !== '-- ');
  if (lastText) return insertLinesAfter(m, lastText, ['', ...skeleton(n)]);
  return undefined;
}

const rule: Rule = {
  id: 'version-changelog-missing',
  description: 'A v2 or later has no changelog below --- or in the cover letter.',
  severity: 'info',
  faq: FAQ.whichTree,
  readiness: 'cover-letter',
  appliesTo: 'submission',
  explanation: [
    'Reviewers of a respin want to know what changed since the last posting, so they',
    'can check that their comments were addressed without reading everything again.',
    'Put a short changelog (`Changes in v3:` with one line per change, and links to the',
    'earlier postings) in the cover letter, or below the `---` line of a single patch so',
    'it stays out of the commit message.',
    '',
    'b4 keeps the changelog in its cover letter commit: when `b4 send` has mailed a version,',
    'b4 starts the next one and adds `Changes in vN:` with placeholder lines and a',
    '`Link to vN-1:` line pointing at the posting just sent. Fill it in with `b4 prep --edit-cover` (b4 refuses to send',
    'while the placeholders remain); those lines count as the changelog here.',
  ].join('\n'),
  check(ctx) {
    const mails = ctx.series.messages.filter((m) => m.kind === 'mail' && m.subject);
    const covers = mails.filter((m) => m.isCoverLetter);
    // Without a cover letter, only standalone patches are checked: a numbered patch of a
    // longer series keeps its changelog in the series' cover letter, which may not be here.
    const targets = covers.length > 0 ? covers : mails.filter((m) => (m.subject!.prefix.numbering?.total ?? 1) <= 1);
    // Any changelog anywhere in the series (cover letter or a patch's notes) is enough for the series.
    if (covers.length > 0 && mails.some(hasChangelog)) return;
    for (const m of targets) {
      const n = postingVersion(m.subject!.prefix);
      if (n < 2 || hasChangelog(m)) continue;
      // A glued `PATCHv2` says v2 too (subject-version-format asks to write it apart).
      const v = versionToken(m.subject!.prefix)!;
      const edit = insertion(m, n);
      // The skeleton is a blank to fill in, not a changelog: offer it, never apply it unasked.
      const fixes: Fix[] = edit ? [{ title: `Add a "Changes in v${n}:" changelog`, edits: [edit], isPreferred: false }] : [];
      // b4 writes the changelog's skeleton into its cover letter commit when it sends a version;
      // a b4 user who removed it edits it back there, or the next b4 send loses it again.
      const b4 = ctx.series.messages.some((x) => x.madeByB4) ? `; with b4: b4 prep --edit-cover, under "Changes in v${n}:" with its "Link to v${n - 1}:" line` : '';
      ctx.report(m, {
        message: m.isCoverLetter
          ? `This is v${n}: say what changed since the previous version in the cover letter (e.g. "Changes in v${n}:")${b4}.`
          : `This is v${n}: say what changed since the previous version below the --- line (e.g. "Changes in v${n}:")${b4}.`,
        range: visible(m.subject!, v.span),
        fixes,
      });
    }
  },
};

export default rule;
