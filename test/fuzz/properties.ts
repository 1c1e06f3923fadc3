/**
 * The properties every rule must keep on any input (#7), checked the way the
 * CLI and the rule tests use the engine: `lint`, each fix through
 * `applyEdits`, and `fixAll` for the preferred fixes.
 *
 *  1. no-crash       lint and fixAll never throw, and no rule is reported as
 *                    crashed (lint.ts turns a throwing rule into an "internal
 *                    error in rule ..." warning; here that is a failure).
 *  2. ranges         finding, related and edit ranges are integers with
 *                    0 <= start <= end <= length that split neither a CRLF
 *                    pair nor a UTF-16 surrogate pair. No rule needs to do
 *                    either (a range ends at a line's end, before its
 *                    terminator, or takes the whole terminator), so there is
 *                    no exception.
 *  3. fixes-apply    every fix's edits apply (none overlaps another of the fix).
 *  4. idempotent     fixAll(fixAll(x)) = fixAll(x): fix-all settles.
 *  5. no-new-errors  the fixed documents have, per rule, no more
 *                    error-severity findings than the originals (by rule id
 *                    and count: ranges move). Not judged, and counted, when
 *                    the fix changes what the document is, since errors of
 *                    one reading do not compare with the other's:
 *                    - a document's kind is forced against its content (a
 *                      mail linted as a commit message or the reverse): any
 *                      edit near the top moves the header/body boundary;
 *                    - a part turns from commit message into mail or back
 *                      (`From: x` / `Fixes : y` / `Subject: z` is a commit
 *                      message until `Fixes :` is fixed, then a header block),
 *                      gains or loses its subject or git am's in-body headers
 *                      (a `Cc:` moved out from among `Subject:`/`Date:` lines
 *                      at the top of a body), or its `---` line, or its diff
 *                      starts elsewhere or gains or loses files (a line moved
 *                      out from between body lines `--- a/x` and `+++ b/y`
 *                      makes them a diff header, and the body ends there).
 *                      No rule edits those on purpose; it happens only to
 *                      garbled text.
 *                    Configs (documents.ts) never promote a rule to error:
 *                    a hint that a fix uncovers is no regression.
 *  6. line-endings   inserted line breaks are the document's own: in a
 *                    document with one terminator style every fix, and
 *                    fix-all, keeps that style; in a mixed one they insert
 *                    one of its styles (util.ts: the dominant one, detectEol,
 *                    or a neighbour's where that one would pair with it);
 *                    and no edit makes a CR and an LF meet across its ends
 *                    into one CRLF (a bare-CR line, then an empty LF line:
 *                    deleting or inserting between them ate a line break).
 *
 * Properties 1-3 and 6 are checked again on the fixed documents' findings.
 * stress.ts adds 7. linear-time: one long line must not make a rule slow.
 */
import type { EngineFacts } from '../../server/src/engine/facts';
import type { ConfigInput } from '../../server/src/engine/config';
import { applyEdits, OverlappingEditsError } from '../../server/src/engine/fixes';
import { fixAll } from '../../server/src/engine/fix-all';
import { lint, parseInputs, type DocumentInput, type LintOptions } from '../../server/src/engine/lint';
import { detectEol, LineIndex, type Span } from '../../server/src/engine/text';
import type { ParsedDocument } from '../../server/src/engine/model';
import type { Finding, Fix, Rule } from '../../server/src/engine/types';
import { RULES } from '../../server/src/rules';

export type PropertyName = 'no-crash' | 'ranges' | 'fixes-apply' | 'idempotent' | 'no-new-errors' | 'line-endings' | 'linear-time';

export class PropertyFailure extends Error {
  constructor(
    readonly property: PropertyName,
    readonly detail: string,
  ) {
    super(`[${property}] ${detail}`);
    this.name = 'PropertyFailure';
  }
}

