/**
 * The language server: keeps documents, schedules linting, and translates the
 * engine's findings, fixes and assistance into LSP. It decides nothing about
 * patches itself; that is the engine's job.
 */
import { existsSync } from 'node:fs';
import { LIMITS, readRegularFile } from '../node/bounded-read';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CodeActionTriggerKind,
  CompletionItemKind,
  ErrorCodes,
  LSPErrorCodes,
  MarkupKind,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CancellationToken,
  type CodeActionParams,
  type CompletionItem,
  type CompletionList,
  type Connection,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type Position,
  type Range,
  type TextDocumentContentChangeEvent,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdits as applyJsonEdits, findNodeAtLocation, modify as modifyJson, parseTree } from 'jsonc-parser';
import { pushAll } from '../engine/arrays';
import { completesFixesAt, completionsAt, describeAt } from '../engine/assist';
import { changedLines, keptAuthorDate } from '../engine/changed-lines';
import { knownTrees } from '../engine/config';
import { FAQ_RST_PATH, faqHeadingLine, faqUrl } from '../engine/faq';
import { fixAll } from '../engine/fix-all';
import { collectFixEdits } from '../engine/fixes';
import { lint, sortFindings, type DocumentInput } from '../engine/lint';
import { faqSectionMarkdown } from '../engine/rst';
import { escapeMarkdown, messageMarkdown } from '../engine/markdown';
import type { Finding, Rule } from '../engine/types';
import { RULES, applyQuestion, commitIdsIn, commitMentionAt, sourceCommitsOf, treesToAskFor } from '../rules';
import { asWritten } from '../engine/model';
import { culpritsKey, lookupCommit, type CommitInfo, type CommitLookup, type EngineFacts } from '../engine/facts';
import { GitFactsCache } from '../node/git-cache';
import { preloadGit } from '../node/safe-git';
import { operationIn } from '../node/commit-in-progress';
import { isGitMessageFile } from '../node/git-message-file';
import { WorkQueue } from '../node/work-queue';
import { CONFIG_FILE_NAME, ConfigError, configHome, findConfigFile, readConfigFile } from '../node/config-file';
import { faqLink, findKernelTree, type KernelTree } from '../node/kernel-tree';
import { checkpatchMessages, checkpatchSeries, findCheckpatchTree, hasCheckpatch } from '../node/checkpatch';
import { decodedPath, handlingFor } from './classify';
import {
  DISABLE_RULE_COMMAND,
  DISABLE_RULE_REQUEST,
  FIX_ALL_KIND,
  GIT_STATE_NOTIFICATION,
  OPEN_FAQ_COMMAND,
  PICK_FIX_COMMAND,
  RULES_REQUEST,
  TRUST_NOTIFICATION,
  type DisableRuleInfo,
  type FaqTarget,
  type GitState,
  type GitStateInfo,
  type PickFixArgs,
  type RuleInfo,
} from './protocol';
import { sameFinding, toDiagnostic, toRange, toTextEdit } from './convert';
import { LintScheduler } from './scheduler';
import { markdownToPlain } from './plaintext';
import { messageAt } from '../engine/summary';
import { SeriesFiles } from './series-files';
import { registerSeriesRequests } from './series-requests';
import { PublishedDiagnostics, SnapshotStore, wholeChangeEdit, type Snapshot } from './snapshots';
import { DEFAULT_SETTINGS, effectiveConfig, normalizeSettings, type ServerSettings } from './settings';

/** How long a Fixes: completion waits for a running blame before it answers with what it has (marked incomplete). */
const COMPLETION_BLAME_WAIT_MS = 800;
/** The same, once there are candidates to offer (the recent commits): blame's ranking is worth this much more. */
const COMPLETION_BLAME_GRACE_MS = 200;
export { FIX_ALL_KIND, OPEN_FAQ_COMMAND, RULES_REQUEST } from './protocol';

/**
 * Documents as the client sends them, refusing what a broken client sends instead
 * (no uri, a number for text, changes without text or with positions that are not whole numbers):
 * such a document would only fail later, in every lint, hover and completion.
 * A throw here makes vscode-languageserver log the notification as failed.
 */
const CHECKED_DOCUMENTS = {
  create(uri: string, languageId: string, version: number, content: string): TextDocument {
    if (typeof uri !== 'string' || typeof version !== 'number' || typeof content !== 'string') throw new Error(`malformed textDocument ${JSON.stringify(uri)}`);
    return TextDocument.create(uri, typeof languageId === 'string' ? languageId : '', version, content);
  },
  update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    // Whole, non-negative numbers only: TextDocument.update slices by them, and `line: 0.5` corrupted the copy (#18, item 16).
    const count = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
    const isPos = (p: unknown) => count((p as Position | undefined)?.line) && count((p as Position).character);
    const ok = (c: Partial<{ text: unknown; range: Range }> | null) => typeof c?.text === 'string' && (c.range === undefined || (isPos(c.range?.start) && isPos(c.range?.end)));
    if (!Array.isArray(changes) || !changes.every(ok)) throw new Error(`malformed contentChanges for ${doc.uri}`);
    return TextDocument.update(doc, changes, version);
  },
};

/** A request the client got wrong, answered as such (InvalidParams) instead of failing inside a handler. */
function invalidParams(params: unknown, wants: 'position' | 'diagnostics'): ResponseError<void> | undefined {
  const p = params as { textDocument?: { uri?: unknown }; position?: Partial<Position>; context?: { diagnostics?: unknown } } | null | undefined;
  if (typeof p?.textDocument?.uri !== 'string') return new ResponseError(ErrorCodes.InvalidParams, 'textDocument.uri must be a string');
  if (wants === 'position' && !(Number.isInteger(p.position?.line) && Number.isInteger(p.position?.character)))
    return new ResponseError(ErrorCodes.InvalidParams, 'position.line and position.character must be integers');
  if (wants === 'diagnostics' && !Array.isArray(p.context?.diagnostics)) return new ResponseError(ErrorCodes.InvalidParams, 'context.diagnostics must be an array');
  return undefined;
}

