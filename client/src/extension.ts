/**
 * The VS Code side: starts the bundled language server, restarts it when it
 * crashes, and adds the commands that need the editor's UI. Every decision
 * about patches is made by the server's engine.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { DISABLE_RULE_COMMAND, isFaqDestination, OPEN_FAQ_COMMAND as OPEN_FAQ, PICK_FIX_COMMAND, type PickFixArgs, RULES_REQUEST, SOURCE, TRUST_NOTIFICATION, type FaqTarget, type RuleInfo } from '../../server/src/lsp/protocol';

import { disableRule } from './disable-rule';
import { pickFix } from './pick-fix';
import { checkB4Series, formatPatches } from './format-patches';
import { copySendEmail, fixAllInSeries, openCoverLetter } from './series-actions';
import { SeriesView } from './series-view';
import { SHOW_LOG_COMMAND, StatusItem } from './status';

let client: LanguageClient | undefined;

/** What the extension exposes to its tests and to other extensions. */
export interface BpfPatchLintApi {
  readonly client: () => LanguageClient | undefined;
  /** The BPF Series view (tests read what it shows). */
  readonly series: SeriesView;
  /** The status bar item (tests read what it shows). */
  readonly status: StatusItem;
  /** Milliseconds activate() took, for the start-up benchmark. */
  readonly activationMs: number;
  /** Milliseconds from loading the extension's bundle to the language server's first answer (initialize). */
  readonly readyMs: Promise<number>;
}

/** When the bundle began to load (set by its first line, see scripts/build.mjs), else when this module did. */
const loadStart: number = (globalThis as { __bplLoadStart?: number }).__bplLoadStart ?? performance.now();

/** The documents the server lints (it decides from name and content; these are the ones worth sending). */
const LINTED = [
  { language: 'git-commit' },
  // The Source Control view's commit message box.
  { language: 'scminput' },
  { language: 'kernel-patch' },
  { language: 'diff' },
  { scheme: 'file', pattern: '**/{COMMIT_EDITMSG,MERGE_MSG,SQUASH_MSG,TAG_EDITMSG}' },
] satisfies vscode.DocumentFilter[];

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LINTED,
      // Not linted: synced so that "Disable <rule>" edits the open buffer, not a stale disk copy.
      { scheme: 'file', pattern: '**/.bpf-patch-lint.json' },
    ],
    synchronize: {
      configurationSection: 'bpfPatchLint',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{.bpf-patch-lint.json,*.patch,*.eml}'),
    },
    // Git runs only in a trusted workspace (a repository's hooks and config are not to be trusted blindly).
    // commandLinks: hovers may link to our command (VS Code runs it; other editors get plain links).
    // clientCommands: "Disable <rule>…" asks where; a Fixes tag's candidate commits come as one picker.
    initializationOptions: {
      settings: vscode.workspace.getConfiguration('bpfPatchLint'),
      trusted: vscode.workspace.isTrusted,
      commandLinks: true,
      // VS Code puts the diagnostic's message above the hover: the server does not repeat it.
      diagnosticsInHover: true,
      clientCommands: [DISABLE_RULE_COMMAND, PICK_FIX_COMMAND],
    },
    // Hovers carry an "Open FAQ section" link that runs this one command, nothing else.
    markdown: { isTrusted: { enabledCommands: [OPEN_FAQ] } },
    diagnosticCollectionName: SOURCE,
  };
  return new LanguageClient('bpfPatchLint', 'BPF Patch Lint', serverOptions, clientOptions);
}

async function rules(): Promise<RuleInfo[]> {
  if (!client) return [];
  return client.sendRequest<RuleInfo[]>(RULES_REQUEST);
}

/** Our diagnostic under the cursor of the active editor, if any. */
function diagnosticAtCursor(): vscode.Diagnostic | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const pos = editor.selection.active;
  return vscode.languages
    .getDiagnostics(editor.document.uri)
    .find((d) => d.source === SOURCE && d.range.contains(pos));
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (typeof c === 'string') return c;
  if (c && typeof c === 'object' && typeof c.value === 'string') return c.value;
  return undefined;
}

