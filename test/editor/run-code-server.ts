/**
 * Runs the in-editor suite inside a real VS Code (code-server 4.99.4 = VS Code
 * 1.99.3) in headless Chromium, where the VS Code download that
 * @vscode/test-electron needs is not reachable. The suite signals screenshot
 * moments through its console; this runner captures them only when
 * BPL_SCREENSHOTS_DIR names a folder (npm run screenshots), so running the tests
 * never changes tracked files.
 *
 * Usage: tsx test/editor/run-code-server.ts   (after bash test/editor/setup.sh)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { format } from 'node:util';
import { buildEditorSuite } from './build-suite';
import { prepareWorkspace } from './workspace';

const REPO = resolve(__dirname, '..', '..');
const HERE = __dirname;
const CODE_SERVER = join(HERE, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where to write screenshots; none are taken without it. */
const IMAGES = process.env.BPL_SCREENSHOTS_DIR ? resolve(process.env.BPL_SCREENSHOTS_DIR) : undefined;

/** The part of playwright-core's API used here (typed locally: the harness installs it apart). */
interface Page {
  keyboard: { press(key: string): Promise<void> };
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  goto(url: string): Promise<unknown>;
  screenshot(opts: { path: string }): Promise<unknown>;
}
interface Chromium {
  launch(opts: { executablePath: string; headless: boolean; args: string[] }): Promise<{
    newPage(opts: { viewport: { width: number; height: number } }): Promise<Page>;
    close(): Promise<void>;
  }>;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

async function waitForHttp(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer at ${url} within ${ms} ms`);
}

async function main(): Promise<number> {
  if (!existsSync(CODE_SERVER) || !existsSync(CHROMIUM)) {
    const why = !existsSync(CODE_SERVER) ? 'code-server is not installed' : `no Chromium at ${CHROMIUM}`;
    if (process.env.CI) {
      console.error(`in-editor tests: ${why}; .ci/run must run test/editor/setup.sh`);
      return 1;
    }
    console.log(`in-editor tests skipped: ${why} (run: bash test/editor/setup.sh)`);
    return 0;
  }
  const suite = await buildEditorSuite();
  const trusted = await runSuite(suite, true);
  if (trusted !== 0) return trusted;
  // Again in a workspace VS Code does not trust: no git may run there (#19).
  console.log('in-editor tests, untrusted workspace:');
  return runSuite(join(dirname(suite), 'index-untrusted.js'), false);
}

/** One code-server with the suite `suite`, the workspace trusted or not; resolves to the suite's exit code. */
async function runSuite(suite: string, trusted: boolean): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'bpl-editor-'));
  const ws = prepareWorkspace(join(root, 'ws'));
  const port = await freePort();
  const env = { ...process.env, XDG_CONFIG_HOME: join(root, 'xdg-config'), XDG_DATA_HOME: join(root, 'xdg-data'), HOME: join(root, 'home') };
  mkdirSync(env.HOME, { recursive: true });
  if (!trusted) {
    // Trust stays on, and the folder opens in restricted mode without a prompt to answer.
    mkdirSync(join(root, 'user-data', 'User'), { recursive: true });
    writeFileSync(join(root, 'user-data', 'User', 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false }));
  }
  const server = spawn(
    process.execPath,
    [
      CODE_SERVER,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(trusted ? ['--disable-workspace-trust'] : []),
      '--user-data-dir', join(root, 'user-data'),
      '--extensions-dir', join(root, 'extensions'),
      ws,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let serverLog = '';
  server.stdout!.on('data', (d) => (serverLog += d));
  server.stderr!.on('data', (d) => (serverLog += d));

  // playwright-core lives in the harness's own node_modules, out of the extension's dependencies.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require(join(HERE, 'node_modules', 'playwright-core')) as { chromium: Chromium };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60000);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    if (IMAGES) mkdirSync(IMAGES, { recursive: true });
    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((r) => (resolveExit = r));
    const shots: Promise<unknown>[] = [];
    await page.exposeFunction('codeAutomationLog', (_level: unknown, args: unknown[]) => {
      const line = Array.isArray(args) ? format(...(args as [unknown, ...unknown[]])) : String(args);
      const m = /BPL-SCREENSHOT (\S+)/.exec(line);
      if (m && IMAGES) shots.push(page.screenshot({ path: join(IMAGES, `${m[1]}.png`) }));
      // The suite cannot type into quick picks itself; it asks for real key presses.
      const key = /BPL-KEY (\S+)/.exec(line);
      if (key) void page.keyboard.press(key[1]);
      process.stdout.write(`${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO)],
      ['extensionTestsPath', remote(suite)],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const code = await Promise.race([
      exited,
      new Promise<number>((r) => setTimeout(() => r(124), 300000)),
    ]);
    await Promise.all(shots);
    if (code === 124) console.error('in-editor tests: timed out');
    if (code !== 0) console.error(`code-server log:\n${serverLog.slice(-4000)}`);
    return code;
  } finally {
    await browser.close();
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`in-editor tests: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
