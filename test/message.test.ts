/**
 * How one message is read (engine/parse/message.ts): mail or commit, headers,
 * subject, author, recipients, the message text and its paragraphs, the trailer
 * block, comment lines, what lies below --- (changelog, diffstat, diff), the
 * scissors of git commit -v and the staged files. Every rule reads these; a line
 * put on the wrong side is a finding lost or invented (#19).
 */
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, knownTrees } from '../server/src/engine/config';
import { parseDocument } from '../server/src/engine/parse/document';
import { defaultCleanupOf } from '../server/src/engine/parse/message';
import type { Message } from '../server/src/engine/model';
import type { Span } from '../server/src/engine/text';
import type { CleanupMode } from '../server/src/engine/types';

/** The message's parts, one field per entry, spans as 0-based line ranges. */
function structure(text: string, cleanup?: CleanupMode): string[][] {
  const doc = parseDocument('t', text, { commentChar: '#', knownTrees: knownTrees(DEFAULT_CONFIG), ...(cleanup ? { cleanup } : {}) });
  const at = (offset: number) => doc.lines.indexAt(offset);
  const L = (s: Span | undefined) => (s === undefined ? '-' : s.end <= s.start ? `@${at(s.start)}` : `${at(s.start)}-${at(s.end)}`);
  const ranges = (ns: readonly number[]) => {
    const out: Array<[number, number]> = [];
    for (const n of ns) {
      const last = out[out.length - 1];
      if (last && last[1] === n - 1) last[1] = n;
      else out.push([n, n]);
    }
    return out.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',') || '-';
  };
  return doc.messages.map((m: Message) => [
    m.kind + (m.isCoverLetter ? ' cover' : '') + (m.isReply ? ' reply' : ''),
    `span ${L(m.span)}`,
    `headers ${m.headers.map((h) => h.name + (h.inBody ? '(body)' : '')).join(',') || '-'}`,
    `subject ${m.subject ? JSON.stringify(m.subject.text) : '-'}`,
    `from ${m.from ? `${m.from.name} <${m.from.email}>` : '-'}`,
    `to ${m.recipients.map((r) => r.email).join(',') || '-'}`,
    `body ${L(m.body)} lines ${ranges(m.bodyLines)}`,
    `paragraphs ${m.paragraphs.map((p) => `${p.firstLine}-${p.lastLine}${p.quoted ? 'q' : ''}`).join(',') || '-'}`,
    `trailers ${m.trailers.map((t) => `${t.key}=${t.value}`).join('|') || '-'} block ${L(m.trailerBlock?.span)}`,
    `comments ${ranges(m.commentLines)}`,
    `separator ${L(m.separator)} notes ${L(m.notes)} diffstat ${L(m.diffstat)} scissors ${L(m.scissors)}`,
    `diff ${m.diff ? `${L(m.diff.span)} ${m.diff.files.map((f) => f.newPath).join(',')}` : '-'}`,
    `staged ${m.stagedFiles.map((f) => `${f.status}:${f.path}`).join(',') || '-'}`,
  ]);
}

const DIFF = ['diff --git a/kernel/bpf/verifier.c b/kernel/bpf/verifier.c', 'index 1..2 100644', '--- a/kernel/bpf/verifier.c', '+++ b/kernel/bpf/verifier.c', '@@ -1 +1 @@', '-a', '+b'];

interface Row {
  readonly name: string;
  readonly lines: readonly string[];
  readonly cleanup?: CleanupMode;
  /** The parts that differ from NOTHING. */
  readonly expected: readonly string[];
}

/** What a message without the part has; rows leave these out. */
const NOTHING = new Set(['headers -', 'subject -', 'from -', 'to -', 'paragraphs -', 'trailers - block -', 'comments -', 'separator - notes - diffstat - scissors -', 'diff -', 'staged -']);
const present = (parts: string[][]) => parts.map((fields) => fields.filter((f) => !NOTHING.has(f)));

