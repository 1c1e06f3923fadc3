/**
 * Reading the diff of a patch (engine/parse/diff.ts): which files it touches,
 * how (added, deleted, renamed, copied, binary), where each file and hunk
 * starts and ends. Rules that look at paths (selftests, MAINTAINERS, scope) and
 * at changed lines (Fixes: completion, blame) all stand on this (#19).
 */
import assert from 'node:assert/strict';
import { isDiffStart, parseDiff } from '../server/src/engine/parse/diff';
import { LineIndex, type Span } from '../server/src/engine/text';
import { changedLines, keptAuthorDate, toRanges } from '../server/src/engine/changed-lines';
import { lint, parseInputs } from '../server/src/engine/lint';
import { RULES } from '../server/src/rules';

/** Lines `a-b` (0-based, inclusive) a span covers. */
function lineRange(index: LineIndex, s: Span): string {
  return `${index.indexAt(s.start)}-${index.indexAt(Math.max(s.start, s.end - 1))}`;
}

/** One line per file: status, paths, binary, its lines, and each hunk's lines and header numbers. */
function summary(text: string): string[] {
  const index = new LineIndex(text);
  const diff = parseDiff(index, 0, index.count);
  const files = diff.files.map((f) => {
    const hunks = f.hunks.map((h) => ` @${lineRange(index, h.span)} -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines}`);
    return `${f.status} ${f.oldPath ?? '∅'} -> ${f.newPath ?? '∅'}${f.binary ? ' binary' : ''} L${lineRange(index, f.span)}${hunks.join('')}`;
  });
  return [`diff L${diff.files.length ? lineRange(index, diff.span) : '∅'}`, ...files];
}

const MOD = ['diff --git a/kernel/bpf/verifier.c b/kernel/bpf/verifier.c', 'index 1111111..2222222 100644', '--- a/kernel/bpf/verifier.c', '+++ b/kernel/bpf/verifier.c', '@@ -10,3 +10,4 @@ static int f(void)', ' a', '-b', '+c', '+d', ' e'];

