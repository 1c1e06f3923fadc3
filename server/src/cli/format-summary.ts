import { styleText } from 'node:util';
import type { CheckState, SeriesSummary } from '../engine/summary';
import type { Finding } from '../engine/types';
import { printable } from './printable';
import { maxOf } from '../engine/arrays';

type Style = Parameters<typeof styleText>[0];

const MARK: Record<CheckState, [string, Style]> = {
  pass: ['✔', 'green'],
  warn: ['▲', 'yellow'],
  fail: ['✖', 'red'],
  skip: ['–', 'gray'],
};

/** A series' readiness: each message, then one row per check, findings under failing rows. */
export function formatSummary(series: readonly { summary: SeriesSummary; lineOf: (f: Finding) => number }[], color: boolean): string {
  const paint = (style: Style, s: string) => (color ? styleText(style, s) : s);
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let messages = 0;
  for (const { summary, lineOf } of series) {
    errors += summary.errors;
    warnings += summary.warnings;
    infos += summary.infos;
    for (const m of summary.messages) {
      messages++;
      out.push(`${paint('bold', printable(m.document))}${m.index > 0 ? ` (message ${m.index + 1})` : ''}: ${printable(m.subject)}`);
      if (m.scope) out.push(paint('gray', `  ${m.scope.submission ? 'judged as a BPF/netdev submission' : 'not judged as a BPF/netdev submission'}: ${printable(m.scope.reason)}`));
      const label = (r: (typeof m.rows)[number]) => (r.nipa ? `${r.title} (${r.nipa})` : r.title);
      const width = maxOf(m.rows.map((r) => label(r).length), 0);
      for (const row of m.rows) {
        const [mark, style] = MARK[row.state];
        const shown = row.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
        const note = row.note ? paint('gray', ` (${row.note})`) : shown.length > 0 ? ` ${shown.length} problem${shown.length === 1 ? '' : 's'}` : '';
        out.push(`  ${paint(style, mark)} ${note ? label(row).padEnd(width) + note : label(row)}`);
        for (const f of shown) out.push(`      line ${lineOf(f)}: ${printable(f.message)} ${paint('gray', `[${f.rule}]`)}`);
      }
    }
  }
  const plural = (n: number, s: string) => `${n} ${s}${n === 1 ? '' : 's'}`;
  // Infos are advice, listed by the text format; the count says they are there.
  out.push(`${plural(messages, 'message')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${infos > 0 ? `, ${infos} info` : ''}.`);
  return out.join('\n') + '\n';
}

/**
 * The same readiness as data, one object per message: its scope (whether the
 * BPF/netdev submission rules judged it, and why) and each check's state with
 * its findings, for CI dashboards and scripts.
 */
export function formatSummaryJson(series: readonly { summary: SeriesSummary; lineOf: (f: Finding) => number }[], showPath: (p: string) => string = (p) => p): string {
  const messages = series.flatMap(({ summary, lineOf }) =>
    summary.messages.map((m) => ({
      file: showPath(m.document),
      message: m.index + 1,
      subject: m.subject,
      coverLetter: m.isCoverLetter,
      scope: m.scope && { submission: m.scope.submission, area: m.scope.area, reason: m.scope.reason },
      checks: m.rows.map((r) => ({
        check: r.check,
        title: r.title,
        ...(r.nipa ? { nipa: r.nipa } : {}),
        state: r.state,
        ...(r.note ? { note: r.note } : {}),
        findings: r.findings.map((f) => ({ line: lineOf(f), rule: f.rule, severity: f.severity, message: f.message })),
      })),
    })),
  );
  return JSON.stringify(messages, null, 2) + '\n';
}
