/**
 * What `npm run bench` records about mutation scores: measured ones where this
 * clone has reports, the committed record's elsewhere (a fresh clone has none),
 * never "no score" over a recorded one (#19, found by a new user's trial).
 */
import assert from 'node:assert/strict';
import { withRecordedScores, type MutationScores } from '../bench/mutation-scores';

const folder = (name: string, score: number, files: number) => ({ name, target: 80, score, killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, files });
const scores = (date: string, ...folders: ReturnType<typeof folder>[]): MutationScores => ({ reportDate: date, chunks: ['x'], folders, lowestFiles: [] });

describe('bench: mutation scores recorded (#19)', () => {
  it('keeps the recorded score of a folder this clone has no report for, with the record\'s date', () => {
    const recorded = scores('2026-12-05T20:00:00Z', folder('engine', 81.4, 29), folder('lsp', 92.7, 2));
    const here = scores('2026-12-06T10:00:00Z', folder('engine', Number.NaN, 0), folder('lsp', 93.0, 2));
    const out = withRecordedScores(here, recorded);
    assert.deepEqual(
      out.folders.map((f) => [f.name, f.score, f.recordedOn]),
      [
        ['engine', 81.4, '2026-12-05T20:00:00Z'],
        ['lsp', 93.0, undefined],
      ],
    );
  });

  it('takes the record whole when there is no report at all, and fails when there is neither', () => {
    const recorded = scores('2026-12-05T20:00:00Z', folder('engine', 81.4, 29));
    assert.deepEqual(withRecordedScores(undefined, recorded).folders.map((f) => [f.score, f.recordedOn]), [[81.4, '2026-12-05T20:00:00Z']]);
    // A score carried over twice keeps its first date.
    const twice = withRecordedScores(undefined, withRecordedScores(undefined, recorded));
    assert.equal(twice.folders[0].recordedOn, '2026-12-05T20:00:00Z');
    assert.throws(() => withRecordedScores(undefined, undefined), /npm run mutate/);
    assert.throws(() => withRecordedScores(undefined, { error: 'x' }), /npm run mutate/);
  });
});
