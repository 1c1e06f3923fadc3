/**
 * "BPF Series": the readiness of the series in one folder, one node per
 * message and one row per check under it, refreshed as the files change.
 * The server lints and summarises; this only draws the answer.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SERIES_SUMMARY_REQUEST, type RequestFailure, type SeriesSummaryInfo } from '../../server/src/lsp/protocol';

type MessageInfo = SeriesSummaryInfo['messages'][number];
type RowInfo = MessageInfo['rows'][number];
type FindingInfo = RowInfo['findings'][number];
type MessageNode = { kind: 'message'; message: MessageInfo; rows: RowNode[] };
type RowNode = { kind: 'row'; message: MessageInfo; row: RowInfo; parent: MessageNode; findings: FindingNode[] };
type FindingNode = { kind: 'finding'; message: MessageInfo; finding: FindingInfo; parent: RowNode };
type Node = MessageNode | RowNode | FindingNode | { kind: 'note'; text: string };

const SEVERITY_ICON: Record<string, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
};

/** The version in a subject's prefix (`[PATCH bpf-next v3 0/2]`), 1 when it names none. */
function versionOf(subject: string): number {
  const prefix = /^\[([^\]]*)\]/.exec(subject)?.[1] ?? '';
  return Number(/(?:^|\s)v(\d+)(?:\s|$)/i.exec(prefix)?.[1] ?? 1);
}

/** Opens `uri` with `range` selected. */
function openAt(uri: vscode.Uri, range: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Command {
  return { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character) }] };
}

const ICON: Record<RowInfo['state'], vscode.ThemeIcon> = {
  pass: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  warn: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  fail: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  skip: new vscode.ThemeIcon('circle-slash'),
};

function worst(m: MessageInfo): RowInfo['state'] {
  const states = m.rows.map((r) => r.state);
  return states.includes('fail') ? 'fail' : states.includes('warn') ? 'warn' : 'pass';
}

