/**
 * Which messages are linted together as one series (engine/lint.ts: seriesOf,
 * SeriesCutter, splitByVersion, buildSeries): an mbox of several series is cut
 * where the numbering starts again; stale v1 files beside v2 files are their own
 * series; replies and autosquash commits are in no series (#19).
 */
import assert from 'node:assert/strict';
import { parseInputs, seriesOf, type DocumentInput } from '../server/src/engine/lint';
import { coverLetter, patch } from './helpers/mail';

/** Each series as `cover letters | patches`, by subject after the prefix's numbering. */
function grouping(inputs: DocumentInput[]): string[] {
  const names = (ms: readonly { subject?: { text: string } }[]) => ms.map((m) => m.subject?.text.replace('[PATCH ', '[')).join(', ') || '-';
  return seriesOf(parseInputs(inputs)).map((s) => `${names(s.coverLetters)} | ${names(s.patches)}`);
}

const mail = (subject: string) => (/ 0\/\d+\]/.test(subject) ? coverLetter({ subject }) : patch({ subject }));
const mbox = (...subjects: string[]) => [{ id: 'x.mbox', text: subjects.map(mail).join('') }];

describe('series: which messages are linted together (#19)', () => {
  const rows: Array<[string, DocumentInput[], string[]]> = [
    ['one mbox, one series', mbox('[PATCH 0/2] c', '[PATCH 1/2] a', '[PATCH 2/2] b'), ['[0/2] c | [1/2] a, [2/2] b']],
    ['one mbox, two series: the second starts at its cover letter', mbox('[PATCH 0/2] c', '[PATCH 1/2] a', '[PATCH 2/2] b', '[PATCH 0/1] d', '[PATCH 1/1] e'), ['[0/2] c | [1/2] a, [2/2] b', '[0/1] d | [1/1] e']],
    ['a first patch again starts a series', mbox('[PATCH 1/2] a', '[PATCH 2/2] b', '[PATCH 1/2] a2', '[PATCH 2/2] b2'), ['- | [1/2] a, [2/2] b', '- | [1/2] a2, [2/2] b2']],
    ['a lower number with another total starts a series', mbox('[PATCH 1/3] a', '[PATCH 2/3] b', '[PATCH 3/3] c', '[PATCH 2/2] x'), ['- | [1/3] a, [2/3] b, [3/3] c', '- | [2/2] x']],
    ['a lower number with another version starts a series', mbox('[PATCH 1/3] a', '[PATCH 3/3] c', '[PATCH v2 2/3] b'), ['- | [1/3] a, [3/3] c', '- | [v2 2/3] b']],
    // The mistake is the series', and it is reported there.
    ['a repeated number of the same series stays in it', mbox('[PATCH 1/3] a', '[PATCH 2/3] b', '[PATCH 2/3] b', '[PATCH 3/3] c'), ['- | [1/3] a, [2/3] b, [2/3] b, [3/3] c']],
    ['a tree that changes without a restart stays in the series', mbox('[PATCH bpf 1/2] a', '[PATCH bpf-next 2/2] b'), ['- | [bpf 1/2] a, [bpf-next 2/2] b']],
    ['an unnumbered patch after others is a series of its own', mbox('[PATCH 1/2] a', '[PATCH 2/2] b', '[PATCH] z'), ['- | [1/2] a, [2/2] b', '- | [PATCH] z']],
    ['replies are in no series and start none', mbox('[PATCH 1/2] a', 'Re: [PATCH 1/2] a', '[PATCH 2/2] b'), ['- | [1/2] a, [2/2] b']],
    [
      'v1 files beside v2 files with the same numbers: each version is a series',
      [
        { id: '0001-a.patch', text: mail('[PATCH 1/2] a') },
        { id: '0002-b.patch', text: mail('[PATCH 2/2] b') },
        { id: 'v2-0001-a.patch', text: mail('[PATCH v2 1/2] a') },
        { id: 'v2-0002-b.patch', text: mail('[PATCH v2 2/2] b') },
      ],
      ['- | [1/2] a, [2/2] b', '- | [v2 1/2] a, [v2 2/2] b'],
    ],
    [
      'one file that forgot its version stays with the others, so the mistake is reported',
      [
        { id: '0001-a.patch', text: mail('[PATCH v2 1/2] a') },
        { id: '0002-b.patch', text: mail('[PATCH 2/2] b') },
      ],
      ['- | [v2 1/2] a, [2/2] b'],
    ],
    ['separate files are one series', [{ id: '1.patch', text: mail('[PATCH 1/2] a') }, { id: '2.patch', text: mail('[PATCH 2/2] b') }], ['- | [1/2] a, [2/2] b']],
  ];
  for (const [name, inputs, expected] of rows) {
    it(name, () => assert.deepEqual(grouping(inputs), expected));
  }

  it('leaves autosquash commits out: they are folded away before anything is sent', () => {
    for (const word of ['fixup', 'squash', 'amend']) {
      const [series] = seriesOf(parseInputs([{ id: 'COMMIT_EDITMSG', text: `${word}! bpf: Fix x\n\nMore.\n`, kind: 'message' }]));
      assert.deepEqual(series.messages, [], word);
    }
    const [kept] = seriesOf(parseInputs([{ id: 'COMMIT_EDITMSG', text: 'bpf: fixup! in the middle\n', kind: 'message' }]));
    assert.equal(kept.messages.length, 1);
    // A mailed "fixup!" is a real mail.
    const [mailed] = seriesOf(parseInputs([{ id: 'x.patch', text: mail('[PATCH] fixup! bpf: x') }]));
    assert.equal(mailed.patches.length, 1);
  });
});
