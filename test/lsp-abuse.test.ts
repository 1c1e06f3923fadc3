/**
 * The language server under abuse (issue #7): the real bundled server process,
 * driven over stdio as a careless or broken client would drive it. Every test
 * ends by checking that the process is alive and still serves a normal
 * diagnostic and hover.
 *
 * Memory: the server runs with a preloaded hook (helpers/gc-preload.cjs) that
 * forces a full collection on SIGUSR2 and reports V8's heap, so "memory back
 * down" is measured as heap in use after a collection, which V8 returns at once;
 * RSS (VmRSS, VmHWM from /proc/<pid>/status) is bounded too, but RSS does not
 * shrink back when V8 keeps freed pages for reuse, so it is a ceiling, not a
 * leak check. Set BPL_ABUSE_REPORT=1 to print the measurements.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { CodeAction, CompletionItem, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { LintScheduler } from '../server/src/lsp/scheduler';
import { FrameGuard } from '../server/src/lsp/transport';
import { AUTHOR, commitMessage, patch } from './helpers/mail';
import { AbusedServer, MB, STABLE_LINE, STABLE_MSG, sleep, timed, type Memory } from './helpers/lsp-abuse';
import { REPO } from './helpers/paths';

const DEFAULT_MAX = 16 * MB; // bpfPatchLint.maxDocumentSize's default, in characters
const report: string[] = [];
const note = (line: string) => report.push(line);
const mem = (m: Memory) => `heap ${m.heapMB.toFixed(1)} MB, external ${m.externalMB.toFixed(1)} MB, RSS ${m.rssMB.toFixed(0)} MB (peak ${m.peakMB.toFixed(0)} MB)`;
/** Bounds on RSS only where /proc exists (Linux). */
const hasProc = existsSync('/proc/self/status');

