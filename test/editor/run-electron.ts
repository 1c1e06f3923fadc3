/**
 * The same in-editor suite through @vscode/test-electron, for machines that can
 * download VS Code (these cannot: use run-code-server.ts there).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildEditorSuite } from './build-suite';
import { prepareWorkspace } from './workspace';

async function main(): Promise<void> {
  const extensionDevelopmentPath = resolve(__dirname, '..', '..');
  const extensionTestsPath = await buildEditorSuite();
  const root = mkdtempSync(join(tmpdir(), 'bpl-electron-'));
  try {
    const ws = prepareWorkspace(join(root, 'ws'));
    await runTests({
      version: '1.99.3',
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(root, 'user-data')],
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