/**
 * The file a document is, for git, config files and the kernel tree. VS Code's
 * Source Control message box (`vscode-scm:git/scm0/input?rootUri=file%3A...`)
 * stands for the COMMIT_EDITMSG of the repository it commits to.
 */
export function pathOf(uri: string): string | undefined {
  try {
    if (uri.startsWith('vscode-scm:')) {
      const root = new URL(uri).searchParams.get('rootUri');
      if (!root?.startsWith('file:')) return undefined;
      // Where git keeps the message (and MERGE_HEAD): .git, unless it is a worktree's .git file.
      const gitDir = join(fileURLToPath(root), '.git');
      return join(existsSync(join(gitDir, 'HEAD')) ? gitDir : fileURLToPath(root), 'COMMIT_EDITMSG');
    }
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export interface ServerOptions {
  /** The rule catalogue (tests inject a failing rule to prove isolation). */
  readonly rules?: readonly Rule[];
  /** The version the start-up line in the client's log names. */
  readonly version?: string;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const rules = options.rules ?? RULES;
  const ruleOf = (id: string) => rules.find((r) => r.id === id);
  const documents = new TextDocuments(CHECKED_DOCUMENTS);
  const seriesFiles = new SeriesFiles();
  const snapshots = new SnapshotStore();
  const published = new PublishedDiagnostics();
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  const configFiles = new Map<string, ReturnType<typeof readConfigFile> | ConfigError>();
  const reportedConfigErrors = new Set<string>();
  /** Open documents above maxDocumentSize whose user has been told they are not checked (once each). */
  const toldTooLarge = new Set<string>();
  let pullConfiguration = false;
  let showDocument = false;
  /** The client runs `command:` links in hovers (ours says so); others get the file or https link. */
  let commandLinks = false;
  /** The client shows a diagnostic's message in the hover itself (VS Code; ours says so). */
  let diagnosticsInHover = false;
  /** The client takes only plain text in hovers and completion documentation (eglot without markdown-mode). */
  let plainHover = false;
  let plainCompletion = false;
  /** The client can create a file in a workspace edit (eglot 1.9 cannot, and mistakes the create for a text edit). */
  let canCreateFiles = false;
  /**
   * Commands of ours the client runs (initializationOptions.clientCommands; VS Code's has
   * DISABLE_RULE_COMMAND and PICK_FIX_COMMAND). Other clients get plain edits instead.
   */
  let clientCommands = new Set<string>();
  let globalSettings: ServerSettings = DEFAULT_SETTINGS;
  /** No git in a workspace the user has not trusted (the client says; other editors have no such notion). */
  let trusted = true;
  // One cache per git.timeoutMs in use (the limit is given to each git command the cache runs).
  const gitCaches = new Map<number, GitFactsCache>();
  const gitCacheFor = (timeoutMs: number): GitFactsCache => {
    let cache = gitCaches.get(timeoutMs);
    if (!cache) {
      if (gitCaches.size >= 4) gitCaches.clear(); // settings changed back and forth: start afresh
      cache = new GitFactsCache({ timeoutMs, log: (m) => connection.console.warn(`bpf-patch-lint: ${m}`) });
      gitCaches.set(timeoutMs, cache);
    }
    return cache;
  };
  /** The git state last told to the client, per document. */
  const gitStates = new Map<string, GitState>();
  const tellGitState = (uri: string, state: GitState, detail?: string) => {
    if (gitStates.get(uri) === state && state !== 'failed') return;
    gitStates.set(uri, state);
    const info: GitStateInfo = { uri, state, ...(detail ? { detail } : {}) };
    void connection.sendNotification(GIT_STATE_NOTIFICATION, info).catch(() => undefined);
  };
  // Git work of all documents, two lookups at a time (these machines have two cores).
  const gitQueue = new WorkQueue(2);
  /** Documents whose blame is still running, and when its next answer is in their snapshot (completion waits a moment for it on a Fixes: line). */
  const blamePending = new Map<string, Promise<unknown>>();
  /** Told when the document's next git-backed lint is done. */
  const relintWaiters = new Map<string, (() => void)[]>();
  /** The blame step each document waits for. */
  const blameSteps = new Map<string, Promise<unknown>>();
  const gitAborts = new Map<string, AbortController>();
  /** checkpatch.pl, one document at a time (each runs two mails at once). */
  const checkpatchQueue = new WorkQueue(1);
  /** Each document's checkpatch.pl run: for which text, and its findings once it answered. */
  const checkpatchRuns = new Map<string, CheckpatchRun>();

  /**
   * A message for the user. window/showMessage, a notification: connection.window.show*Message
   * sends window/showMessageRequest, whose promise rejects (unhandled) when a client does not
   * implement that request, and there is nothing here for the user to choose anyway.
   */
  const tell = (type: MessageType, message: string) => void connection.sendNotification(ShowMessageNotification.type, { type, message }).catch(() => undefined);
  const log = (what: string, err: unknown) =>
    connection.console.error(`bpf-patch-lint: ${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    showDocument = params.capabilities.window?.showDocument?.support === true;
    // contentFormat lists what the client takes, preferred first; absent, markdown is fine.
    const prefersPlain = (formats: readonly string[] | undefined) => formats !== undefined && formats.length > 0 && !formats.includes(MarkupKind.Markdown);
    plainHover = prefersPlain(params.capabilities.textDocument?.hover?.contentFormat);
    plainCompletion = prefersPlain(params.capabilities.textDocument?.completion?.completionItem?.documentationFormat);
    const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
    canCreateFiles = workspaceEdit?.documentChanges === true && (workspaceEdit.resourceOperations ?? []).includes('create');
    const init = params.initializationOptions as { settings?: unknown; trusted?: unknown; commandLinks?: unknown; diagnosticsInHover?: unknown; clientCommands?: unknown } | undefined;
    globalSettings = normalizeSettings(init?.settings);
    commandLinks = init?.commandLinks === true;
    diagnosticsInHover = init?.diagnosticsInHover === true;
    clientCommands = new Set(Array.isArray(init?.clientCommands) ? init.clientCommands.filter((c): c is string => typeof c === 'string') : []);
    trusted = init?.trusted !== false;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '-'] },
        executeCommandProvider: { commands: [OPEN_FAQ_COMMAND] },
      },
      serverInfo: { name: 'bpf-patch-lint' },
    };
  });

  // What a bug report needs first: which server, which Node, with what settings, and whether git may run.
  connection.onInitialized(() => {
    const git = !globalSettings.git ? 'off (bpfPatchLint.git.enable)' : trusted ? 'on' : 'off until the workspace is trusted';
    connection.console.info(
      `bpf-patch-lint ${options.version ?? '(development)'} started: Node ${process.version}, pid ${process.pid}; git checks ${git}; settings ${JSON.stringify(globalSettings)}`,
    );
    if (globalSettings.git && trusted) setImmediate(preloadGit);
  });

  function settingsFor(uri: string): Promise<ServerSettings> {
    if (!pullConfiguration) return Promise.resolve(globalSettings);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'bpfPatchLint' })
        // A client with no settings of ours answers null: then initializationOptions stand.
        .then((v) => (v == null ? globalSettings : normalizeSettings(v)), () => globalSettings);
      // Only open documents are cached (and forgotten on close): any uri may arrive in a command.
      if (documents.get(uri)) settingsCache.set(uri, s);
    }
    return s;
  }

  function configFileFor(path: string | undefined) {
    if (!path) return undefined;
    const file = findConfigFile(path);
    if (!file) return undefined;
    if (!configFiles.has(file)) {
      try {
        configFiles.set(file, readConfigFile(file));
      } catch (e) {
        configFiles.set(file, e instanceof ConfigError ? e : new ConfigError(file, String(e)));
      }
    }
    const c = configFiles.get(file);
    if (c instanceof ConfigError) {
      if (!reportedConfigErrors.has(c.message)) {
        reportedConfigErrors.add(c.message);
        tell(MessageType.Warning, `bpf-patch-lint: ignoring ${c.message}`);
      }
      return undefined;
    }
    return c;
  }

  function kernelTreeFor(path: string | undefined, settings: ServerSettings): KernelTree | undefined {
    if (settings.kernelTree && existsSync(join(settings.kernelTree, FAQ_RST_PATH))) return findKernelTree(settings.kernelTree);
    return path ? findKernelTree(path) : undefined;
  }

  /** Lints `uri` (with its series) synchronously and stores snapshots for every open member. */
  function computeSnapshot(uri: string, settings: ServerSettings, facts?: EngineFacts): Snapshot | undefined {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const text = doc.getText();
    const handling = handlingFor(uri, doc.languageId, text);
    if (!handling.lint || !settings.enable) return undefined;
    const path = pathOf(uri);
    // A merge commit is never mailed (format-patch leaves merges out): its message is not
    // judged, as the commit-msg hook does not judge it (git's own "Merge branch ..." has no body, no sign-off).
    if (handling.kind === 'message' && path && isGitMessageFile(path) && operationIn(dirname(path), path) === 'merge') return undefined;
    if (text.length > settings.maxDocumentSize) {
      tellTooLarge(uri, text.length, settings.maxDocumentSize);
      return undefined;
    }
    toldTooLarge.delete(uri);
    const config = effectiveConfig(settings, configFileFor(path));
    // An open sibling above the limit is no series member either: it would be linted (seconds, and
    // gigabytes for 50 MB) and given a snapshot through the back door of its neighbour's lint.
    const members = handling.series
      ? seriesFiles.collect(uri, (u) => documents.get(u)?.getText()).filter((m) => m.uri === uri || m.text.length <= settings.maxDocumentSize)
      : [{ uri, text }];
    const inputs: DocumentInput[] = members.map((m) => ({ id: m.uri, text: m.text, kind: m.uri === uri ? handling.kind : undefined }));
    const linted = lint(inputs, { rules, config, facts });
    // checkpatch.pl's answer for exactly this text, when it has given one (see startCheckpatch).
    const cp = checkpatchRuns.get(uri);
    const result = cp?.findings?.length && cp.text === text ? { ...linted, findings: sortFindings([...linted.findings, ...cp.findings], linted.documents) } : linted;
    const docs = new Map(result.documents.map((d) => [d.id, d]));
    const tree = kernelTreeFor(path, settings);
    const openVersions = new Map<string, number>();
    for (const m of members) {
      const open = documents.get(m.uri);
      if (open) openVersions.set(m.uri, open.version);
    }
    return snapshots.record(uri, { inputs, facts, result, docs, config, tree }, openVersions);
  }

  /** Says once per opened document why it gets no diagnostics (its diagnostics are cleared, as for any unchecked document). */
  function tellTooLarge(uri: string, size: number, max: number): void {
    if (toldTooLarge.has(uri)) return;
    toldTooLarge.add(uri);
    const name = decodedPath(uri).replace(/^.*\//, '');
    tell(
      MessageType.Info,
      `bpf-patch-lint: ${name} is not checked: it has ${size.toLocaleString('en-US')} characters, more than bpfPatchLint.maxDocumentSize (${max.toLocaleString('en-US')}).`,
    );
  }

  function faqHref(rule: Rule, tree: KernelTree | undefined): string {
    return faqLink(rule.faq, tree);
  }

  function publish(uri: string, snap: Snapshot | undefined, version: number): void {
    const diagnostics = snap
      ? snap.result.findings.flatMap((f, i) =>
          f.document === uri ? [toDiagnostic(f, i, snap.version, snap.docs, ruleOf(f.rule), (r) => faqHref(r, snap.tree))] : [],
        )
      : [];
    if (!published.shouldSend(uri, version, diagnostics)) return;
    void connection.sendDiagnostics({ uri, version, diagnostics });
  }

  async function lintAndPublish(uri: string): Promise<void> {
    gitAborts.get(uri)?.abort();
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const settings = await settingsFor(uri);
    const now = documents.get(uri);
    // A newer version arrived while settings were fetched: lint that one instead.
    if (!now || now.version !== version) {
      if (now) scheduler.schedule(uri);
      return;
    }
    // Phase 1: offline findings at once, with the last git answers for this document (if any).
    const snap = computeSnapshot(uri, settings, lastFacts(uri, settings));
    if (!snap) {
      snapshots.forget(uri);
      publish(uri, undefined, version);
      return;
    }
    publishSeries(uri, snap, version);
    startCheckpatch(uri, version, settings, snap);
    // Phase 2: git-backed findings when git answers, unless the document changed meanwhile.
    const path = pathOf(uri);
    if (!settings.git) return tellGitState(uri, 'disabled');
    if (!trusted) return tellGitState(uri, 'untrusted');
    if (!path) return tellGitState(uri, 'not-a-file');
    const abort = new AbortController();
    gitAborts.set(uri, abort);
    void (async () => {
      try {
        const facts = await gitFactsOf(uri, path, snap, settings, abort);
        if (abort.signal.aborted || documents.get(uri)?.version !== version) return;
        if (!facts) return tellGitState(uri, 'no-repository');
        tellGitState(uri, 'on');
        const withGit = computeSnapshot(uri, settings, facts);
        if (withGit) publishSeries(uri, withGit, version);
      } catch (err) {
        if (!abort.signal.aborted) {
          log('git facts failed', err);
          tellGitState(uri, 'failed', err instanceof Error ? err.message : String(err));
        }
      } finally {
        if (gitAborts.get(uri) === abort) gitAborts.delete(uri);
        // A newer lint took over: its own end tells the waiters.
        if (!abort.signal.aborted) {
          for (const resolve of relintWaiters.get(uri) ?? []) resolve();
          relintWaiters.delete(uri);
        }
      }
    })();
  }

  /**
   * checkpatch.pl on a patch file, beside the lint: the kernel tree's own script
   * (so only in a trusted workspace), about 0.4 s a mail, never delaying our
   * findings. An edit cancels it; its answer for a text is kept until the text
   * changes, and the document is linted again with it.
   */
  interface CheckpatchRun {
    readonly text: string;
    readonly abort: AbortController;
    findings?: Finding[];
  }

  function startCheckpatch(uri: string, version: number, settings: ServerSettings, snap: Snapshot): void {
    const text = documents.get(uri)?.getText();
    const running = checkpatchRuns.get(uri);
    if (running && running.text === text) return;
    running?.abort.abort();
    checkpatchRuns.delete(uri);
    const path = pathOf(uri);
    if (!settings.checkpatch || !trusted || !path || text === undefined) return;
    const own = snap.result.documents.filter((d) => d.id === uri);
    if (checkpatchMessages(own).length === 0) return;
    const tree = findCheckpatchTree(dirname(path)) ?? (settings.kernelTree && hasCheckpatch(settings.kernelTree) ? settings.kernelTree : undefined);
    if (!tree) return;
    const run: CheckpatchRun = { text, abort: new AbortController() };
    checkpatchRuns.set(uri, run);
    void checkpatchQueue
      .run(() => checkpatchSeries(tree, own, snap.result.findings.filter((f) => f.document === uri), run.abort.signal), run.abort.signal)
      .then((found) => {
        if (checkpatchRuns.get(uri) !== run || documents.get(uri)?.version !== version) return;
        run.findings = found.shown;
        const withThem = computeSnapshot(uri, settings, lastFacts(uri, settings));
        if (withThem) publishSeries(uri, withThem, version);
      })
      .catch((err) => {
        if (run.abort.signal.aborted) return;
        // Not tried again for this text: a broken checkpatch.pl would otherwise run on every lint.
        run.findings = [];
        log(`checkpatch.pl failed (${tree})`, err);
      });
  }

  /**
   * What to do when a lint's blame is still running: lint again when its step
   * answers. Every keystroke's lint reports the same step; it is waited for once
   * (a wait per keystroke held each lint's snapshot until blame answered: 30 MB
   * a minute of typing in linux.git). Made here, apart from the lint's own scope,
   * so the wait holds the document's name and nothing of the lint.
   */
  function whenBlameAnswers(uri: string): (step: Promise<unknown>) => void {
    return (step) => {
      if (blameSteps.get(uri) === step) return;
      blameSteps.set(uri, step);
      // Settles once the lint after the step has its answer in the snapshot (the next step, if any, is pending by then).
      const relinted = step.then(
        () =>
          new Promise<void>((resolve) => {
            if (blameSteps.get(uri) === step) blameSteps.delete(uri);
            if (!documents.get(uri)) return resolve();
            relintWaiters.set(uri, [...(relintWaiters.get(uri) ?? []), resolve]);
            scheduler.schedule(uri);
          }),
      );
      blamePending.set(uri, relinted);
      void relinted.then(() => {
        if (blamePending.get(uri) === relinted) blamePending.delete(uri);
      });
    };
  }

  /**
   * Git's facts for a lint of `uri`: the commits its Fixes tags name, and blame's
   * candidates when blame has answered. Blame runs beside the lints (seconds in a
   * tree the size of linux.git, and no edit of the message changes its answer):
   * when it answers, the document is linted again.
   */
  async function gitFactsOf(uri: string, path: string, snap: Snapshot, settings: ServerSettings, abort: AbortController): Promise<EngineFacts | undefined> {
    const parsed = snap.docs.get(uri)!;
    // Each mail's own lines, for its own Fixes candidates; a commit message being written has no
    // diff of its own (but for git commit -v's), and git's staged change stands in.
    const withDiff = parsed.messages.filter((m) => m.diff).map((m) => ({ key: culpritsKey(uri, m.index), lines: changedLines(m) }));
    const changes = parsed.kind === 'message' && withDiff.length === 0 ? undefined : withDiff.flatMap((m) => m.lines);
    const perMessage = parsed.kind === 'message' ? [] : withDiff;
    const kept = parsed.messages.map(keptAuthorDate).find((d) => d !== undefined);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await gitQueue.run(() => {
        // The time limit counts from the start of the work, not from the wait for a place in the queue.
        timer = setTimeout(() => abort.abort(), settings.gitTimeoutMs * 2);
        return gitCacheFor(settings.gitTimeoutMs).factsFor(path, commitIdsIn(snap.result.documents), changes, abort.signal, kept, perMessage, {
          culprits: 'later',
          slot: uri,
          onPending: whenBlameAnswers(uri),
          trees: treesToAskFor(snap.result.documents.flatMap((d) => d.messages.map(asWritten))),
          sources: sourceCommitsOf(snap.result.documents.flatMap((d) => d.messages.map(asWritten))),
          treeRefs: snap.config.treeRefs,
          apply: applyQuestion(snap.result.documents),
        });
      }, abort.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  function publishSeries(uri: string, snap: Snapshot, version: number): void {
    publish(uri, snap, version);
    // Series findings may have changed in the other open members too.
    for (const [other, o] of snapshots.sharing(snap, uri)) publish(other, o, o.version);
  }

  const scheduler = new LintScheduler((uri) => lintAndPublish(uri), (err) => log('lint failed', err));

  /**
   * The git answers of the document's last lint, to lint a newer version with
   * until git answers again: without them every edit (and every request that
   * lints before the scheduler does) would drop the git-backed squiggles and
   * Fixes completions for a moment. None once git is off or trust is revoked.
   */
  function lastFacts(uri: string, settings: ServerSettings): EngineFacts | undefined {
    return settings.git && trusted ? snapshots.lastFacts(uri) : undefined;
  }

  /** The snapshot for the document's current version, linting now if the stored one is stale. */
  async function currentSnapshot(uri: string, token: CancellationToken): Promise<Snapshot | undefined> {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const snap = snapshots.fresh(uri, doc.version);
    if (snap) return snap;
    const settings = await settingsFor(uri);
    // A cancelled request does not pay for a lint: in a storm of edits with requests between, each would.
    if (token.isCancellationRequested) return undefined;
    return computeSnapshot(uri, settings, lastFacts(uri, settings));
  }

  /** The answer to a request the client cancelled before it was worked on (as LSP asks: an error, RequestCancelled). */
  const cancelled = () => new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'request cancelled');

  documents.onDidOpen((e) => scheduler.schedule(e.document.uri, true));
  documents.onDidChangeContent((e) => scheduler.schedule(e.document.uri));
  documents.onDidClose((e) => {
    scheduler.cancel(e.document.uri);
    gitAborts.get(e.document.uri)?.abort();
    checkpatchRuns.get(e.document.uri)?.abort.abort();
    checkpatchRuns.delete(e.document.uri);
    blamePending.delete(e.document.uri);
    blameSteps.delete(e.document.uri);
    for (const resolve of relintWaiters.get(e.document.uri) ?? []) resolve();
    relintWaiters.delete(e.document.uri);
    for (const cache of gitCaches.values()) cache.release(e.document.uri);
    snapshots.forget(e.document.uri);
    published.forget(e.document.uri);
    settingsCache.delete(e.document.uri);
    toldTooLarge.delete(e.document.uri);
    gitStates.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  function relintAll(): void {
    for (const d of documents.all()) scheduler.schedule(d.uri, true);
  }

  connection.onNotification(TRUST_NOTIFICATION, (p: { trusted?: boolean }) => {
    trusted = p?.trusted === true;
    relintAll();
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    if (!pullConfiguration) globalSettings = normalizeSettings((change.settings as { bpfPatchLint?: unknown } | undefined)?.bpfPatchLint);
    relintAll();
  });

  connection.onDidChangeWatchedFiles((change) => {
    for (const c of change.changes) {
      seriesFiles.forget(c.uri);
      if (c.uri.endsWith(CONFIG_FILE_NAME)) {
        configFiles.clear();
        reportedConfigErrors.clear();
      }
    }
    relintAll();
  });

  connection.onCodeAction(async (params: CodeActionParams, token): Promise<CodeAction[] | ResponseError<void>> => {
    const bad = invalidParams(params, 'diagnostics');
    if (bad) return bad;
    try {
      const doc = documents.get(params.textDocument.uri);
      const snap = await currentSnapshot(params.textDocument.uri, token);
      if (token.isCancellationRequested) return cancelled();
      if (!doc || !snap) return [];
      const parsed = snap.docs.get(doc.uri)!;
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
      const actions: CodeAction[] = [];
      const versioned = (edits: TextDocumentEdit['edits']): WorkspaceEdit => ({
        documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }],
      });

      if (wants(CodeActionKind.QuickFix)) {
        const mine = snap.result.findings.filter((f) => f.document === doc.uri);
        const seenRules = new Set<string>();
        for (const d of params.context.diagnostics) {
          if (!d?.range?.start || !d.range.end) continue; // not a diagnostic: no quick fix for it
          const finding = mine.find((f) => sameFinding(d, f, parsed));
          if (!finding) continue;
          // Alternatives (the commits a Fixes tag may name) as one picker where the client has one.
          const picker = clientCommands.has(PICK_FIX_COMMAND);
          const pickers = new Map<string, PickFixArgs['items'][number][]>();
          for (const fix of finding.fixes) {
            const edit = versioned(fix.edits.map((e) => toTextEdit(parsed, e)));
            if (picker && fix.alternative) {
              const items = pickers.get(fix.alternative.of) ?? [];
              items.push({ label: fix.alternative.label, detail: fix.alternative.detail, edit });
              pickers.set(fix.alternative.of, items);
              continue;
            }
            actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.isPreferred === true, edit });
          }
          for (const [title, items] of pickers) {
            const args: PickFixArgs = { title, items };
            actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title, command: PICK_FIX_COMMAND, arguments: [args] } });
          }
          if (seenRules.has(finding.rule)) continue;
          seenRules.add(finding.rule);
          actions.push({
            title: `Open FAQ section for ${finding.rule}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            command: { title: 'Open FAQ section', command: OPEN_FAQ_COMMAND, arguments: [finding.rule, doc.uri] },
          });
          // An error is about what will be turned away however the linter is set: turning the rule
          // off is offered when the user asks for every action (Ctrl+.), not in the lightbulb.
          if (finding.severity === 'error' && params.context.triggerKind === CodeActionTriggerKind.Automatic) continue;
          if (clientCommands.has(DISABLE_RULE_COMMAND)) {
            const command = { title: `Disable ${finding.rule}…`, command: DISABLE_RULE_COMMAND, arguments: [finding.rule, doc.uri] };
            actions.push({ title: command.title, kind: CodeActionKind.QuickFix, diagnostics: [d], command });
            continue;
          }
          const disable = disableRuleEdit(finding.rule, doc.uri)?.edit;
          if (disable) actions.push({ title: `Disable ${finding.rule} in ${CONFIG_FILE_NAME}`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: disable });
        }
      }

      // Fix-all twice: as a source action (editor.codeActionsOnSave, the Source Action menu) when
      // asked for, and as a quick fix, which is what the lightbulb lists, when more than one finding has a fix.
      if (only !== undefined ? wants(FIX_ALL_KIND) : actions.some((a) => a.edit !== undefined || a.command?.command === PICK_FIX_COMMAND)) {
        const fixable = snap.result.findings.filter((f) => f.document === doc.uri && f.fixes.length > 0).length;
        const edits = only !== undefined || fixable > 1 ? fixAllEdits(doc.uri, snap) : [];
        if (edits.length > 0) actions.push({ title: 'Fix all bpf-patch-lint problems', kind: only !== undefined ? FIX_ALL_KIND : CodeActionKind.QuickFix, edit: versioned(edits) });
      }
      return actions;
    } catch (err) {
      log('code actions failed', err);
      return [];
    }
  });

  const fixAllMemo = new WeakMap<Snapshot, Map<string, TextEdit[]>>();
  function fixAllEdits(uri: string, snap: Snapshot): TextEdit[] {
    // VS Code asks for code actions as the cursor moves: fix-all (several lints) once per snapshot.
    const known = fixAllMemo.get(snap)?.get(uri);
    if (known) return known;
    const edits = computeFixAllEdits(uri, snap);
    fixAllMemo.set(snap, (fixAllMemo.get(snap) ?? new Map()).set(uri, edits));
    return edits;
  }

  /** Fix-all as few edits as possible: the first pass's own edits, or one edit over the changed region. */
  function computeFixAllEdits(uri: string, snap: Snapshot): TextEdit[] {
    const parsed = snap.docs.get(uri)!;
    const readOnly = new Set(snap.inputs.filter((d) => d.id !== uri).map((d) => d.id));
    const fixed = fixAll(snap.inputs, { rules, config: snap.config, facts: snap.facts }, { readOnly });
    const after = fixed.changed.get(uri);
    if (after === undefined) return [];
    if (fixed.passes === 1) return collectFixEdits(snap.result.findings, uri).map((e) => toTextEdit(parsed, e));
    const whole = wholeChangeEdit(parsed.text, after);
    return whole ? [toTextEdit(parsed, whole)] : [];
  }

  /**
   * The edit that sets the rule to "off" in the config file the document uses
   * (created at the top of its repository when missing), and whether that file
   * already sets the rule.
   */
  function disableRuleEdit(ruleId: string, uri: string): DisableRuleInfo | undefined {
    const path = pathOf(uri);
    if (!path) return undefined;
    const existing = findConfigFile(path);
    const file = existing ?? join(configHome(path), CONFIG_FILE_NAME);
    const fileUri = pathToFileURL(file).href;
    const open = documents.get(fileUri);
    let text = open?.getText();
    if (text === undefined && existing) {
      try {
        text = readRegularFile(existing, LIMITS.config).bytes.toString('utf8');
      } catch {
        return { file, fileSetsRule: false }; // not a regular file, too large, or unreadable: no edit offered
      }
    }
    // No file yet, and a client that cannot create one: no edit to offer.
    if (text === undefined && !canCreateFiles) return { file, fileSetsRule: false };
    const base = text ?? '{}\n';
    const tree = parseTree(base);
    const fileSetsRule = tree !== undefined && findNodeAtLocation(tree, ['rules', ruleId]) !== undefined;
    const edits = modifyJson(base, ['rules', ruleId], 'off', { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } });
    if (text === undefined) {
      return {
        file,
        fileSetsRule,
        edit: {
          documentChanges: [
            { kind: 'create', uri: fileUri, options: { ignoreIfExists: true } },
            { textDocument: { uri: fileUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: applyJsonEdits(base, edits) }] },
          ],
        },
      };
    }
    const tmp = TextDocument.create(fileUri, 'json', 0, text);
    return {
      file,
      fileSetsRule,
      edit: {
        documentChanges: [
          {
            textDocument: { uri: fileUri, version: open ? open.version : null },
            edits: edits.map((e) => ({ range: { start: tmp.positionAt(e.offset), end: tmp.positionAt(e.offset + e.length) }, newText: e.content })),
          },
        ],
      },
    };
  }

  connection.onRequest(DISABLE_RULE_REQUEST, (p: { rule?: unknown; uri?: unknown }): DisableRuleInfo | ResponseError<void> => {
    if (typeof p?.rule !== 'string' || !ruleOf(p.rule) || typeof p.uri !== 'string') return new ResponseError(ErrorCodes.InvalidParams, 'rule (a rule id) and uri (a string) are required');
    return disableRuleEdit(p.rule, p.uri) ?? { fileSetsRule: false };
  });

  registerSeriesRequests(connection, {
    rules,
    gitAllowed: async (uri) => trusted && (await settingsFor(uri)).git,
    configFor: async (uri) => effectiveConfig(await settingsFor(uri), configFileFor(pathOf(uri))),
  });

  connection.onRequest(RULES_REQUEST, (): RuleInfo[] =>
    rules.map((r) => ({ id: r.id, description: r.description, severity: r.severity, explanation: r.explanation, faqHeading: r.faq.heading, faqUrl: faqUrl(r.faq) })),
  );

  /**
   * Opens (or, with `{ open: false }`, only returns) the FAQ section of a rule: the
   * user's kernel tree copy at the heading when known, else the kernel.org page.
   * Editors without their own command get it opened through window/showDocument.
   */
  connection.onExecuteCommand(async (params) => {
    try {
      if (params.command !== OPEN_FAQ_COMMAND) return null;
      const [ruleId, uri, opts] = (params.arguments ?? []) as [unknown, unknown, { open?: boolean } | undefined];
      const open = showDocument && opts?.open !== false;
      const rule = typeof ruleId === 'string' ? ruleOf(ruleId) : undefined;
      if (!rule) return null;
      const settings = typeof uri === 'string' ? await settingsFor(uri) : globalSettings;
      const tree = kernelTreeFor(typeof uri === 'string' ? pathOf(uri) : undefined, settings);
      const line = tree ? faqHeadingLine(tree.faqText, rule.faq) : undefined;
      if (tree && line !== undefined) {
        const target = pathToFileURL(tree.faqPath).href;
        const pos = { line: line - 1, character: 0 };
        if (open) await connection.window.showDocument({ uri: target, takeFocus: true, selection: { start: pos, end: pos } });
        const found: FaqTarget = { uri: target, line: line - 1, external: false };
        return found;
      }
      const url = faqUrl(rule.faq);
      if (open) await connection.window.showDocument({ uri: url, external: true });
      const web: FaqTarget = { uri: url, external: true };
      return web;
    } catch (err) {
      log('command failed', err);
      return null;
    }
  });

  connection.onHover(async (params, token): Promise<Hover | null | ResponseError<void>> => {
    const bad = invalidParams(params, 'position');
    if (bad) return bad;
    try {
      const snap = await currentSnapshot(params.textDocument.uri, token);
      if (token.isCancellationRequested) return cancelled();
      const parsed = snap?.docs.get(params.textDocument.uri);
      if (!snap || !parsed) return null;
      const offset = parsed.lines.offsetAt(params.position);
      const parts: string[] = [];
      const here = snap.result.findings.filter((f) => f.document === parsed.id && f.range.start <= offset && offset <= f.range.end);
      pushAll(parts, findingsHover(here, snap.tree, parsed.id));
      const mention = commitMentionAt(parsed, offset);
      const lookup = mention ? lookupCommit(snap.facts?.commits, mention.id) : undefined;
      if (mention && lookup) parts.push(commitHover(mention.id, lookup));
      const described = describeAt(parsed, offset);
      if (described?.kind === 'tree') parts.push(`**Tree \`${described.doc.tree}\`**: ${described.doc.meaning}`);
      if (described?.kind === 'trailer') parts.push(`**\`${described.doc.key}:\`** ${described.doc.meaning}`);
      // On the subject: whether the BPF/netdev submission rules judge this message, and why.
      const message = messageAt(parsed, offset);
      const scope = message && message.subject && message.subject.span.start <= offset && offset <= message.subject.span.end ? snap.result.scopes.get(message) : undefined;
      if (scope) parts.push(`**BPF/netdev submission rules:** ${scope.submission ? 'applied' : 'not applied'}, because ${messageMarkdown(scope.reason)}.`);
      if (parts.length === 0) return null;
      // The text the hover is about, so an editor can highlight it and keep the hover while the cursor stays on it.
      const about = here[0]?.range ?? mention?.span ?? (described?.kind === 'tree' ? described.token.span : described?.trailer.keySpan) ?? (scope ? message!.subject!.span : undefined);
      const value = parts.join('\n\n---\n\n');
      const contents = plainHover ? { kind: MarkupKind.PlainText, value: markdownToPlain(value) } : { kind: MarkupKind.Markdown, value };
      return { contents, ...(about ? { range: toRange(parsed, about) } : {}) };
    } catch (err) {
      log('hover failed', err);
      return null;
    }
  });

  /** What the repository says about a commit; subjects and names are the repository's words, escaped. */
  function commitHover(id: string, lookup: CommitLookup): string {
    if (lookup.status === 'missing') return `**${escapeMarkdown(id)}**: no such commit in this repository.`;
    const line = (c: CommitInfo) => {
      const released = c.release ? `in ${escapeMarkdown(c.release)}` : c.release === null ? 'in no release tag here' : '';
      return `**${escapeMarkdown(c.sha.slice(0, 12))}** ${escapeMarkdown(c.subject)}  \n${escapeMarkdown(c.author ?? '')}${c.date ? `, ${escapeMarkdown(c.date.slice(0, 10))}` : ''} · ${released}`;
    };
    if (lookup.status === 'found') return line(lookup.commit);
    return [`**${escapeMarkdown(id)}** is ambiguous:`, ...lookup.candidates.map((c) => `- ${line(c)}`)].join('\n');
  }

  /**
   * The findings under the cursor: per rule, each of its messages once, then
   * its explanation and links; the FAQ text from the kernel tree once per
   * section, after all of them (rules of one section would repeat it).
   */
  function findingsHover(findings: readonly Finding[], tree: KernelTree | undefined, uri: string): string[] {
    const byRule = new Map<Rule, Finding[]>();
    for (const f of findings) {
      const rule = ruleOf(f.rule);
      if (rule) byRule.set(rule, [...(byRule.get(rule) ?? []), f]);
    }
    const parts: string[] = [];
    const sections = new Map<string, string | undefined>();
    for (const [rule, fs] of byRule) {
      // VS Code shows the diagnostic's own message above the hover: saying it again would show it twice.
      const said = diagnosticsInHover ? [`**${rule.id}**`] : [...new Set(fs.map((f) => `**${rule.id}** (${f.severity}): ${messageMarkdown(f.message)}`))];
      const open = commandLinks ? `command:${OPEN_FAQ_COMMAND}?${encodeURIComponent(JSON.stringify([rule.id, uri]))}` : faqHref(rule, tree);
      parts.push([...said.join('  \n').split('\n'), '', rule.explanation, '', `[Open FAQ section](${open}) · [${rule.faq.heading}](${faqUrl(rule.faq)})`].join('\n'));
      if (tree && !sections.has(rule.faq.heading)) sections.set(rule.faq.heading, faqSectionMarkdown(tree.faqText, rule.faq));
    }
    for (const section of sections.values()) if (section) parts.push([`*From your kernel tree (${FAQ_RST_PATH}):*`, '', section].join('\n'));
    return parts;
  }

  connection.onCompletion(async (params, token): Promise<CompletionItem[] | CompletionList | ResponseError<void>> => {
    const bad = invalidParams(params, 'position');
    if (bad) return bad;
    try {
      const uri = params.textDocument.uri;
      let snap = await currentSnapshot(uri, token);
      if (token.isCancellationRequested) return cancelled();
      let parsed = snap?.docs.get(uri);
      if (!snap || !parsed) return [];
      const offset = parsed.lines.offsetAt(params.position);
      let found = completionsAt(parsed, offset, [...knownTrees(snap.config)], snap.facts);
      // A Fixes: value while blame still runs: wait a moment for its next step (the files' recent
      // commits come first, then blame's ranking), a shorter one once there is something to offer,
      // then offer what there is, saying the list is incomplete so that the editor asks again as
      // the user types on. In a small repository blame answers within the moment.
      let incomplete = false;
      if (blamePending.has(uri) && completesFixesAt(parsed, offset)) {
        const started = performance.now();
        const deadline = () => started + (found.length > 0 ? COMPLETION_BLAME_GRACE_MS : COMPLETION_BLAME_WAIT_MS);
        for (let pending = blamePending.get(uri); pending && performance.now() < deadline(); pending = blamePending.get(uri)) {
          const left = deadline() - performance.now();
          const answered = await Promise.race([pending.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), left))]);
          if (token.isCancellationRequested) return cancelled();
          snap = (await currentSnapshot(uri, token)) ?? snap;
          parsed = snap.docs.get(uri) ?? parsed;
          found = completionsAt(parsed, offset, [...knownTrees(snap.config)], snap.facts);
          if (!answered) break;
        }
        incomplete = blamePending.has(uri);
      }
      const items = found.map((c, i) => ({
        label: c.label,
        kind: CompletionItemKind.Keyword,
        detail: c.detail,
        documentation: plainCompletion ? { kind: MarkupKind.PlainText, value: markdownToPlain(c.documentation) } : { kind: MarkupKind.Markdown, value: c.documentation },
        textEdit: { range: toRange(parsed!, c.replace), newText: c.insertText },
        sortText: String(i).padStart(3, '0'),
      }));
      return incomplete ? { isIncomplete: true, items } : items;
    } catch (err) {
      log('completion failed', err);
      return [];
    }
  });

  documents.listen(connection);
  connection.listen();
}
