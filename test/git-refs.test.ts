/**
 * The commit ids a series mentions, which the CLI and the language server ask
 * git about in one batch, and the id under the cursor, which hover explains
 * (#19: these ran only in spawned processes, out of a mutation tester's sight).
 */
import assert from 'node:assert/strict';
import { parseInputs } from '../server/src/engine/lint';
import { commitIdsIn, commitMentionAt, commitMentions } from '../server/src/rules/git-refs';
import { AUTHOR, coverLetter, patch } from './helpers/mail';

const parse = (...texts: string[]) => parseInputs(texts.map((text, i) => ({ id: `${i}.patch`, text })));

describe('commit ids a series mentions', () => {
  const body = [
    'After Commit 0123456789AB ("bpf: Add things") the state was lost, and',
    'fedcba9 ("bpf: Other things") made it worse; "added" and commit deadbeef are words.',
    '',
    'Fixes: 1111111111ab ("bpf: The culprit")',
    `Signed-off-by: ${AUTHOR}`,
  ].join('\n');
  const text = patch({ body });
  const [doc] = parse(text);
  const m = doc.messages[0];

  it('finds `commit <id>` and `<id> ("`, in any letter case, at their exact place', () => {
    const mentions = commitMentions(m);
    assert.deepEqual(
      mentions.map((c) => [c.id, text.slice(c.span.start, c.span.end)]),
      [
        ['0123456789ab', '0123456789AB'],
        ['fedcba9', 'fedcba9'],
        ['1111111111ab', '1111111111ab'],
      ],
    );
  });

  it('asks about every id once, lower-cased, Fixes tags included, words without a digit left out', () => {
    // And the commit each format-patch mail was made from (its `From <sha>` line): its committer must sign off too.
    const made = 'feed'.repeat(10);
    assert.deepEqual(
      commitIdsIn([doc, ...parse(patch({ sha: made, body: `See commit 0123456789ab ("bpf: Add things").\n\nSigned-off-by: ${AUTHOR}` }))]).sort(),
      ['0123456789ab', 'fedcba9', '1111111111ab', '0123456789abcdef0123456789abcdef01234567', made].sort(),
    );
  });

  it('asks nothing about a reply or a bare diff', () => {
    const reply = patch({ subject: 'Re: [PATCH bpf] bpf: Fix it', body: `commit 0123456789ab ("bpf: Add things") is fine.\n\nSigned-off-by: ${AUTHOR}` });
    assert.deepEqual(commitIdsIn(parse(reply)), []);
    assert.deepEqual(commitIdsIn(parse('diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-commit 0123456789ab ("x")\n+y\n')), []);
  });

  it('names the id under the cursor, from its first character to just after its last', () => {
    const start = text.indexOf('0123456789AB');
    assert.equal(commitMentionAt(doc, start)?.id, '0123456789ab');
    assert.equal(commitMentionAt(doc, start + 12)?.id, '0123456789ab', 'the cursor right after the id');
    assert.equal(commitMentionAt(doc, start - 1), undefined, 'the space before it');
    assert.equal(commitMentionAt(doc, start + 13), undefined);
    assert.equal(commitMentionAt(doc, text.indexOf('fedcba9') + 3)?.id, 'fedcba9');
  });

  it('looks only in the message holding the cursor', () => {
    const series = coverLetter() + patch({ body: `After commit 0123456789ab ("bpf: Add things").\n\nSigned-off-by: ${AUTHOR}` });
    const [two] = parse(series);
    assert.equal(two.messages.length, 2);
    const at = series.indexOf('commit 0123456789ab') + 'commit '.length; // not the mbox From line's sha
    assert.equal(commitMentionAt(two, at)?.id, '0123456789ab');
    assert.equal(commitMentionAt(two, two.messages[0].span.end), undefined, 'the cover letter mentions no commit');
    assert.equal(commitMentionAt(two, series.length + 10), undefined, 'past every message');
  });
});
