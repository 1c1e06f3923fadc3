import { knownTrees, mergeConfig, type ConfigInput } from './config';
import { NO_FACTS, type EngineFacts } from './facts';
import type { DocumentKind, Message, ParsedDocument } from './model';
import { parseDocument } from './parse/document';
import type { Finding, LintConfig, Rule, RuleContext, Series, Severity } from './types';

export interface DocumentInput {
  /** Path or URI; findings refer to documents by it. */
  readonly id: string;
  readonly text: string;
  readonly kind?: DocumentKind;
}

export interface LintOptions {
  readonly config?: ConfigInput | LintConfig;
  readonly facts?: EngineFacts;
  readonly rules: readonly Rule[];
}

export interface LintResult {
  readonly documents: readonly ParsedDocument[];
  readonly findings: readonly Finding[];
}

export function buildSeries(documents: readonly ParsedDocument[]): Series {
  const messages = documents.flatMap((d) => d.messages);
  return {
    documents,
    messages,
    patches: messages.filter((m) => !m.isCoverLetter),
    coverLetters: messages.filter((m) => m.isCoverLetter),
  };
}

/**
 * Lints documents that form one series (a single document is a series of its
 * messages). Pure: text in, findings out. A rule that throws becomes one
 * finding for that rule; the other rules still run.
 */
export function lint(inputs: readonly DocumentInput[], options: LintOptions): LintResult {
  const config = mergeConfig(options.config);
  const trees = knownTrees(config);
  const documents = inputs.map((d) =>
    parseDocument(d.id, d.text, { kind: d.kind, commentChar: config.commentChar, knownTrees: trees }),
  );
  return { documents, findings: runRules(documents, config, options) };
}

export function runRules(documents: readonly ParsedDocument[], config: LintConfig, options: LintOptions): Finding[] {
  const series = buildSeries(documents);
  const findings: Finding[] = [];
  for (const rule of options.rules) {
    const setting = config.rules[rule.id];
    if (setting === 'off') continue;
    const ctx: RuleContext = {
      config,
      series,
      facts: options.facts ?? NO_FACTS,
      report(message: Message, r) {
        const severity: Severity = setting ?? r.severity ?? rule.severity;
        findings.push({
          rule: rule.id,
          severity,
          message: r.message,
          document: message.document.id,
          range: r.range,
          fixes: r.fixes ?? [],
          related: (r.related ?? []).map((x) => ({ document: x.message.document.id, range: x.range, message: x.text })),
        });
      },
    };
    try {
      rule.check(ctx);
    } catch (err) {
      const first = documents[0];
      if (!first) continue;
      findings.push({
        rule: rule.id,
        severity: 'warning',
        message: `internal error in rule ${rule.id}, its findings are missing: ${err instanceof Error ? err.message : String(err)}`,
        document: first.id,
        range: { start: 0, end: 0 },
        fixes: [],
        related: [],
      });
    }
  }
  const order = new Map(documents.map((d, i) => [d.id, i]));
  findings.sort(
    (a, b) =>
      order.get(a.document)! - order.get(b.document)! ||
      a.range.start - b.range.start ||
      a.range.end - b.range.end ||
      a.rule.localeCompare(b.rule),
  );
  return findings;
}
