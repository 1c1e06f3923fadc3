import { knownTrees, mergeConfig, type ConfigInput } from './config';
import { NO_FACTS, type EngineFacts } from './facts';
import { asWritten, type DocumentKind, type Message, type ParsedDocument } from './model';
import { sourceSpan, toSource } from './decoded-findings';
import { isMboxSeparator, parseDocument, parseSegment, scanDocument } from './parse/document';
import { postingVersion } from './parse/subject';
import { judgeScopes, type MessageScope } from './scope';
import { detached, lastStartingAtOrBefore, type LineMap, type Span } from './text';
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
  /** Whether the submission rules judged each message, and why. */
  readonly scopes: ReadonlyMap<Message, MessageScope>;
}

/**
 * `git commit --fixup/--squash` writes `fixup! <title>` (or `squash!`, `amend!`):
 * a local commit that `rebase --autosquash` folds into another before anything
 * is sent. Its message is never mailed, so no rule judges it.
 */
export function isAutosquash(m: Message): boolean {
  return m.kind === 'commit' && /^(?:fixup|squash|amend)! /.test(m.subject?.text ?? '');
}

export function buildSeries(documents: readonly ParsedDocument[], all: readonly Message[] = documents.flatMap((d) => d.messages)): Series {
  // Replies in a thread mbox are review, not part of the series: no rule judges them.
  // A transfer-encoded mail is judged as its author wrote it (its decoded twin).
  const messages = all.map(asWritten).filter((m) => !m.isReply && !isAutosquash(m));
  return {
    documents,
    messages,
    patches: messages.filter((m) => !m.isCoverLetter),
    coverLetters: messages.filter((m) => m.isCoverLetter),
  };
}

/**
 * Where one mbox holds several series (a lore archive, patches collected for a
 * backport), the next series starts where the numbering starts again: at a
 * cover letter or first patch numbered no higher than the message before, at a
 * lower number with another total or version, or at an unnumbered patch. A
 * repeated number of the same series, or a tree or version that changes
 * without a restart, stays in the series so the mistake is reported. Replies
 * never start a series.
 */
export class SeriesCutter {
  private started = false;
  private last: { index: number; total: number; version?: number } | undefined;

  startsSeries(m: Message): boolean {
    if (m.isReply) return false;
    const n = m.subject?.prefix.numbering;
    const version = m.subject && postingVersion(m.subject.prefix);
    const last = this.last;
    const fresh =
      this.started &&
      (n === undefined || last === undefined || (n.index <= last.index && (n.index <= 1 || n.total !== last.total || version !== last.version)));
    this.started = true;
    this.last = n && { index: n.index, total: n.total, version };
    return fresh;
  }
}

/** The series to lint in documents given together: see splitByVersion and SeriesCutter. */
export function seriesOf(documents: readonly ParsedDocument[]): Series[] {
  return splitByVersion(documents).flatMap((group) => {
    if (group.length !== 1 || group[0].messages.length < 2) return [buildSeries(group)];
    const cutter = new SeriesCutter();
    const runs: Message[][] = [];
    for (const m of group[0].messages) {
      // The cutter must see the first message too: it compares each with the one before.
      const fresh = cutter.startsSeries(m);
      if (runs.length === 0 || fresh) runs.push([]);
      runs[runs.length - 1].push(m);
    }
    return runs.map((run) => buildSeries(group, run));
  });
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
  return inputs.map((d) => parseDocument(d.id, d.text, { kind: d.kind, commentChar: config.commentChar, cleanup: config.cleanup, knownTrees: trees }));
}

export function lintParsed(documents: readonly ParsedDocument[], options: LintOptions): LintResult {
  const config = mergeConfig(options.config);
  const scopes = new Map<Message, MessageScope>();
  const findings = seriesOf(documents).flatMap((series) => runRules(series, config, options, scopes));
  return { documents, findings: sortFindings(findings, documents), scopes };
}

/** One large document given as pieces, each cut just before a message's mbox `From ` line (see cutsMessages). */
export interface ChunkedInput {
  readonly id: string;
  readonly kind?: DocumentKind;
  /** The pieces in order; they are read once and not kept. */
  readonly chunks: Iterable<string>;
}

export interface IncrementalResult {
  /** Offsets (UTF-16, into the whole document) to line/column. */
  readonly lines: Pick<LineMap, 'positionAt'>;
  readonly messageCount: number;
  readonly findings: readonly Finding[];
  /** Each judged message's scope, by the whole-document offset where the message starts, in order. */
  readonly scopes: readonly { readonly start: number; readonly scope: MessageScope }[];
}

/** Whether a line is an mbox separator; a chunk of a ChunkedInput may only start at one. */
export const cutsMessages = isMboxSeparator;

/**
 * Lints one large document a series at a time: each series' messages are parsed,
 * linted and let go, and each piece of text is dropped once its messages are, so
 * a 50 MB mbox costs its findings and a little more, not its text twice over and
 * every message's model. The findings are those lint() gives for the whole text.
 * `visit` sees each series before it is linted (e.g. to collect commit ids).
 */
