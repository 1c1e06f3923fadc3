/**
 * SARIF 2.1.0 for code-scanning services (GitHub accepts it as uploaded).
 * Columns are UTF-16 code units, which SARIF's default columnKind names.
 */
import { pathToFileURL } from 'node:url';
import { relative, isAbsolute, sep } from 'node:path';
import { faqUrl } from '../engine/faq';
import type { Rule, Severity } from '../engine/types';
import type { LocatedFinding } from './located';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function artifactUri(file: string, cwd: string): string {
  if (file === '<stdin>') return 'stdin';
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  if (!rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).map(encodeURIComponent).join('/');
  return pathToFileURL(file).href;
}

export function formatSarif(findings: readonly LocatedFinding[], rules: readonly Rule[], version: string, cwd: string): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bpf-patch-lint',
            version,
            informationUri: 'https://www.kernel.org/doc/html/latest/bpf/bpf_devel_QA.html',
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              fullDescription: { text: r.explanation.replace(/\s*\n\s*/g, ' ') },
              help: { text: r.explanation, markdown: `${r.explanation}\n\nSee [${r.faq.heading}](${faqUrl(r.faq)}).` },
              helpUri: faqUrl(r.faq),
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(f.file, cwd) },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
