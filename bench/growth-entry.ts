/**
 * What bench/growth.ts measures in a fresh process: the engine driven as the
 * CLI drives a large file (read, decoded and linted a piece at a time).
 * Bundled with esbuild first, so the process holds the shipped code and not
 * tsx's transpiler and source caches.
 */
import { cutsMessages, lintIncrementally } from '../server/src/engine/lint';
import { filePieces } from '../server/src/node/read-input';
import { RULES } from '../server/src/rules';

const t0 = performance.now();
const r = lintIncrementally({ id: 'x.mbox', chunks: filePieces(process.argv[2], cutsMessages) }, { rules: RULES });
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, peakRssMB: process.resourceUsage().maxRSS / 1024, messages: r.messageCount, findings: r.findings.length }));
