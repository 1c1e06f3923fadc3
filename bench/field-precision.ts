/**
 * Field precision over the real list mail in ../shared/corpus/mail: lints every
 * file as the CLI does (one series per file, no git), joins the error and
 * warning findings with the hand review in test/corpus-review.tsv, and prints
 * per rule how many reviewed findings are true. It is the measure of #12, not
 * a test: the test (test/corpus-review.test.ts) only holds that a finding
 * reviewed as false does not come back and a true one is not lost.
 *
 *   npx tsx bench/field-precision.ts            # the table
 *   npx tsx bench/field-precision.ts --dump F   # every error/warning finding as TSV, for review
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintCorpusMail, readReview, reviewKey } from '../test/helpers/corpus-mail';

function main(): void {
  const dumpAt = process.argv.indexOf('--dump');
  const { findings, scope } = lintCorpusMail();
  const judged = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  if (dumpAt > 0) {
    const out = judged.map((f) => [reviewKey(f), f.severity, f.message.replace(/\s+/g, ' '), f.lineText.replace(/\s+/g, ' ').slice(0, 160)].join('\t'));
    writeFileSync(process.argv[dumpAt + 1], out.join('\n') + '\n');
    process.stderr.write(`${out.length} findings written\n`);
    return;
  }
  const review = readReview();
  const rows = new Map<string, { severity: string; reviewed: number; truePos: number; unreviewed: number }>();
  let reviewedNow = 0;
  for (const f of judged) {
    const key = `${f.rule}\t${f.severity}`;
    const row = rows.get(key) ?? { severity: f.severity, reviewed: 0, truePos: 0, unreviewed: 0 };
    const verdict = review.get(reviewKey(f));
    if (verdict) {
      row.reviewed++;
      reviewedNow++;
      if (verdict.verdict === 'true') row.truePos++;
    } else row.unreviewed++;
    rows.set(key, row);
  }
  const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(0)}%`);
  const lines: string[] = [];
  lines.push('rule\tseverity\treviewed\ttrue\tprecision\tunreviewed');
  const total = { error: [0, 0], warning: [0, 0] } as Record<string, [number, number]>;
  for (const [key, r] of [...rows].sort()) {
    lines.push(`${key}\t${r.reviewed}\t${r.truePos}\t${pct(r.truePos, r.reviewed)}\t${r.unreviewed}`);
    total[r.severity][0] += r.truePos;
    total[r.severity][1] += r.reviewed;
  }
  lines.push('');
  lines.push(`errors: ${pct(total.error[0], total.error[1])} true of ${total.error[1]} reviewed (target >= 95%)`);
  lines.push(`warnings: ${pct(total.warning[0], total.warning[1])} true of ${total.warning[1]} reviewed (target >= 90%)`);
  const gone = [...review.values()].filter((v) => v.verdict === 'true' && !judged.some((f) => reviewKey(f) === v.key));
  lines.push(`true findings of the review no longer reported: ${gone.length}`);
  for (const g of gone) lines.push(`  lost: ${g.key}`);
  const falseLeft = [...review.values()].filter((v) => v.verdict === 'false' && judged.some((f) => reviewKey(f) === v.key)).length;
  lines.push(`false findings of the review still reported: ${falseLeft}; reviewed findings reported now: ${reviewedNow}`);
  lines.push('');
  lines.push('scope (messages judged by the submission rules / not):');
  for (const [folder, s] of Object.entries(scope)) lines.push(`  ${folder}: ${s.in} in, ${s.out} out (${Object.entries(s.reasons).map(([r, n]) => `${r} ${n}`).join(', ')})`);
  process.stdout.write(lines.join('\n') + '\n');
  writeFileSync(join(__dirname, 'field-precision.txt'), lines.join('\n') + '\n');
}

main();
