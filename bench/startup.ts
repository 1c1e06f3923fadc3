/**
 * Start-up cost: the language server from spawn to its initialize answer, the
 * extension's activation in a real editor (when the in-editor harness is
 * installed), and the size of what ships (minified bundles, raw and gzipped).
 * Run: npx tsx bench/startup.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LspClient } from '../test/helpers/lsp-client';

const REPO = resolve(__dirname, '..');

export interface StartupResult {
  readonly serverInitMs: number;
  readonly activationMs?: number;
  /** From loading the extension's bundle to the language server's first answer. */
  readonly readyMs?: number;
  readonly bundles: Record<string, { bytes: number; gzipBytes: number }>;
  /** The .vsix as `npm run package` builds it. */
  readonly vsixBytes?: number;
}

/** Builds the .vsix into bench/.cache with the same vsce options as `npm run package`. */
function vsixSize(): number | undefined {
  const vsce = join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!existsSync(vsce)) return undefined;
  const out = join(REPO, 'bench', '.cache', 'bench.vsix');
  mkdirSync(dirname(out), { recursive: true });
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out], { cwd: REPO, encoding: 'utf8' });
  return r.status === 0 ? statSync(out).size : undefined;
}

async function serverInit(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const c = LspClient.spawn();
    await c.initialize();
    times.push(performance.now() - t0);
    await c.close();
  }
  return times.sort((a, b) => a - b)[2];
}

/**
 * What the in-editor suite reports (BPL-METRIC), if code-server is set up: activate()'s own
 * time, and the time from loading the extension's bundle to the language server's first answer.
 */
function activation(): { activationMs?: number; readyMs?: number } {
  if (!existsSync(join(REPO, 'test', 'editor', 'node_modules', 'code-server'))) return {};
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(REPO, 'test', 'editor', 'run-code-server.ts')], { cwd: REPO, encoding: 'utf8', timeout: 300000 });
  const metric = (name: string) => {
    const m = new RegExp(`BPL-METRIC ${name} ([\\d.]+)`).exec(r.stdout ?? '');
    return m ? Number(m[1]) : undefined;
  };
  return { activationMs: metric('activationMs'), readyMs: metric('readyMs') };
}

export async function benchStartup(): Promise<StartupResult> {
  const bundles: StartupResult['bundles'] = {};
  for (const f of ['extension.js', 'server.js', 'cli.js']) {
    const p = join(REPO, 'dist', f);
    if (!existsSync(p)) continue;
    bundles[f] = { bytes: statSync(p).size, gzipBytes: gzipSync(readFileSync(p)).length };
  }
  return { serverInitMs: await serverInit(), ...activation(), bundles, vsixBytes: vsixSize() };
}

if (require.main === module) {
  void benchStartup().then((r) => console.log(JSON.stringify(r, null, 2)));
}