describe('diff: files, statuses and spans (#19)', () => {
  const rows: Array<[string, string[], string[]]> = [
    ['a modified file, and the mail signature after it is not part of it', [...MOD, '-- ', '2.43.0'], ['diff L0-9', 'modified kernel/bpf/verifier.c -> kernel/bpf/verifier.c L0-9 @4-9 -10,3 +10,4']],
    [
      'a new file: status added, the path from the +++ line',
      ['diff --git a/tools/testing/selftests/bpf/new.c b/tools/testing/selftests/bpf/new.c', 'new file mode 100644', 'index 0000000..3333333', '--- /dev/null', '+++ b/tools/testing/selftests/bpf/new.c', '@@ -0,0 +1,2 @@', '+int x;', '+int y;'],
      ['diff L0-7', 'added tools/testing/selftests/bpf/new.c -> tools/testing/selftests/bpf/new.c L0-7 @5-7 -0,0 +1,2'],
    ],
    [
      'a deleted file',
      ['diff --git a/old.c b/old.c', 'deleted file mode 100644', 'index 3333333..0000000', '--- a/old.c', '+++ /dev/null', '@@ -1 +0,0 @@', '-int x;'],
      ['diff L0-6', 'deleted old.c -> old.c L0-6 @5-6 -1,1 +0,0'],
    ],
    [
      'a renamed file with changes: paths from the rename lines',
      ['diff --git a/a/x.c b/b/y.c', 'similarity index 90%', 'rename from a/x.c', 'rename to b/y.c', 'index 1..2 100644', '--- a/a/x.c', '+++ b/b/y.c', '@@ -1 +1 @@', '-a', '+b'],
      ['diff L0-9', 'renamed a/x.c -> b/y.c L0-9 @7-9 -1,1 +1,1'],
    ],
    [
      'a pure rename, then a mode change with no hunk',
      ['diff --git a/x.c b/y.c', 'similarity index 100%', 'rename from x.c', 'rename to y.c', 'diff --git a/z.c b/z.c', 'old mode 100644', 'new mode 100755'],
      ['diff L0-6', 'renamed x.c -> y.c L0-3', 'modified z.c -> z.c L4-6'],
    ],
    [
      'a copy',
      ['diff --git a/x.c b/y.c', 'similarity index 100%', 'copy from x.c', 'copy to y.c'],
      ['diff L0-3', 'copied x.c -> y.c L0-3'],
    ],
    [
      'a binary file ("Binary files ... differ"), then a text file',
      ['diff --git a/img.png b/img.png', 'index 1..2 100644', 'Binary files a/img.png and b/img.png differ', 'diff --git a/z.c b/z.c', '--- a/z.c', '+++ b/z.c', '@@ -1 +1 @@', '-a', '+b'],
      ['diff L0-8', 'modified img.png -> img.png binary L0-2', 'modified z.c -> z.c L3-8 @6-8 -1,1 +1,1'],
    ],
    [
      'a GIT binary patch: both literal blocks belong to the file',
      ['diff --git a/img.png b/img.png', 'index 1..2 100644', 'GIT binary patch', 'literal 12', 'zcmV;@ABCD', '', 'literal 0', 'HcmV?d00001', '', 'diff --git a/z.c b/z.c', '--- a/z.c', '+++ b/z.c', '@@ -1 +1 @@', '-a', '+b'],
      ['diff L0-14', 'modified img.png -> img.png binary L0-7', 'modified z.c -> z.c L9-14 @12-14 -1,1 +1,1'],
    ],
    [
      'a GIT binary patch as the last file ends the diff, not the signature after it',
      ['diff --git a/img.png b/img.png', 'GIT binary patch', 'literal 12', 'zcmV;@ABCD', '', 'literal 0', 'HcmV?d00001', '', '-- ', '2.43.0'],
      ['diff L0-6', 'modified img.png -> img.png binary L0-6'],
    ],
    [
      'quoted paths with spaces',
      ['diff --git "a/sp ace.c" "b/sp ace.c"', '--- "a/sp ace.c"', '+++ "b/sp ace.c"', '@@ -1 +1 @@', '-a', '+b'],
      ['diff L0-5', 'modified sp ace.c -> sp ace.c L0-5 @3-5 -1,1 +1,1'],
    ],
    [
      'prefixes other than a/ and b/ (--src-prefix, --dst-prefix)',
      ['diff --git x/foo.c y/foo.c', '--- x/foo.c', '+++ y/foo.c', '@@ -1 +1 @@', '-a', '+b'],
      ['diff L0-5', 'modified foo.c -> foo.c L0-5 @3-5 -1,1 +1,1'],
    ],
    [
      'no prefix (--no-prefix)',
      ['diff --git foo.c foo.c', '--- foo.c', '+++ foo.c', '@@ -1 +1 @@', '-a', '+b'],
      ['diff L0-5', 'modified foo.c -> foo.c L0-5 @3-5 -1,1 +1,1'],
    ],
    [
      'a diff -u without opener lines: each ---/+++ pair is a file, timestamps dropped',
      ['--- a/f.c\t2024-01-01 00:00:00.000000000 +0000', '+++ b/f.c\t2024-01-02 00:00:00.000000000 +0000', '@@ -1,2 +1,2 @@', ' x', '-a', '+b', '--- a/g.c', '+++ b/g.c', '@@ -5 +5 @@', '-c', '+d'],
      ['diff L0-10', 'modified f.c -> f.c L0-5 @2-5 -1,2 +1,2', 'modified g.c -> g.c L6-10 @8-10 -5,1 +5,1'],
    ],
    [
      'quilt style: Index: lines open files',
      ['Index: linux/f.c', '===================================================================', '--- linux.orig/f.c', '+++ linux/f.c', '@@ -1 +1 @@', '-a', '+b', 'Index: linux/g.c', '===', '--- /dev/null', '+++ linux/g.c', '@@ -0,0 +1 @@', '+e'],
      ['diff L0-12', 'modified linux.orig/f.c -> linux/f.c L0-6 @4-6 -1,1 +1,1', 'added linux/g.c -> linux/g.c L7-12 @11-12 -0,0 +1,1'],
    ],
    [
      'removed lines reading "-- " or "--- x" and an added "+++ b" are hunk lines, counted',
      ['diff --git a/f.c b/f.c', '--- a/f.c', '+++ b/f.c', '@@ -1,3 +1,1 @@', '-- ', '--- x', ' kept', 'diff --git a/g.c b/g.c', '--- a/g.c', '+++ b/g.c', '@@ -1 +1 @@', '-a', '++++ b'],
      ['diff L0-12', 'modified f.c -> f.c L0-6 @3-6 -1,3 +1,1', 'modified g.c -> g.c L7-12 @10-12 -1,1 +1,1'],
    ],
    [
      '"\\ No newline at end of file" and a context line a mailer emptied stay in the hunk',
      ['diff --git a/f.c b/f.c', '--- a/f.c', '+++ b/f.c', '@@ -1,3 +1,3 @@', ' a', '', '-b', '\\ No newline at end of file', '+c', '\\ No newline at end of file', 'Thanks!'],
      ['diff L0-9', 'modified f.c -> f.c L0-9 @3-9 -1,3 +1,3'],
    ],
    [
      'blank lines between files are skipped; prose after the last file ends the diff',
      ['diff --git a/f.c b/f.c', '--- a/f.c', '+++ b/f.c', '@@ -1 +1 @@', '-a', '+b', '', '', 'diff --git a/g.c b/g.c', '--- a/g.c', '+++ b/g.c', '@@ -1 +1 @@', '-a', '+b', '', 'Thanks,', 'me'],
      ['diff L0-13', 'modified f.c -> f.c L0-5 @3-5 -1,1 +1,1', 'modified g.c -> g.c L8-13 @11-13 -1,1 +1,1'],
    ],
    [
      'a hunk cut short by the end of the text',
      ['diff --git a/f.c b/f.c', '--- a/f.c', '+++ b/f.c', '@@ -1,5 +1,5 @@', ' a', '-b'],
      ['diff L0-5', 'modified f.c -> f.c L0-5 @3-5 -1,5 +1,5'],
    ],
    [
      'a hunk cut short by a line that is not diff',
      ['diff --git a/f.c b/f.c', '--- a/f.c', '+++ b/f.c', '@@ -1,5 +1,5 @@', ' a', 'Thanks', ' b'],
      ['diff L0-4', 'modified f.c -> f.c L0-4 @3-4 -1,5 +1,5'],
    ],
    [
      'blank lines before the first file',
      ['', '', 'diff --git a/f.c b/f.c', '--- a/f.c', '+++ b/f.c', '@@ -1 +1 @@', '-a', '+b'],
      ['diff L0-7', 'modified f.c -> f.c L2-7 @5-7 -1,1 +1,1'],
    ],
    [
      'prose before any diff: no files',
      ['Some words', 'diff --git a/f.c b/f.c', '--- a/f.c', '+++ b/f.c'],
      ['diff L∅'],
    ],
    [
      'headers with no hunk',
      ['diff --git a/f.c b/f.c', 'index 1..2 100644', '--- a/f.c', '+++ b/f.c'],
      ['diff L0-3', 'modified f.c -> f.c L0-3'],
    ],
    [
      'an unknown header line ends the diff',
      ['diff --git a/f.c b/f.c', 'index 1..2 100644', 'frobnicate', '--- a/f.c'],
      ['diff L0-1', 'modified f.c -> f.c L0-1'],
    ],
    [
      'a diff -urN opener line opens a file like diff --git',
      ['diff -urN a/f.c b/f.c', '--- a/f.c', '+++ b/f.c', '@@ -1 +1 @@', '-a', '+b'],
      ['diff L0-5', 'modified f.c -> f.c L0-5 @3-5 -1,1 +1,1'],
    ],
    [
      'dissimilarity and mode lines are headers',
      ['diff --git a/f.c b/f.c', 'dissimilarity index 80%', 'old mode 100644', 'new mode 100755', 'index 1..2', '--- a/f.c', '+++ b/f.c', '@@ -1 +1 @@', '-a', '+b'],
      ['diff L0-9', 'modified f.c -> f.c L0-9 @7-9 -1,1 +1,1'],
    ],
  ];
  for (const [name, lines, expected] of rows) {
    it(name, () => {
      assert.deepEqual(summary(lines.join('\n')), expected);
      assert.deepEqual(summary(lines.join('\r\n')), expected, 'CRLF');
    });
  }

  it('reads only the lines it is given', () => {
    const text = ['Subject: x', '', ...MOD, ...MOD.map((l) => l.replace(/verifier/g, 'syscall'))].join('\n');
    const index = new LineIndex(text);
    const diff = parseDiff(index, 2, 2 + MOD.length);
    assert.deepEqual(diff.files.map((f) => f.newPath), ['kernel/bpf/verifier.c']);
    assert.deepEqual(diff.span, { start: index.line(2).start, end: index.line(1 + MOD.length).end });
    assert.deepEqual(parseDiff(index, 5, 5), { span: { start: 0, end: 0 }, files: [] });
  });
});

