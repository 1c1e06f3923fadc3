/**
 * The real list mail of ../shared/corpus/mail linted as the CLI lints a file
 * (one series per file, default configuration, no git), and the hand review of
 * its findings (test/corpus-review.tsv). Shared by the review test and
 * bench/field-precision.ts so both judge exactly the same findings.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lint } from '../../server/src/engine/lint';
import { RULES } from '../../server/src/rules';
import { CORPUS, filesUnder, REPO } from './paths';

export const MAIL = join(CORPUS, 'mail');
export const REVIEW = join(REPO, 'test', 'corpus-review.tsv');

export interface MailFinding {
  /** Path under corpus/mail. */
  readonly file: string;
  readonly rule: string;
  readonly severity: string;
  readonly message: string;
  /** 1-based line of the finding in the file. */
  readonly line: number;
  /** In a transfer-encoded body: the line of the decoded body (the finding's line is then the encoding header's). */
  readonly decodedLine?: number;
  readonly lineText: string;
}

export interface ScopeCount {
  in: number;
  out: number;
  reasons: Record<string, number>;
}

export function mailFiles(): string[] {
  return filesUnder(MAIL).filter((p) => /\.(eml|mbox)$/.test(p));
}

export function lintCorpusMail(): { findings: MailFinding[]; scope: Record<string, ScopeCount> } {
  const findings: MailFinding[] = [];
  const scope: Record<string, ScopeCount> = {};
  for (const path of mailFiles()) {
    const file = relative(MAIL, path);
    const text = readFileSync(path, 'utf8');
    const result = lint([{ id: file, text }], { rules: RULES });
    const doc = result.documents[0];
    const folder = file.split('/')[0];
    const s = (scope[folder] ??= { in: 0, out: 0, reasons: {} });
    for (const sc of result.scopes.values()) {
      if (sc.submission) s.in++;
      else {
        s.out++;
        s.reasons[sc.evidence] = (s.reasons[sc.evidence] ?? 0) + 1;
      }
    }
    for (const f of result.findings) {
      const pos = doc.lines.positionAt(f.range.start);
      findings.push({
        file,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        line: pos.line + 1,
        decodedLine: f.decoded?.line,
        lineText: f.decoded ? f.decoded.text : doc.lines.line(pos.line).text,
      });
    }
  }
  return { findings, scope };
}

/** A finding as the review names it: file, rule and line (`12/40`: line 40 of the body decoded as line 12 says). */
export function reviewKey(f: Pick<MailFinding, 'file' | 'rule' | 'line' | 'decodedLine'>): string {
  return `${f.file}\t${f.rule}\t${f.line}${f.decodedLine ? `/${f.decodedLine}` : ''}`;
}

export interface Verdict {
  readonly key: string;
  readonly verdict: 'true' | 'false';
  readonly reason: string;
}

/** test/corpus-review.tsv: file, rule, line, verdict (true/false), reason; `#` lines are comments. */
export function readReview(): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  let text = '';
  try {
    text = readFileSync(REVIEW, 'utf8');
  } catch {
    return out;
  }
  for (const [n, raw] of text.split('\n').entries()) {
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const cols = raw.split('\t');
    if (cols.length < 5 || (cols[3] !== 'true' && cols[3] !== 'false')) throw new Error(`${REVIEW}:${n + 1}: expected file, rule, line, true|false, reason`);
    const key = cols.slice(0, 3).join('\t');
    out.set(key, { key, verdict: cols[3], reason: cols.slice(4).join('\t') });
  }
  return out;
}