const ROWS: Row[] = [
    {
      name: 'a format-patch mail: headers, body, trailers, changelog below ---, diffstat with a create line, diff, signature',
      lines: ['From 1234567890123456789012345678901234567890 Mon Sep 17 00:00:00 2001', 'From: Jane Developer <jane@example.org>', 'Date: Mon, 1 Jan 2024 00:00:00 +0000', 'Subject: [PATCH bpf-next v2 1/2] bpf: Fix the thing', 'To: bpf@vger.kernel.org', 'Cc: Alexei Starovoitov <ast@kernel.org>,', ' daniel@iogearbox.net', '', 'First paragraph.', 'Second line.', '', 'Fixes: 123456789abc ("bpf: Old")', 'Signed-off-by: Jane Developer <jane@example.org>', '---  ', '', 'v1 -> v2:', '- changed', '', ' kernel/bpf/verifier.c | 2 +-', ' tools/x.c             | Bin 0 -> 12 bytes', ' 1 file changed, 1 insertion(+), 1 deletion(-)', ' create mode 100644 tools/x.c', '', ...DIFF, '-- ', '2.43.0', ''],
      expected: [
        'mail',
        'span 0-31',
        'headers From,Date,Subject,To,Cc',
        'subject "[PATCH bpf-next v2 1/2] bpf: Fix the thing"',
        'from Jane Developer <jane@example.org>',
        'to bpf@vger.kernel.org,ast@kernel.org,daniel@iogearbox.net',
        'body 8-12 lines 8-12',
        'paragraphs 8-9,11-12',
        'trailers Fixes=123456789abc ("bpf: Old")|Signed-off-by=Jane Developer <jane@example.org> block 11-12',
        'separator 13-13 notes 15-16 diffstat 18-21 scissors -',
        'diff 23-29 kernel/bpf/verifier.c',
      ],
    },
    {
      name: 'From:/Subject: at the top of the body override the mail\'s (git am), and are marked as in the body',
      lines: ['From: Sender <s@example.org>', 'Subject: [PATCH] bpf: x', '', 'From: Author <a@example.org>', 'Subject: bpf: real subject', '', 'Text.', '', 'Signed-off-by: Author <a@example.org>', '---', ...DIFF],
      expected: [
        'mail',
        'span 0-16',
        'headers From,Subject,From(body),Subject(body)',
        'subject "bpf: real subject"',
        'from Author <a@example.org>',
        'body 6-8 lines 6-8',
        'paragraphs 6-6,8-8',
        'trailers Signed-off-by=Author <a@example.org> block 8-8',
        'separator 9-9 notes - diffstat - scissors -',
        'diff 10-16 kernel/bpf/verifier.c',
      ],
    },
    {
      name: 'a block at the top of the body with other headers is body text',
      lines: ['From: Sender <s@example.org>', 'Subject: [PATCH] bpf: x', '', 'From: Author <a@example.org>', 'To: x@example.org', '', 'Text.'],
      expected: [
        'mail',
        'span 0-6',
        'headers From,Subject',
        'subject "[PATCH] bpf: x"',
        'from Sender <s@example.org>',
        'body 3-6 lines 3-6',
        'paragraphs 3-4,6-6',
      ],
    },
    {
      name: 'a list\'s DMARC rewrite of From: gives the author from Reply-To',
      lines: ['From: "Jane Doe via Intel-wired-lan" <intel-wired-lan@osuosl.org>', 'Reply-To: Jane Doe <jane@example.org>', 'Subject: [PATCH] x', '', 'Text.'],
      expected: [
        'mail',
        'span 0-4',
        'headers From,Reply-To,Subject',
        'subject "[PATCH] x"',
        'from Jane Doe <jane@example.org>',
        'body 4-4 lines 4',
        'paragraphs 4-4',
      ],
    },
    {
      name: 'a Reply-To with no address keeps the rewritten From:',
      lines: ['From: "Jane Doe via List" <list@example.org>', 'Reply-To: nobody', 'Subject: [PATCH] x', '', 'Text.'],
      expected: [
        'mail',
        'span 0-4',
        'headers From,Reply-To,Subject',
        'subject "[PATCH] x"',
        'from Jane Doe via List <list@example.org>',
        'body 4-4 lines 4',
        'paragraphs 4-4',
      ],
    },
    {
      name: 'a 0/N mail with no diff is a cover letter; its shortlog and diffstat are quoted text',
      lines: ['From: Jane <jane@example.org>', 'Subject: [PATCH bpf 0/2] bpf: Series', '', 'This series.', '', 'Jane Developer (2):', '  bpf: a', '', ' kernel/bpf/verifier.c | 2 +-', ' 1 file changed', '', '-- ', '2.43.0'],
      expected: [
        'mail cover',
        'span 0-12',
        'headers From,Subject',
        'subject "[PATCH bpf 0/2] bpf: Series"',
        'from Jane <jane@example.org>',
        'body 3-10 lines 3-10',
        'paragraphs 3-3,5-6,8-9q',
      ],
    },
    {
      name: 'format-patch\'s *** SUBJECT HERE *** makes a cover letter',
      lines: ['From: Jane <jane@example.org>', 'Subject: [PATCH 0/2] *** SUBJECT HERE ***', '', '*** BLURB HERE ***'],
      expected: [
        'mail cover',
        'span 0-3',
        'headers From,Subject',
        'subject "[PATCH 0/2] *** SUBJECT HERE ***"',
        'from Jane <jane@example.org>',
        'body 3-3 lines 3',
        'paragraphs 3-3',
      ],
    },
    {
      name: 'Re: makes a reply',
      lines: ['From: Rev <r@example.org>', 'Subject: Re: [PATCH bpf 1/2] bpf: a', '', '> quoted', 'Reply.'],
      expected: [
        'mail reply',
        'span 0-4',
        'headers From,Subject',
        'subject "Re: [PATCH bpf 1/2] bpf: a"',
        'from Rev <r@example.org>',
        'body 3-4 lines 3-4',
        'paragraphs 3-4',
      ],
    },
    {
      name: 'AW: (German mailers) makes a reply',
      lines: ['From: Rev <r@example.org>', 'Subject: AW: [PATCH] bpf: a', '', 'Reply.'],
      expected: [
        'mail reply',
        'span 0-3',
        'headers From,Subject',
        'subject "AW: [PATCH] bpf: a"',
        'from Rev <r@example.org>',
        'body 3-3 lines 3',
        'paragraphs 3-3',
      ],
    },
    {
      name: 'a mail whose diff follows the text with no --- line',
      lines: ['From: Jane <jane@example.org>', 'Subject: [PATCH] bpf: a', '', 'Text.', ...DIFF],
      expected: [
        'mail',
        'span 0-10',
        'headers From,Subject',
        'subject "[PATCH] bpf: a"',
        'from Jane <jane@example.org>',
        'body 3-3 lines 3',
        'paragraphs 3-3',
        'diff 4-10 kernel/bpf/verifier.c',
      ],
    },
    {
      name: 'a mail body ends at the signature',
      lines: ['From: Jane <jane@example.org>', 'Subject: [PATCH] bpf: a', '', 'Text.', '-- ', 'Jane'],
      expected: [
        'mail',
        'span 0-5',
        'headers From,Subject',
        'subject "[PATCH] bpf: a"',
        'from Jane <jane@example.org>',
        'body 3-3 lines 3',
        'paragraphs 3-3',
      ],
    },
    {
      name: 'COMMIT_EDITMSG: leading comments skipped, the title, comment lines, staged files (rename gives two, untracked none)',
      lines: ['', '# leading comment', 'bpf: Fix it', '', 'Because.', '', 'Signed-off-by: Jane <jane@example.org>', '# Please enter the commit message for your changes. Lines starting', '# with \'#\' will be ignored.', '#', '# Changes to be committed:', '#\tmodified:   kernel/bpf/verifier.c', '#\trenamed:    a.c -> b.c', '#\tnew file:   c.c', '#', '# Untracked files:', '#\tjunk.c', '#'],
      expected: [
        'commit',
        'span 0-17',
        'subject "bpf: Fix it"',
        'body 3-17 lines 3-6',
        'paragraphs 4-4,6-6',
        'trailers Signed-off-by=Jane <jane@example.org> block 6-6',
        'comments 1,7-17',
        'staged modified:kernel/bpf/verifier.c,renamed:a.c,renamed:b.c,added:c.c',
      ],
    },
    {
      name: 'git commit -v: the message ends above the scissors; the diff below is read',
      lines: ['bpf: Fix it', '', 'Text.', '# ------------------------ >8 ------------------------', '# Do not modify or remove the line above.', '# Everything below it will be ignored.', ...DIFF],
      expected: [
        'commit',
        'span 0-12',
        'subject "bpf: Fix it"',
        'body 1-2 lines 1-2',
        'paragraphs 2-2',
        'comments 3-5',
        'separator - notes - diffstat - scissors 3-3',
        'diff 6-12 kernel/bpf/verifier.c',
      ],
    },
    {
      name: 'a message with no git hint keeps # lines as text (git commit -F)',
      lines: ['bpf: Fix it', '', '#include <x.h> is text', '', 'Signed-off-by: Jane <jane@example.org>'],
      expected: [
        'commit',
        'span 0-4',
        'subject "bpf: Fix it"',
        'body 1-4 lines 1-4',
        'paragraphs 2-2,4-4',
        'trailers Signed-off-by=Jane <jane@example.org> block 4-4',
      ],
    },
    {
      name: '--cleanup=scissors: # lines are text, the scissors still cut',
      lines: ['bpf: Fix it', '', '# a comment kept', '# ------------------------ >8 ------------------------', 'diff below'],
      cleanup: 'scissors',
      expected: [
        'commit',
        'span 0-4',
        'subject "bpf: Fix it"',
        'body 1-2 lines 1-2',
        'paragraphs 2-2',
        'comments 3',
        'separator - notes - diffstat - scissors 3-3',
      ],
    },
    {
      name: '--cleanup=verbatim: nothing is a comment, not even the scissors',
      lines: ['bpf: Fix it', '', '# ------------------------ >8 ------------------------', 'after'],
      cleanup: 'verbatim',
      expected: [
        'commit',
        'span 0-3',
        'subject "bpf: Fix it"',
        'body 1-3 lines 1-3',
        'paragraphs 2-3',
      ],
    },
    {
      name: 'a title like "bpf: fix" is a commit title, not a header',
      lines: ['bpf: fix', '', 'Text.'],
      expected: [
        'commit',
        'span 0-2',
        'subject "bpf: fix"',
        'body 1-2 lines 1-2',
        'paragraphs 2-2',
      ],
    },
    {
      name: 'a Subject: header alone makes a mail',
      lines: ['Subject: bpf: x', '', 'Text.'],
      expected: [
        'mail',
        'span 0-2',
        'headers Subject',
        'subject "bpf: x"',
        'body 2-2 lines 2',
        'paragraphs 2-2',
      ],
    },
    {
      name: 'two mail headers make a mail',
      lines: ['From: a <a@example.org>', 'Date: today', '', 'Text.'],
      expected: [
        'mail',
        'span 0-3',
        'headers From,Date',
        'from a <a@example.org>',
        'body 3-3 lines 3',
        'paragraphs 3-3',
      ],
    },
    {
      name: 'one mail header with no mbox line is a commit title',
      lines: ['From: a <a@example.org>', '', 'Text.'],
      expected: [
        'commit',
        'span 0-2',
        'subject "From: a <a@example.org>"',
        'body 1-2 lines 1-2',
        'paragraphs 2-2',
      ],
    },
    {
      name: 'headers with text right below them are a commit title and body',
      lines: ['From: a <a@example.org>', 'Subject: x', 'body right after'],
      expected: [
        'commit',
        'span 0-2',
        'subject "From: a <a@example.org>"',
        'body 1-2 lines 1-2',
        'paragraphs 1-2',
      ],
    },
    {
      name: 'a bare diff',
      lines: ['', ...DIFF],
      expected: [
        'diff',
        'span 0-7',
        'body @0 lines -',
        'diff 0-7 kernel/bpf/verifier.c',
      ],
    },
    {
      name: 'an indented last paragraph (a squashed git log) holds no trailers',
      lines: ['bpf: squash', '', 'Text.', '', '    Signed-off-by: Other <o@example.org>'],
      expected: [
        'commit',
        'span 0-4',
        'subject "bpf: squash"',
        'body 1-4 lines 1-4',
        'paragraphs 2-2,4-4q',
      ],
    },
    {
      name: 'a Signed-off-by makes a trailer block of a paragraph with up to three other lines per trailer',
      lines: ['bpf: t', '', 'Text.', '', 'one', 'two', 'three', 'Signed-off-by: J <j@example.org>'],
      expected: [
        'commit',
        'span 0-7',
        'subject "bpf: t"',
        'body 1-7 lines 1-7',
        'paragraphs 2-2,4-7',
        'trailers Signed-off-by=J <j@example.org> block 4-7',
      ],
    },
    {
      name: '...and not of one with more',
      lines: ['bpf: t', '', 'Text.', '', 'one', 'two', 'three', 'four', 'Signed-off-by: J <j@example.org>'],
      expected: [
        'commit',
        'span 0-8',
        'subject "bpf: t"',
        'body 1-8 lines 1-8',
        'paragraphs 2-2,4-8',
      ],
    },
    {
      name: 'a paragraph of trailers only is a block; an indented line continues a value',
      lines: ['bpf: t', '', 'Text.', '', 'Acked-by: A <a@example.org>', 'Link: https://lore.kernel.org/x', '  continued'],
      expected: [
        'commit',
        'span 0-6',
        'subject "bpf: t"',
        'body 1-6 lines 1-6',
        'paragraphs 2-2,4-6',
        'trailers Acked-by=A <a@example.org>|Link=https://lore.kernel.org/x continued block 4-6',
      ],
    },
    {
      name: 'git\'s cherry-pick line counts as a git trailer',
      lines: ['bpf: t', '', 'Text.', '', 'Reviewed-by: A <a@example.org>', '(cherry picked from commit 1234567890123456789012345678901234567890)', 'x', 'y'],
      expected: [
        'commit',
        'span 0-7',
        'subject "bpf: t"',
        'body 1-7 lines 1-7',
        'paragraphs 2-2,4-7',
        'trailers Reviewed-by=A <a@example.org> block 4-7',
      ],
    },
    {
      name: 'a URL is not a trailer, and a paragraph with one trailer and prose is no block',
      lines: ['bpf: t', '', 'Text.', '', 'https://example.org/x', 'Acked-by: A <a@example.org>'],
      expected: [
        'commit',
        'span 0-5',
        'subject "bpf: t"',
        'body 1-5 lines 1-5',
        'paragraphs 2-2,4-5',
      ],
    },
];

