/**
 * Root hook (.mocharc.json and stryker.config.mjs require it): every test starts
 * with the engine's memo tables empty, so none passes on an answer an earlier
 * test computed (see server/src/engine/memo.ts).
 */
import { clearMemoTables } from '../../server/src/engine/memo';

export const mochaHooks = {
  beforeEach(): void {
    clearMemoTables();
  },
};
