import type { ParsedDocument } from '../engine/model';
import { faqUrl, type FaqSection } from '../engine/faq';
import type { MessageScope } from '../engine/scope';
import type { Finding, Rule, Severity } from '../engine/types';

/** A finding with 1-based positions (columns in UTF-16 code units, end exclusive), as the CLI reports it. */
export interface LocatedFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly faq: string;
  /** Each fix with its edits (1-based, end exclusive, UTF-16 columns, as the finding's own range), so a bot can apply one. */
  readonly fixes: LocatedFix[];
  /** Whether --fix would apply one of them. */
  readonly autoFixable: boolean;
  /** Whether the submission rules judged the finding's message, and why (absent for very large files). */
  readonly scope?: { readonly submission: boolean; readonly area: string; readonly reason: string };
  /** For a finding in a transfer-encoded body: the decoded line it is about (the position is the encoding header's). */
  readonly decoded?: Finding['decoded'];
}

export interface LocatedFix {
  readonly title: string;
  /** What --fix applies (the rule's preferred fix). */
  readonly preferred: boolean;
  /** Applied by --fix only with --signoff: it adds your own Signed-off-by. */
  readonly signOff?: boolean;
  readonly edits: { readonly line: number; readonly column: number; readonly endLine: number; readonly endColumn: number; readonly newText: string }[];
}

export function locate(
  findings: readonly Finding[],
  documents: readonly { readonly id: string; readonly lines: Pick<ParsedDocument['lines'], 'positionAt'> }[],
  rules: readonly Rule[],
  link: (section: FaqSection) => string = faqUrl,
  scopeOf?: (f: Finding) => MessageScope | undefined,
): LocatedFinding[] {
  const docs = new Map(documents.map((d) => [d.id, d]));
  const byId = new Map(rules.map((r) => [r.id, r]));
  return findings.map((f) => {
    const doc = docs.get(f.document)!;
    const a = doc.lines.positionAt(f.range.start);
    const b = doc.lines.positionAt(f.range.end);
    const rule = byId.get(f.rule);
    return {
      file: f.document,
      line: a.line + 1,
      column: a.character + 1,
      endLine: b.line + 1,
      endColumn: b.character + 1,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      faq: rule ? link(rule.faq) : (f.external?.href ?? ''),
      fixes: f.fixes.map((x) => ({
        title: x.title,
        preferred: x.isPreferred === true,
        ...(x.signOff ? { signOff: true } : {}),
        edits: x.edits.map((e) => {
          const s = doc.lines.positionAt(e.start);
          const t = doc.lines.positionAt(e.end);
          return { line: s.line + 1, column: s.character + 1, endLine: t.line + 1, endColumn: t.character + 1, newText: e.newText };
        }),
      })),
      autoFixable: f.fixes.some((x) => x.isPreferred),
      ...scopeField(scopeOf?.(f)),
      ...(f.decoded ? { decoded: f.decoded } : {}),
    };
  });
}

function scopeField(s: MessageScope | undefined): { scope?: LocatedFinding['scope'] } {
  return s ? { scope: { submission: s.submission, area: s.area, reason: s.reason } } : {};
}
