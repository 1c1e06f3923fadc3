/**
 * The extension in a workspace VS Code does not trust (#19): it still lints
 * what is written, but never asks git, so nothing git-backed appears. The
 * trusted suite shows the same patch getting its git-backed finding.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const SOURCE = 'bpf-patch-lint';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code));

describe('bpf-patch-lint in an untrusted workspace', () => {
  it('lints the patch without git: offline findings, no git-backed ones', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the runner opens the folder untrusted');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder.uri, 'review', '0001-bpf-fix-it.patch');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
    // The offline findings arrive (the patch is checked at all)...
    for (let waited = 0; ours().length === 0; waited += 100) {
      if (waited > 30000) throw new Error('no diagnostics at all in the untrusted workspace');
      await sleep(100);
    }
    // ...and git, which answers within a second or two when trusted, is never asked.
    await sleep(5000);
    const codes = ours().map(codeOf);
    assert.ok(codes.length > 0);
    assert.ok(!codes.includes('fixes-tag-title-mismatch'), codes.join(', '));
    // The status bar says why (#14).
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'bpf-patch-lint')!;
    const status = (ext.exports as { status: { current(): { visible: boolean; text: string; tooltip: string } } }).status.current();
    assert.equal(status.visible, true);
    assert.equal(status.text, '$(circle-slash) BPF');
    assert.match(status.tooltip, /git checks off: the workspace is not trusted/);
  });
});