/** Counts for the fuzz report. */
export class Stats {
  cases = 0;
  documents = 0;
  characters = 0;
  findings = new Map<string, number>();
  fixes = 0;
  fixedDocuments = 0;
  fixPasses = 0;
  /** Cases whose fix changed what the document is, where no-new-errors is not judged. */
  notJudged = 0;

  merge(o: Stats): void {
    this.cases += o.cases;
    this.documents += o.documents;
    this.characters += o.characters;
    for (const [k, v] of o.findings) this.findings.set(k, (this.findings.get(k) ?? 0) + v);
    this.fixes += o.fixes;
    this.fixedDocuments += o.fixedDocuments;
    this.fixPasses += o.fixPasses;
    this.notJudged += o.notJudged;
  }
}

export interface CheckInput {
  readonly inputs: readonly DocumentInput[];
  readonly config?: ConfigInput;
  readonly facts?: EngineFacts;
  /** Every rule of the catalogue unless given (the checker's own tests pass broken ones). */
  readonly rules?: readonly Rule[];
}

type Break = '\n' | '\r\n' | '\r';

function breaksIn(s: string): Set<Break> {
  const out = new Set<Break>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 13 && s.charCodeAt(i + 1) === 10) {
      out.add('\r\n');
      i++;
    } else if (c === 13) out.add('\r');
    else if (c === 10) out.add('\n');
  }
  return out;
}

function countBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 13 && s.charCodeAt(i + 1) === 10) i++;
    if (c === 13 || c === 10) n++;
  }
  return n;
}

const show = (b: Iterable<Break>) => JSON.stringify([...b].join(''));

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function where(text: string, s: Span): string {
  const idx = new LineIndex(text);
  const a = idx.positionAt(s.start);
  const b = idx.positionAt(s.end);
  const ctx = JSON.stringify(text.slice(Math.max(0, s.start - 20), Math.min(text.length, s.end + 20)));
  return `[${s.start}, ${s.end}) ${a.line + 1}:${a.character + 1}-${b.line + 1}:${b.character + 1} near ${ctx.length > 200 ? ctx.slice(0, 200) + '…' : ctx}`;
}

function checkSpan(text: string, s: Span, what: string): void {
  if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.start > s.end || s.end > text.length) {
    throw new PropertyFailure('ranges', `${what}: range [${s.start}, ${s.end}) is not inside the document (length ${text.length})`);
  }
  for (const o of s.start === s.end ? [s.start] : [s.start, s.end]) {
    if (o > 0 && o < text.length) {
      const before = text.charCodeAt(o - 1);
      const after = text.charCodeAt(o);
      if (before === 13 && after === 10) throw new PropertyFailure('ranges', `${what}: offset ${o} splits a CRLF pair: ${where(text, s)}`);
      if (isHigh(before) && isLow(after)) throw new PropertyFailure('ranges', `${what}: offset ${o} splits a surrogate pair: ${where(text, s)}`);
    }
  }
}

/**
 * Line breaks a fix may insert into `text`: its one style; in a mix any it has
 * (util.ts uses the dominant one, and a neighbour's own where the dominant one
 * would pair with it); in a text without any, the default (LF).
 */
function allowedBreaks(text: string): { allowed: ReadonlySet<Break>; single: boolean } {
  const styles = breaksIn(text);
  return { allowed: styles.size === 0 ? new Set([detectEol(text)]) : styles, single: styles.size === 1 };
}

/**
 * A fix's inserted breaks must be `eol.allowed`. With the range checks (no edit
 * splits a CRLF pair) that also keeps a one-style document one-style after the
 * fix, so the applied text need not be scanned again (a 3 MB mbox has thousands
 * of fixes); fix-all's result is scanned whole, once.
 */
