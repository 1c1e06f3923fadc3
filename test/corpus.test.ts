/**
 * Every rule over every real patch and commit message in ../shared/corpus:
 * no throw, ranges inside the document, fixes that apply; and the number of
 * findings per rule is recorded in corpus-snapshot.json so a change in a
 * rule's precision shows up in review. Regenerate with UPDATE_CORPUS_SNAPSHOT=1.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { applyEdits } from '../server/src/engine/fixes';
import { lint } from '../server/src/engine/lint';
import { RULES } from '../server/src/rules';
import { CORPUS, filesUnder, requireShared } from './helpers/paths';

const SNAPSHOT = join(__dirname, 'corpus-snapshot.json');
const GROUPS = ['patches/libbpf', 'patches/bpftool', 'patches/ci-diffs', 'patches/hhoffstaette/bpf', 'patches/hhoffstaette/net', 'commit-msgs/libbpf', 'commit-msgs/bpftool', 'big', 'mail/bpf', 'mail/other'];

interface GroupCounts {
  files: number;
  messages: number;
  findings: Record<string, number>;
}

describe('real corpus', function () {
  this.timeout(300000);

  it('lints every corpus file without a throw, with valid ranges and applicable fixes, matching the snapshot', function () {
    requireShared(this, CORPUS);
    const counts: Record<string, GroupCounts> = {};
    for (const group of GROUPS) {
      const c: GroupCounts = { files: 0, messages: 0, findings: {} };
      for (const rule of RULES) c.findings[rule.id] = 0;
      for (const file of filesUnder(join(CORPUS, group))) {
        const text = readFileSync(file, 'utf8');
        const id = relative(CORPUS, file);
        const result = lint([{ id, text }], { rules: RULES });
        c.files++;
        c.messages += result.documents[0].messages.length;
        for (const f of result.findings) {
          assert.doesNotMatch(f.message, /internal error/, `${id}: ${f.message}`);
          assert.ok(0 <= f.range.start && f.range.start <= f.range.end && f.range.end <= text.length, `${id}: ${f.rule} range out of the document`);
          for (const fix of f.fixes) {
            assert.doesNotThrow(() => applyEdits(text, fix.edits), `${id}: ${f.rule} fix "${fix.title}" does not apply`);
          }
          c.findings[f.rule]++;
        }
      }
      counts[group] = c;
    }
    const actual = JSON.stringify(counts, null, 2) + '\n';
    if (process.env.UPDATE_CORPUS_SNAPSHOT) writeFileSync(SNAPSHOT, actual);
    assert.ok(existsSync(SNAPSHOT), 'no corpus snapshot yet: run with UPDATE_CORPUS_SNAPSHOT=1 and review it');
    assert.deepEqual(JSON.parse(actual), JSON.parse(readFileSync(SNAPSHOT, 'utf8')), 'findings per rule changed: review, then UPDATE_CORPUS_SNAPSHOT=1');
  });
});
