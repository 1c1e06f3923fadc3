/**
 * Engine findings to LSP shapes and back. Positions come from the engine's own
 * line index (UTF-16 columns, the same as LSP), never recomputed here.
 */
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import type { ParsedDocument } from '../engine/model';
import type { Span } from '../engine/text';
import type { Finding, Rule, Severity, TextEdit as EngineEdit } from '../engine/types';

import { SOURCE } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(doc: ParsedDocument, s: Span): Range {
  return { start: doc.lines.positionAt(s.start), end: doc.lines.positionAt(s.end) };
}

export function toTextEdit(doc: ParsedDocument, e: EngineEdit): TextEdit {
  return { range: toRange(doc, e), newText: e.newText };
}

export interface DiagnosticData {
  /** Index of the finding in the lint result the diagnostic came from. */
  readonly index: number;
  readonly version: number;
}

export function toDiagnostic(
  finding: Finding,
  index: number,
  version: number,
  docs: ReadonlyMap<string, ParsedDocument>,
  rule: Rule | undefined,
  faqHref: (rule: Rule) => string,
): Diagnostic {
  const doc = docs.get(finding.document)!;
  const related: DiagnosticRelatedInformation[] = finding.related.flatMap((r) => {
    const other = docs.get(r.document);
    return other ? [{ location: { uri: r.document, range: toRange(other, r.range) }, message: r.message }] : [];
  });
  const data: DiagnosticData = { index, version };
  return {
    range: toRange(doc, finding.range),
    severity: SEVERITY[finding.severity],
    // Another tool's finding shows as that tool's, with its own code and documentation.
    code: finding.external?.code ?? finding.rule,
    ...(rule ? { codeDescription: { href: faqHref(rule) } } : finding.external ? { codeDescription: { href: finding.external.href } } : {}),
    source: finding.external?.source ?? SOURCE,
    message: finding.message,
    ...(related.length ? { relatedInformation: related } : {}),
    data,
  };
}

/** Whether an LSP diagnostic (as a client echoes it back) is the one made from this finding. */
export function sameFinding(d: Diagnostic, f: Finding, doc: ParsedDocument): boolean {
  if (d.source !== SOURCE || d.code !== f.rule) return false;
  const r = toRange(doc, f.range);
  return (
    r.start.line === d.range.start.line &&
    r.start.character === d.range.start.character &&
    r.end.line === d.range.end.line &&
    r.end.character === d.range.end.character
  );
}
