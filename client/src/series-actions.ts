/**
 * The BPF Series view's title-bar actions: open the cover letter, fix all in
 * the series, copy the `git send-email` command for the folder.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FIX_SERIES_REQUEST, type FixSeriesInfo, type RequestFailure } from '../../server/src/lsp/protocol';
import type { SeriesView } from './series-view';

export async function openCoverLetter(series: SeriesView): Promise<vscode.Uri | undefined> {
  const shown = series.shown();
  if (!shown?.coverLetter) {
    void vscode.window.showInformationMessage(shown ? 'BPF: this series has no cover letter (a single patch needs none).' : 'BPF: no series is shown.');
    return undefined;
  }
  await vscode.window.showTextDocument(shown.coverLetter, { preview: false });
  return shown.coverLetter;
}

/** Applies every preferred fix in the series' files and saves them; returns the server's count. */
export async function fixAllInSeries(client: LanguageClient | undefined, series: SeriesView): Promise<FixSeriesInfo | undefined> {
  const shown = series.shown();
  if (!client || !shown) return undefined;
  // The server reads the files from disk: unsaved edits in them are saved first, or they would be overwritten.
  const open = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  for (const f of shown.files) {
    const doc = open(f);
    if (doc?.isDirty && !(await doc.save())) {
      void vscode.window.showErrorMessage(`BPF: could not save ${vscode.workspace.asRelativePath(f)}; nothing was fixed.`);
      return undefined;
    }
  }
  const answer = await client.sendRequest<FixSeriesInfo | RequestFailure>(FIX_SERIES_REQUEST, { uri: shown.folder.toString() });
  if ('error' in answer) {
    void vscode.window.showErrorMessage(`BPF: ${answer.error}`);
    return undefined;
  }
  if (answer.files === 0) {
    void vscode.window.showInformationMessage('BPF: nothing in this series can be fixed automatically.');
    return answer;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(answer.edit);
  if (!edit || !(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('BPF: the fixes could not be applied; nothing was changed.');
    return undefined;
  }
  for (const [uri] of edit.entries()) await open(uri)?.save();
  void vscode.window.showInformationMessage(`BPF: ${answer.fixes} fix${answer.fixes === 1 ? '' : 'es'} in ${answer.files} file${answer.files === 1 ? '' : 's'} (undo with Ctrl+Z in each).`);
  await series.refresh(true);
  return answer;
}

/** A word the shell takes as it is, else single-quoted. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Copies `git send-email <folder>/*.patch` (the files carry their To: and Cc: headers). */
export async function copySendEmail(series: SeriesView): Promise<string | undefined> {
  const shown = series.shown();
  if (!shown) return undefined;
  if (shown.madeByB4) {
    // b4 makes its mails again from its prep branch when it sends: these files are only what it would send.
    const command = 'b4 send';
    await vscode.env.clipboard.writeText(command);
    void vscode.window.showInformationMessage(`BPF: copied "${command}": b4 wrote this series and sends it from its prep branch (b4 send --dry-run shows the mails first).`);
    return command;
  }
  const folder = vscode.workspace.asRelativePath(shown.folder, false);
  // The files' own extension: a folder of .eml mails (b4 send -o, a list archive) has no *.patch.
  const extensions = [...new Set(shown.files.map((f) => /\.([^./]+)$/.exec(f.path)?.[1] ?? 'patch'))];
  const glob = extensions.length === 1 ? `*.${extensions[0]}` : `*.{${extensions.join(',')}}`;
  const command = `git send-email ${shellWord(folder)}/${glob}`;
  await vscode.env.clipboard.writeText(command);
  void vscode.window.showInformationMessage(`BPF: copied "${command}" (add --dry-run to see the mails first).`);
  return command;
}
