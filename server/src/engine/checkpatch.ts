/**
 * checkpatch.pl's report, read back onto the patch it judged. The node layer
 * runs the kernel tree's own checkpatch.pl on one mail at a time (as the netdev
 * CI does, with its flags); this turns what it printed into findings at the
 * exact line and, where checkpatch says or the type implies, the column, and
 * leaves out what one of our rules already reports on the same line.
 */
import type { Message } from './model';
import type { Finding, Severity } from './types';

export const CHECKPATCH_DOCS = 'https://docs.kernel.org/dev-tools/checkpatch.html';

/** The netdev CI's checkpatch flags (its tests/patch/checkpatch), so the verdict here is the one it will give. */
export const NIPA_CHECKPATCH_IGNORES: readonly string[] = [
  'COMMIT_LOG_LONG_LINE',
  'MACRO_ARG_REUSE',
  'ALLOC_SIZEOF_STRUCT',
  'NO_AUTHOR_SIGN_OFF',
  'GIT_COMMIT_ID',
  'CAMELCASE',
  'FILE_PATH_CHANGES',
  'BAD_REPORTED_BY_LINK',
];
export const NIPA_MAX_LINE_LENGTH = 80;

export type CheckpatchLevel = 'ERROR' | 'WARNING' | 'CHECK';

/** One report of checkpatch.pl --show-types. */
export interface CheckpatchReport {
  readonly level: CheckpatchLevel;
  readonly type: string;
  readonly message: string;
  /** The 1-based line of checkpatch's input its `#N:` reference names. */
  readonly line: number;
  /** The lines it quoted, as they were in its input. */
  readonly quoted: readonly string[];
  /** Where its `^` marks point: in which quoted line, from which character, how many. */
  readonly caret?: { readonly quotedIndex: number; readonly start: number; readonly length: number };
}

const HEAD = /^(ERROR|WARNING|CHECK):([A-Z0-9_]+): (.*)$/;
const WHERE = /^#(\d+): ?(?:FILE: .*)?$/;
const CARET = /^[ \t]*\^+\s*$/;

/**
 * The reports in checkpatch.pl's output (without --terse, with --show-types):
 * blocks of `LEVEL:TYPE: message`, `#N: [FILE: path:line:]`, the quoted lines
 * and a caret line under some of them, separated by blank lines.
 */
export function parseCheckpatchOutput(out: string): CheckpatchReport[] {
  const lines = out.split(/\r?\n/);
  const reports: CheckpatchReport[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = HEAD.exec(lines[i]);
    if (!head) continue;
    const where = WHERE.exec(lines[i + 1] ?? '');
    // A report about the whole patch (a missing sign-off, say) names no line: it stays with the first.
    const line = where ? Number(where[1]) : 1;
    const quoted: string[] = [];
    let caret: CheckpatchReport['caret'];
    let k = where ? i + 2 : i + 1;
    for (; k < lines.length && lines[k] !== ''; k++) {
      if (HEAD.test(lines[k])) break;
      if (CARET.test(lines[k]) && quoted.length > 0) {
        const start = lines[k].indexOf('^');
        caret = { quotedIndex: quoted.length - 1, start, length: /\^+/.exec(lines[k].slice(start))![0].length };
        continue;
      }
      quoted.push(lines[k]);
    }
    reports.push({ level: head[1] as CheckpatchLevel, type: head[2], message: head[3], line, quoted, caret });
    i = k - 1;
  }
  return reports;
}

/** The netdev CI fails a patch on errors and warns on warnings and checks alike. */
const SEVERITY: Record<CheckpatchLevel, Severity> = { ERROR: 'error', WARNING: 'warning', CHECK: 'warning' };

/** The [start, end) of the part of a line a report is about, when its type says more than the line. */
function columnsByType(type: string, text: string, maxLength: number): [number, number] | undefined {
  if (/^LONG_LINE/.test(type) && text.length > maxLength + 1) return [maxLength + 1, text.length];
  if (type === 'TRAILING_WHITESPACE') {
    const at = text.search(/\s+$/);
    if (at >= 0) return [at, text.length];
  }
  return undefined;
}

/** checkpatch.pl's findings: those shown, and those left out because one of our rules reports a problem on their line. */
export interface CheckpatchFindings {
  readonly shown: Finding[];
  /** Still part of checkpatch.pl's verdict (the summary row counts them), never shown twice. */
  readonly shadowed: Finding[];
}

/**
 * Findings for `message` (the text checkpatch was given: the message's own
 * span) from its reports; a report on a line where one of `ours` reports an
 * error or a warning is shadowed: one problem, one squiggle, and ours comes with
 * a fix and an explanation. (Our infos on a line say something else.)
 */
export function checkpatchFindings(reports: readonly CheckpatchReport[], message: Message, ours: readonly Finding[], maxLength = NIPA_MAX_LINE_LENGTH): CheckpatchFindings {
  const L = message.document.lines;
  const first = L.indexAt(message.span.start);
  const last = L.indexAt(Math.max(message.span.start, message.span.end - 1));
  const taken = new Set(ours.filter((f) => f.document === message.document.id && (f.severity === 'error' || f.severity === 'warning')).map((f) => L.indexAt(f.range.start)));
  const shown: Finding[] = [];
  const shadowed: Finding[] = [];
  for (const r of reports) {
    let index = Math.min(first + r.line - 1, last);
    // A report quoting the previous line and its own (`$hereprev`) puts the caret under one of them: find it near #N.
    const marked = r.caret ? r.quoted[r.caret.quotedIndex] : undefined;
    if (marked !== undefined) {
      for (const d of [0, -1, 1, -2, 2]) {
        const k = index + d;
        if (k >= first && k <= last && L.line(k).text === marked) {
          index = k;
          break;
        }
      }
    }
    const line = L.line(index);
    let [a, b] = [0, line.text.length];
    if (r.caret && marked === line.text && r.caret.start < line.text.length) [a, b] = [r.caret.start, Math.min(line.text.length, r.caret.start + r.caret.length)];
    else {
      const cols = columnsByType(r.type, line.text, maxLength);
      if (cols) [a, b] = cols;
      else {
        // The whole line, without a diff line's +/space marker and its indentation.
        const lead = /^[+ -]?\s*/.exec(line.text)![0].length;
        if (lead < line.text.length) a = lead;
      }
    }
    (taken.has(index) ? shadowed : shown).push({
      rule: `checkpatch:${r.type}`,
      severity: SEVERITY[r.level],
      message: r.message,
      document: message.document.id,
      range: { start: line.start + a, end: line.start + b },
      fixes: [],
      related: [],
      readiness: 'checkpatch',
      external: { source: 'checkpatch', code: r.type, href: CHECKPATCH_DOCS },
    });
  }
  return { shown, shadowed };
}
