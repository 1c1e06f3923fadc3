/**
 * Entry point the editor calls with --extensionTestsPath: runs the mocha suite
 * and resolves (exit 0) or rejects (exit 1).
 */
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  return runFiles(['extension.test.js']);
}

/** Runs the named compiled test files of this folder. */
export function runFiles(files: readonly string[]): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  for (const f of files) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-editor test(s) failed`)) : resolve()));
  });
}