describe('message: the parts of one message (#19)', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      assert.deepEqual(present(structure(row.lines.join('\n'), row.cleanup)), [row.expected]);
      assert.deepEqual(present(structure(row.lines.join('\r\n'), row.cleanup)), [row.expected], 'CRLF');
    });
  }
});

describe('message: git\'s default cleanup (#19)', () => {
  const rows: Array<[string, string, CleanupMode]> = [
    ['the editor hint', 'x\n# Please enter the commit message for your changes.', 'strip'],
    ['the scissors', 'x\n# ------------------------ >8 ------------------------', 'strip'],
    ['a merge hint', 'x\n# Please enter a commit message to explain why this merge is necessary,', 'strip'],
    ['a cherry-pick hint', 'x\n# It looks like you may be committing a cherry-pick.', 'strip'],
    ['a squash', '# This is a combination of 2 commits.\nx', 'strip'],
    ['no hint', 'x\n# just a line', 'whitespace'],
    ['the hint not at the start of the line', 'x\n  # Please enter the commit message', 'whitespace'],
    ['the hint without its space', 'x\n#Please enter the commit message', 'whitespace'],
  ];
  for (const [name, text, expected] of rows) {
    it(`${name}: ${expected}`, () => {
      assert.equal(defaultCleanupOf(text, '#'), expected);
      assert.equal(defaultCleanupOf(text.replace(/#/g, ';'), ';'), expected, 'core.commentChar=;');
      assert.equal(defaultCleanupOf(text.replace(/\n/g, '\r\n'), '#'), expected, 'CRLF');
    });
  }
  it('is whitespace when comments are off (core.commentChar empty)', () => {
    assert.equal(defaultCleanupOf('x\n# Please enter the commit message', ''), 'whitespace');
  });
});
