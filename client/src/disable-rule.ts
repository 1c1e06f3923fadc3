/**
 * "Disable <rule>…": the user picks where the rule is turned off, and sees
 * what changed. Nothing is written into a repository (a kernel tree, usually)
 * unless the user picked the repository's config file.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DISABLE_RULE_REQUEST, type DisableRuleInfo } from '../../server/src/lsp/protocol';

type Where = 'user' | 'workspace' | 'file';

interface Choice extends vscode.QuickPickItem {
  readonly where: Where;
}

/** Where the rule can be turned off, most private first; the config file shared with the CLI and hook last. */
function choices(rule: string, info: DisableRuleInfo, hasWorkspace: boolean): Choice[] {
  const overridden = info.fileSetsRule ? ` (${info.file?.replace(/^.*\//, '')} sets ${rule} and wins over settings)` : '';
  const out: Choice[] = [{ label: 'User settings', description: `for you, in every repository${overridden}`, where: 'user' }];
  if (hasWorkspace) out.push({ label: 'Workspace settings', description: `for this workspace (.vscode/settings.json)${overridden}`, where: 'workspace' });
  if (info.file && info.edit) {
    out.push({ label: info.file.replace(/^.*\//, ''), description: 'in the repository, also for the command line and the commit-msg hook', detail: info.file, where: 'file' });
  }
  return out;
}

async function turnOffInSettings(rule: string, target: vscode.ConfigurationTarget): Promise<void> {
  const config = vscode.workspace.getConfiguration('bpfPatchLint');
  const inspected = config.inspect<Record<string, string>>('rules');
  const current = (target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue) ?? {};
  await config.update('rules', { ...current, [rule]: 'off' }, target);
  await vscode.commands.executeCommand(target === vscode.ConfigurationTarget.Global ? 'workbench.action.openSettingsJson' : 'workbench.action.openWorkspaceSettingsFile');
}

/** Returns where the rule was turned off, or undefined when the user cancelled. */
export async function disableRule(client: LanguageClient | undefined, rule: unknown, uri: unknown): Promise<Where | undefined> {
  if (!client || typeof rule !== 'string' || typeof uri !== 'string') return undefined;
  const info = await client.sendRequest<DisableRuleInfo>(DISABLE_RULE_REQUEST, { rule, uri });
  const picked = await vscode.window.showQuickPick(choices(rule, info, (vscode.workspace.workspaceFolders?.length ?? 0) > 0), {
    title: `Disable ${rule}`,
    placeHolder: `Where should ${rule} be turned off?`,
  });
  if (!picked) return undefined;
  if (picked.where === 'user') await turnOffInSettings(rule, vscode.ConfigurationTarget.Global);
  else if (picked.where === 'workspace') await turnOffInSettings(rule, vscode.ConfigurationTarget.Workspace);
  else {
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(info.edit!);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`BPF: could not edit ${info.file}.`);
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(info.file!));
    // Saved: the server, the CLI and the hook read the file from disk.
    await doc.save();
    await vscode.window.showTextDocument(doc);
  }
  return picked.where;
}