describe('diff: where a diff starts (#19)', () => {
  const rows: Array<[string[], number, boolean]> = [
    [['diff --git a/f b/f'], 0, true],
    [['diff -urN a/f b/f'], 0, true],
    [['Index: f'], 0, true],
    [['--- a/f', '+++ b/f'], 0, true],
    [['x', '--- a/f', '+++ b/f'], 1, true],
    // A "---" separator line, or a header pair cut off by the end of the range, is not a diff.
    [['---', '+++ b/f'], 0, false],
    [['--- a/f'], 0, false],
    [['--- a/f', 'x'], 0, false],
    [['Index:f'], 0, false],
    [[' diff --git a/f b/f'], 0, false],
    [['difference'], 0, false],
    [['The diff --git line'], 0, false],
  ];
  for (const [lines, i, expected] of rows) {
    it(`${JSON.stringify(lines)} at ${i}: ${expected}`, () => {
      const index = new LineIndex(lines.join('\n'));
      assert.equal(isDiffStart(index, i, index.count), expected);
    });
  }
  it('does not look past the end of the range for the +++ line', () => {
    const index = new LineIndex('--- a/f\n+++ b/f');
    assert.equal(isDiffStart(index, 0, 1), false);
    assert.equal(isDiffStart(index, 0, 2), true);
  });
});

