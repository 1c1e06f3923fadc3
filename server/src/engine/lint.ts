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
  // Replies in a thread mbox are review, not part of the series: no rule judges them.
  const messages = documents.flatMap((d) => d.messages).filter((m) => !m.isReply);
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
  return lintParsed(parseInputs(inputs, options.config), options);
}

/** Parses documents once, so callers can gather facts about them before linting. */
export function parseInputs(inputs: readonly DocumentInput[], configInput?: ConfigInput | LintConfig): ParsedDocument[] {
  const config = mergeConfig(configInput);
  const trees = knownTrees(config);
  return inputs.map((d) => parseDocument(d.id, d.text, { kind: d.kind, commentChar: config.commentChar, knownTrees: trees }));
}

export function lintParsed(documents: readonly ParsedDocument[], options: LintOptions): LintResult {
  const config = mergeConfig(options.config);
  const findings = splitByVersion(documents).flatMap((group) => runRules(group, config, options));
  return { documents, findings: sortFindings(findings, documents) };
}

/**
 * A folder that still holds v1 files next to the v2 ones is two series, not one
 * broken one: when two versions both have a patch with the same number, each
 * version is linted as its own series. Otherwise (one file that forgot its `v2`)
 * the documents stay together so the inconsistency is reported.
 */
export function splitByVersion(documents: readonly ParsedDocument[]): ParsedDocument[][] {
  if (documents.length < 2) return [documents.slice()];
  const versionOf = (d: ParsedDocument) => {
    const m = d.messages.find((x) => x.kind === 'mail' && !x.isReply && x.subject);
    return m?.subject?.prefix.version?.number ?? 1;
  };
  const groups = new Map<number, ParsedDocument[]>();
  for (const d of documents) {
    const v = versionOf(d);
    groups.set(v, [...(groups.get(v) ?? []), d]);
  }
  if (groups.size < 2) return [documents.slice()];
  const numbers = [...groups.values()].map(
    (docs) => new Set(docs.flatMap((d) => d.messages.map((m) => m.subject?.prefix.numbering?.index)).filter((n) => n !== undefined)),
  );
  const collide = numbers.some((a, i) => numbers.some((b, j) => j > i && [...a].some((n) => b.has(n))));
  return collide ? [...groups.values()] : [documents.slice()];
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
  return findings;
}

function sortFindings(findings: Finding[], documents: readonly ParsedDocument[]): Finding[] {
  const order = new Map(documents.map((d, i) => [d.id, i]));
  return findings.sort(
    (a, b) =>
      order.get(a.document)! - order.get(b.document)! ||
      a.range.start - b.range.start ||
      a.range.end - b.range.end ||
      a.rule.localeCompare(b.rule),
  );
}
