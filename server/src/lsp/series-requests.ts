/**
 * The editor's "format patches" command and "BPF Series" view ask the server,
 * which already has git (simple-git) and the engine: these handlers translate
 * those requests to node/format-patch.ts and the engine's summary.
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, TextDocumentEdit } from 'vscode-languageserver';
import { knownTrees } from '../engine/config';
import type { EngineFacts } from '../engine/facts';
import { lintParsed, parseInputs } from '../engine/lint';
import { summarize } from '../engine/summary';
import { fixAll } from '../engine/fix-all';
import { wholeChangeEdit } from './snapshots';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintConfig, Rule } from '../engine/types';
import { b4Output } from '../node/b4-send';
import { B4OwnsError, FormatPatchError, formatSeries, planSeries, uncommittedFiles } from '../node/format-patch';
import { GitRepository } from '../node/git-facts';
import { InputError, readSeriesArgument } from '../node/read-input';
import { applyQuestion, commitIdsIn, sourceCommitsOf, treesToAskFor } from '../rules';
import { asWritten } from '../engine/model';
import {
  FIX_SERIES_REQUEST,
  B4_CHECK_REQUEST,
  FORMAT_SERIES_REQUEST,
  SERIES_PLAN_REQUEST,
  SERIES_SUMMARY_REQUEST,
  type FixSeriesInfo,
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

/** The CLI's -o: an absolute folder (the client resolves what the user picked). */
function outDirOption(outDir: unknown): { outDir?: string } {
  if (outDir === undefined || outDir === null || outDir === '') return {};
  if (typeof outDir !== 'string' || !isAbsolute(outDir)) throw new FormatPatchError(`the output folder must be an absolute path, not ${JSON.stringify(outDir)}`);
  return { outDir };
}

function failure(e: unknown): RequestFailure {
  if (e instanceof B4OwnsError) return { error: e.message, b4Owns: true };
  if (e instanceof FormatPatchError || e instanceof InputError) return { error: e.message };
  throw e;
}

/** The series in `folder` (its patch files), its config, and git's facts about it when git may run. */
async function readFolder(folder: string, deps: SeriesRequestDeps, uri: string) {
  const docs = readSeriesArgument(folder, () => Buffer.alloc(0)).map((d) => ({ id: d.id, text: d.text }));
  const config = await deps.configFor(uri);
  const parsed = parseInputs(docs, config);
  let facts: EngineFacts | undefined;
  if (await deps.gitAllowed(uri)) {
    const repo = await GitRepository.discover(folder);
    const messages = parsed.flatMap((d) => d.messages.map(asWritten));
    const apply = applyQuestion(parsed);
    facts = repo
      ? await repo
          .facts(commitIdsIn(parsed), { trees: treesToAskFor(messages), treeRefs: config.treeRefs, sources: sourceCommitsOf(messages) })
          .then(async (f) => (apply ? { ...f, ...(await repo.appliesFacts(apply, config.treeRefs, undefined, f.treeRefs && { asked: treesToAskFor(messages), refs: f.treeRefs })) } : f))
          .catch(() => undefined)
      : undefined;
  }
  return { docs, config, parsed, facts };
}

/** Lints the series in `folder` with git facts when allowed. */
async function lintFolder(folder: string, deps: SeriesRequestDeps, uri: string) {
  const { parsed, config, facts } = await readFolder(folder, deps, uri);
  return { result: lintParsed(parsed, { rules: deps.rules, config, facts }), facts };
}

/** What was written (by our format-patch or by b4), linted as the series it is. */
async function writtenInfo(written: { dir: string; files: readonly string[] }, deps: SeriesRequestDeps, uri: string): Promise<FormatSeriesInfo> {
  const { result } = await lintFolder(written.dir, deps, uri);
  return {
    dir: written.dir,
    files: written.files,
    errors: result.findings.filter((f) => f.severity === 'error').length,
    warnings: result.findings.filter((f) => f.severity === 'warning').length,
    placeholders: result.findings.filter((f) => f.rule === 'cover-letter-placeholder').length,
  };
}