const STABLE_PATCH = patch({ body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` });
const codesAndRanges = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();

describe('language server under abuse (issue #7)', function () {
  this.timeout(20000);
  let dir: string;
  let server: AbusedServer;

  before(() => {
    if (!existsSync(join(REPO, 'dist', 'server.js'))) execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO });
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-abuse-'));
  });
  afterEach(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  after(() => {
    if (process.env.BPL_ABUSE_REPORT) console.log(`\n${report.join('\n')}`);
  });

  it('declines a 50 MB document once, in words, holds one copy of it, keeps it out of its series, and keeps serving', async function () {
    this.timeout(60000);
    server = await AbusedServer.start();
    const { client } = server;
    const base = await server.memory();
    // A series folder: a small patch beside the huge one, both on disk (the huge one as a stub).
    mkdirSync(join(dir, 'series'));
    writeFileSync(join(dir, 'series', '0001-small.patch'), STABLE_PATCH);
    writeFileSync(join(dir, 'series', '0002-huge.patch'), 'stub');
    const huge = pathToFileURL(join(dir, 'series', '0002-huge.patch')).href;
    const text = STABLE_PATCH.repeat(Math.ceil((50 * MB) / STABLE_PATCH.length));

    const [first, openMs] = await timed(async () => {
      await client.open(huge, text, 'kernel-patch');
      return client.waitFor(huge, () => true, 45000);
    });
    assert.deepEqual(first.diagnostics, []);
    const told = () => client.messages.filter((m) => m.includes('0002-huge.patch is not checked'));
    await waitUntil(() => told().length > 0);
    assert.equal(told()[0], `bpf-patch-lint: 0002-huge.patch is not checked: it has ${text.length.toLocaleString('en-US')} characters, more than bpfPatchLint.maxDocumentSize (16,777,216).`);
    const opened = await server.memory();
    // One copy of 50 M one-byte characters is 50 MB; a second copy would double it.
    assert.ok(opened.heapMB - base.heapMB < (text.length / MB) * 1.25, `heap grew by ${(opened.heapMB - base.heapMB).toFixed(1)} MB for one ${(text.length / MB).toFixed(0)} MB document`);

    // Requests on it are answered at once, with nothing.
    const [answers, askMs] = await timed(() =>
      Promise.all([
        server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: huge }, position: { line: 8, character: 2 } }),
        server.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri: huge }, position: { line: 8, character: 2 } }),
        server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: huge }, range: zeroRange(), context: { diagnostics: [], only: ['source.fixAll.bpfPatchLint'] } }),
      ]),
    );
    assert.deepEqual(answers, [null, [], []]);

    // Its neighbour is linted on its own: the huge document is no series member, gets no snapshot.
    const small = pathToFileURL(join(dir, 'series', '0001-small.patch')).href;
    const [smallPub, smallMs] = await timed(async () => {
      await client.open(small, STABLE_PATCH, 'kernel-patch');
      return client.waitFor(small);
    });
    assert.ok(smallPub.diagnostics.some((d) => d.code === 'cc-stable'));
    assert.ok(!JSON.stringify(smallPub.diagnostics).includes('0002-huge'), 'a finding refers to the huge document');
    assert.ok(smallMs < 3000, `the neighbour took ${smallMs.toFixed(0)} ms`);
    assert.equal(await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: huge }, position: { line: 8, character: 2 } }), null);
    const withSmall = await server.memory();

    // An edit (incremental: one character) is not checked either, and not announced again.
    const [, changeMs] = await timed(async () => {
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: huge, version: 2 }, contentChanges: [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: 'x' }] });
      return client.waitFor(huge, (p) => p.version === 2, 30000);
    });
    assert.ok(client.published.filter((p) => p.uri === huge).every((p) => p.diagnostics.length === 0));
    assert.equal(told().length, 1);
    const changed = await server.memory();

    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: huge } });
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: small } });
    await client.waitFor(huge, (p) => p.version === undefined);
    const closed = await server.settledMemory((m) => m.heapMB - base.heapMB < 8);
    assert.ok(closed.heapMB - base.heapMB < 8, `${(closed.heapMB - base.heapMB).toFixed(1)} MB still held after closing`);
    if (hasProc) assert.ok(closed.peakMB < 600, `peak RSS ${closed.peakMB.toFixed(0)} MB`);
    await server.assertHealthy(dir);

    note(`50 MB document (${text.length.toLocaleString('en-US')} chars): declined and published in ${openMs.toFixed(0)} ms; hover+completion+codeAction ${askMs.toFixed(0)} ms; one-character edit ${changeMs.toFixed(0)} ms; neighbour linted in ${smallMs.toFixed(0)} ms`);
    note(`  memory: base ${mem(base)}`);
    note(`          open ${mem(opened)}`);
    note(`          +neighbour ${mem(withSmall)}`);
    note(`          after edit ${mem(changed)} (the edit makes the text-document library index its ${(countLines(text) / 1e6).toFixed(1)} M lines)`);
    note(`          closed ${mem(closed)}`);
  });

  it(`lints a document of exactly maxDocumentSize (${DEFAULT_MAX.toLocaleString('en-US')}) characters, declines one more, and lints it again when it shrinks`, async function () {
    this.timeout(60000);
    server = await AbusedServer.start();
    const { client } = server;
    const base = await server.memory();
    const text = patchOfLength(DEFAULT_MAX);
    assert.equal(text.length, DEFAULT_MAX);
    const uri = pathToFileURL(join(dir, '0001-big.patch')).href;
    const [pub, openMs] = await timed(async () => {
      await client.open(uri, text, 'kernel-patch');
      return client.waitFor(uri, () => true, 45000);
    });
    assert.ok(pub.diagnostics.some((d) => d.code === 'cc-stable'), JSON.stringify(pub.diagnostics.map((d) => d.code)));
    const [hover, hoverMs] = await timed(() => server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: pub.diagnostics.find((d) => d.code === 'cc-stable')!.range.start }));
    assert.match((hover?.contents as { value: string }).value, /cc-stable/);
    const linted = await server.memory();

    const end = { line: countLines(text) - 1, character: 0 };
    const [over, overMs] = await timed(async () => {
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: end, end }, text: 'x' }] });
      return client.waitFor(uri, (p) => p.version === 2, 30000);
    });
    assert.deepEqual(over.diagnostics, []);
    await waitUntil(() => client.messages.some((m) => m.includes(`0001-big.patch is not checked: it has ${(DEFAULT_MAX + 1).toLocaleString('en-US')} characters`)));
    const [back, backMs] = await timed(async () => {
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: end, end: { line: end.line, character: 1 } }, text: '' }] });
      return client.waitFor(uri, (p) => p.version === 3, 30000);
    });
    assert.deepEqual(codesAndRanges(back.diagnostics), codesAndRanges(pub.diagnostics));
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.waitFor(uri, (p) => p.version === undefined);
    const closed = await server.settledMemory((m) => m.heapMB - base.heapMB < 8);
    assert.ok(closed.heapMB - base.heapMB < 8, `${(closed.heapMB - base.heapMB).toFixed(1)} MB still held after closing`);
    if (hasProc) assert.ok(closed.peakMB < 600, `peak RSS ${closed.peakMB.toFixed(0)} MB`);
    await server.assertHealthy(dir);
    note(`16 MiB document (one patch, ${countLines(text).toLocaleString('en-US')} lines): linted and published in ${openMs.toFixed(0)} ms, hover ${hoverMs.toFixed(0)} ms; +1 char declined in ${overMs.toFixed(0)} ms; -1 char linted again in ${backMs.toFixed(0)} ms (edits wait out the burst interval, 3x the last lint)`);
    note(`  memory: base ${mem(base)}; linted ${mem(linted)}; closed ${mem(closed)}`);
  });

  it('opens 1,000 documents, publishes for each, clears each on close, and gives the memory back', async function () {
    this.timeout(60000);
    server = await AbusedServer.start();
    const { client } = server;
    mkdirSync(join(dir, 'patches'));
    const uriOf = (i: number, round: string) =>
      i % 2 === 0 ? pathToFileURL(join(dir, `repo-${round}-${i}`, '.git', 'COMMIT_EDITMSG')).href : pathToFileURL(join(dir, 'patches', `${String(i).padStart(4, '0')}-${round}.patch`)).href;
    const textOf = (i: number) => (i % 2 === 0 ? commitMessage({ title: `bpf: Fix thing ${i}`, body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` }) : patch({ subject: `[PATCH bpf-next] bpf: Fix thing ${i}`, body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` }));
    async function round(name: string, n: number): Promise<{ openMs: number; closeMs: number; open: Memory }> {
      const uris = Array.from({ length: n }, (_, i) => uriOf(i, name));
      const [, openMs] = await timed(async () => {
        for (const [i, uri] of uris.entries()) void client.open(uri, textOf(i), i % 2 === 0 ? 'git-commit' : 'diff');
        const pubs = await Promise.all(uris.map((uri) => client.waitFor(uri, (p) => p.version === 1, 30000)));
        for (const p of pubs) assert.ok(p.diagnostics.some((d) => d.code === 'cc-stable'), `${p.uri}: ${JSON.stringify(p.diagnostics.map((d) => d.code))}`);
      });
      const h = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uris[0] }, position: { line: STABLE_LINE, character: 2 } });
      assert.match((h?.contents as { value: string }).value, /cc-stable/);
      const open = await server.memory();
      const [, closeMs] = await timed(async () => {
        for (const uri of uris) void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        await Promise.all(uris.map((uri) => client.waitFor(uri, (p) => p.version === undefined && p.diagnostics.length === 0, 30000)));
      });
      // Closed means closed: nothing is answered from a leftover snapshot.
      assert.equal(await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: uris[0] }, position: { line: STABLE_LINE, character: 2 } }), null);
      return { openMs, closeMs, open };
    }
    // Warm up (code compiled, caches for the folders filled), then measure.
    await round('warm', 20);
    const base = await server.memory();
    const r1 = await round('a', 1000);
    const closed1 = await server.settledMemory((m) => m.heapMB - base.heapMB < 3);
    const r2 = await round('b', 1000);
    const closed2 = await server.settledMemory((m) => m.heapMB - closed1.heapMB < 2);
    const held = r1.open.heapMB - base.heapMB;
    assert.ok(held > 2, `1,000 open documents hold only ${held.toFixed(1)} MB: the measurement is not measuring`);
    // Back down: what stays after closing is a small fraction of what the open documents held
    // (1 MB here is ~1 kB per document: the git cache remembers each folder it looked in).
    assert.ok(closed1.heapMB - base.heapMB < Math.max(3, held / 4), `${(closed1.heapMB - base.heapMB).toFixed(1)} MB of ${held.toFixed(1)} MB still held after closing 1,000 documents`);
    assert.ok(closed2.heapMB - closed1.heapMB < 2, `a second round of 1,000 documents left ${(closed2.heapMB - closed1.heapMB).toFixed(1)} MB more`);
    if (hasProc) assert.ok(closed2.peakMB < 400, `peak RSS ${closed2.peakMB.toFixed(0)} MB`);
    await server.assertHealthy(dir);
    note(`1,000 documents (500 COMMIT_EDITMSG + 500 .patch): open+publish all ${r1.openMs.toFixed(0)} / ${r2.openMs.toFixed(0)} ms, close+clear all ${r1.closeMs.toFixed(0)} / ${r2.closeMs.toFixed(0)} ms (two rounds)`);
    note(`  memory: warm base ${mem(base)}`);
    note(`          1,000 open ${mem(r1.open)} (${held.toFixed(1)} MB held)`);
    note(`          closed ${mem(closed1)}; after a second round ${mem(closed2)}`);
  });

  it('answers requests for closed and never-opened documents, out-of-range positions and stale code actions', async () => {
    server = await AbusedServer.start();
    const { client, connection } = server;
    const hover = (uri: string, line: number, character: number) => connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    const complete = (uri: string, line: number, character: number) => connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    const actions = (uri: string, diagnostics: Diagnostic[], only?: string[]) => connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: zeroRange(), context: { diagnostics, only } });

    // Never opened, and opened then closed: empty answers, no errors.
    const never = pathToFileURL(join(dir, 'never', 'COMMIT_EDITMSG')).href;
    const gone = pathToFileURL(join(dir, 'gone', 'COMMIT_EDITMSG')).href;
    await client.open(gone, STABLE_MSG, 'git-commit');
    const gonePub = await client.waitFor(gone);
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri: gone } });
    await client.waitFor(gone, (p) => p.version === undefined);
    for (const uri of [never, gone, 'untitled:Untitled-9', 'not a uri at all', 'file:///%E0%A4%A']) {
      assert.equal(await hover(uri, STABLE_LINE, 2), null, uri);
      assert.deepEqual(await complete(uri, 0, 0), [], uri);
      assert.deepEqual(await actions(uri, gonePub.diagnostics), [], uri);
      assert.deepEqual(await actions(uri, [], ['source.fixAll.bpfPatchLint']), [], uri);
    }
    const target = await connection.sendRequest('workspace/executeCommand', { command: 'bpfPatchLint.openFaq', arguments: ['cc-stable', never, { open: false }] });
    assert.equal((target as { external: boolean }).external, true);
    assert.equal(await connection.sendRequest('workspace/executeCommand', { command: 'bpfPatchLint.openFaq', arguments: ['no-such-rule', never] }), null);
    assert.ok((await connection.sendRequest<unknown[]>('bpfPatchLint/rules')).length > 10);

    // Out of range on an open document: clamped, as LSP asks, never an error.
    const uri = pathToFileURL(join(dir, 'open', 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit', 1);
    const v1 = await client.waitFor(uri, (p) => p.version === 1);
    for (const [line, character] of [
      [1e6, 0],
      [1e6, 1e6],
      [STABLE_LINE, 2 ** 31],
      [STABLE_LINE, Number.MAX_SAFE_INTEGER],
      [-1, -1],
      [0, -5],
    ]) {
      const h = await hover(uri, line, character);
      assert.ok(h === null || typeof (h.contents as { value: string }).value === 'string');
      assert.ok(Array.isArray(await complete(uri, line, character)));
    }
    assert.match(((await hover(uri, STABLE_LINE, 2 ** 31))!.contents as { value: string }).value, /cc-stable/, 'a huge character is the end of the line');

    // Stale code actions: diagnostics of version 1 asked about at version 2, where two lines moved everything down.
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'More.\n\n' }] });
    const v2 = await client.waitFor(uri, (p) => p.version === 2);
    const staleStable = v1.diagnostics.find((d) => d.code === 'cc-stable')!;
    const stale = await actions(uri, v1.diagnostics);
    assert.ok(!stale.some((a) => a.diagnostics?.some((d) => d.code === 'cc-stable' && d.range.start.line === staleStable.range.start.line && a.edit)), 'a fix was offered for a line that moved');
    for (const a of stale) for (const c of a.edit?.documentChanges ?? []) if ('textDocument' in c && c.textDocument.uri === uri) assert.equal(c.textDocument.version, 2, 'an edit for a stale version');
    const fresh = await actions(uri, v2.diagnostics.filter((d) => d.code === 'cc-stable'));
    const fix = fresh.find((a) => a.title === 'Remove the stable Cc tag')!;
    assert.ok(fix, JSON.stringify(fresh.map((a) => a.title)));
    assert.equal((fix.edit!.documentChanges![0] as { textDocument: { version: number } }).textDocument.version, 2);
    // Diagnostics that are no diagnostics are skipped, not fatal to the others.
    const mixed = await actions(uri, [null, 5, {}, { range: null }, ...v2.diagnostics.filter((d) => d.code === 'cc-stable')] as unknown as Diagnostic[]);
    assert.ok(mixed.some((a) => a.title === 'Remove the stable Cc tag'));
    await server.assertHealthy(dir);
  });

  it('survives malformed JSON-RPC: garbage, bad Content-Length, invalid JSON, unknown methods, wrong params', async () => {
    server = await AbusedServer.start({ tap: true });
    const { client, connection } = server;
    const uri = pathToFileURL(join(dir, 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit');
    await client.waitFor(uri);
    const body = (id: string) => JSON.stringify({ jsonrpc: '2.0', id, method: 'bpfPatchLint/rules' });
    const framed = (b: string, header = `Content-Length: ${Buffer.byteLength(b)}`) => `${header}\r\n\r\n${b}`;
    /** After each, the next valid request must be answered (before FrameGuard, each one that breaks the framing left the server deaf for good). */
    const abuses: [string, string | Buffer][] = [
      ['binary garbage', Buffer.from([0, 255, 13, 10, 0, 1, 2, 3, 0xfe, 0xff, 0x7f])],
      ['text garbage', 'hello, is anyone there?'],
      ['garbage ending in a blank line', 'garbage\r\n\r\n'],
      ['8 kB of junk without a blank line', 'x'.repeat(9000)],
      ['no Content-Length', framed(body('lost-1'), 'Content-Type: application/vscode-jsonrpc; charset=utf-8')],
      ['Content-Length: abc', framed(body('lost-2'), 'Content-Length: abc')],
      ['negative Content-Length', framed(body('lost-3'), 'Content-Length: -5')],
      ['Content-Length too short', framed(body('lost-4'), 'Content-Length: 10')],
      ['Content-Length too long', framed(body('lost-5'), 'Content-Length: 500')],
      ['Content-Length of a terabyte', framed(body('lost-6'), 'Content-Length: 1099511627776')],
      ['two Content-Lengths', framed(body('lost-7'), 'Content-Length: 5\r\nContent-Length: 60')],
      ['an unknown header', framed(body('lost-8'), `X-Thing: 1\r\nContent-Length: ${body('lost-8').length}`)],
      ['a header line without a colon', framed(body('lost-9'), `Content-Length ${body('lost-9').length}`)],
      ['invalid JSON', framed('{garbage')],
      ['an empty body', framed('')],
      ['truncated JSON', framed('{"jsonrpc":"2.0","id":"t","method":"bpfPatchLint/ru')],
    ];
    const timings: string[] = [];
    for (const [name, bytes] of abuses) {
      await server.raw(bytes);
      const [rules, ms] = await timed(() => withTimeout(connection.sendRequest<unknown[]>('bpfPatchLint/rules'), 3000, `no answer after ${name}`));
      assert.ok(rules.length > 10, name);
      timings.push(`${name} ${ms.toFixed(0)} ms`);
    }
    // A valid frame written one byte at a time is still one frame.
    const slow = Buffer.from(framed(body('slow-1')));
    for (const byte of slow) await server.raw(Buffer.from([byte]));
    assert.ok(Array.isArray((await server.seenMessage((m) => m.id === 'slow-1')).result));

    // JSON that is not JSON-RPC: the library drops it silently; a request with an id to answer gets an error.
    await server.frame('{"jsonrpc":"2.0","id":"bad-method","method":5}');
    const refused = await server.seenMessage((m) => m.id === 'bad-method');
    assert.equal(refused.error?.code, -32600);
    assert.match(refused.error!.message, /Invalid Request/);
    // However large it is (#18, item 16): a megabyte of params does not make it silent.
    await server.frame(JSON.stringify({ jsonrpc: '2.0', id: 'big-bad-method', method: 5, params: { text: 'x'.repeat(1 << 20) } }));
    assert.equal((await server.seenMessage((m) => m.id === 'big-bad-method')).error?.code, -32600);
    // Nothing to answer (no usable id): dropped, and logged.
    const logged = client.messages.length;
    await server.frame('{"jsonrpc":"2.0","id":{"an":"object"},"method":"bpfPatchLint/rules"}');
    await server.frame(`[${body('in-a-batch')}]`);
    await server.frame('{"jsonrpc":"2.0","id":"no-method"}');
    assert.ok(Array.isArray(await connection.sendRequest('bpfPatchLint/rules')));
    assert.ok(!server.seen.some((m) => m.id === 'in-a-batch' || m.id === 'no-method'), 'answered a batch or a message without a method');
    assert.equal(client.messages.slice(logged).filter((m) => /ignored \d+ bytes of input/.test(m)).length, 3);

    // Unknown methods: an error for a request, silence for a notification.
    await assert.rejects(connection.sendRequest('bpfPatchLint/noSuchThing', {}), (e: ResponseError<unknown>) => e.code === -32601);
    await assert.rejects(connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 0 } }), (e: ResponseError<unknown>) => e.code === -32601);
    await connection.sendNotification('bpfPatchLint/noSuchNotification', { x: 1 });
    await connection.sendNotification('$/noSuchProtocolNotification', null);

    // Wrong parameter shapes: an error response, never a dead server or a hang.
    const errorCode = (p: Promise<unknown>) =>
      p.then(
        () => 0,
        (e: ResponseError<unknown>) => e.code,
      );
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/codeAction', 'workspace/executeCommand']) {
      assert.ok([-32602, -32603].includes(await errorCode(connection.sendRequest(method, null))), `${method} with null params`);
    }
    const invalid = [
      ['textDocument/hover', {}],
      ['textDocument/hover', { textDocument: { uri } }],
      ['textDocument/hover', { textDocument: { uri: 5 }, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: { uri }, position: { line: 'four', character: {} } }],
      ['textDocument/hover', { textDocument: { uri }, position: { line: 2.5, character: 0 } }],
      ['textDocument/completion', { position: { line: 0, character: 0 } }],
      ['textDocument/codeAction', { textDocument: { uri } }],
      ['textDocument/codeAction', { textDocument: { uri }, range: zeroRange(), context: { diagnostics: 'all' } }],
    ] as const;
    for (const [method, params] of invalid) assert.equal(await errorCode(connection.sendRequest(method, params)), -32602, `${method} ${JSON.stringify(params)}`);
    assert.equal(await connection.sendRequest('workspace/executeCommand', { command: 'bpfPatchLint.openFaq', arguments: 5 }), null);
    assert.equal(await connection.sendRequest('workspace/executeCommand', { command: 'bpfPatchLint.openFaq', arguments: [{}, 5, 'x'] }), null);
    assert.equal(await errorCode(connection.sendRequest('workspace/executeCommand', { command: 'no.such.command' })), 0);

    // Notifications with wrong shapes are dropped (and logged); none creates or corrupts a document.
    const broken = pathToFileURL(join(dir, 'broken.patch')).href;
    const notifications: [string, unknown][] = [
      ['textDocument/didOpen', null],
      ['textDocument/didOpen', { textDocument: { uri: broken, languageId: 'diff', version: 1, text: 5 } }],
      ['textDocument/didOpen', { textDocument: { uri: 5, languageId: 'diff', version: 'x', text: null } }],
      ['textDocument/didOpen', {}],
      ['textDocument/didChange', null],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: null }],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 7 }] }],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 'a' }, end: {} }, text: 'x' }] }],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0.5, character: 0 }, end: { line: 1, character: 0 } }, text: 'x' }] }],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: -1, character: 0 }, end: { line: 0, character: 2.5 } }, text: 'x' }] }],
      ['textDocument/didChange', { textDocument: { uri: 'file:///never/opened.patch', version: 2 }, contentChanges: [{ text: 'x' }] }],
      ['textDocument/didClose', null],
      ['textDocument/didClose', { textDocument: { uri: 'file:///never/opened.patch' } }],
      ['workspace/didChangeConfiguration', null],
      ['workspace/didChangeWatchedFiles', null],
      ['workspace/didChangeWatchedFiles', { changes: [null] }],
      ['bpfPatchLint/trust', null],
      ['$/cancelRequest', null],
      ['$/cancelRequest', { id: { no: 'such' } }],
      ['$/setTrace', null],
    ];
    for (const [method, params] of notifications) await connection.sendNotification(method, params);
    assert.equal(await connection.sendRequest('textDocument/hover', { textDocument: { uri: broken }, position: { line: 0, character: 0 } }), null);
    // The valid document was not touched by the broken changes: still version 1's text.
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }] });
    const after = await client.waitFor(uri, (p) => p.version === 3);
    assert.deepEqual(codesAndRanges(after.diagnostics), codesAndRanges(client.published.find((p) => p.uri === uri)!.diagnostics));
    // Everything above was logged to the client, nothing went to stderr as uncaught.
    assert.ok(client.messages.some((m) => /ignored \d+ bytes of input/.test(m)));
    await server.assertHealthy(dir);
    note(`malformed input, answer to the next request: ${timings.join('; ')}`);
  });

  it('survives cancellation storms and rapid edits with requests in between; the last diagnostics are for the last version', async () => {
    server = await AbusedServer.start({ tap: true });
    const { client, connection } = server;
    const uri = pathToFileURL(join(dir, 'storm', 'COMMIT_EDITMSG')).href;
    await client.open(uri, STABLE_MSG, 'git-commit', 1);
    await client.waitFor(uri, (p) => p.version === 1);
    const responsesBefore = server.seen.filter(isResponse).length;
    const start = performance.now();

    // 300 hovers in flight, every one of them cancelled, and 300 cancellations for ids nobody sent.
    const sources = Array.from({ length: 300 }, () => new CancellationTokenSource());
    const inFlight = sources.map((s, i) =>
      settle(connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: STABLE_LINE, character: i % 20 } }, s.token)),
    );
    for (const s of sources) s.cancel();
    for (let i = 0; i < 300; i++) void connection.sendNotification('$/cancelRequest', { id: 1_000_000 + i });
    for (let i = 0; i < 50; i++) void connection.sendNotification('$/cancelRequest', { id: `unknown-${i}` });

    // 200 edits, with a hover, a completion or a code action (some cancelled) between them.
    const between: Promise<Settled>[] = [];
    for (let v = 2; v <= 201; v++) {
      // The last edit removes the Cc: stable line: a stale publish would still show cc-stable.
      const change =
        v === 201
          ? { range: { start: { line: STABLE_LINE, character: 0 }, end: { line: STABLE_LINE + 1, character: 0 } }, text: '' }
          : { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'x' };
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
      const source = new CancellationTokenSource();
      const position = { line: STABLE_LINE, character: 1 };
      const ask =
        v % 3 === 0
          ? connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }, source.token)
          : v % 3 === 1
            ? connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }, source.token)
            : connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: zeroRange(), context: { diagnostics: [] } }, source.token);
      between.push(settle(ask));
      if (v % 4 === 0) source.cancel();
    }
    const settled = [...(await Promise.all(inFlight)), ...(await Promise.all(between))];
    const stormMs = performance.now() - start;
    // Each request: its answer or RequestCancelled (-32800), never another error, never silence.
    for (const s of settled) assert.ok(s.ok || s.code === -32800, `unexpected error ${s.code}`);
    const cancelled = settled.filter((s) => !s.ok).length;
    const last = await client.waitFor(uri, (p) => p.version === 201, 10000);
    await sleep(300);
    const publishes = client.published.filter((p) => p.uri === uri);
    assert.equal(publishes[publishes.length - 1], last, 'something was published after the last version');
    for (let i = 1; i < publishes.length; i++) assert.ok(publishes[i].version! >= publishes[i - 1].version!, 'a stale version was published after a newer one');
    assert.ok(!last.diagnostics.some((d) => d.code === 'cc-stable'), 'the last diagnostics are for an older version');
    // ...and they are exactly what a fresh look at the final text finds.
    const finalText = STABLE_MSG.split('\n')
      .map((l, i) => (i === 2 ? 'x'.repeat(199) + l : l))
      .filter((_, i) => i !== STABLE_LINE)
      .join('\n');
    const twin = pathToFileURL(join(dir, 'twin', 'COMMIT_EDITMSG')).href;
    await client.open(twin, finalText, 'git-commit');
    assert.deepEqual(codesAndRanges(last.diagnostics), codesAndRanges((await client.waitFor(twin)).diagnostics));
    // Exactly one response per request: none lost, none doubled.
    const responses = server.seen.filter(isResponse).slice(responsesBefore);
    const ids = responses.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, 'a request was answered twice');
    assert.ok(responses.length >= settled.length, `${responses.length} responses for ${settled.length} requests`);
    await server.assertHealthy(dir);
    note(`cancellation storm: 300 cancelled hovers + 350 unknown-id cancels + 200 edits with 200 requests between: ${stormMs.toFixed(0)} ms, ${cancelled} answered RequestCancelled, ${settled.length - cancelled} answered, ${publishes.length} publishes, last for version ${last.version}`);
  });
});

describe('FrameGuard (the stdio framing in front of vscode-jsonrpc)', () => {
  const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const msg = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: 'bpfPatchLint/rules', params: { text: 'ü → Content-Length: 3 \\r\\n' } });

  /** Feeds `input` in pieces of `size` bytes; returns the bodies of the frames passed on, and why bytes were dropped. */
  function run(input: Buffer, size: number): { bodies: string[]; dropped: string[] } {
    const dropped: string[] = [];
    const guard = new FrameGuard({ dropped: (_bytes, why) => dropped.push(why), invalidRequestMethod: 'x/invalid' });
    const chunks: Buffer[] = [];
    guard.on('data', (c: Buffer) => chunks.push(c));
    for (let i = 0; i < input.length; i += size) guard.write(input.subarray(i, i + size));
    const all = Buffer.concat(chunks);
    const bodies: string[] = [];
    // What comes out must be strictly framed: parse without any tolerance.
    for (let at = 0; at < all.length; ) {
      const end = all.indexOf('\r\n\r\n', at);
      const m = /^Content-Length: (\d+)$/.exec(all.subarray(at, end).toString('latin1'));
      assert.ok(m, `not a frame at ${at}: ${JSON.stringify(all.subarray(at, at + 40).toString('latin1'))}`);
      bodies.push(all.subarray(end + 4, end + 4 + Number(m[1])).toString('utf8'));
      at = end + 4 + Number(m[1]);
    }
    return { bodies, dropped };
  }

  it('passes valid frames through unchanged however the bytes are split', () => {
    const input = Buffer.from([1, 2, 3].map((i) => frame(msg(i))).join(''));
    for (const size of [1, 2, 3, 7, 16, 47, 48, 49, 100, input.length]) assert.deepEqual(run(input, size).bodies, [msg(1), msg(2), msg(3)], `pieces of ${size}`);
  });

  it('skips garbage and broken frames, and resumes at the next valid frame however the bytes are split', () => {
    const input = Buffer.concat([
      Buffer.from(frame(msg(1))),
      Buffer.from([0, 255, 13, 10, 13]),
      Buffer.from(frame(msg(2))),
      Buffer.from(`Content-Length: x\r\n\r\n${msg(90)}`),
      Buffer.from(frame(msg(3))),
      Buffer.from(`Content-Length: 10\r\n\r\n${msg(91)}`),
      Buffer.from(frame(msg(4))),
      Buffer.from(`Content-Length: 99999999\r\n\r\n${msg(92).slice(0, 20)}`),
      Buffer.from(frame(msg(5))),
      Buffer.from('garbage\r\n\r\n'),
      Buffer.from(frame(msg(6))),
    ]);
    for (const size of [1, 2, 5, 13, 48, 64, 1000, input.length]) {
      const { bodies } = run(input, size);
      assert.deepEqual(bodies, [1, 2, 3, 4, 5, 6].map(msg), `pieces of ${size}`);
    }
  });

  it('turns what vscode-jsonrpc would drop silently into a request it answers with an error, or drops it with a reason', () => {
    const input = Buffer.from(
      [
        frame('{"jsonrpc":"2.0","id":7,"method":5}'),
        frame('{"jsonrpc":"2.0","id":null,"method":"x"}'),
        frame('[{"jsonrpc":"2.0","id":8,"method":"x"}]'),
        frame('{nope'),
        frame('{"jsonrpc":"2.0","id":9}'),
        frame('{"jsonrpc":"2.0","id":10,"result":null}'),
        frame('{"jsonrpc":"2.0","method":"n"}'),
      ].join(''),
    );
    const { bodies, dropped } = run(input, 11);
    assert.deepEqual(bodies, [
      '{"jsonrpc":"2.0","id":7,"method":"x/invalid","params":{"message":"Invalid Request: not a JSON-RPC request, notification or response"}}',
      '{"jsonrpc":"2.0","id":10,"result":null}',
      '{"jsonrpc":"2.0","method":"n"}',
    ]);
    assert.deepEqual(dropped, [
      'not a JSON-RPC request, notification or response',
      'a batch (LSP has none)',
      `not JSON (${(() => {
        try {
          return JSON.parse('{nope');
        } catch (e) {
          return (e as Error).message;
        }
      })()})`,
      'not a JSON-RPC request, notification or response',
    ]);
  });
});

describe('LintScheduler under open/close churn', () => {
  it('forgets a document closed while it is being linted', async () => {
    let clock = 0;
    let finish!: () => void;
    const scheduler = new LintScheduler(
      () => new Promise<void>((resolve) => (finish = resolve)),
      (err) => assert.fail(String(err)),
      () => clock,
    );
    scheduler.schedule('file:///a.patch', true);
    await sleep(5); // the lint starts, and waits
    clock = 1000;
    scheduler.cancel('file:///a.patch'); // closed meanwhile
    finish();
    await sleep(5);
    // A remembered duration of 1000 ms would make this 3000: one entry kept for every uri ever closed mid-lint.
    assert.equal(scheduler.minInterval('file:///a.patch'), 10);
  });
});

interface Settled {
  readonly ok: boolean;
  readonly code?: number;
}
function settle(p: Promise<unknown>): Promise<Settled> {
  return p.then(
    () => ({ ok: true }),
    (e: ResponseError<unknown>) => ({ ok: false, code: e.code }),
  );
}
function isResponse(m: { id?: unknown; method?: string }): boolean {
  return m.method === undefined && m.id !== undefined;
}
function zeroRange() {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
async function waitUntil(ok: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    assert.ok(Date.now() < until, 'timed out');
    await sleep(10);
  }
}
/** Lines as LSP counts them (one more than the line breaks). */
function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(what)), ms))]);
}
/** One format-patch mail with a Cc: stable finding and a diff long enough to make it exactly `length` characters. */
function patchOfLength(length: number): string {
  const line = `+\tstatic int value_${'x'.repeat(40)} = 0; /* padding */`;
  const mail = (n: number, pad: string) =>
    patch({ body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}`, diff: `diff --git a/kernel/bpf/big.c b/kernel/bpf/big.c\nindex 1111111..2222222 100644\n--- a/kernel/bpf/big.c\n+++ b/kernel/bpf/big.c\n@@ -0,0 +1,${n + 1} @@\n${`${line}\n`.repeat(n)}+${pad}` });
  const n = Math.floor((length - mail(0, '').length) / (line.length + 1));
  const pad = length - mail(n, '').length;
  return mail(n, '/'.repeat(pad));
}