describe('diff: the lines a change removes or modifies, for git blame (#19)', () => {
  const blameInput = (lines: string[]) => {
    const [doc] = parseInputs([{ id: 'x.patch', text: ['From: J <j@example.org>', 'Subject: [PATCH] bpf: x', '', 'Text.', '---', ...lines].join('\n') }]);
    return changedLines(doc.messages[0]).map((c) => `${c.path}: ${toRanges(c.lines).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}`);
  };
  const head = (path: string, extra: string[] = []) => [`diff --git a/${path} b/${path}`, ...extra, `--- a/${path}`, `+++ b/${path}`];
  const rows: Array<[string, string[], string[]]> = [
    ['removed lines by their old line numbers, context counted, added lines not', [...head('a.c'), '@@ -10,6 +10,5 @@', ' ctx', '-old1', '-old2', '+new', ' ctx', '-old3', '', '+new2'], ['a.c: 11-12,14']],
    ['every hunk, numbered from its own start', [...head('a.c'), '@@ -3 +3 @@', '-x', '+y', '@@ -40,2 +40,2 @@', ' c', '-z', '+w'], ['a.c: 3,41']],
    ["a hunk after one that ends in context starts at its own header", [...head('a.c'), '@@ -3,2 +3,2 @@', '-x', ' y', '@@ -40,2 +40,2 @@', '-z', ' w'], ['a.c: 3,40']],
    ['a file with additions only has nothing to blame', [...head('a.c'), '@@ -1,1 +1,2 @@', ' c', '+new'], []],
    ['a new file has nothing to blame', ['diff --git a/n.c b/n.c', 'new file mode 100644', '--- /dev/null', '+++ b/n.c', '@@ -0,0 +1 @@', '+x'], []],
    ['a deleted file: every line', ['diff --git a/d.c b/d.c', 'deleted file mode 100644', '--- a/d.c', '+++ /dev/null', '@@ -1,3 +0,0 @@', '-a', '-b', '-c'], ['d.c: 1-3']],
    ['a renamed file by its old path', ['diff --git a/old.c b/new.c', 'similarity index 90%', 'rename from old.c', 'rename to new.c', '--- a/old.c', '+++ b/new.c', '@@ -5 +5 @@', '-a', '+b'], ['old.c: 5']],
    ['a binary file has nothing to blame', ['diff --git a/i.png b/i.png', 'Binary files a/i.png and b/i.png differ'], []],
    ['"\\ No newline" is not a line', [...head('a.c'), '@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+c', '\\ No newline at end of file'], ['a.c: 2']],
    ['each file on its own', [...head('a.c'), '@@ -1 +1 @@', '-a', '+b', ...head('b.c'), '@@ -7 +7 @@', '-a', '+b'], ['a.c: 1', 'b.c: 7']],
  ];
  for (const [name, lines, expected] of rows) {
    it(name, () => assert.deepEqual(blameInput(lines), expected));
  }

  it("carries the old file's blob from the index line, and the commit of a format-patch file's From line (#14)", () => {
    const SHA = 'a70e840c3b4d1ec185b0d1a2ec39da0f1e2d764a';
    const mail = (from: string, index: string) =>
      [from, 'From: J <j@example.org>', 'Subject: [PATCH] bpf: x', '', 'Text.', '---', ...head('a.c', [index]), '@@ -2 +2 @@', '-a', '+b'].join('\n');
    const read = (text: string) => changedLines(parseInputs([{ id: 'x.patch', text }])[0].messages[0]);
    assert.deepEqual(read(mail(`From ${SHA} Mon Sep 17 00:00:00 2001`, 'index 9bfedcc..29ab85b 100644')), [{ path: 'a.c', lines: [2], commit: SHA, preImage: '9bfedcc' }]);
    // git's placeholder for a cover letter or a message not yet committed names no commit.
    assert.deepEqual(read(mail(`From ${'0'.repeat(40)} Mon Sep 17 00:00:00 2001`, 'index 9bfedcc..29ab85b')), [{ path: 'a.c', lines: [2], preImage: '9bfedcc' }]);
    // A full-length blob id, as `git diff --full-index` writes it.
    const full = '9bfedcc0123456789abcdef0123456789abcdef0';
    assert.deepEqual(read(mail('From nobody Mon Sep 17 00:00:00 2001', `index ${full}..${'1'.repeat(40)} 100755`)), [{ path: 'a.c', lines: [2], preImage: full }]);
    // A real id may start or end with zeros; only all zeros is git's placeholder.
    const zeros = '0a70e840c3b4d1ec185b0d1a2ec39da0f1e2d700';
    assert.equal(read(mail(`From ${zeros} Mon Sep 17 00:00:00 2001`, 'index 9bfedcc..29ab85b'))[0].commit, zeros);
    // In an mbox, each mail's own From line.
    const second = 'b'.repeat(40);
    const mbox = parseInputs([{ id: 'x.mbox', text: `${mail(`From ${SHA} Mon Sep 17 00:00:00 2001`, 'index 9bfedcc..29ab85b')}\n\n${mail(`From ${second} Mon Sep 17 00:00:00 2001`, 'index 9bfedcc..29ab85b')}` }])[0];
    assert.deepEqual(mbox.messages.map((m) => changedLines(m)[0]?.commit), [SHA, second]);
    // An index line that is not git's (an svn "Index:" is a path) names no blob.
    assert.deepEqual(read(mail('From nobody Mon Sep 17 00:00:00 2001', 'index 12..34')), [{ path: 'a.c', lines: [2] }]);
  });

  it('asks blame for the fewest ranges', () => {
    assert.deepEqual(toRanges([5, 3, 4, 4, 9, 10, 12]), [[3, 5], [9, 10], [12, 12]]);
    assert.deepEqual(toRanges([]), []);
    assert.deepEqual(toRanges([7]), [[7, 7]]);
  });
});

