/**
 * "BPF: Format Patches…": the commits since upstream (all picked), the tree
 * (suggested from Fixes tags), the version (the next one), then the server
 * runs format-patch and lints the result. Refusals come back as messages.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { chooseTree } from '../../server/src/engine/series-plan';
import { FORMAT_SERIES_REQUEST, SERIES_PLAN_REQUEST, type FormatSeriesInfo, type RequestFailure, type SeriesPlanInfo } from '../../server/src/lsp/protocol';

/** Where to start: the active file's folder, else the first workspace folder. */
function startUri(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.uri.scheme === 'file') return doc.uri;
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

export async function formatPatches(client: LanguageClient | undefined, showSeries: (folder: vscode.Uri) => Promise<void>): Promise<FormatSeriesInfo | undefined> {
  const at = startUri();
  if (!client || !at) {
    void vscode.window.showErrorMessage('BPF: open a folder inside a git repository first.');
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage('BPF: formatting patches runs git, which needs a trusted workspace.');
    return undefined;
  }
  const plan = await client.sendRequest<SeriesPlanInfo | RequestFailure>(SERIES_PLAN_REQUEST, { uri: at.toString() });
  if ('error' in plan) {
    void vscode.window.showErrorMessage(`BPF: ${plan.error}`);
    return undefined;
  }
  const commitItems = [...plan.commits].reverse().map((c) => ({ label: c.subject, description: c.sha.slice(0, 12), detail: c.hasFixes ? 'has a Fixes: tag' : undefined, picked: true, sha: c.sha }));
  const picked = await vscode.window.showQuickPick(commitItems, {
    canPickMany: true,
    title: `Commits to send (${plan.from}..${plan.to})`,
    placeHolder: 'A series is a run of consecutive commits',
  });
  if (!picked || picked.length === 0) return undefined;
  const pickedSet = new Set(picked.map((p) => p.sha));
  const pickedCommits = plan.commits.filter((c) => pickedSet.has(c.sha));
  // The same reasoning as the CLI's, over the picked commits only.
  const choice = chooseTree(pickedCommits.map((c) => ({ sha: c.sha, subject: c.subject, fixes: c.fixes ?? (c.hasFixes ? ['(has Fixes)'] : []), files: [], fixTargets: c.fixTargets })));
  const suggested = choice.tree;
  const treeItems = [suggested, ...plan.trees.filter((t) => t !== suggested)].map((t) => ({
    label: t,
    description: t === suggested ? `suggested: ${choice.why}` : undefined,
  }));
  const tree = await vscode.window.showQuickPick(treeItems, { title: 'Tree', placeHolder: 'The tree in [PATCH <tree>]' });
  if (!tree) return undefined;
  const version = await vscode.window.showInputBox({
    title: 'Version',
    value: String(plan.nextVersion),
    prompt: plan.nextVersion > 1 ? `v${plan.nextVersion - 1} is already in ${vscode.workspace.asRelativePath(plan.root)}` : 'The first version',
    validateInput: (v) => (/^[1-9]\d?$/.test(v.trim()) ? undefined : 'A whole number from 1 to 99'),
  });
  if (!version) return undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'BPF: formatting patches…' },
    () =>
      client.sendRequest<FormatSeriesInfo | RequestFailure>(FORMAT_SERIES_REQUEST, {
        uri: at.toString(),
        tree: tree.label,
        version: Number(version.trim()),
        commits: picked.map((p) => p.sha),
      }),
  );
  if ('error' in result) {
    void vscode.window.showErrorMessage(`BPF: ${result.error}`);
    return undefined;
  }
  const dir = vscode.Uri.file(result.dir);
  await showSeries(dir);
  const first = vscode.Uri.file(result.files[0]);
  await vscode.commands.executeCommand('revealInExplorer', first);
  await vscode.window.showTextDocument(first, { preview: false });
  const placeholders = result.placeholders > 0 ? ` (${result.placeholders} placeholder${result.placeholders === 1 ? '' : 's'} to fill in)` : '';
  void vscode.window.showInformationMessage(
    `BPF: wrote ${result.files.length} file${result.files.length === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(dir)}: ${result.errors} error${result.errors === 1 ? '' : 's'}${placeholders}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}.`,
  );
  return result;
}
