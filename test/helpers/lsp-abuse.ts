/**
 * Tools for driving the language server process as a hostile or broken client
 * would (test/lsp-abuse.test.ts): raw bytes on its stdin, a tap on every message
 * it writes, its memory from /proc and, after a forced collection, from V8.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, type Message } from 'vscode-jsonrpc/node';
import type { Hover } from 'vscode-languageserver-protocol';
import { AUTHOR, commitMessage } from './mail';
import { LspClient } from './lsp-client';

/** A commit message with one cc-stable error on line 4 (0-based). */
export const STABLE_MSG = commitMessage({ body: `Fix it.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` });
export const STABLE_LINE = 4;

export const MB = 1024 * 1024;

export interface Memory {
  /** Resident set now and at its peak (VmHWM), in MiB, from /proc/<pid>/status. */
  readonly rssMB: number;
  readonly peakMB: number;
  /** After a full collection: V8 heap in use, and memory outside it (buffers, external strings), in MiB. */
  readonly heapMB: number;
  readonly externalMB: number;
}

export interface RawMessage {
  readonly id?: number | string | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { code: number; message: string };
}

export class AbusedServer {
  /** Every message the server wrote, in order (only when tapped). */
  readonly seen: RawMessage[] = [];
  private stderr = '';
  private sequence = 0;

  private constructor(readonly client: LspClient) {
    client.child!.stderr!.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
    });
  }

  /** The bundled server with the GC hook preloaded, initialised like an editor would. */
  static async start(options: { tap?: boolean } = {}): Promise<AbusedServer> {
    const client = LspClient.spawn(['--expose-gc', '--require', join(__dirname, 'gc-preload.cjs')]);
    const server = new AbusedServer(client);
    // A second reader on the same stdout: it sees also what the client connection would drop
    // (responses to ids it never sent, answers to frames it never wrote).
    if (options.tap) new StreamMessageReader(client.child!.stdout!).listen((m: Message) => server.seen.push(m as RawMessage));
    await client.initialize();
    return server;
  }

  get pid(): number {
    return this.client.child!.pid!;
  }

  get connection() {
    return this.client.connection;
  }

  /** Bytes exactly as given, not framed. */
  raw(bytes: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.client.child!.stdin!.write(bytes, (err) => (err ? reject(err) : resolve())));
  }

  /** One frame around a body given as text (which may be anything but JSON-RPC). */
  frame(body: string): Promise<void> {
    const b = Buffer.from(body, 'utf8');
    return this.raw(Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`, 'ascii'), b]));
  }

  /** Waits until the tap has seen a message passing `test`. */
  async seenMessage(test: (m: RawMessage) => boolean, timeoutMs = 5000): Promise<RawMessage> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = this.seen.find(test);
      if (m) return m;
      assert.ok(Date.now() < until, 'the server never wrote the expected message');
      await sleep(10);
    }
  }

  /** The server process exists and has not exited. */
  assertAlive(): void {
    const child = this.client.child!;
    assert.equal(child.exitCode, null, `server exited with ${child.exitCode}; stderr: ${this.stderr.slice(-2000)}`);
    assert.equal(child.signalCode, null, `server killed by ${child.signalCode}`);
    process.kill(child.pid!, 0);
    assert.doesNotMatch(this.stderr, /uncaught|unhandled/i, 'the server reported an uncaught exception or unhandled rejection');
  }

  /**
   * Alive, and serving as usual: a fresh commit message gets its cc-stable
   * diagnostic, a hover on it explains the rule, and closing it clears it.
   */
  async assertHealthy(dir: string): Promise<void> {
    this.assertAlive();
    const uri = pathToFileURL(join(dir, `healthy-${++this.sequence}`, 'COMMIT_EDITMSG')).href;
    await this.client.open(uri, STABLE_MSG, 'git-commit');
    const pub = await this.client.waitFor(uri, (p) => p.version === 1);
    assert.ok(pub.diagnostics.some((d) => d.code === 'cc-stable'), JSON.stringify(pub.diagnostics.map((d) => d.code)));
    const hover = await this.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: STABLE_LINE, character: 2 } });
    assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /\*\*cc-stable\*\*/);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await this.client.waitFor(uri, (p) => p.version === undefined && p.diagnostics.length === 0);
    this.assertAlive();
  }

  /** Memory after a full collection in the server (SIGUSR2 to the preloaded hook). */
  async memory(): Promise<Memory> {
    const before = this.stderr.split('@@bpl-mem ').length;
    process.kill(this.pid, 'SIGUSR2');
    const until = Date.now() + 10000;
    while (this.stderr.split('@@bpl-mem ').length === before) {
      assert.ok(Date.now() < until, 'the server did not report its memory');
      await sleep(10);
    }
    await sleep(5); // the rest of the line
    const line = this.stderr.slice(this.stderr.lastIndexOf('@@bpl-mem ') + 10).split('\n')[0];
    const m = JSON.parse(line) as NodeJS.MemoryUsage;
    return { ...procMemory(this.pid), heapMB: m.heapUsed / MB, externalMB: m.external / MB };
  }

  /**
   * Memory once it has come back down to `ok`, measured again for up to `timeoutMs`: work still
   * in flight when a document closes (a git lookup for its last lint, say) holds on to that lint
   * until it ends. The last measurement is returned either way, for the assertion to report.
   */
  async settledMemory(ok: (m: Memory) => boolean, timeoutMs = 5000): Promise<Memory> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = await this.memory();
      if (ok(m) || Date.now() > until) return m;
      await sleep(200);
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** VmRSS and VmHWM of a process in MiB (0 where /proc does not exist). */
export function procMemory(pid: number): { rssMB: number; peakMB: number } {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return { rssMB: 0, peakMB: 0 };
  const status = readFileSync(file, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `f` and returns its result with the milliseconds it took. */
export async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const t = await f();
  return [t, performance.now() - start];
}