describe("commit messages: the author date git shows when a commit keeps its own, as in git commit --amend (#14)", () => {
  const COMMENTS = "# Please enter the commit message for your changes. Lines starting\n# with '#' will be ignored, and an empty message aborts the commit.\n#\n";
  const dateOf = (text: string) => keptAuthorDate(parseInputs([{ id: '/r/.git/COMMIT_EDITMSG', text }])[0].messages[0]);
  const rows: Array<[string, string, string | undefined]> = [
    ['git commit --amend', `bpf: x\n\nText.\n\n${COMMENTS}# Date:      Sun Dec 6 04:07:58 2026 +0000\n#\n# On branch v2\n`, 'Sun Dec 6 04:07:58 2026 +0000'],
    ['after the Author: line, when author and committer differ', `bpf: x\n\n${COMMENTS}# Author:    Jane <jane@example.org>\n# Date:      Tue Jun 3 10:00:00 2025 -0700\n`, 'Tue Jun 3 10:00:00 2025 -0700'],
    ['a translated label', `bpf: x\n\n${COMMENTS}# Datum:     Sun Dec 6 04:07:58 2026 +0000\n`, 'Sun Dec 6 04:07:58 2026 +0000'],
    ['trailing blanks after the date', `bpf: x\n\n${COMMENTS}# Date:      Sun Dec 6 04:07:58 2026 +0000  \n`, 'Sun Dec 6 04:07:58 2026 +0000'],
    ['a date inside a longer comment is no kept date', `bpf: x\n\n${COMMENTS}# see the Date:      Sun Dec 6 04:07:58 2026 +0000\n`, undefined],
    ['a new commit shows no date', `bpf: x\n\nText.\n\n${COMMENTS}# On branch v2\n`, undefined],
    ['a Date: line in the message itself is no comment', 'bpf: x\n\nDate:      Sun Dec 6 04:07:58 2026 +0000\n', undefined],
    ['a comment with a date in another format', `bpf: x\n\n${COMMENTS}# Date:      2026-12-06 04:07:58 +0000\n`, undefined],
  ];
  for (const [name, text, expected] of rows) it(name, () => assert.equal(dateOf(text), expected));

  it('a patch is no commit being written', () => {
    const text = 'From: J <j@example.org>\nSubject: [PATCH] bpf: x\nDate: Sun Dec 6 04:07:58 2026 +0000\n\nText.\n';
    assert.equal(keptAuthorDate(parseInputs([{ id: 'x.patch', text }])[0].messages[0]), undefined);
  });
});