function checkFix(text: string, eol: ReturnType<typeof allowedBreaks>, f: Finding, fix: Fix, stage: string): void {
  const what = `${stage} ${f.rule} fix "${fix.title}" in ${f.document}`;
  for (const e of fix.edits) {
    checkSpan(text, e, what);
    if (typeof e.newText !== 'string') throw new PropertyFailure('fixes-apply', `${what}: newText is ${typeof e.newText}`);
  }
  try {
    applyEdits(text, fix.edits);
  } catch (err) {
    throw new PropertyFailure('fixes-apply', `${what}: ${err instanceof Error ? err.message : String(err)}; edits ${JSON.stringify(fix.edits)}`);
  }
  for (const e of fix.edits) {
    // The characters on either side of the edit must not pair with its text (or, for a
    // deletion, with each other) into a CRLF: a line break would vanish.
    const left = text[e.start - 1] ?? '';
    const right = text[e.end] ?? '';
    if (countBreaks(left + e.newText + right) !== countBreaks(left) + countBreaks(e.newText) + countBreaks(right)) {
      throw new PropertyFailure('line-endings', `${what}: the edit makes a CR and an LF meet into one CRLF: ${JSON.stringify(e.newText)} at ${where(text, e)}`);
    }
    const bad = [...breaksIn(e.newText)].filter((b) => !eol.allowed.has(b));
    if (bad.length) {
      throw new PropertyFailure('line-endings', `${what}: inserts ${show(bad)} into a document whose line endings are ${show(eol.allowed)}: ${JSON.stringify(e.newText)} at ${where(text, e)}`);
    }
  }
}

const CRASH = /^internal error in rule /;

function checkFindings(findings: readonly Finding[], texts: ReadonlyMap<string, string>, stage: string, stats?: Stats): void {
  const eols = new Map<string, ReturnType<typeof allowedBreaks>>();
  for (const f of findings) {
    if (CRASH.test(f.message)) throw new PropertyFailure('no-crash', `${stage}: rule ${f.rule} crashed: ${f.message}`);
    const text = texts.get(f.document);
    if (text === undefined) throw new PropertyFailure('ranges', `${stage}: ${f.rule} reports on an unknown document ${f.document}`);
    checkSpan(text, f.range, `${stage} ${f.rule} finding "${f.message}" in ${f.document}`);
    for (const r of f.related) {
      const rt = texts.get(r.document);
      if (rt === undefined) throw new PropertyFailure('ranges', `${stage}: ${f.rule} relates to an unknown document ${r.document}`);
      checkSpan(rt, r.range, `${stage} ${f.rule} related "${r.message}" in ${r.document}`);
    }
    let eol = eols.get(f.document);
    if (!eol) eols.set(f.document, (eol = allowedBreaks(text)));
    for (const fix of f.fixes) {
      checkFix(text, eol, f, fix, stage);
      if (stats) stats.fixes++;
    }
  }
}

function errorCounts(findings: readonly Finding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) if (f.severity === 'error') out.set(f.rule, (out.get(f.rule) ?? 0) + 1);
  return out;
}

/**
 * What each part of the documents is: its kind, whether it has a subject, how
 * many in-body headers (git am's From:/Subject:/Date: at the top of the body),
 * whether a `---` line ends its message, and where its diff starts (the text of
 * that line) and how many files it has. No rule's fix edits any of that on purpose.
 */
function messageKinds(docs: readonly ParsedDocument[]): string {
  return docs
    .map((d) =>
      d.messages
        .map((m) => {
          const diffStart = m.diff ? d.lines.lineAt(m.diff.span.start).text : '';
          return `${m.kind}:${m.subject ? 's' : '-'}:${m.headers.filter((h) => h.inBody).length}:${m.separator ? '---' : ''}:${m.diff?.files.length ?? 0}@${diffStart}`;
        })
        .join('\u0001'),
    )
    .join('\u0002');
}

/** Whether a document's forced kind makes its messages other kinds than sniffing would (see 5. above). */
function kindForcedAgainstContent(inputs: readonly DocumentInput[], config?: ConfigInput): boolean {
  const forced = inputs.filter((d) => d.kind !== undefined);
  if (forced.length === 0) return false;
  const kinds = (docs: readonly DocumentInput[]) => parseInputs(docs, config).map((d) => d.messages.map((m) => m.kind).join());
  const a = kinds(forced);
  const b = kinds(forced.map((d) => ({ ...d, kind: undefined })));
  return a.some((k, i) => k !== b[i]);
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const s = Math.max(0, i - 40);
  return `at ${i}: ${JSON.stringify(a.slice(s, i + 40))} became ${JSON.stringify(b.slice(s, i + 40))}`;
}

