import { styleText } from 'node:util';
import type { Severity } from '../engine/types';
import type { LocatedFinding } from './located';
import { printable } from './printable';

type Style = Parameters<typeof styleText>[0];

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan', hint: 'gray' };

/** `path:line:col: severity: message [rule-id]` per finding, then one summary line. */
export function formatText(findings: readonly LocatedFinding[], fileCount: number, color: boolean): string {
  return [...findingLines(findings, color), summaryLine(findings, fileCount)].join('\n') + '\n';
}

/** `path:line:col: severity: message [rule-id]`, one line per finding. */
export function findingLines(findings: readonly LocatedFinding[], color: boolean): string[] {
  const paint = (style: Style, s: string) => (color ? styleText(style, s) : s);
  return findings.map(
    (f) =>
      `${paint('bold', `${printable(f.file)}:${f.line}:${f.column}`)}: ${paint(SEVERITY_STYLE[f.severity], f.severity)}: ${printable(f.message)} ${paint('gray', `[${f.rule}]`)}`,
  );
}

export function summaryLine(findings: readonly LocatedFinding[], fileCount: number): string {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  if (findings.length === 0) return `No problems in ${files}.`;
  const parts = (['error', 'warning', 'info', 'hint'] as const)
    .map((s) => [s, count(s)] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s === 'info' || n === 1 ? s : `${s}s`}`);
  const fixable = findings.filter((f) => f.autoFixable).length;
  return `${parts.join(', ')} in ${files}${fixable ? ` (${fixable} fixable, see --fix)` : ''}.`;
}
