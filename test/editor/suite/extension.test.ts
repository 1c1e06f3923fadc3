/**
 * The extension in a real VS Code: diagnostics appear in COMMIT_EDITMSG and in
 * a .patch, a quick fix edits the text, hover explains, the FAQ command opens
 * the kernel tree's own FAQ at the heading. Screenshots for the README are
 * requested from the runner at the interesting moments.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Asks the runner to press a key in the page (quick picks and input boxes take real keys). */
async function press(key: string): Promise<void> {
  await sleep(1500);
  console.log(`BPL-KEY ${key}`);
}

/** Polls `read` until `ok` holds (20 s at most). */
async function until<T>(read: () => T, ok: (t: T) => boolean, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const t = read();
    if (ok(t)) return t;
    if (Date.now() > end) throw new Error(`gave up waiting; last: ${JSON.stringify(t)}`);
    await sleep(100);
  }
}

interface Api {
  readonly status: { current(): { visible: boolean; text: string; tooltip: string } };
}

function api(): Api {
  const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'bpf-patch-lint');
  assert.ok(ext?.isActive, 'the extension is active');
  return ext.exports as Api;
}

describe('bpf-patch-lint in VS Code', () => {
  let commitUri: vscode.Uri;

  before(async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'bpf-patch-lint');
    assert.ok(ext, 'extension under development is loaded');
    commitUri = vscode.Uri.joinPath(folder(), '.git', 'COMMIT_EDITMSG');
  });

  it('finds what only git can tell in a trusted workspace: a Fixes tag with the wrong title', async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    const uri = vscode.Uri.joinPath(folder(), 'review', '0001-bpf-fix-it.patch');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await diagnosticsFor(uri, (ds) => ds.some((d) => codeOf(d) === 'fixes-tag-title-mismatch'));
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

  it('shows in the status bar that the server runs and git checks are on, and hides it for other files (#14)', async () => {
    const status = api().status;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(commitUri));
    const view = await until(() => status.current(), (v) => v.visible && v.tooltip.includes('git checks on'));
    assert.equal(view.text, '$(check) BPF');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'MAINTAINERS')));
    await until(() => status.current(), (v) => !v.visible);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(commitUri));
    await until(() => status.current(), (v) => v.visible);
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

  it('formats the branch with BPF: Format Patches… and shows its readiness in BPF Series', async function () {
    this.timeout(120000);
    const running = vscode.commands.executeCommand<{ dir: string; files: string[]; errors: number; placeholders: number }>('bpfPatchLint.formatPatches');
    await press('Enter'); // both commits, picked already
    await press('Enter'); // the suggested tree: bpf-next (no Fixes tags)
    await press('Enter'); // the output folder: patches/topic
    await press('Enter'); // version 1
    await press('Enter'); // no options (RFC, RESEND, sign-off)
    await press('Enter'); // no more Cc
    const result = await running;
    assert.ok(result, 'the command finished');
    const names = result.files.map((f) => f.split('/').pop());
    assert.deepEqual(names, ['0000-cover-letter.patch', '0001-bpf-Add-a-syscall-file.patch', '0002-bpf-Add-a-core-file.patch']);
    assert.match(result.dir, /patches\/topic\/v1$/);
    assert.deepEqual([result.errors, result.placeholders], [2, 2]);
    const first = readFileSync(result.files[1], 'utf8');
    assert.match(first, /^Subject: \[PATCH bpf-next 1\/2\] bpf: Add a syscall file$/m);
    assert.match(first, /^To: bpf@vger\.kernel\.org$/m);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, result.files[0], 'the cover letter is open');

    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'bpf-patch-lint')!;
    const series = (ext.exports as { series: { current(): { messages: { subject: string; rows: { check: string; state: string }[] }[] } | undefined } }).series;
    const shown = series.current();
    assert.ok(shown && 'messages' in shown, JSON.stringify(shown));
    assert.deepEqual(shown.messages.map((m) => m.subject), ['[PATCH bpf-next 0/2] *** SUBJECT HERE ***', '[PATCH bpf-next 1/2] bpf: Add a syscall file', '[PATCH bpf-next 2/2] bpf: Add a core file']);
    assert.equal(shown.messages[0].rows.find((r) => r.check === 'cover-letter')?.state, 'fail');
    // checkpatch.pl runs on the open patch files, not in the folder's summary; the workspace has no tree branch to apply to.
    assert.ok(shown.messages[1].rows.every((r) => r.state === 'pass' || r.check === 'checkpatch' || r.check === 'apply'), JSON.stringify(shown.messages[1].rows));
    // The view says which folder and version; its title bar opens the cover letter and gives the send command (#14).
    assert.match(String((series as unknown as { view: vscode.TreeView<unknown> }).view.description), /^patches\/topic\/v1 · v1$/);
    await vscode.window.showTextDocument(vscode.Uri.file(result.files[1]));
    const opened = await vscode.commands.executeCommand<vscode.Uri>('bpfPatchLint.seriesOpenCoverLetter');
    assert.equal(opened?.fsPath, result.files[0]);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, result.files[0]);
    assert.equal(await vscode.commands.executeCommand<string>('bpfPatchLint.seriesCopySendEmail'), 'git send-email patches/topic/v1/*.patch');
    // Room for the view in the README's screenshot: no panel, no toasts.
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
    await (series as unknown as { revealFirstProblem(): Promise<void> }).revealFirstProblem();
    await sleep(3000); // the tree reaches the renderer asynchronously
    await screenshot('series');

    // Filling in the cover letter turns its row green: the view follows the files.
    const cover = await vscode.workspace.openTextDocument(vscode.Uri.file(result.files[0]));
    const edit = new vscode.WorkspaceEdit();
    const text = cover.getText();
    edit.replace(cover.uri, new vscode.Range(cover.positionAt(0), cover.positionAt(text.length)), text.replace('*** SUBJECT HERE ***', 'bpf: Add two files').replace('*** BLURB HERE ***', 'Two files for the BPF subsystem.'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await cover.save();
    const until = Date.now() + 20000;
    while (series.current()?.messages[0].rows.find((r) => r.check === 'cover-letter')?.state !== 'pass') {
      assert.ok(Date.now() < until, `the BPF Series view did not refresh after the save: ${JSON.stringify(series.current()?.messages[0])}`);
      await sleep(200);
    }

    // Opening a patch of another folder moves the view to that series.
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder(), 'outgoing', '0001-bpf-keep-register-state.patch'));
    const followed = Date.now() + 20000;
    while (!(series.current() as { folder?: string } | undefined)?.folder?.endsWith('outgoing')) {
      assert.ok(Date.now() < followed, 'the BPF Series view did not follow the active patch');
      await sleep(200);
    }
  });

  it('lints the Source Control message box like COMMIT_EDITMSG (#14)', async () => {
    const gitExtension = vscode.extensions.getExtension<{ getAPI(v: 1): { repositories: { inputBox: { value: string } }[] } }>('vscode.git');
    assert.ok(gitExtension, 'the built-in git extension');
    const git = (await gitExtension.activate()).getAPI(1);
    const repo = await until(() => git.repositories[0], (r) => r !== undefined);
    await vscode.commands.executeCommand('workbench.view.scm');
    repo.inputBox.value = `bpf: Keep state\n\nKeep it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: Jane Developer <jane@example.org>\n`;
    const box = await until(() => vscode.workspace.textDocuments.find((d) => d.languageId === 'scminput'), (d) => d !== undefined);
    const diags = await diagnosticsFor(box!.uri, (ds) => ds.some((d) => codeOf(d) === 'cc-stable'));
    const d = diags.find((x) => codeOf(x) === 'cc-stable')!;
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [4, 0, 4, 26]);
    repo.inputBox.value = '';
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it('"Disable <rule>…" asks where, writes only there, and opens it (#14)', async () => {
    const uri = vscode.Uri.joinPath(folder(), 'review', '0001-bpf-fix-it.patch');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const d = (await diagnosticsFor(uri, (ds) => ds.some((x) => codeOf(x) === 'cc-stable'))).find((x) => codeOf(x) === 'cc-stable')!;
    // An error: asked for explicitly (as Ctrl+. does), the action is there, and it is a question, not an edit.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const disable = actions.find((a) => a.title === 'Disable cc-stable…');
    assert.ok(disable?.command && !disable.edit, actions.map((a) => a.title).join(' | '));
    const asked = vscode.commands.executeCommand<string | undefined>(disable.command.command, ...(disable.command.arguments ?? []));
    await press('ArrowDown'); // from "User settings" to "Workspace settings"
    await press('Enter');
    assert.equal(await asked, 'workspace');
    try {
      assert.deepEqual(vscode.workspace.getConfiguration('bpfPatchLint').inspect('rules')?.workspaceValue, { 'cc-stable': 'off' });
      assert.equal(vscode.workspace.getConfiguration('bpfPatchLint').inspect('rules')?.globalValue, undefined, 'user settings untouched');
      await until(() => vscode.window.activeTextEditor?.document.uri.path ?? '', (p) => p.endsWith('/.vscode/settings.json'));
      await diagnosticsFor(uri, (ds) => ds.length > 0 && !ds.some((x) => codeOf(x) === 'cc-stable'));
      const pkg = vscode.Uri.joinPath(folder(), '.bpf-patch-lint.json');
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(pkg)), 'the repository got no config file');
    } finally {
      await vscode.workspace.getConfiguration('bpfPatchLint').update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('lists the rules', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'bpf-patch-lint')!;
    const api = ext.exports as { client: () => { sendRequest: (m: string) => Promise<{ id: string }[]> }; activationMs: number; readyMs: Promise<number> };
    const rules = await api.client().sendRequest('bpfPatchLint/rules');
    assert.ok(rules.some((r) => r.id === 'cc-stable'));
    const readyMs = await api.readyMs;
    assert.ok(readyMs > api.activationMs, `ready at ${readyMs} ms, activated in ${api.activationMs} ms`);
    console.log(`BPL-METRIC activationMs ${api.activationMs.toFixed(2)}`);
    console.log(`BPL-METRIC readyMs ${readyMs.toFixed(2)}`);
  });

  it('on a b4 prep branch, "Check What b4 Would Send" shows b4\'s mails in BPF Series, to be sent with b4 (#17)', async function () {
    this.timeout(120000);
    if (spawnSync('b4', ['--version']).status !== 0) {
      if (process.env.CI) throw new Error('b4 is missing: .ci/run installs Debian\'s b4');
      this.skip();
    }
    const ws = folder().fsPath;
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, encoding: 'utf8' }).trim();
    // b4 takes $EDITOR for --edit-cover when core.editor is not set: a script writes the cover letter.
    const editor = join(ws, '.git', 'b4-cover-editor.sh');
    writeFileSync(editor, `#!/bin/sh\nprintf 'bpf: Add a helper\\n\\nThis series adds a helper to the verifier.\\n\\nTo: bpf@vger.kernel.org\\n' > "$1"\n`);
    chmodSync(editor, 0o755);
    const b4 = (...args: string[]) => execFileSync('b4', ['--offline-mode', 'prep', ...args], { cwd: ws, env: { ...process.env, EDITOR: editor }, stdio: 'pipe' });
    try {
      b4('-n', 'helper');
      b4('--edit-cover');
      b4('--set-prefixes', 'bpf-next');
      for (const name of ['helper', 'helper_test']) {
        writeFileSync(join(ws, 'kernel', 'bpf', `${name}.c`), `int ${name};\n`);
        git('add', `kernel/bpf/${name}.c`);
        execFileSync('git', ['commit', '-q', '-F', '-'], { cwd: ws, input: `bpf: Add ${name}.c\n\nAdd the file, explained in a sentence.\n\nSigned-off-by: Jane Developer <jane@example.org>\n` });
      }
      const result = await vscode.commands.executeCommand<{ dir: string; files: string[]; errors: number; warnings: number }>('bpfPatchLint.checkB4Series');
      assert.ok(result, 'the command finished');
      assert.equal(result.dir, join(ws, '.git', 'bpf-patch-lint', 'b4-send'));
      assert.deepEqual(result.files.map((f) => f.split('/').pop()), ['0000-bpf-add-a-helper.eml', '0001-bpf-add-helper-c.eml', '0002-bpf-add-helper_test-c.eml']);
      assert.deepEqual([result.errors, result.warnings], [0, 0]);
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, result.files[0], 'the cover letter is open');
      const series = (vscode.extensions.all.find((e) => e.packageJSON?.name === 'bpf-patch-lint')!.exports as { series: { current(): { messages: { subject: string }[] } | undefined } }).series;
      await until(() => series.current()?.messages.map((m) => m.subject) ?? [], (s) => s.length === 3);
      assert.deepEqual(series.current()!.messages.map((m) => m.subject), ['[PATCH bpf-next 0/2] bpf: Add a helper', '[PATCH bpf-next 1/2] bpf: Add helper.c', '[PATCH bpf-next 2/2] bpf: Add helper_test.c']);
      // b4 sends them from its branch: not git send-email on these files.
      assert.equal(await vscode.commands.executeCommand<string>('bpfPatchLint.seriesCopySendEmail'), 'b4 send');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      git('checkout', '-q', '-f', 'topic');
    }
  });
});
