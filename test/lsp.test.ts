/**
 * The language server over a real JSON-RPC connection, as editors drive it.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionItem, Hover, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES } from '../server/src/rules';
import type { Rule } from '../server/src/engine/types';
import { AUTHOR, commitMessage, coverLetter, patch } from './helpers/mail';
import { LspClient, type Published } from './helpers/lsp-client';
import { REPO, requireShared } from './helpers/paths';
import { isFaqDestination } from '../server/src/lsp/protocol';
import { GitRepository } from '../server/src/node/git-facts';

function applyWorkspaceEdit(text: string, edit: WorkspaceEdit, uri: string): string {
  const change = (edit.documentChanges ?? []).find((c) => 'textDocument' in c && c.textDocument.uri === uri) as { edits: TextEdit[] } | undefined;
  assert.ok(change, 'no edit for the document');
  return TextDocument.applyEdits(TextDocument.create(uri, 'x', 0, text), change.edits);
}

describe('language server (JSON-RPC)', function () {
  this.timeout(30000);
  let dir: string;
  let client: LspClient;

  before(() => {
    if (!existsSync(join(REPO, 'dist', 'server.js'))) execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO });
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-lsp-'));
    client = LspClient.spawn();
    // As VS Code's client does: hovers may link to the open-FAQ command.
    await client.initialize({ commandLinks: true });
  });
  afterEach(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const STABLE_MSG = commitMessage({ body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` });

  it('announces its capabilities', async () => {
    const c = LspClient.spawn();
    const init = await c.initialize();
    await c.close();
    assert.equal(init.capabilities.hoverProvider, true);
    assert.deepEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.bpfPatchLint'] });
    assert.equal(init.capabilities.textDocumentSync && typeof init.capabilities.textDocumentSync === 'object' && init.capabilities.textDocumentSync.change, 2);
  });

  it('publishes diagnostics for COMMIT_EDITMSG with rule ids, exact ranges, versions and FAQ links', async () => {
    const uri = pathToFileURL(join(dir, '.git', 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit', 7);
    const pub = await client.waitFor(uri);
    assert.equal(pub.version, 7);
    const d = pub.diagnostics.find((x) => x.code === 'cc-stable')!;
    assert.ok(d, JSON.stringify(pub.diagnostics));
    assert.deepEqual(d.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 26 } });
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'bpf-patch-lint');
    assert.equal(d.codeDescription?.href, 'https://www.kernel.org/doc/html/latest/bpf/bpf_devel_QA.html#q-the-bpf-patch-i-am-about-to-submit-needs-to-go-to-stable-as-well');
  });

  it('decides what a document is from its name and content, not the languageId', async () => {
    const patchUri = pathToFileURL(join(dir, '0001-x.patch')).href;
    await client.open(patchUri, patch({ subject: '[PATCH] bpf: Do things' }), 'diff');
    const pub = await client.waitFor(patchUri);
    assert.ok(pub.diagnostics.some((d) => d.code === 'subject-tree-missing'));
    const untitled = 'untitled:Untitled-1';
    await client.open(untitled, patch({ subject: '[PATCH] bpf: Do things' }), 'plaintext');
    assert.ok((await client.waitFor(untitled)).diagnostics.some((d) => d.code === 'subject-tree-missing'));
    const readme = pathToFileURL(join(dir, 'README.md')).href;
    await client.open(readme, 'Cc: stable@vger.kernel.org\n', 'markdown');
    assert.deepEqual((await client.waitFor(readme)).diagnostics, []);
  });

  it('re-lints on incremental changes and publishes for the new version', async () => {
    const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit', 1);
    await client.waitFor(uri, (p) => p.version === 1);
    // Delete the Cc: stable line (line 4) with a ranged change.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, text: '' }],
    });
    const pub = await client.waitFor(uri, (p) => p.version === 2);
    assert.ok(!pub.diagnostics.some((d) => d.code === 'cc-stable'));
  });

  it('places ranges in UTF-16 code units: an emoji and a CJK name before a squiggle do not move it (#19)', async () => {
    const uri = pathToFileURL(join(dir, '0001-utf16.patch')).href;
    const line = 'Zoë 🐝 and 李小龍 found that commit 1234567 broke it.';
    const text = patch({ subject: '[PATCH bpf-next] bpf: Do things', body: `${line}\n\nSigned-off-by: ${AUTHOR}` });
    const n = text.split('\n').indexOf(line);
    await client.open(uri, text, 'kernel-patch');
    const pub = await client.waitFor(uri);
    const d = pub.diagnostics.find((x) => x.code === 'commit-reference-format')!;
    assert.ok(d, JSON.stringify(pub.diagnostics.map((x) => x.code)));
    // JavaScript string indices are UTF-16 code units, as LSP positions are: 🐝 counts two.
    const at = line.indexOf('commit 1234567');
    assert.notEqual(at, Array.from(line.slice(0, at)).length, 'code points and code units differ on this line');
    assert.deepEqual(d.range, { start: { line: n, character: at }, end: { line: n, character: at + 'commit 1234567'.length } });
    // And back: a hover one unit inside the squiggle finds it.
    const h = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: n, character: at + 1 } });
    assert.match((h.contents as { value: string }).value, /commit-reference-format/);
    assert.deepEqual(h.range, d.range);
  });

  it('answers hover and code actions from the document as it is now, not from the last lint (#19)', async () => {
    const uri = pathToFileURL(join(dir, '0001-stale.patch')).href;
    const v1 = patch({ subject: '[PATCH bpf] bpf: Fix things', body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` });
    await client.open(uri, v1, 'kernel-patch', 1);
    const first = (await client.waitFor(uri, (p) => p.version === 1)).diagnostics.find((d) => d.code === 'cc-stable')!;
    // Two lines go in above it; the requests come before any new lint is published.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, text: 'Added.\nLines.\n' }],
    });
    const moved = { start: { line: first.range.start.line + 2, character: 0 }, end: { line: first.range.end.line + 2, character: first.range.end.character } };
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: moved.start });
    assert.ok(hover, `no hover at ${JSON.stringify(moved.start)}; v1 finding at ${JSON.stringify(first.range)}`);
    assert.match((hover!.contents as { value: string }).value, /\*\*cc-stable\*\*/);
    assert.deepEqual(hover!.range, moved);
    // The client echoes the squiggle where it now shows it: the editor moved it down with the text.
    const echoed = { ...first, range: moved };
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: moved, context: { diagnostics: [echoed] } });
    const remove = actions.find((a) => a.title === 'Remove the stable Cc tag')!;
    assert.ok(remove, actions.map((a) => a.title).join());
    const v2 = v1.replace('Fix it.\n', 'Fix it.\nAdded.\nLines.\n');
    const edited = applyWorkspaceEdit(v2, remove.edit!, uri);
    assert.equal(edited, v2.replace('Cc: stable@vger.kernel.org\n', ''));
  });

  it('coalesces a burst of edits and publishes last for the last version', async () => {
    const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit', 1);
    await client.waitFor(uri, (p) => p.version === 1);
    const before = client.published.length;
    for (let v = 2; v <= 101; v++) {
      void client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'x' }],
      });
    }
    await client.waitFor(uri, (p) => p.version === 101);
    await new Promise((r) => setTimeout(r, 200));
    const publishes = client.published.slice(before).filter((p) => p.uri === uri);
    assert.equal(publishes[publishes.length - 1].version, 101);
    assert.ok(publishes.length <= 20, `${publishes.length} publishes for 100 edits`);
    for (let i = 1; i < publishes.length; i++) assert.ok(publishes[i].version! >= publishes[i - 1].version!, 'a stale version was published after a newer one');
  });

  it('offers quick fixes whose edits give the fixed text, a fix-all, and FAQ and disable actions', async () => {
    const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit', 3);
    const pub = await client.waitFor(uri);
    const d = pub.diagnostics.find((x) => x.code === 'cc-stable')!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const fix = actions.find((a) => a.title === 'Remove the stable Cc tag')!;
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.kind, 'quickfix');
    const versioned = fix.edit!.documentChanges![0] as { textDocument: { version: number } };
    assert.equal(versioned.textDocument.version, 3);
    assert.equal(applyWorkspaceEdit(STABLE_MSG, fix.edit!, uri), commitMessage({ body: `Fix it.\n\nSigned-off-by: ${AUTHOR}` }));
    const faq = actions.find((a) => a.title === 'Open FAQ section for cc-stable')!;
    assert.deepEqual(faq.command?.arguments, ['cc-stable', uri]);
    const disable = actions.find((a) => a.title === 'Disable cc-stable in .bpf-patch-lint.json')!;
    const create = disable.edit!.documentChanges![0] as { kind: string; uri: string };
    assert.equal(create.kind, 'create');
    assert.equal(create.uri, pathToFileURL(join(dir, '.bpf-patch-lint.json')).href);
    const content = (disable.edit!.documentChanges![1] as { edits: TextEdit[] }).edits[0].newText;
    assert.deepEqual(JSON.parse(content), { rules: { 'cc-stable': 'off' } });

    const all = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.bpfPatchLint'] },
    });
    assert.equal(all.length, 1);
    assert.equal(applyWorkspaceEdit(STABLE_MSG, all[0].edit!, uri), commitMessage({ body: `Fix it.\n\nSigned-off-by: ${AUTHOR}` }));
  });

  it('VS Code: "Disable <rule>…" asks the client where, and is kept out of the lightbulb for errors (#14)', async () => {
    const vscodeLike = LspClient.spawn();
    try {
      await vscodeLike.initialize({ commandLinks: true, clientCommands: ['bpfPatchLint.disableRule', 'bpfPatchLint.pickFix'] });
      const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
      const long = 'A line far too long to read in a terminal, which goes on and on past the width limit.';
      await vscodeLike.open(uri, commitMessage({ body: `${long}\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` }), 'git-commit');
      const pub = await vscodeLike.waitFor(uri, (p) => p.diagnostics.some((d) => d.code === 'body-line-length'));
      const actionsFor = (code: string, triggerKind?: number) => {
        const d = pub.diagnostics.find((x) => x.code === code)!;
        return vscodeLike.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], ...(triggerKind ? { triggerKind } : {}) } });
      };
      const AUTOMATIC = 2;
      const INVOKED = 1;
      const warning = (await actionsFor('body-line-length', AUTOMATIC)).find((a) => a.title.startsWith('Disable'))!;
      assert.deepEqual(warning.command, { title: 'Disable body-line-length…', command: 'bpfPatchLint.disableRule', arguments: ['body-line-length', uri] });
      assert.equal(warning.edit, undefined, 'nothing is written before the user says where');
      assert.ok(!(await actionsFor('cc-stable', AUTOMATIC)).some((a) => a.title.startsWith('Disable')), 'an error: not in the lightbulb');
      assert.ok((await actionsFor('cc-stable', INVOKED)).some((a) => a.title === 'Disable cc-stable…'), 'asked for every action');
      // What the client needs for "in the config file": the file, the edit, and whether the file sets the rule already.
      const info = await vscodeLike.connection.sendRequest<{ file: string; edit: WorkspaceEdit; fileSetsRule: boolean }>('bpfPatchLint/disableRule', { rule: 'cc-stable', uri });
      assert.equal(info.file, join(dir, '.bpf-patch-lint.json'));
      assert.equal(info.fileSetsRule, false);
      assert.deepEqual(JSON.parse((info.edit.documentChanges![1] as { edits: TextEdit[] }).edits[0].newText), { rules: { 'cc-stable': 'off' } });
      writeFileSync(join(dir, '.bpf-patch-lint.json'), '{ "rules": { "cc-stable": "warning" } }\n');
      const again = await vscodeLike.connection.sendRequest<{ fileSetsRule: boolean }>('bpfPatchLint/disableRule', { rule: 'cc-stable', uri });
      assert.equal(again.fileSetsRule, true);
      await assert.rejects(vscodeLike.connection.sendRequest('bpfPatchLint/disableRule', { rule: 'no-such-rule', uri }), /rule \(a rule id\)/);
    } finally {
      await vscodeLike.close();
    }
  });

  it('lists "Fix all" among the quick fixes (the lightbulb shows no source actions) when more than one finding has a fix (#14)', async () => {
    const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
    const text = commitMessage({ body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}\nSigned-off-by: ${AUTHOR}` });
    await client.open(uri, text, 'git-commit');
    const pub = await client.waitFor(uri, (p) => p.diagnostics.length >= 2);
    const d = pub.diagnostics.find((x) => x.code === 'cc-stable')!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], triggerKind: 2 } });
    const all = actions.find((a) => a.title === 'Fix all bpf-patch-lint problems')!;
    assert.ok(all, actions.map((a) => a.title).join(' | '));
    assert.equal(all.kind, 'quickfix');
    assert.equal(applyWorkspaceEdit(text, all.edit!, uri), commitMessage({ body: `Fix it.\n\nSigned-off-by: ${AUTHOR}` }));
    // One fixable finding: its own quick fix is the fix-all; no second entry saying the same.
    await client.open(pathToFileURL(join(dir, 'one', 'COMMIT_EDITMSG')).href, STABLE_MSG, 'git-commit');
    const one = (await client.waitFor(pathToFileURL(join(dir, 'one', 'COMMIT_EDITMSG')).href)).diagnostics.find((x) => x.code === 'cc-stable')!;
    const single = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: pathToFileURL(join(dir, 'one', 'COMMIT_EDITMSG')).href }, range: one.range, context: { diagnostics: [one] } });
    assert.ok(!single.some((a) => a.title.startsWith('Fix all')), single.map((a) => a.title).join(' | '));
  });

  it('offers to create the config file only to a client that can create files (eglot 1.9 cannot) (#14)', async () => {
    const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = await import('vscode-jsonrpc/node');
    const child = spawn(process.execPath, [join(REPO, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const published: { uri: string; diagnostics: { code?: string; range: unknown }[] }[] = [];
    conn.onNotification('textDocument/publishDiagnostics', (p: (typeof published)[number]) => {
      published.push(p);
    });
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    conn.listen();
    try {
      await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: { workspace: { workspaceEdit: { documentChanges: true } } } });
      await conn.sendNotification('initialized', {});
      const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'gitcommit', version: 1, text: STABLE_MSG } });
      const titles = async () => {
        for (let i = 0; i < 100 && !published.some((p) => p.uri === uri && p.diagnostics.length > 0); i++) await new Promise((r) => setTimeout(r, 50));
        const d = published.find((p) => p.uri === uri)!.diagnostics.find((x) => x.code === 'cc-stable')!;
        return (await conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })).map((a) => a.title);
      };
      assert.ok(!(await titles()).some((t) => t.startsWith('Disable')), 'no file to edit, and none it could create');
      // Once the file exists, editing it is a plain text edit every client applies.
      writeFileSync(join(dir, '.bpf-patch-lint.json'), '{}\n');
      await conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, '.bpf-patch-lint.json')).href, type: 1 }] });
      assert.ok((await titles()).includes('Disable cc-stable in .bpf-patch-lint.json'));
    } finally {
      conn.dispose();
      child.kill();
    }
  });

  it('edits an existing config file to disable a rule, keeping its other settings', async () => {
    writeFileSync(join(dir, '.bpf-patch-lint.json'), '{\n  "lineLength": 72\n}\n');
    const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit');
    const d = (await client.waitFor(uri)).diagnostics.find((x) => x.code === 'cc-stable')!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const disable = actions.find((a) => a.title.startsWith('Disable cc-stable'))!;
    const cfgUri = pathToFileURL(join(dir, '.bpf-patch-lint.json')).href;
    const after = applyWorkspaceEdit(readFileSync(join(dir, '.bpf-patch-lint.json'), 'utf8'), disable.edit!, cfgUri);
    assert.deepEqual(JSON.parse(after), { lineLength: 72, rules: { 'cc-stable': 'off' } });
  });

  it('explains findings, trees and trailers on hover', async () => {
    const uri = pathToFileURL(join(dir, '0001-x.patch')).href;
    const text = patch({ subject: '[PATCH bpf-next] bpf: Do things', body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` });
    await client.open(uri, text, 'kernel-patch');
    await client.waitFor(uri);
    const hover = (line: number, character: number) => client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    const onFinding = await hover(8, 3);
    const md = (onFinding!.contents as { value: string }).value;
    assert.match(md, /\*\*cc-stable\*\* \(error\)/);
    assert.match(md, /command:bpfPatchLint\.openFaq\?/);
    assert.match(md, /bpf_devel_QA\.html#q-the-bpf-patch-i-am-about-to-submit/);
    const onTree = await hover(3, 17);
    assert.match((onTree!.contents as { value: string }).value, /\*\*Tree `bpf-next`\*\*/);
    const onTrailer = await hover(9, 3);
    assert.match((onTrailer!.contents as { value: string }).value, /Developer Certificate of Origin/);
    // Each hover names the text it is about.
    const squiggle = (await client.waitFor(uri)).diagnostics.find((d) => d.code === 'cc-stable' && d.range.start.line === 8)!;
    assert.deepEqual(onFinding!.range, squiggle.range);
    assert.deepEqual(onTree!.range, { start: { line: 3, character: 16 }, end: { line: 3, character: 24 } });
    assert.deepEqual(onTrailer!.range, { start: { line: 9, character: 0 }, end: { line: 9, character: 13 } });
    assert.equal(await hover(6, 2), null);
    // The subject says whether the submission rules judge the message, and why (#12).
    assert.match((onTree!.contents as { value: string }).value, /submission rules:\*\* applied, because the subject names the bpf-next tree/);
    const onSummary = await hover(3, 30);
    assert.deepEqual(onSummary!.range, { start: { line: 3, character: 9 }, end: { line: 3, character: 40 } });
    const other = pathToFileURL(join(dir, '0001-iwl.patch')).href;
    await client.open(other, patch({ subject: '[PATCH iwl-net] ice: Fix XDP', files: ['drivers/net/ethernet/intel/ice/ice_xsk.c'] }), 'kernel-patch');
    await client.waitFor(other);
    const outOfScope = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: other }, position: { line: 3, character: 25 } });
    assert.match((outOfScope!.contents as { value: string }).value, /not applied, because the subject names another tree \(iwl-net\)/);
  });

  it('shows the FAQ section from the kernel tree the document lives in', async function () {
    const seed = join(REPO, '..', 'shared', 'seed', 'bpf_devel_QA.rst');
    requireShared(this, seed);
    const tree = join(dir, 'linux');
    mkdirSync(join(tree, 'Documentation', 'bpf'), { recursive: true });
    writeFileSync(join(tree, 'MAINTAINERS'), '');
    writeFileSync(join(tree, 'Documentation', 'bpf', 'bpf_devel_QA.rst'), readFileSync(seed));
    const uri = pathToFileURL(join(tree, '.git', 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit');
    const d = (await client.waitFor(uri)).diagnostics.find((x) => x.code === 'cc-stable')!;
    assert.match(d.codeDescription!.href, /^file:\/\/.*bpf_devel_QA\.rst#L\d+$/);
    const h = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
    const md = (h.contents as { value: string }).value;
    assert.match(md, /From your kernel tree/);
    assert.match(md, /#### Q: The BPF patch I am about to submit needs to go to stable as well/);
    await client.connection.sendRequest('workspace/executeCommand', { command: 'bpfPatchLint.openFaq', arguments: ['cc-stable', uri] });
    const shown = client.shown[client.shown.length - 1];
    assert.match(shown.uri, /bpf_devel_QA\.rst$/);
    assert.ok(shown.selection && shown.selection.start.line > 0);
  });

  it('gives editors that cannot run commands the FAQ as a file or https link, never a command: link (#14)', async function () {
    const seed = join(REPO, '..', 'shared', 'seed', 'bpf_devel_QA.rst');
    requireShared(this, seed);
    const plain = LspClient.spawn();
    try {
      await plain.initialize();
      const linksAt = async (uri: string) => {
        await plain.open(uri, STABLE_MSG, 'git-commit');
        const d = (await plain.waitFor(uri)).diagnostics.find((x) => x.code === 'cc-stable')!;
        const h = await plain.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
        return [...(h.contents as { value: string }).value.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
      };
      const web = 'https://www.kernel.org/doc/html/latest/bpf/bpf_devel_QA.html#q-the-bpf-patch-i-am-about-to-submit-needs-to-go-to-stable-as-well';
      assert.deepEqual(await linksAt(pathToFileURL(join(dir, '.git', 'COMMIT_EDITMSG')).href), [web, web]);
      const tree = join(dir, 'linux');
      mkdirSync(join(tree, 'Documentation', 'bpf'), { recursive: true });
      writeFileSync(join(tree, 'MAINTAINERS'), '');
      writeFileSync(join(tree, 'Documentation', 'bpf', 'bpf_devel_QA.rst'), readFileSync(seed));
      const [local, online] = await linksAt(pathToFileURL(join(tree, '.git', 'COMMIT_EDITMSG')).href);
      assert.match(local, /^file:\/\/.*\/linux\/Documentation\/bpf\/bpf_devel_QA\.rst#L\d+$/);
      assert.equal(online, web);
    } finally {
      await plain.close();
    }
  });

  it('gives plain text to a client that takes no markdown (eglot without markdown-mode), links written out (#14)', async () => {
    const plain = LspClient.spawn();
    try {
      await plain.initialize({}, { hover: { contentFormat: ['plaintext'] }, completion: { completionItem: { documentationFormat: ['plaintext'] } } });
      const uri = pathToFileURL(join(dir, '.git', 'COMMIT_EDITMSG')).href;
      await plain.open(uri, STABLE_MSG, 'git-commit');
      const d = (await plain.waitFor(uri)).diagnostics.find((x) => x.code === 'cc-stable')!;
      const h = await plain.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
      const contents = h.contents as { kind: string; value: string };
      assert.equal(contents.kind, 'plaintext');
      assert.ok(contents.value.startsWith('cc-stable (error): Do not Cc stable'), contents.value);
      assert.match(contents.value, /Open FAQ section <https:\/\/www\.kernel\.org\/doc\/html\/latest\/bpf\/bpf_devel_QA\.html#q-the-bpf-patch/);
      assert.doesNotMatch(contents.value, /\*\*|\]\(/);
    } finally {
      await plain.close();
    }
  });

  it('shows the message of each finding under the cursor once, and a FAQ section once however many rules cite it (#14)', async function () {
    const seed = join(REPO, '..', 'shared', 'seed', 'bpf_devel_QA.rst');
    requireShared(this, seed);
    const onSubject = (id: string, messages: string[]): Rule => ({
      id,
      description: 'For tests.',
      severity: 'warning',
      faq: RULES.find((r) => r.id === 'cc-stable')!.faq,
      readiness: 'message',
      appliesTo: 'every-patch',
      explanation: `Explained by ${id}.`,
      check(ctx) {
        for (const m of ctx.series.messages) for (const message of messages) if (m.subject) ctx.report(m, { message, range: m.subject.span });
      },
    });
    const inProcess = LspClient.inProcess({ rules: [onSubject('first-rule', ['Said once.', 'Said once.', 'Said twice.']), onSubject('second-rule', ['Another.'])] });
    try {
      await inProcess.initialize({ commandLinks: true });
      const tree = join(dir, 'linux');
      mkdirSync(join(tree, 'Documentation', 'bpf'), { recursive: true });
      writeFileSync(join(tree, 'MAINTAINERS'), '');
      writeFileSync(join(tree, 'Documentation', 'bpf', 'bpf_devel_QA.rst'), readFileSync(seed));
      const uri = pathToFileURL(join(tree, '.git', 'COMMIT_EDITMSG')).href;
      await inProcess.open(uri, STABLE_MSG, 'git-commit');
      await inProcess.waitFor(uri);
      const h = await inProcess.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
      const value = (h.contents as { value: string }).value;
      const count = (what: string) => value.split(what).length - 1;
      assert.equal(count('Said once.'), 1, value);
      assert.equal(count('Said twice.'), 1, value);
      assert.equal(count('Another.'), 1, value);
      assert.equal(count('Explained by first-rule.'), 1, value);
      assert.equal(count('From your kernel tree'), 1, value);
      assert.equal(count('#### Q: The BPF patch I am about to submit needs to go to stable as well'), 1, value);
    } finally {
      await inProcess.close();
    }
    // VS Code shows each diagnostic's message above the hover: there the hover names the rule and explains, without the message.
    const vscodeLike = LspClient.inProcess({ rules: [onSubject('first-rule', ['Said once.'])] });
    try {
      await vscodeLike.initialize({ commandLinks: true, diagnosticsInHover: true });
      const uri = pathToFileURL(join(dir, 'linux', '.git', 'COMMIT_EDITMSG')).href;
      await vscodeLike.open(uri, STABLE_MSG, 'git-commit');
      await vscodeLike.waitFor(uri);
      const h = await vscodeLike.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
      const value = (h.contents as { value: string }).value;
      assert.ok(value.startsWith('**first-rule**\n\nExplained by first-rule.'), value);
      assert.ok(!value.includes('Said once.'), value);
    } finally {
      await vscodeLike.close();
    }
  });

  it('shows a planted FAQ and quoted document text as words, never as links, images or HTML (#18, item 5)', async () => {
    const tree = join(dir, 'linux-planted');
    mkdirSync(join(tree, 'Documentation', 'bpf'), { recursive: true });
    writeFileSync(join(tree, 'MAINTAINERS'), '');
    const planted = [
      'Q: The BPF patch I am about to submit needs to go to stable as well',
      '-------------------------------------------------------------------',
      '![track](https://evil.example/pixel.png) [Run](command:workbench.action.terminal.new) <img src=x>',
      '`also <command:bpfPatchLint.openFaq?%5B%22x%22%5D>`_',
      '',
    ].join('\n');
    writeFileSync(join(tree, 'Documentation', 'bpf', 'bpf_devel_QA.rst'), planted);
    const uri = pathToFileURL(join(tree, '.git', 'COMMIT_EDITMSG')).href;
    const hostile = '("![x](https://evil.example/p.png) <img src=y>")';
    await client.open(uri, commitMessage({ body: `Fix it.\n\nFixes: 123456789abc ${hostile}\nFixes: 123456789abc ${hostile}\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` }), 'git-commit');
    const diags = (await client.waitFor(uri)).diagnostics;
    const { default: MarkdownIt } = await import('markdown-it');
    const md = new MarkdownIt({ html: true });
    for (const code of ['cc-stable', 'fixes-tag-format']) {
      const d = diags.find((x) => x.code === code && /Duplicate|stable/i.test(String(x.message)))!;
      assert.ok(d, `no ${code} finding`);
      const h = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
      const value = (h.contents as { value: string }).value;
      const all = md.parse(value, {}).flatMap((t) => [t, ...(t.children ?? [])]);
      assert.deepEqual(all.filter((t) => /^(image|html_inline|html_block)$/.test(t.type)).map((t) => t.content), [], value);
      const links = all.filter((t) => t.type === 'link_open').map((t) => t.attrGet('href')!);
      assert.ok(links.length >= 2);
      for (const href of links) assert.match(href, /^(command:bpfPatchLint\.openFaq\?%5B%22(cc-stable|fixes-tag-format)%22|https:\/\/www\.kernel\.org\/)/, value);
    }
  });

  it('opens the kernel.org FAQ section outside a kernel tree', async () => {
    const url = 'https://www.kernel.org/doc/html/latest/bpf/bpf_devel_QA.html#q-how-do-i-indicate-which-tree-bpf-vs-bpf-next-my-patch-should-be-applied-to';
    const target = await client.connection.sendRequest('workspace/executeCommand', { command: 'bpfPatchLint.openFaq', arguments: ['subject-tree-missing'] });
    assert.deepEqual(target, { uri: url, external: true });
    assert.deepEqual(client.shown[client.shown.length - 1], { uri: url, external: true });
    const shownBefore = client.shown.length;
    await client.connection.sendRequest('workspace/executeCommand', { command: 'bpfPatchLint.openFaq', arguments: ['subject-tree-missing', undefined, { open: false }] });
    assert.equal(client.shown.length, shownBefore, 'open: false must not open anything');
  });

  it('lists the rule catalogue for pickers', async () => {
    const rules = await client.connection.sendRequest<{ id: string; faqUrl: string }[]>('bpfPatchLint/rules');
    assert.equal(rules.length, RULES.length);
    assert.ok(rules.every((r) => r.faqUrl.startsWith('https://www.kernel.org/doc/html/latest/bpf/bpf_devel_QA.html#q-')));
  });

  it('completes trailer keys and trees', async () => {
    const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
    const text = commitMessage({ body: `Fix it.\n\nSigned-off-by: ${AUTHOR}\nRev` });
    await client.open(uri, text, 'git-commit');
    await client.waitFor(uri);
    const items = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 3 } });
    assert.deepEqual(items.map((i) => i.label), ['Reviewed-by:']);
    assert.deepEqual(items[0].textEdit, { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 3 } }, newText: 'Reviewed-by: ' });

    const p = pathToFileURL(join(dir, 'x.patch')).href;
    await client.open(p, patch({ subject: '[PATCH bpf' }), 'kernel-patch');
    await client.waitFor(p);
    const trees = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri: p }, position: { line: 3, character: 19 } });
    assert.deepEqual(trees.map((i) => i.label).sort(), ['bpf', 'bpf-next', 'bpf-next/net']);
  });

  it('uses initializationOptions settings when the client has none of ours to give', async () => {
    const other = LspClient.spawn();
    try {
      // A pull-capable client without settings for the section answers null (found by a review).
      other.settings = null as unknown as Record<string, unknown>;
      await other.initialize({ settings: { lineLength: 30 } });
      const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
      await other.open(uri, commitMessage({ body: `A line of forty characters, more or less.\n\nSigned-off-by: ${AUTHOR}` }), 'git-commit');
      const pub = await other.waitFor(uri);
      assert.ok(pub.diagnostics.some((d) => d.code === 'body-line-length'), JSON.stringify(pub.diagnostics.map((d) => d.code)));
    } finally {
      await other.close();
    }
  });

  it('applies configuration changes without a restart', async () => {
    const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit');
    await client.waitFor(uri, (p) => p.diagnostics.some((d) => d.code === 'cc-stable'));
    client.settings = { rules: { 'cc-stable': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitFor(uri, (p) => p.diagnostics.length > 0 && !p.diagnostics.some((d) => d.code === 'cc-stable'));
    client.settings = { enable: false };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitFor(uri, (p) => p.diagnostics.length === 0);
  });

  it('lints the series a patch belongs to and reports series findings', async () => {
    writeFileSync(join(dir, '0001-a.patch'), patch({ subject: '[PATCH bpf-next 1/2] bpf: One' }));
    writeFileSync(join(dir, '0002-b.patch'), patch({ subject: '[PATCH bpf-next 2/2] bpf: Two' }));
    const uri = pathToFileURL(join(dir, '0001-a.patch')).href;
    await client.open(uri, readFileSync(join(dir, '0001-a.patch'), 'utf8'), 'kernel-patch');
    const pub = await client.waitFor(uri);
    assert.ok(pub.diagnostics.some((d) => d.code === 'series-cover-letter-missing'), JSON.stringify(pub.diagnostics.map((d) => d.code)));
    writeFileSync(join(dir, '0000-cover-letter.patch'), coverLetter());
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, '0000-cover-letter.patch')).href, type: 1 }] });
    await client.waitFor(uri, (p) => p !== pub && !p.diagnostics.some((d) => d.code === 'series-cover-letter-missing'));
  });

  it('updates the series findings of an open sibling when one patch of the series is edited', async () => {
    const sub = join(dir, 'sibling-series');
    mkdirSync(sub);
    writeFileSync(join(sub, '0000-cover-letter.patch'), coverLetter({ subject: '[PATCH bpf-next 0/3] bpf: Keep register state across helper calls' }));
    const first = pathToFileURL(join(sub, '0001-a.patch')).href;
    const second = pathToFileURL(join(sub, '0002-b.patch')).href;
    const one = patch({ subject: '[PATCH bpf-next 1/3] bpf: One' });
    writeFileSync(join(sub, '0001-a.patch'), one);
    writeFileSync(join(sub, '0002-b.patch'), patch({ subject: '[PATCH bpf-next 2/3] bpf: Two' }));
    const gap = (n: number) => (p: Published) =>
      p.diagnostics.some((d) => d.code === 'series-incomplete' && String(d.message).startsWith(`Patch ${n}/3 is missing`));
    await client.open(first, one, 'kernel-patch');
    await client.open(second, readFileSync(join(sub, '0002-b.patch'), 'utf8'), 'kernel-patch');
    // 3/3 is missing, and the finding sits on 2/3, the patch before the gap.
    await client.waitFor(second, gap(3));
    // Renumbering the open 1/3 as 3/3 (not saved) moves the gap before 2/3: the sibling's squiggle must follow.
    const line = one.split('\n').findIndex((l) => l.startsWith('Subject:'));
    const col = one.split('\n')[line].indexOf('1/3');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: first, version: 2 },
      contentChanges: [{ range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '3' }],
    });
    const moved = await client.waitFor(second, gap(1));
    assert.ok(!gap(3)(moved), JSON.stringify(moved.diagnostics.map((d) => d.message)));
    assert.equal(moved.version, 1, 'published for the sibling version it describes');
  });

  it('answers requests for closed documents and out-of-range positions, and keeps serving', async () => {
    const ghost = pathToFileURL(join(dir, 'nothing.patch')).href;
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: ghost }, position: { line: 0, character: 0 } }), null);
    const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit');
    await client.waitFor(uri);
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 9999, character: 9999 } }), null);
    // Malformed params: an answer (null or an error), never a dead server.
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri } }).catch((e: unknown) => e);
    // A frame that is not JSON at all.
    client.child!.stdin!.write('Content-Length: 9\r\n\r\n{garbage}');
    const again = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.ok(Array.isArray(again));
  });

  it('declines a 50 MB document without dying, and keeps serving', async () => {
    const huge = pathToFileURL(join(dir, 'huge.mbox')).href;
    const chunk = patch({ body: `Fix.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` });
    await client.open(huge, chunk.repeat(Math.ceil((50 * 1024 * 1024) / chunk.length)), 'kernel-patch');
    assert.deepEqual((await client.waitFor(huge, () => true, 60000)).diagnostics, []);
    const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit');
    assert.ok((await client.waitFor(uri)).diagnostics.some((d) => d.code === 'cc-stable'));
  });

  it('survives a cancelled request', async () => {
    const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit');
    await client.waitFor(uri);
    const { CancellationTokenSource } = await import('vscode-jsonrpc');
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 1 } }, source.token);
    source.cancel();
    await pending.catch(() => undefined);
    const h = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 1 } });
    assert.ok(h);
  });
});