describe('git show output saved as a .diff (#14)', () => {
  const SHA = 'a70e840c3b4d1ec185b0d1a2ec39da0f1e2d764a';
  const show = [
    `commit ${SHA} (HEAD -> topic)`,
    'Author: Jane Developer <jane@example.org>',
    'Date:   Sun Dec 6 04:07:58 2026 +0000',
    '',
    '    bpf: Track c instead of b',
    '',
    '    It was wrong.',
    '',
    '    Signed-off-by: Jane Developer <jane@example.org>',
    '',
    ...MOD,
  ].join('\n');

  it('is read as the diff it carries, its quoted message not judged as one being written', () => {
    const [doc] = parseInputs([{ id: 'fix.diff', text: show }]);
    assert.deepEqual(doc.messages.map((m) => m.kind), ['diff']);
    assert.deepEqual(doc.messages[0].diff?.files.map((f) => f.newPath), ['kernel/bpf/verifier.c']);
    const index = doc.lines;
    assert.equal(index.indexAt(doc.messages[0].diff!.span.start), 10, 'the diff starts at diff --git');
    const rules = lint([{ id: 'fix.diff', text: show }], { rules: RULES }).findings.map((f) => f.rule);
    assert.ok(!rules.includes('signed-off-by-missing') && !rules.includes('diff-in-commit-message'), rules.join(', '));
  });

  it('only when a header line follows the commit line: a message that starts with "commit <sha>" is still a message', () => {
    const [doc] = parseInputs([{ id: 'x.diff', text: `commit ${SHA} broke it\n\nSo revert it.\n` }]);
    assert.deepEqual(doc.messages.map((m) => m.kind), ['commit']);
  });
});