export function lintIncrementally(input: ChunkedInput, options: LintOptions, visit?: (series: Series) => void): IncrementalResult {
  const config = mergeConfig(options.config);
  const parseOptions = { kind: input.kind, commentChar: config.commentChar, cleanup: config.cleanup, knownTrees: knownTrees(config) };
  const findings: Finding[] = [];
  const scopes: { start: number; scope: MessageScope }[] = [];
  const pieces: { base: number; lineBase: number; map: LineMap }[] = [];
  const baseOf = new Map<string, number>();
  const cutter = new SeriesCutter();
  let run: Message[] = [];
  let messageCount = 0;
  const flush = () => {
    if (run.length === 0) return;
    const documents = [...new Set(run.map((m) => m.document))];
    const series = buildSeries(documents, run);
    visit?.(series);
    // Each piece is linted under its own id so its findings can be moved to whole-document offsets.
    const judged = new Map<Message, MessageScope>();
    for (const f of runRules(series, config, options, judged)) findings.push(relocate(f, input.id, baseOf));
    for (const [m, scope] of judged) scopes.push({ start: m.span.start + (baseOf.get(m.document.id) ?? 0), scope });
    run = [];
  };
  let base = 0;
  let lineBase = 0;
  for (const chunk of input.chunks) {
    const pieceId = `${input.id}\u0000${pieces.length}`;
    const scan = scanDocument(pieceId, chunk, parseOptions);
    pieces.push({ base, lineBase, map: scan.document.lines.withoutText() });
    baseOf.set(pieceId, base);
    for (let i = 0; i < scan.segments.length; i++) {
      const m = parseSegment(scan, i);
      messageCount++;
      if (cutter.startsSeries(m)) flush();
      run.push(m);
    }
    base += chunk.length;
    lineBase += scan.document.lines.count;
  }
  flush();
  const positionAt = (offset: number) => {
    const p = pieces[lastStartingAtOrBefore(pieces, (x) => x.base, offset)];
    if (!p) return { line: 0, character: 0 };
    const at = p.map.positionAt(offset - p.base);
    return { line: at.line + p.lineBase, character: at.character };
  };
  scopes.sort((a, b) => a.start - b.start);
  return { lines: { positionAt }, messageCount, scopes, findings: findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.rule.localeCompare(b.rule)) };
}

function relocate(f: Finding, id: string, baseOf: ReadonlyMap<string, number>): Finding {
  const shift = (document: string, r: Span): Span => {
    const b = baseOf.get(document) ?? 0;
    return { start: r.start + b, end: r.end + b };
  };
  // Strings are copied: a message quoting the text would otherwise keep its whole piece alive.
  return {
    ...f,
    message: detached(f.message),
    document: id,
    range: shift(f.document, f.range),
    fixes: f.fixes.map((x) => ({ ...x, title: detached(x.title), edits: x.edits.map((e) => ({ ...shift(f.document, e), newText: detached(e.newText) })) })),
    related: f.related.map((r) => ({ ...r, message: detached(r.message), document: id, range: shift(r.document, r.range) })),
  };
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
    return m?.subject ? postingVersion(m.subject.prefix) : 1;
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


/**
 * Runs the rules over one series. Submission rules report nothing on a message
 * out of scope (see scope.ts): the decision is the engine's, made once per
 * message, not each rule's. `scopes` receives each message's decision.
 */
export function runRules(series: Series, config: LintConfig, options: LintOptions, scopes?: Map<Message, MessageScope>): Finding[] {
  const findings: Finding[] = [];
  const facts = options.facts ?? NO_FACTS;
  const judged = judgeScopes(series, config, facts);
  // Callers know the messages of their documents, not the decoded twins.
  if (scopes) for (const [m, s] of judged) scopes.set(m.origin ?? m, s);
  const scope = (m: Message): MessageScope => judged.get(m) ?? OUT_OF_SERIES;
  for (const rule of options.rules) {
    const setting = config.rules[rule.id];
    if (setting === 'off') continue;
    const ctx: RuleContext = {
      config,
      series,
      facts,
      scope,
      report(message: Message, r) {
        if (rule.appliesTo === 'submission' && !scope(message).submission) return;
        const severity: Severity = setting ?? r.severity ?? rule.severity;
        const finding: Finding = {
          rule: rule.id,
          severity,
          message: r.message,
          document: message.document.id,
          range: r.range,
          fixes: r.fixes ?? [],
          ...(r.readiness ? { readiness: r.readiness } : {}),
          related: (r.related ?? []).map((x) => {
            const from = x.message.document.decodedFrom;
            return { document: x.message.document.id, range: from ? sourceSpan(from, x.range) : x.range, message: x.text };
          }),
        };
        const origin = message.document.decodedFrom;
        findings.push(origin ? toSource(finding, message.document, origin) : finding);
      },
    };
    try {
      rule.check(ctx);
    } catch (err) {
      const first = series.documents[0];
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

/** A message the series does not judge (a reply): no rule should report on it, and no submission rule does. */
const OUT_OF_SERIES: MessageScope = { submission: false, area: 'other', evidence: 'default', reason: 'not part of the series (a reply)' };

/** Findings in document order, then by position (and rule, for a stable order). */
export function sortFindings(findings: Finding[], documents: readonly { readonly id: string }[]): Finding[] {
  const order = new Map(documents.map((d, i) => [d.id, i]));
  return findings.sort(
    (a, b) =>
      order.get(a.document)! - order.get(b.document)! ||
      a.range.start - b.range.start ||
      a.range.end - b.range.end ||
      a.rule.localeCompare(b.rule),
  );
}
