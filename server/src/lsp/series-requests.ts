/**
 * The editor's "format patches" command and "BPF Series" view ask the server,
 * which already has git (simple-git) and the engine: these handlers translate
 * those requests to node/format-patch.ts and the engine's summary.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import { knownTrees } from '../engine/config';
import type { EngineFacts } from '../engine/facts';
import { lintParsed, parseInputs } from '../engine/lint';
import { summarize } from '../engine/summary';
import type { LintConfig, Rule } from '../engine/types';
import { FormatPatchError, formatSeries, planSeries } from '../node/format-patch';
import { GitRepository } from '../node/git-facts';
import { InputError, readSeriesArgument } from '../node/read-input';
import { commitIdsIn } from '../rules';
import {
  FORMAT_SERIES_REQUEST,
  SERIES_PLAN_REQUEST,
  SERIES_SUMMARY_REQUEST,
  type FormatSeriesInfo,
  type FormatSeriesParams,
  type RequestFailure,
  type SeriesPlanInfo,
  type SeriesSummaryInfo,
} from './protocol';

export interface SeriesRequestDeps {
  readonly rules: readonly Rule[];
  /** Whether git may run (workspace trust and the git setting). */
  readonly gitAllowed: (uri: string) => Promise<boolean>;
  readonly configFor: (uri: string) => Promise<LintConfig>;
}

function folderOf(uri: string): string {
  const path = fileURLToPath(uri);
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return dirname(path);
  }
}

function failure(e: unknown): RequestFailure {
  if (e instanceof FormatPatchError || e instanceof InputError) return { error: e.message };
  throw e;
}

/** Lints the series in `folder` (its patch files) with git facts when allowed. */
async function lintFolder(folder: string, deps: SeriesRequestDeps, uri: string) {
  const docs = readSeriesArgument(folder, () => Buffer.alloc(0));
  const config = await deps.configFor(uri);
  const parsed = parseInputs(
    docs.map((d) => ({ id: d.id, text: d.text })),
    config,
  );
  let facts: EngineFacts | undefined;
  if (await deps.gitAllowed(uri)) {
    const repo = await GitRepository.discover(folder);
    facts = repo ? await repo.facts(commitIdsIn(parsed)).catch(() => undefined) : undefined;
  }
  return { result: lintParsed(parsed, { rules: deps.rules, config, facts }), facts };
}

export function registerSeriesRequests(connection: Connection, deps: SeriesRequestDeps): void {
  connection.onRequest(SERIES_PLAN_REQUEST, async (p: { uri?: unknown }): Promise<SeriesPlanInfo | RequestFailure> => {
    if (typeof p?.uri !== 'string' || !p.uri.startsWith('file:')) return { error: 'a file or folder of a repository on disk is needed' };
    if (!(await deps.gitAllowed(p.uri))) return { error: 'git does not run in an untrusted workspace (or with bpfPatchLint.git.enable off)' };
    try {
      const plan = await planSeries(folderOf(p.uri));
      const config = await deps.configFor(p.uri);
      return {
        from: plan.from,
        to: plan.to,
        branch: plan.branch,
        commits: plan.commits.map((c) => ({ sha: c.sha, subject: c.subject, hasFixes: c.fixes.length > 0, fixes: c.fixes, fixTargets: c.fixTargets })),
        suggestedTree: plan.suggestedTree,
        treeReason: plan.treeChoice.why,
        trees: [...knownTrees(config)],
        nextVersion: plan.nextVersion,
        root: plan.root,
      };
    } catch (e) {
      return failure(e);
    }
  });

  connection.onRequest(FORMAT_SERIES_REQUEST, async (p: FormatSeriesParams): Promise<FormatSeriesInfo | RequestFailure> => {
    if (typeof p?.uri !== 'string' || !p.uri.startsWith('file:')) return { error: 'a file or folder of a repository on disk is needed' };
    if (!(await deps.gitAllowed(p.uri))) return { error: 'git does not run in an untrusted workspace (or with bpfPatchLint.git.enable off)' };
    try {
      const config = await deps.configFor(p.uri);
      const plan = await planSeries(folderOf(p.uri));
      const written = await formatSeries(plan, { tree: String(p.tree), version: Number(p.version), rfc: p.rfc === true, commits: p.commits, allowDirty: p.allowDirty === true, config });
      const { result } = await lintFolder(written.dir, deps, p.uri);
      return {
        dir: written.dir,
        files: written.files,
        errors: result.findings.filter((f) => f.severity === 'error').length,
        warnings: result.findings.filter((f) => f.severity === 'warning').length,
        placeholders: result.findings.filter((f) => f.rule === 'cover-letter-placeholder').length,
      };
    } catch (e) {
      return failure(e);
    }
  });

  connection.onRequest(SERIES_SUMMARY_REQUEST, async (p: { uri?: unknown }): Promise<SeriesSummaryInfo | RequestFailure> => {
    if (typeof p?.uri !== 'string' || !p.uri.startsWith('file:')) return { error: 'a folder on disk is needed' };
    try {
      const folder = folderOf(p.uri);
      const { result, facts } = await lintFolder(folder, deps, p.uri);
      const docs = new Map(result.documents.map((d) => [d.id, d]));
      const summary = summarize(result, deps.rules, { gitChecked: facts !== undefined, kernelHistory: facts?.kernelHistory });
      const at = (id: string, offset: number) => docs.get(id)!.lines.positionAt(offset);
      return {
        folder,
        errors: summary.errors,
        warnings: summary.warnings,
        messages: summary.messages.map((m) => ({
          uri: pathToFileURL(m.document).href,
          subject: m.subject,
          line: at(m.document, docs.get(m.document)!.messages[m.index].span.start).line,
          rows: m.rows.map((r) => ({
            check: r.check,
            title: r.title,
            state: r.state,
            note: r.note,
            findings: r.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, range: { start: at(f.document, f.range.start), end: at(f.document, f.range.end) } })),
          })),
        })),
      };
    } catch (e) {
      return failure(e);
    }
  });
}