/** Retries a request until its answer passes `ok`: git facts arrive in a second phase. */
async function eventually<T>(ask: () => Promise<T>, ok: (t: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const t = await ask();
    if (ok(t) || i > 50) return t;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('language server with git', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-lsp-git-'));
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('git', ['-C', dir, 'config', 'user.name', 'Jane Developer']);
    execFileSync('git', ['-C', dir, 'config', 'user.email', 'jane@example.org']);
    // kernel/bpf makes it a kernel tree, where an unknown Fixes commit is an error (holdsKernelHistory).
    mkdirSync(join(dir, 'kernel', 'bpf'), { recursive: true });
    writeFileSync(join(dir, 'kernel', 'bpf', 'helpers.c'), 'int helper;\n');
    execFileSync('git', ['-C', dir, 'add', 'kernel']);
    execFileSync('git', ['-C', dir, 'commit', '-q', '-m', 'bpf: Add the helper']);
    sha = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  });
  let sha: string;

  after(() => rmSync(dir, { recursive: true, force: true }));

  const text = (tag: string) => patch({ body: `Fix it.\n\n${tag}\nSigned-off-by: ${AUTHOR}` });

  it('publishes git-backed findings without waiting for blame, and completes Fixes: when blame answers (#16)', async () => {
    // Blame of verifier.c in linux.git takes seconds: here it answers only when the test says so.
    const original = { blame: GitRepository.prototype.blame, recentCommits: GitRepository.prototype.recentCommits };
    let finish: () => void = () => assert.fail('blame was never asked for');
    GitRepository.prototype.blame = function () {
      return new Promise((resolve) => {
        finish = () => resolve([{ commit: { sha: 'b'.repeat(40), subject: 'bpf: The culprit' }, lines: 3 }]);
      });
    };
    GitRepository.prototype.recentCommits = async () => [{ sha: 'c'.repeat(40), subject: 'bpf: Recently' }];
    const client = LspClient.inProcess({});
    try {
      await client.initialize();
      const uri = pathToFileURL(join(dir, '.git', 'COMMIT_EDITMSG')).href;
      await client.open(uri, commitMessage({ body: `Fix it.\n\nFixes: ${sha.slice(0, 12)} ("bpf: A wrong title")\nFixes: \nSigned-off-by: ${AUTHOR}` }), 'git-commit');
      await client.waitFor(uri, (p) => p.diagnostics.some((d) => d.code === 'fixes-tag-title-mismatch'));
      const at = { textDocument: { uri }, position: { line: 5, character: 7 } };
      const t0 = performance.now();
      const waiting = await client.connection.sendRequest<{ isIncomplete: boolean; items: CompletionItem[] }>('textDocument/completion', at);
      assert.ok(performance.now() - t0 < 3000, 'completion answers while blame still runs');
      // The files' recent commits at once; blame's ranking when it answers.
      assert.equal(waiting.isIncomplete, true);
      assert.deepEqual(waiting.items.map((i) => i.label), ['cccccccccccc ("bpf: Recently")']);
      // Elsewhere nothing waits for blame: a trailer key is offered at once, as a plain list.
      const keys = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 0 } });
      assert.ok(Array.isArray(keys));
      finish();
      const items = await eventually(
        () => client.connection.sendRequest<CompletionItem[] | { items: CompletionItem[] }>('textDocument/completion', at),
        (c) => Array.isArray(c),
      );
      assert.deepEqual((items as CompletionItem[]).map((i) => i.label), ['bbbbbbbbbbbb ("bpf: The culprit")', 'cccccccccccc ("bpf: Recently")']);
    } finally {
      await client.close();
      Object.assign(GitRepository.prototype, original);
    }
  });

  it('adds git-backed findings once git answers', async () => {
    const client = LspClient.spawn();
    try {
      await client.initialize();
      const uri = pathToFileURL(join(dir, '0001-fix.patch')).href;
      await client.open(uri, text('Fixes: deadbeef0000 ("bpf: Gone")'), 'kernel-patch');
      const pub = await client.waitFor(uri, (p) => p.diagnostics.some((d) => d.code === 'fixes-tag-unknown-commit'));
      assert.equal(pub.version, 1);
    } finally {
      await client.close();
    }
  });

  it('outside a kernel tree reports a wrong title but not an unknown commit', async () => {
    const mirror = mkdtempSync(join(tmpdir(), 'bpl-lsp-mirror-'));
    const client = LspClient.spawn();
    try {
      execFileSync('git', ['init', '-q', mirror]);
      execFileSync('git', ['-C', mirror, '-c', 'user.name=A', '-c', 'user.email=a@b.c', 'commit', '-q', '--allow-empty', '-m', 'libbpf: Sync']);
      const own = execFileSync('git', ['-C', mirror, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
      await client.initialize();
      const uri = pathToFileURL(join(mirror, '0001-fix.patch')).href;
      await client.open(uri, text(`Fixes: deadbeef0000 ("bpf: Gone")\nFixes: ${own.slice(0, 12)} ("bpf: Something else")`), 'kernel-patch');
      // The title mismatch shows that git has answered; the unknown commit stays unreported.
      const pub = await client.waitFor(uri, (p) => p.diagnostics.some((d) => d.code === 'fixes-tag-title-mismatch'));
      assert.deepEqual(pub.diagnostics.filter((d) => d.code === 'fixes-tag-unknown-commit'), []);
    } finally {
      await client.close();
      rmSync(mirror, { recursive: true, force: true });
    }
  });

  it('shows what a commit id names on hover, and completes your sign-off', async () => {
    const client = LspClient.spawn();
    try {
      await client.initialize();
      const uri = pathToFileURL(join(dir, '.git', 'COMMIT_EDITMSG')).href;
      const msg = commitMessage({ body: `This reverts commit ${sha.slice(0, 12)} ("bpf: Add the helper").\n\nSigned-off-by: ` });
      await client.open(uri, msg, 'git-commit');
      await client.waitFor(uri);
      const hover = await eventually(
        () => client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 25 } }),
        (h) => h !== null,
      );
      assert.match((hover!.contents as { value: string }).value, new RegExp(`\\*\\*${sha.slice(0, 12)}\\*\\* bpf: Add the helper`));
      const items = await eventually(
        () => client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 15 } }),
        (c) => c.length > 0,
      );
      assert.deepEqual(items.map((i) => i.label), ['Jane Developer <jane@example.org>']);
    } finally {
      await client.close();
    }
  });

  it('completes Fixes: with the commits that last wrote the staged change, blame-ranked', async () => {
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
    writeFileSync(join(dir, 'verifier.c'), 'int a;\nint b;\nint c;\n');
    git('add', 'verifier.c');
    git('commit', '-q', '-m', 'bpf: Add verifier.c');
    writeFileSync(join(dir, 'verifier.c'), 'int a;\nint b = 1;\nint c;\n');
    git('commit', '-q', '-am', 'bpf: Initialise b');
    const culprit = git('rev-parse', 'HEAD');
    writeFileSync(join(dir, 'verifier.c'), 'int a;\nint b = 2;\nint c;\n');
    git('add', 'verifier.c');
    const client = LspClient.spawn();
    try {
      await client.initialize();
      const uri = pathToFileURL(join(dir, '.git', 'COMMIT_EDITMSG')).href;
      await client.open(uri, commitMessage({ body: `Fix b.\n\nFixes: \nSigned-off-by: ${AUTHOR}` }), 'git-commit');
      await client.waitFor(uri);
      const items = await eventually(
        () => client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 7 } }),
        (c) => c.length > 0,
      );
      assert.equal(items[0].label, `${culprit.slice(0, 12)} ("bpf: Initialise b")`);
      assert.match(String((items[0].documentation as { value: string }).value), /Last wrote 1 of the lines/);
    } finally {
      await client.close();
      git('reset', '-q', 'HEAD', 'verifier.c');
    }
  });

  it('creates the config file at the top of the repository, and edits its open buffer, not the disk copy', async () => {
    const client = LspClient.spawn();
    const cfg = join(dir, '.bpf-patch-lint.json');
    try {
      await client.initialize();
      const uri = pathToFileURL(join(dir, '.git', 'COMMIT_EDITMSG')).href;
      const msg = commitMessage({ body: `Fix it. ${'A line far too long to read in a terminal. '.repeat(3)}\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` });
      await client.open(uri, msg, 'git-commit');
      const disableFor = async (rule: string) => {
        const pub = await client.waitFor(uri, (p) => p.diagnostics.some((x) => x.code === rule));
        const d = pub.diagnostics.find((x) => x.code === rule)!;
        const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
        return actions.find((a) => a.title === `Disable ${rule} in .bpf-patch-lint.json`)!.edit!;
      };
      // Found by a review: it went to .git/, where nothing else would read it.
      const created = await disableFor('cc-stable');
      assert.equal((created.documentChanges![0] as { uri: string }).uri, pathToFileURL(cfg).href);
      // The editor made the file (empty on disk) and holds the text unsaved: the next action edits that buffer.
      writeFileSync(cfg, '');
      // The file appears: the server reads it again on the relint this asks for.
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(cfg).href, type: 1 }] });
      await new Promise((r) => setTimeout(r, 1000));
      const buffer = '{\n  "rules": {\n    "cc-stable": "off"\n  }\n}\n';
      await client.open(pathToFileURL(cfg).href, buffer, 'json', 4);
      const next = await disableFor('body-line-length');
      const change = next.documentChanges![0] as { textDocument: { version: number | null } };
      assert.equal(change.textDocument.version, 4);
      assert.deepEqual(JSON.parse(applyWorkspaceEdit(buffer, next, pathToFileURL(cfg).href)), { rules: { 'cc-stable': 'off', 'body-line-length': 'off' } });
      // An empty config file configures nothing, without a warning.
      assert.ok(!client.messages.some((m) => /not valid JSON/.test(m)), client.messages.join('\n'));
    } finally {
      await client.close();
      rmSync(cfg, { force: true });
    }
  });

  it('keeps git-backed findings through edits and requests, and drops them when trust is revoked', async () => {
    const client = LspClient.spawn();
    try {
      await client.initialize();
      const uri = pathToFileURL(join(dir, '0003-fix.patch')).href;
      const v1 = text(`Fixes: ${sha.slice(0, 12)} ("bpf: A wrong title")`);
      await client.open(uri, v1, 'kernel-patch');
      const mismatch = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.some((d) => d.code === 'fixes-tag-title-mismatch');
      await client.waitFor(uri, (p) => p.version === 1 && mismatch(p));
      // An edit, and at once a request that lints the new version before the scheduler does
      // (VS Code asks for code actions on every cursor move): found by a review, that lint
      // dropped the git answers and the squiggle blinked off until git answered again.
      const v2 = v1.replace('Fix it.', 'Fix it now.');
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: v2 }] });
      await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
      await client.waitFor(uri, (p) => p.version === 2);
      await new Promise((r) => setTimeout(r, 1500));
      const second = client.published.filter((p) => p.uri === uri && p.version === 2);
      assert.ok(second.length > 0 && second.every(mismatch), JSON.stringify(second.map((p) => p.diagnostics.map((d) => d.code))));
      // git's pass found what the first pass already showed: it sends nothing more.
      assert.equal(second.length, 1);
      // Without trust, the last git answers are not used either.
      await client.connection.sendNotification('bpfPatchLint/trust', { trusted: false });
      await client.waitFor(uri, (p) => p.version === 2 && !mismatch(p));
    } finally {
      await client.close();
    }
  });

  it("offers an unknown Fixes commit's candidates as one picker in VS Code, as quick fixes elsewhere (#14)", async () => {
    // A patch changing the line "bpf: Add the helper" wrote, naming a commit the repository lacks.
    const blob = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD:kernel/bpf/helpers.c'], { encoding: 'utf8' }).trim();
    const diff = ['diff --git a/kernel/bpf/helpers.c b/kernel/bpf/helpers.c', `index ${blob}..1234567 100644`, '--- a/kernel/bpf/helpers.c', '+++ b/kernel/bpf/helpers.c', '@@ -1 +1 @@', '-int helper;', '+int helper = 1;'].join('\n');
    const text = patch({ body: `Fix it.\n\nFixes: deadbeef0000 ("bpf: Gone")\nSigned-off-by: ${AUTHOR}`, diff });
    const uri = pathToFileURL(join(dir, '0003-pick.patch')).href;
    const candidate = `Fixes: ${sha.slice(0, 12)} ("bpf: Add the helper")`;
    const actionsIn = async (client: LspClient) => {
      await client.open(uri, text, 'kernel-patch');
      const pub = await client.waitFor(uri, (p) => p.diagnostics.some((d) => d.code === 'fixes-tag-unknown-commit'));
      const d = pub.diagnostics.find((x) => x.code === 'fixes-tag-unknown-commit')!;
      return eventually(
        () => client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }),
        (a) => a.some((x) => x.title.startsWith('Use') || x.title === 'Pick the commit…'),
      );
    };
    const vscodeLike = LspClient.spawn();
    try {
      await vscodeLike.initialize({ clientCommands: ['bpfPatchLint.pickFix'] });
      const actions = await actionsIn(vscodeLike);
      assert.ok(!actions.some((a) => a.title.startsWith('Use Fixes:')), actions.map((a) => a.title).join(' | '));
      const pick = actions.find((a) => a.title === 'Pick the commit…')!;
      assert.equal(pick.command?.command, 'bpfPatchLint.pickFix');
      const { title, items } = pick.command!.arguments![0] as { title: string; items: { label: string; detail: string; edit: WorkspaceEdit }[] };
      assert.equal(title, 'Pick the commit…');
      assert.equal(items[0].label, `${sha.slice(0, 12)} bpf: Add the helper`);
      assert.match(items[0].detail, /^Jane Developer <jane@example\.org>, \d{4}-\d\d-\d\d · Last wrote 1 of the lines/);
      assert.equal(applyWorkspaceEdit(text, items[0].edit, uri), text.replace('Fixes: deadbeef0000 ("bpf: Gone")', candidate));
    } finally {
      await vscodeLike.close();
    }
    const plain = LspClient.spawn();
    try {
      await plain.initialize();
      const actions = await actionsIn(plain);
      const use = actions.find((a) => a.title === `Use ${candidate} (last wrote 1 of the changed lines)`)!;
      assert.ok(use, actions.map((a) => a.title).join(' | '));
      assert.equal(applyWorkspaceEdit(text, use.edit!, uri), text.replace('Fixes: deadbeef0000 ("bpf: Gone")', candidate));
    } finally {
      await plain.close();
    }
  });

  it('runs no git in an untrusted workspace until trust is granted', async () => {
    const client = LspClient.spawn();
    try {
      await client.initialize({ trusted: false });
      const uri = pathToFileURL(join(dir, '0002-fix.patch')).href;
      await client.open(uri, text('Fixes: deadbeef0000 ("bpf: Gone")'), 'kernel-patch');
      await client.waitFor(uri);
      await new Promise((r) => setTimeout(r, 1500));
      assert.ok(!client.published.some((p) => p.diagnostics.some((d) => d.code === 'fixes-tag-unknown-commit')));
      await client.connection.sendNotification('bpfPatchLint/trust', { trusted: true });
      await client.waitFor(uri, (p) => p.diagnostics.some((d) => d.code === 'fixes-tag-unknown-commit'));
    } finally {
      await client.close();
    }
  });
});