/** Checks every property on one case; throws a PropertyFailure on the first violation. */
export function checkProperties(c: CheckInput, stats?: Stats): void {
  const options: LintOptions = { rules: c.rules ?? RULES, config: c.config, facts: c.facts };
  const inputs = c.inputs;
  const texts = new Map(inputs.map((d) => [d.id, d.text]));
  if (stats) {
    stats.cases++;
    stats.documents += inputs.length;
    for (const d of inputs) stats.characters += d.text.length;
  }

  let findings: readonly Finding[];
  let parsed: readonly ParsedDocument[];
  try {
    ({ findings, documents: parsed } = lint(inputs, options));
  } catch (err) {
    throw new PropertyFailure('no-crash', `lint threw: ${err instanceof Error ? err.stack : String(err)}`);
  }
  if (stats) for (const f of findings) stats.findings.set(f.rule, (stats.findings.get(f.rule) ?? 0) + 1);
  checkFindings(findings, texts, 'original', stats);

  let once: ReturnType<typeof fixAll>;
  try {
    once = fixAll(inputs, options);
  } catch (err) {
    throw new PropertyFailure(err instanceof OverlappingEditsError ? 'fixes-apply' : 'no-crash', `fixAll threw: ${err instanceof Error ? err.stack : String(err)}`);
  }
  if (once.changed.size === 0) return;
  if (stats) {
    stats.fixedDocuments += once.changed.size;
    stats.fixPasses += once.passes;
  }
  const fixedInputs = inputs.map((d) => ({ ...d, text: once.changed.get(d.id) ?? d.text }));
  const fixedTexts = new Map(fixedInputs.map((d) => [d.id, d.text]));
  checkFindings(once.result.findings, fixedTexts, 'after fix-all');

  for (const [id, fixed] of once.changed) {
    const eol = allowedBreaks(texts.get(id)!);
    if (!eol.single) continue;
    const styles = breaksIn(fixed);
    if ([...styles].some((s) => !eol.allowed.has(s))) {
      throw new PropertyFailure('line-endings', `fix-all turned ${id}, ${show(eol.allowed)}-only, into one with ${show(styles)}: ${firstDifference(texts.get(id)!, fixed)}`);
    }
  }

  if (kindForcedAgainstContent(inputs, c.config) || messageKinds(parsed) !== messageKinds(once.result.documents)) {
    if (stats) stats.notJudged++;
  } else {
    const before = errorCounts(findings);
    for (const [rule, n] of errorCounts(once.result.findings)) {
      const had = before.get(rule) ?? 0;
      if (n > had) {
        const added = once.result.findings.filter((f) => f.rule === rule && f.severity === 'error').map((f) => `${f.message} @ ${where(fixedTexts.get(f.document)!, f.range)}`);
        throw new PropertyFailure('no-new-errors', `fix-all (${once.passes} passes) raised ${rule} errors from ${had} to ${n}: ${added.join('; ')}`);
      }
    }
  }

  let twice: ReturnType<typeof fixAll>;
  try {
    twice = fixAll(fixedInputs, options);
  } catch (err) {
    throw new PropertyFailure('fixes-apply', `fixAll of the fixed text threw: ${err instanceof Error ? err.stack : String(err)}`);
  }
  for (const [id, again] of twice.changed) {
    const rules = once.result.findings.filter((f) => f.document === id && f.fixes.some((x) => x.isPreferred)).map((f) => f.rule);
    throw new PropertyFailure('idempotent', `fix-all of ${id} is not idempotent (first run ${once.passes} passes; preferred fixes left by ${[...new Set(rules)].join(', ')}): ${firstDifference(fixedTexts.get(id)!, again)}`);
  }
}
