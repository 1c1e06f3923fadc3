/**
 * The extension in a real VS Code: diagnostics appear in COMMIT_EDITMSG and in
 * a .patch, a quick fix edits the text, hover explains, the FAQ command opens
 * the kernel tree's own FAQ at the heading. Screenshots for the README are
 * requested from the runner at the interesting moments.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

const SOURCE = 'bpf-patch-lint';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the runner opens a workspace folder');
  return f.uri;
}

const expected = () => JSON.parse(readFileSync(vscode.Uri.joinPath(folder(), 'expected.json').fsPath, 'utf8')) as { commit: string; patch: string; hasSeed: boolean };

async function diagnosticsFor(uri: vscode.Uri, test: (d: vscode.Diagnostic[]) => boolean, ms = 30000): Promise<vscode.Diagnostic[]> {
  const until = Date.now() + ms;
  for (;;) {
    const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
    if (test(ours)) return ours;
    if (Date.now() > until) throw new Error(`diagnostics never matched; have: ${ours.map((d) => String(codeOf(d))).join(', ')}`);
    await sleep(100);
  }
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c === undefined ? undefined : String(c);
}

/** Asks the runner for a screenshot and gives it time to take one. */
async function screenshot(name: string): Promise<void> {
  console.log(`BPL-SCREENSHOT ${name}`);
  await sleep(2500);
}

describe('bpf-patch-lint in VS Code', () => {
  let commitUri: vscode.Uri;

  before(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'bpf-patch-lint');
    assert.ok(ext, 'extension under development is loaded');
    commitUri = vscode.Uri.joinPath(folder(), '.git', 'COMMIT_EDITMSG');
  });

  it('squiggles a forbidden stable Cc in COMMIT_EDITMSG, with the rule id and FAQ link', async () => {
    const doc = await vscode.workspace.openTextDocument(commitUri);
    assert.equal(doc.languageId, 'git-commit');
    await vscode.window.showTextDocument(doc);
    const diags = await diagnosticsFor(commitUri, (ds) => ds.some((d) => codeOf(d) === 'cc-stable'));
    const d = diags.find((x) => codeOf(x) === 'cc-stable')!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [4, 0, 4, 26]);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /bpf_devel_QA/);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('squiggle');
  });

  it('explains the finding on hover', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', commitUri, new vscode.Position(4, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*cc-stable\*\*/);
    assert.match(text, /Open FAQ section/);
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(4, 3, 4, 3);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover');
    await vscode.commands.executeCommand('editor.action.hideHover');
  });

  it('repairs it with the quick fix', async () => {
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(4, 3, 4, 3);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await screenshot('quick-fix');
    await vscode.commands.executeCommand('hideCodeActionWidget');
    const d = (await diagnosticsFor(commitUri, (ds) => ds.some((x) => codeOf(x) === 'cc-stable'))).find((x) => codeOf(x) === 'cc-stable')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', commitUri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Remove the stable Cc tag');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const doc = await vscode.workspace.openTextDocument(commitUri);
    assert.equal(doc.getText(), expected().commit.replace('Cc: stable@vger.kernel.org\n', ''));
    await diagnosticsFor(commitUri, (ds) => !ds.some((x) => codeOf(x) === 'cc-stable'));
  });

  it('lints a .patch as kernel-patch and offers fixes there too', async () => {
    const uri = vscode.Uri.joinPath(folder(), 'outgoing', '0001-bpf-keep-register-state.patch');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'kernel-patch');
    await vscode.window.showTextDocument(doc);
    const diags = await diagnosticsFor(uri, (ds) => ds.some((d) => codeOf(d) === 'subject-tree-missing'));
    const d = diags.find((x) => codeOf(x) === 'subject-tree-missing')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.some((a) => a.title === 'Target the bpf-next tree'));
    await screenshot('patch');
  });

  it('opens the FAQ section from the kernel tree at its heading', async function () {
    if (!expected().hasSeed) this.skip();
    const target = await vscode.commands.executeCommand<{ uri: string; line: number }>('bpfPatchLint.openFaqSection', 'cc-stable');
    assert.match(target.uri, /Documentation\/bpf\/bpf_devel_QA\.rst$/);
    const editor = vscode.window.activeTextEditor!;
    assert.match(editor.document.uri.path, /bpf_devel_QA\.rst$/);
    assert.equal(editor.document.lineAt(editor.selection.active.line).text, 'Q: The BPF patch I am about to submit needs to go to stable as well');
  });

  it('lists the rules', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'bpf-patch-lint')!;
    const api = ext.exports as { client: () => { sendRequest: (m: string) => Promise<{ id: string }[]> }; activationMs: number };
    const rules = await api.client().sendRequest('bpfPatchLint/rules');
    assert.ok(rules.some((r) => r.id === 'cc-stable'));
    console.log(`BPL-METRIC activationMs ${api.activationMs.toFixed(2)}`);
  });
});