describe('Fixes: candidates in real git flows (#14)', function () {
  this.timeout(30000);
  let dir: string;
  let added: string;
  let initialised: string;
  let setTo2: string;
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
  const labelsAt = async (client: LspClient, uri: string, line: number) =>
    (
      await eventually(
        () => client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: 7 } }),
        (c) => c.length > 0,
      )
    ).map((i) => i.label);
  const label = (sha: string, subject: string) => `${sha.slice(0, 12)} ("${subject}")`;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-lsp-flows-'));
    execFileSync('git', ['init', '-q', dir]);
    git('config', 'user.name', 'Jane Developer');
    git('config', 'user.email', 'jane@example.org');
    mkdirSync(join(dir, 'kernel', 'bpf'), { recursive: true });
    writeFileSync(join(dir, 'kernel', 'bpf', 'verifier.c'), 'int a;\nint b;\nint c;\n');
    git('add', '.');
    git('commit', '-q', '-m', 'bpf: Add verifier.c');
    added = git('rev-parse', 'HEAD');
    writeFileSync(join(dir, 'kernel', 'bpf', 'verifier.c'), 'int a;\nint b = 1;\nint c;\n');
    git('commit', '-q', '-am', 'bpf: Initialise b');
    initialised = git('rev-parse', 'HEAD');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('git commit, then git commit --amend: the commit being amended is never its own Fixes candidate, also after a restart', async () => {
    writeFileSync(join(dir, 'kernel', 'bpf', 'verifier.c'), 'int a;\nint b = 2;\nint c;\n');
    git('add', '.');
    const uri = pathToFileURL(join(dir, '.git', 'COMMIT_EDITMSG')).href;
    const first = LspClient.spawn();
    try {
      await first.initialize();
      // Writing the message of a new commit: the staged change's lines were last written by "Initialise b".
      await first.open(uri, commitMessage({ body: `Set b to 2.\n\nFixes: \nSigned-off-by: ${AUTHOR}` }), 'git-commit');
      assert.equal((await labelsAt(first, uri, 4))[0], label(initialised, 'bpf: Initialise b'));
      git('commit', '-q', '-m', `bpf: Set b to 2\n\nSet b to 2.\n\nFixes: \nSigned-off-by: ${AUTHOR}`, '--cleanup=verbatim');
      setTo2 = git('rev-parse', 'HEAD');
      // git commit --amend opens the editor on COMMIT_EDITMSG as git writes it (captured by an editor that gives up).
      const capture = join(dir, '.git', 'captured');
      const editor = join(dir, '.git', 'capture-editor.sh');
      writeFileSync(editor, `#!/bin/sh\ncp "$1" "${capture}"\nexit 1\n`, { mode: 0o755 });
      spawnSync('git', ['-C', dir, 'commit', '--amend'], { env: { ...process.env, GIT_EDITOR: editor } });
      // git dropped the trailing space of "Fixes: "; the user types it again to complete.
      const amending = readFileSync(capture, 'utf8').replace(/^Fixes:$/m, 'Fixes: ');
      assert.match(amending, /^# Date: +\S/m, 'git shows the kept author date');
      const line = amending.split('\n').indexOf('Fixes: ');
      assert.ok(line > 0);
      await first.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: amending }] });
      const labels = await labelsAt(first, uri, line);
      assert.equal(labels[0], label(initialised, 'bpf: Initialise b'));
      assert.ok(!labels.includes(label(setTo2, 'bpf: Set b to 2')), labels.join('\n'));
      const restarted = LspClient.spawn();
      try {
        await restarted.initialize();
        await restarted.open(uri, amending, 'git-commit');
        const again = await labelsAt(restarted, uri, line);
        assert.equal(again[0], label(initialised, 'bpf: Initialise b'));
        assert.ok(!again.includes(label(setTo2, 'bpf: Set b to 2')));
      } finally {
        await restarted.close();
      }
    } finally {
      await first.close();
    }
  });

  it('a format-patch file in a subfolder: candidates from the code before the patch, never the patch itself', async () => {
    assert.ok(setTo2, 'runs after the amend test, which made the commit');
    const out = join(dir, 'patches', 'fix-b', 'v1');
    git('format-patch', '-q', '-1', 'HEAD', '-o', out);
    const file = join(out, '0001-bpf-Set-b-to-2.patch');
    const text = readFileSync(file, 'utf8').replace(/^Fixes:$/m, 'Fixes: ');
    assert.ok(text.split('\n').includes('Fixes: '));
    const uri = pathToFileURL(file).href;
    const client = LspClient.spawn();
    try {
      await client.initialize();
      await client.open(uri, text, 'kernel-patch');
      const labels = await labelsAt(client, uri, text.split('\n').indexOf('Fixes: '));
      assert.equal(labels[0], label(initialised, 'bpf: Initialise b'));
      assert.ok(!labels.includes(label(setTo2, 'bpf: Set b to 2')), labels.join('\n'));
      assert.ok(labels.includes(label(added, 'bpf: Add verifier.c')), 'recent commits of the file, from before the patch');
    } finally {
      await client.close();
    }
  });

  it("an mbox's mails each get the candidates of their own lines", async () => {
    assert.ok(setTo2, 'runs after the tests that made the commits before it');
    writeFileSync(join(dir, 'kernel', 'bpf', 'verifier.c'), 'int a;\nint b = 2;\nint c = 1;\n');
    git('commit', '-q', '-am', `bpf: Set c\n\nSet c.\n\nSigned-off-by: ${AUTHOR}`);
    // Mail 1 changes the line "Initialise b" wrote; mail 2 the one "Add verifier.c" wrote.
    const mbox = execFileSync('git', ['-C', dir, 'format-patch', '--stdout', 'HEAD~2..HEAD'], { encoding: 'utf8' }).replace(/^(Signed-off-by: .*)$/gm, 'Fixes: \n$1');
    const file = join(dir, 'series.mbox');
    writeFileSync(file, mbox);
    const uri = pathToFileURL(file).href;
    const client = LspClient.spawn();
    try {
      await client.initialize();
      await client.open(uri, mbox, 'kernel-patch');
      const lines = mbox.split('\n');
      const fixesLines = lines.flatMap((l, k) => (l === 'Fixes: ' ? [k] : []));
      assert.equal(fixesLines.length, 2);
      assert.equal((await labelsAt(client, uri, fixesLines[0]))[0], label(initialised, 'bpf: Initialise b'));
      // Blamed first, then the file's recent commits (which include "Initialise b", only lower),
      // never a commit of the series itself (mail 1's is in mail 2's history).
      const second = await labelsAt(client, uri, fixesLines[1]);
      assert.equal(second[0], label(added, 'bpf: Add verifier.c'));
      assert.ok(!second.includes(label(setTo2, 'bpf: Set b to 2')), second.join('\n'));
    } finally {
      await client.close();
    }
  });
});

