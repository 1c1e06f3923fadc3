/**
 * The status bar item: whether the language server runs, and whether the
 * active document's git-backed checks run (and why not). A click shows the log.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { GIT_STATE_NOTIFICATION, type GitState, type GitStateInfo } from '../../server/src/lsp/protocol';

export const SHOW_LOG_COMMAND = 'bpfPatchLint.showLog';

const GIT_WORDS: Record<GitState, string> = {
  on: 'git checks on',
  disabled: 'git checks off (bpfPatchLint.git.enable)',
  untrusted: 'git checks off: the workspace is not trusted',
  'not-a-file': 'git checks off: not a file on disk',
  'no-repository': 'git checks off: not in a git repository',
  failed: 'git checks failed',
};

/** What the item shows; tests read it. */
export interface StatusView {
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
}

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('bpfPatchLint.status', vscode.StatusBarAlignment.Right, 100);
  private readonly gitStates = new Map<string, GitStateInfo>();
  private server: 'starting' | 'running' | 'stopped' = 'starting';
  private readonly disposables: vscode.Disposable[] = [];
  private shown: StatusView = { visible: false, text: '', tooltip: '' };

  constructor(private readonly ours: (doc: vscode.TextDocument) => boolean) {
    this.item.name = 'BPF Patch Lint';
    this.item.command = SHOW_LOG_COMMAND;
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((d) => this.gitStates.delete(d.uri.toString())),
    );
    this.render();
  }

  /** Follows a client: its state, and the git state its server reports per document. */
  watch(client: LanguageClient): void {
    this.disposables.push(
      client.onDidChangeState((e) => {
        this.server = e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped';
        if (this.server !== 'running') this.gitStates.clear();
        this.render();
      }),
      client.onNotification(GIT_STATE_NOTIFICATION, (info: GitStateInfo) => {
        this.gitStates.set(info.uri, info);
        this.render();
      }),
    );
  }

  current(): StatusView {
    return this.shown;
  }

  private render(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const visible = doc !== undefined && this.ours(doc);
    const git = doc ? this.gitStates.get(doc.uri.toString()) : undefined;
    let text: string;
    let tooltip: string;
    if (this.server === 'stopped') {
      text = '$(error) BPF';
      tooltip = 'bpf-patch-lint: the language server is not running (BPF: Restart Language Server). Click for the log.';
    } else if (this.server === 'starting') {
      text = '$(sync~spin) BPF';
      tooltip = 'bpf-patch-lint: the language server is starting.';
    } else {
      const gitOn = git === undefined || git.state === 'on';
      text = gitOn ? '$(check) BPF' : git.state === 'failed' ? '$(warning) BPF' : '$(circle-slash) BPF';
      const gitWords = git ? GIT_WORDS[git.state] + (git.detail ? `: ${git.detail}` : '') : 'git checks not run yet';
      tooltip = `bpf-patch-lint: checking this document; ${gitWords}. Click for the log.`;
    }
    this.item.text = text;
    this.item.tooltip = tooltip;
    if (visible) this.item.show();
    else this.item.hide();
    this.shown = { visible, text, tooltip };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