/** Every rule, those with a problem in the active document first (under a separator), each with its count. */
async function pickRule(placeHolder: string): Promise<RuleInfo | undefined> {
  const all = await rules();
  const uri = vscode.window.activeTextEditor?.document.uri;
  const counts = new Map<string, number>();
  for (const d of uri ? vscode.languages.getDiagnostics(uri) : []) {
    const id = d.source === SOURCE ? codeOf(d) : undefined;
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  type Item = vscode.QuickPickItem & { rule?: RuleInfo };
  const item = (r: RuleInfo): Item => {
    const n = counts.get(r.id);
    return { label: r.id, description: n ? `${r.severity} · ${n} in this file` : r.severity, detail: `${r.description} — ${r.explanation.replace(/\s+/g, ' ')}`, rule: r };
  };
  const here = all.filter((r) => counts.has(r.id));
  const items: Item[] = here.length
    ? [
        { label: 'In this file', kind: vscode.QuickPickItemKind.Separator },
        ...here.map(item),
        { label: 'All rules', kind: vscode.QuickPickItemKind.Separator },
        ...all.filter((r) => !counts.has(r.id)).map(item),
      ]
    : all.map(item);
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.rule;
}

/**
 * Opens the FAQ section for a rule: the kernel tree's own copy at the heading
 * when the workspace is (or the kernelTree setting names) a kernel tree, else
 * the kernel.org page at the section's anchor.
 */
async function openFaqSection(ruleId?: string): Promise<FaqTarget | undefined> {
  if (!client) return undefined;
  const editorUri = vscode.window.activeTextEditor?.document.uri.toString();
  let id = ruleId;
  if (!id) {
    const d = diagnosticAtCursor();
    id = d ? codeOf(d) : (await pickRule('Open the FAQ section for which rule?'))?.id;
  }
  if (!id) return undefined;
  const target = await client.sendRequest<FaqTarget | null>('workspace/executeCommand', {
    command: OPEN_FAQ,
    arguments: [id, editorUri ?? workspaceKernelUri(), { open: false }],
  });
  if (!target) return undefined;
  if (!isFaqDestination(target.uri)) {
    void vscode.window.showErrorMessage(`BPF: not opening ${target.uri}: FAQ links go to kernel.org or a local file only.`);
    return undefined;
  }
  if (target.external) {
    await vscode.env.openExternal(vscode.Uri.parse(target.uri));
  } else {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    const pos = new vscode.Position(target.line ?? 0, 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
  }
  return target;
}

/** A file URI inside the first workspace folder, so the server can find a kernel tree there. */
function workspaceKernelUri(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, 'MAINTAINERS').toString() : undefined;
}

async function showRules(): Promise<void> {
  const rule = await pickRule('bpf-patch-lint rules: pick one to open its FAQ section');
  if (rule) await openFaqSection(rule.id);
}

export async function activate(context: vscode.ExtensionContext): Promise<BpfPatchLintApi> {
  const started = performance.now();
  client = createClient(context);
  const status = new StatusItem((doc) => vscode.languages.match(LINTED, doc) > 0);
  status.watch(client);
  const series = new SeriesView(() => client);
  const showSeries = async (folder: vscode.Uri) => {
    await series.show(folder, true);
    await vscode.commands.executeCommand('bpfPatchLint.series.focus');
    await series.revealFirstProblem();
  };
  context.subscriptions.push(
    status,
    series,
    vscode.commands.registerCommand(SHOW_LOG_COMMAND, () => client?.outputChannel.show(true)),
    vscode.commands.registerCommand('bpfPatchLint.formatPatches', () => formatPatches(client, showSeries)),
    vscode.commands.registerCommand('bpfPatchLint.checkB4Series', () => checkB4Series(client, showSeries)),
    vscode.commands.registerCommand('bpfPatchLint.showSeries', async (target?: vscode.Uri) => {
      const uri = target ?? vscode.window.activeTextEditor?.document.uri;
      if (!uri || uri.scheme !== 'file') return void vscode.window.showErrorMessage('BPF: pick a folder of patches (or open one of its files).');
      const isDir = (await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory;
      await showSeries(isDir ? uri : vscode.Uri.joinPath(uri, '..'));
    }),
    vscode.commands.registerCommand('bpfPatchLint.refreshSeries', () => series.refresh(true)),
    vscode.commands.registerCommand('bpfPatchLint.seriesOpenCoverLetter', () => openCoverLetter(series)),
    vscode.commands.registerCommand('bpfPatchLint.seriesFixAll', () => fixAllInSeries(client, series)),
    vscode.commands.registerCommand('bpfPatchLint.seriesCopySendEmail', () => copySendEmail(series)),
    vscode.commands.registerCommand('bpfPatchLint.openFaqSection', (ruleId?: string) => openFaqSection(ruleId)),
    vscode.commands.registerCommand('bpfPatchLint.showRules', () => showRules()),
    vscode.commands.registerCommand(DISABLE_RULE_COMMAND, (rule?: unknown, uri?: unknown) => disableRule(client, rule, uri)),
    vscode.commands.registerCommand(PICK_FIX_COMMAND, (args?: PickFixArgs) => pickFix(client, args)),
    vscode.commands.registerCommand('bpfPatchLint.restartServer', async () => {
      await client?.restart();
    }),
    { dispose: () => void client?.stop() },
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TRUST_NOTIFICATION, { trusted: true })),
  );
  // Not awaited: the server starts in the background and activation stays cheap.
  const readyMs = client.start().then(
    () => performance.now() - loadStart,
    (err: unknown) => {
      const why = err instanceof Error ? err.message : String(err);
      client?.outputChannel.appendLine(`bpf-patch-lint: the language server did not start: ${why}`);
      void vscode.window.showErrorMessage(`bpf-patch-lint: the language server did not start: ${why}`, 'Show Log').then((a) => a && client?.outputChannel.show());
      return Number.NaN;
    },
  );
  return { client: () => client, series, status, activationMs: performance.now() - started, readyMs };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