describe('a merge commit, as the hook treats it (#14)', function () {
  this.timeout(30000);
  it("does not judge git's merge message (never mailed): MERGE_MSG, and COMMIT_EDITMSG while a merge is in progress", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpl-lsp-merge-'));
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
    const client = LspClient.spawn();
    try {
      execFileSync('git', ['init', '-q', '-b', 'main', dir]);
      git('config', 'user.name', 'Jane Developer');
      git('config', 'user.email', 'jane@example.org');
      writeFileSync(join(dir, 'a.c'), 'int a;\n');
      git('add', '.');
      git('commit', '-q', '-m', 'bpf: Add a');
      git('checkout', '-q', '-b', 'topic');
      writeFileSync(join(dir, 'b.c'), 'int b;\n');
      git('add', '.');
      git('commit', '-q', '-m', 'bpf: Add b');
      git('checkout', '-q', 'main');
      git('merge', '-q', '--no-ff', '--no-commit', 'topic');
      const mergeMsg = readFileSync(join(dir, '.git', 'MERGE_MSG'), 'utf8');
      assert.match(mergeMsg, /^Merge branch 'topic'/);
      await client.initialize();
      const judged = async (file: string) => {
        const uri = pathToFileURL(join(dir, '.git', file)).href;
        await client.open(uri, mergeMsg, 'git-commit');
        return (await client.waitFor(uri)).diagnostics.map((d) => d.code);
      };
      assert.deepEqual(await judged('MERGE_MSG'), []);
      assert.deepEqual(await judged('COMMIT_EDITMSG'), []);
      // Once the merge is committed, the same text in COMMIT_EDITMSG is an ordinary commit's message again.
      git('commit', '-q', '--no-edit');
      const uri = pathToFileURL(join(dir, '.git', 'SQUASH_MSG')).href;
      await client.open(uri, mergeMsg, 'git-commit');
      const codes = (await client.waitFor(uri, (p) => p.diagnostics.length > 0)).diagnostics.map((d) => d.code);
      assert.ok(codes.includes('commit-message-empty'), codes.join(', '));
    } finally {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what the client shows about the server (#14)', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-lsp-state-'));
    mkdirSync(join(dir, 'repo'));
    mkdirSync(join(dir, 'plain'));
    execFileSync('git', ['init', '-q', join(dir, 'repo')]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A client that records the git state the server reports per document. */
  async function started(init: Record<string, unknown> = {}, settings?: Record<string, unknown>) {
    const client = LspClient.spawn();
    if (settings) client.settings = settings;
    const states = new Map<string, { state: string; detail?: string }>();
    client.connection.onNotification('bpfPatchLint/gitState', (p: { uri: string; state: string; detail?: string }) => {
      states.set(p.uri, p);
    });
    await client.initialize(init);
    const stateOf = async (uri: string, text: string, languageId = 'git-commit') => {
      await client.open(uri, text, languageId);
      await client.waitFor(uri);
      for (let i = 0; i < 100 && !states.has(uri); i++) await new Promise((r) => setTimeout(r, 50));
      return states.get(uri)?.state;
    };
    return { client, stateOf };
  }

  it('logs which server started, on which Node, with which settings, and whether git may run', async () => {
    const { client } = await started({ trusted: false });
    try {
      const uri = pathToFileURL(join(dir, 'plain', 'COMMIT_EDITMSG')).href;
      await client.open(uri, commitMessage(), 'git-commit');
      await client.waitFor(uri);
      const line = client.messages.find((m) => m.startsWith('bpf-patch-lint '));
      const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
      assert.ok(line?.startsWith(`bpf-patch-lint ${version} started: Node ${process.version}`), client.messages.join('\n'));
      assert.match(line!, /git checks off until the workspace is trusted; settings \{"enable":true,/);
    } finally {
      await client.close();
    }
  });

  it('tells the client per document whether git-backed checks run, and why not', async () => {
    const inRepo = pathToFileURL(join(dir, 'repo', '.git', 'COMMIT_EDITMSG')).href;
    const outside = pathToFileURL(join(dir, 'plain', 'COMMIT_EDITMSG')).href;
    const trusted = await started();
    try {
      assert.equal(await trusted.stateOf(inRepo, commitMessage()), 'on');
      assert.equal(await trusted.stateOf(outside, commitMessage()), 'no-repository');
      assert.equal(await trusted.stateOf('untitled:Untitled-1', commitMessage()), 'not-a-file');
    } finally {
      await trusted.client.close();
    }
    const untrusted = await started({ trusted: false });
    try {
      assert.equal(await untrusted.stateOf(inRepo, commitMessage()), 'untrusted');
    } finally {
      await untrusted.client.close();
    }
    const off = await started({}, { git: { enable: false } });
    try {
      assert.equal(await off.stateOf(inRepo, commitMessage()), 'disabled');
    } finally {
      await off.client.close();
    }
  });

  it("lints VS Code's Source Control message box as a commit message of the repository it commits to", async () => {
    const { client, stateOf } = await started();
    try {
      const uri = `vscode-scm:git/scm0/input?rootUri=${encodeURIComponent(pathToFileURL(join(dir, 'repo')).href)}`;
      assert.equal(await stateOf(uri, commitMessage({ body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}`, comments: false }), 'scminput'), 'on');
      const pub = await client.waitFor(uri, (p) => p.diagnostics.some((d) => d.code === 'cc-stable'));
      assert.deepEqual(pub.diagnostics.find((d) => d.code === 'cc-stable')!.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 26 } });
      // Without a repository to name, it is still linted, without git.
      assert.equal(await stateOf('vscode-scm:git/scm1/input', 'bpf: x\n\nCc: stable@vger.kernel.org\n', 'scminput'), 'not-a-file');
    } finally {
      await client.close();
    }
  });
});

describe('language server isolation', function () {
  this.timeout(30000);
  it('reports a throwing rule as one finding and still publishes the others', async () => {
    const broken: Rule = {
      id: 'broken-rule',
      description: 'A rule that always throws.',
      severity: 'error',
      faq: RULES[0].faq,
      readiness: 'message',
      appliesTo: 'every-patch',
      explanation: 'For tests. It throws.',
      check() {
        throw new Error('boom');
      },
    };
    const client = LspClient.inProcess({ rules: [broken, ...RULES] });
    try {
      await client.initialize();
      const uri = 'file:///tmp/bpl-isolation/COMMIT_EDITMSG';
      await client.open(uri, commitMessage({ body: 'Fix.\n\nCc: stable@vger.kernel.org\nSigned-off-by: A <a@b.org>' }), 'git-commit');
      const pub = await client.waitFor(uri);
      const codes = pub.diagnostics.map((d) => d.code);
      assert.ok(codes.includes('cc-stable'));
      const internal = pub.diagnostics.find((d) => d.code === 'broken-rule')!;
      assert.match(String(internal.message), /internal error in rule broken-rule.*boom/);
    } finally {
      await client.close();
    }
  });
});

describe('bpf-patch-lint-lsp command line', () => {
  const bin = join(REPO, 'bin', 'bpf-patch-lint-lsp.js');
  it('says how to start it instead of a stack trace when no transport is given', () => {
    const r = spawnSync(process.execPath, [bin], { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^bpf-patch-lint-lsp: no transport given\nUsage: bpf-patch-lint-lsp --stdio \| --node-ipc/);
  });

  it('prints its usage with --help and its version with --version', () => {
    assert.match(spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }).stdout, /^Usage: bpf-patch-lint-lsp/);
    assert.match(spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

describe('FAQ destinations the client accepts', () => {
  it('opens kernel.org pages and local files, nothing else', () => {
    for (const ok of ['https://www.kernel.org/doc/html/latest/bpf/bpf_devel_QA.html#q-x', 'https://docs.kernel.org/bpf/bpf_devel_QA.html', 'file:///home/me/linux/Documentation/bpf/bpf_devel_QA.rst']) {
      assert.ok(isFaqDestination(ok), ok);
    }
    for (const bad of ['http://www.kernel.org/doc/', 'https://kernel.org.evil.example/', 'https://evil.example/?kernel.org', 'https://user@www.kernel.org/', 'command:workbench.action.terminal.new', 'javascript:alert(1)', 'not a uri']) {
      assert.ok(!isFaqDestination(bad), bad);
    }
  });
});
