/**
 * A minimal LSP client over a real JSON-RPC connection (vscode-jsonrpc), for
 * driving the server as an editor would: a spawned process, or an in-process
 * server over stream pairs when a test must inject something.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  ShowDocumentParams,
} from 'vscode-languageserver-protocol';
import { createConnection } from 'vscode-languageserver/node';
import { startServer, type ServerOptions } from '../../server/src/lsp/server';
import { REPO } from './paths';

export interface Published {
  readonly uri: string;
  readonly version?: number;
  readonly diagnostics: Diagnostic[];
}

export class LspClient {
  readonly published: Published[] = [];
  readonly shown: ShowDocumentParams[] = [];
  readonly messages: string[] = [];
  settings: Record<string, unknown> = {};
  private disposeServer?: () => void;
  private waiters: { test: (p: Published) => boolean; resolve: (p: Published) => void }[] = [];

  private constructor(
    readonly connection: MessageConnection,
    readonly child?: ChildProcess,
    private readonly streams: PassThrough[] = [],
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const pub = { uri: p.uri, version: p.version, diagnostics: p.diagnostics };
      this.published.push(pub);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(pub)) return true;
        w.resolve(pub);
        return false;
      });
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.settings));
    connection.onRequest('window/showDocument', (p: ShowDocumentParams) => {
      this.shown.push(p);
      return { success: true };
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification('window/showMessage', (p: { message: string }) => {
      this.messages.push(p.message);
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.messages.push(p.message);
    });
    connection.listen();
  }

  /** The bundled server as a child process over stdio (`nodeArgs`: options for node itself, e.g. a --require). */
  static spawn(nodeArgs: readonly string[] = []): LspClient {
    const child = spawn(process.execPath, [...nodeArgs, join(REPO, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    return new LspClient(conn, child);
  }

  /** The server in this process, over stream pairs (still real JSON-RPC framing). */
  static inProcess(options: ServerOptions): LspClient {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startServer(server, options);
    const client = new LspClient(createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)), undefined, [toServer, toClient]);
    client.disposeServer = () => server.dispose();
    return client;
  }

  /** `textDocument`: capabilities to add, as a client other than VS Code announces them. */
  async initialize(initializationOptions: unknown = {}, textDocument: Record<string, unknown> = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
        window: { showDocument: { support: true } },
        textDocument: { publishDiagnostics: { versionSupport: true }, ...textDocument },
      },
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the first publish (already received or future) for `uri` matching `test`. */
  waitFor(uri: string, test: (p: Published) => boolean = () => true, timeoutMs = 10000): Promise<Published> {
    const done = this.published.find((p) => p.uri === uri && test(p));
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching publishDiagnostics for ${uri}`)), timeoutMs);
      this.waiters.push({
        test: (p) => p.uri === uri && test(p),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  open(uri: string, text: string, languageId = 'plaintext', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      // The server ends its process on "exit": only send it to a child process, never in-process.
      if (this.child) await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.disposeServer?.();
    for (const s of this.streams) s.destroy();
    this.child?.kill();
  }
}