export function registerSeriesRequests(connection: Connection, deps: SeriesRequestDeps): void {
  connection.onRequest(SERIES_PLAN_REQUEST, async (p: { uri?: unknown; outDir?: unknown }): Promise<SeriesPlanInfo | RequestFailure> => {
    if (typeof p?.uri !== 'string' || !p.uri.startsWith('file:')) return { error: 'a file or folder of a repository on disk is needed' };
    if (!(await deps.gitAllowed(p.uri))) return { error: 'git does not run in an untrusted workspace (or with bpfPatchLint.git.enable off)' };
    try {
      const plan = await planSeries(folderOf(p.uri), outDirOption(p.outDir));
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
        dirty: await uncommittedFiles(plan.top),
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
      const plan = await planSeries(folderOf(p.uri), outDirOption(p.outDir));
      const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
      const written = await formatSeries(plan, {
        tree: String(p.tree),
        version: Number(p.version),
        rfc: p.rfc === true,
        prefixWords: p.resend === true ? ['RESEND'] : undefined,
        commits: strings(p.commits),
        allowDirty: p.allowDirty === true,
        signoff: p.signoff === true,
        to: strings(p.to),
        cc: strings(p.cc),
        inReplyTo: typeof p.inReplyTo === 'string' && p.inReplyTo !== '' ? p.inReplyTo : undefined,
        config,
      });
      return await writtenInfo(written, deps, p.uri);
    } catch (e) {
      return failure(e);
    }
  });

  connection.onRequest(B4_CHECK_REQUEST, async (p: { uri?: unknown }): Promise<FormatSeriesInfo | RequestFailure> => {
    if (typeof p?.uri !== 'string' || !p.uri.startsWith('file:')) return { error: 'a file or folder of a repository on disk is needed' };
    // b4 runs what the repository's config names (b4.send-auto-to-cmd): never in an untrusted workspace.
    if (!(await deps.gitAllowed(p.uri))) return { error: 'b4 does not run in an untrusted workspace (or with bpfPatchLint.git.enable off)' };
    try {
      const repo = await GitRepository.discover(folderOf(p.uri));
      if (!repo?.topLevel || !repo.gitDir) return { error: `${folderOf(p.uri)} is not inside a git work tree` };
      return await writtenInfo(await b4Output(repo.topLevel, repo.gitDir), deps, p.uri);
    } catch (e) {
      return failure(e);
    }
  });

  connection.onRequest(FIX_SERIES_REQUEST, async (p: { uri?: unknown }): Promise<FixSeriesInfo | RequestFailure> => {
    if (typeof p?.uri !== 'string' || !p.uri.startsWith('file:')) return { error: 'a folder on disk is needed' };
    try {
      const folder = folderOf(p.uri);
      const { docs, config, facts } = await readFolder(folder, deps, p.uri);
      const fixed = fixAll(docs, { rules: deps.rules, config, facts });
      const documentChanges: TextDocumentEdit[] = [];
      for (const d of docs) {
        const after = fixed.changed.get(d.id);
        const whole = after === undefined ? undefined : wholeChangeEdit(d.text, after);
        if (!whole) continue;
        const uri = pathToFileURL(d.id).href;
        const before = TextDocument.create(uri, '', 0, d.text);
        // Made from the files on disk: the client saves the series' open files first.
        documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: before.positionAt(whole.start), end: before.positionAt(whole.end) }, newText: whole.newText }] });
      }
      return { edit: { documentChanges }, fixes: fixed.applied.length, files: documentChanges.length };
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
      const summary = summarize(result, deps.rules, {
        gitChecked: facts !== undefined,
        kernelHistory: facts?.kernelHistory,
        applyTried: facts?.applies !== undefined,
        checkpatch: { ran: false, why: 'runs on each patch file you open (see Problems)' },
      });
      const at = (id: string, offset: number) => docs.get(id)!.lines.positionAt(offset);
      return {
        folder,
        errors: summary.errors,
        warnings: summary.warnings,
        madeByB4: result.documents.some((d) => d.messages.some((m) => m.madeByB4)),
        messages: summary.messages.map((m) => ({
          uri: pathToFileURL(m.document).href,
          subject: m.subject,
          isCoverLetter: m.isCoverLetter,
          line: at(m.document, docs.get(m.document)!.messages[m.index].span.start).line,
          rows: m.rows.map((r) => ({
            check: r.check,
            title: r.title,
            nipa: r.nipa,
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
