/** Entry point of the run in an untrusted workspace (see run-code-server.ts). */
import { runFiles } from './index';

export function run(): Promise<void> {
  return runFiles(['untrusted.test.js']);
}