export class SeriesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private folder: vscode.Uri | undefined;
  private summary: SeriesSummaryInfo | RequestFailure | undefined;
  /** The nodes of the current summary, kept so that reveal() finds the same objects. */
  private nodes: MessageNode[] = [];
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly listeners: vscode.Disposable[];
  /** A refresh was skipped while the view was hidden. */
  private stale = false;
  private timer: NodeJS.Timeout | undefined;
  readonly view: vscode.TreeView<Node>;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.view = vscode.window.createTreeView('bpfPatchLint.series', { treeDataProvider: this, showCollapseAll: true });
    this.listeners = [
      // Saves in the editor count at once; the file watcher covers changes made outside it.
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.folder && doc.uri.scheme === 'file' && vscode.Uri.joinPath(doc.uri, '..').toString() === this.folder.toString()) this.refreshSoon();
      }),
      // The series being worked on is the one whose patch is in front of the user.
      vscode.window.onDidChangeActiveTextEditor((e) => void this.follow(e?.document.uri)),
      this.view.onDidChangeVisibility((e) => {
        if (e.visible && this.stale) void this.refresh();
      }),
    ];
    void this.follow(vscode.window.activeTextEditor?.document.uri);
  }

  /** Shows the folder of `uri` when it is a patch file of another folder than the one shown. */
  private async follow(uri: vscode.Uri | undefined): Promise<void> {
    if (!uri || uri.scheme !== 'file' || !/\.(patch|eml|mbox)$/i.test(uri.path)) return;
    const folder = vscode.Uri.joinPath(uri, '..');
    if (folder.toString() !== this.folder?.toString()) await this.show(folder);
  }

  /** Shows the series in `folder` and follows its changes (`force`: lint it even while the view is hidden). */
  async show(folder: vscode.Uri, force = false): Promise<void> {
    this.folder = folder;
    this.watcher?.dispose();
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '*.{patch,eml,mbox}'));
    const later = () => this.refreshSoon();
    this.watcher.onDidChange(later);
    this.watcher.onDidCreate(later);
    this.watcher.onDidDelete(later);
    await this.refresh(force);
  }

  /** File events come in bursts (format-patch writes several files): one refresh per burst. */
  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 300);
  }

  async refresh(force = false): Promise<void> {
    const c = this.client();
    if (!this.folder || !c) return;
    // Linting a folder nobody looks at is wasted: it happens when the view is shown.
    this.stale = !force && !this.view.visible;
    if (this.stale) return;
    try {
      this.summary = await c.sendRequest<SeriesSummaryInfo | RequestFailure>(SERIES_SUMMARY_REQUEST, { uri: this.folder.toString() });
    } catch (e) {
      this.summary = { error: e instanceof Error ? e.message : String(e) };
    }
    const s = this.summary;
    this.nodes =
      'error' in s
        ? []
        : s.messages.map((message) => {
            const node: MessageNode = { kind: 'message', message, rows: [] };
            node.rows = message.rows.map((row) => {
              const rowNode: RowNode = { kind: 'row', message, row, parent: node, findings: [] };
              // One finding fits the row's own line; more are listed under it, each opening its place.
              if (row.findings.length > 1) rowNode.findings = row.findings.map((finding) => ({ kind: 'finding', message, finding, parent: rowNode }));
              return rowNode;
            });
            return node;
          });
    const version = 'error' in s || s.messages.length === 0 ? undefined : versionOf(s.messages[0].subject);
    this.view.description = `${vscode.workspace.asRelativePath(this.folder)}${version ? ` · v${version}` : ''}`;
    void vscode.commands.executeCommand('setContext', 'bpfPatchLint.seriesShown', !('error' in s) && s.messages.length > 0);
    this.view.message = 'error' in s ? s.error : `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`;
    this.changed.fire();
  }

  /** The summary shown now (for tests). */
  current(): SeriesSummaryInfo | RequestFailure | undefined {
    return this.summary;
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      if (!this.summary) return [{ kind: 'note', text: 'Run "BPF: Format Patches…" or "BPF: Show Series Readiness" on a folder of patches.' }];
      return this.nodes;
    }
    return node.kind === 'message' ? node.rows : node.kind === 'row' ? node.findings : [];
  }

  getParent(node: Node): Node | undefined {
    return node.kind === 'row' || node.kind === 'finding' ? node.parent : undefined;
  }

  /** The folder shown and its cover letter, for the view's title-bar actions. */
  shown(): { folder: vscode.Uri; coverLetter?: vscode.Uri; files: vscode.Uri[]; madeByB4: boolean } | undefined {
    const s = this.summary;
    if (!this.folder || !s || 'error' in s) return undefined;
    const files = [...new Set(s.messages.map((m) => m.uri))].map((u) => vscode.Uri.parse(u));
    const cover = s.messages.find((m) => m.isCoverLetter);
    return { folder: this.folder, coverLetter: cover ? vscode.Uri.parse(cover.uri) : undefined, files, madeByB4: s.madeByB4 === true };
  }

  /** Shows the first message that is not ready, expanded (or the first one). */
  async revealFirstProblem(): Promise<void> {
    const target = this.nodes.find((n) => worst(n.message) !== 'pass') ?? this.nodes[0];
    if (target) await this.view.reveal(target, { expand: true, focus: true, select: true });
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'note') return new vscode.TreeItem(node.text);
    const uri = vscode.Uri.parse(node.message.uri);
    if (node.kind === 'finding') {
      const { finding } = node;
      const item = new vscode.TreeItem(finding.message);
      item.description = finding.rule;
      item.iconPath = SEVERITY_ICON[finding.severity] ?? new vscode.ThemeIcon('info');
      item.tooltip = `${finding.severity}: ${finding.message} [${finding.rule}]`;
      item.command = openAt(uri, finding.range);
      return item;
    }
    if (node.kind === 'message') {
      const state = worst(node.message);
      const item = new vscode.TreeItem(uri.path.split('/').pop()!, state === 'pass' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
      item.description = node.message.subject;
      item.iconPath = ICON[state];
      item.resourceUri = uri;
      item.tooltip = node.message.subject;
      item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: new vscode.Range(node.message.line, 0, node.message.line, 0) }] };
      return item;
    }
    const { row } = node;
    // The netdev CI's name for the same check, as its verdicts on patchwork show it.
    const item = new vscode.TreeItem(row.nipa ? `${row.title} (${row.nipa})` : row.title, node.findings.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.iconPath = ICON[row.state];
    const first = row.findings.find((f) => f.severity === 'error' || f.severity === 'warning') ?? row.findings[0];
    item.description = row.note ?? (node.findings.length > 0 ? `${node.findings.length} problems` : first ? first.message : '');
    item.tooltip = row.findings.map((f) => `${f.severity}: ${f.message} [${f.rule}]`).join('\n') || row.title;
    const at = first?.range ?? { start: { line: node.message.line, character: 0 }, end: { line: node.message.line, character: 0 } };
    item.command = openAt(uri, at);
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher?.dispose();
    for (const l of this.listeners) l.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}
