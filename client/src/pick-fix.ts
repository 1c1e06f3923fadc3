/**
 * One quick pick for a finding's alternative fixes (the commits a Fixes tag
 * may name), instead of an action each in the lightbulb.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { PickFixArgs } from '../../server/src/lsp/protocol';

/** Returns the label applied, or undefined when the user cancelled or the document changed meanwhile. */
export async function pickFix(client: LanguageClient | undefined, args: PickFixArgs | undefined): Promise<string | undefined> {
  if (!client || !args || !Array.isArray(args.items) || args.items.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    args.items.map((item) => ({ label: item.label, detail: item.detail, item })),
    { title: args.title, placeHolder: 'The commit the Fixes tag should name', matchOnDetail: true },
  );
  if (!picked) return undefined;
  // The edit names the document version it was made for: VS Code refuses it if the text changed since.
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(picked.item.edit);
  if (!edit || !(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage('BPF: the document changed while you picked; pick the commit again.');
    return undefined;
  }
  return picked.label;
}
