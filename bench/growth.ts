/**
 * How cost grows with input size: the engine over 1x, 10x and 100x of a
 * realistic mbox (about 0.5, 5 and 50 MB), each in a fresh process so peak
 * memory is its own. Reports time per MB (the 100x/1x ratio should stay near 1)
 * and peak RSS against the input size. The input goes through the same path as
 * the CLI's for a large file (read, decoded and linted a piece at a time).
 * Run: npx tsx bench/growth.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const REPO = resolve(__dirname, '..');
const CACHE = join(REPO, 'bench', '.cache');

/** About 0.5 MB of real patches: the corpus mbox's first part, or the examples. */
function unit(): string {
  const mbox = join(REPO, '..', 'shared', 'corpus', 'big', 'all.mbox');
  if (existsSync(mbox)) {
    const text = readFileSync(mbox, 'utf8');
    // Cut at a message boundary near 512 KiB.
    const at = text.indexOf('\nFrom ', 512 * 1024);
    return at > 0 ? text.slice(0, at + 1) : text;
  }
  const ex = join(REPO, 'examples');
  let out = '';
  while (out.length < 512 * 1024) for (const f of ['0001-bpf-reject-stores-through-read-only-map-values.patch', '0002-selftests-bpf-cover-stores-through-read-only-map-values.patch']) out += readFileSync(join(ex, f), 'utf8');
  return out;
}

export interface GrowthPoint {
  readonly factor: number;
  readonly megabytes: number;
  readonly ms: number;
  readonly msPerMB: number;
  readonly peakRssMB: number;
  readonly messages: number;
  readonly findings: number;
}

function measure(entry: string, file: string): { ms: number; peakRssMB: number; messages: number; findings: number } {
  // A fresh process per size: peak RSS then belongs to that size alone.
  const out = execFileSync(process.execPath, [entry, file], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** bench/growth-entry.ts bundled as the CLI is (see scripts/build.mjs). */
function bundleEntry(): string {
  const outfile = join(CACHE, 'growth-entry.js');
  buildSync({ entryPoints: [join(__dirname, 'growth-entry.ts')], bundle: true, platform: 'node', target: 'node20', minify: true, outfile, logLevel: 'warning' });
  return outfile;
}

export interface ShapeGrowth {
  readonly shape: string;
  readonly points: GrowthPoint[];
  /**
   * ms per MB at the largest size over ms per MB at the middle one (10x): near 1 is
   * linear. The smallest size mostly pays for the JIT warming up, so a ratio against
   * it would hide moderate super-linear growth (#19).
   */
  readonly perMBRatio: number;
  readonly rssOverInput: number;
}

const SIGN_OFF = 'Signed-off-by: Jane Developer <jane@example.org>\n';
const HEAD = 'From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\nFrom: Jane Developer <jane@example.org>\nSubject: [PATCH bpf-next] bpf: One large message\n\n';

/**
 * Single messages shaped as the cost is worst (#18, item 13): one body line
 * of `bytes` bytes, and a body of two-byte lines (a million lines per 2 MB).
 * Both once cost quadratic time; they must now grow as the mbox does.
 */
const SHAPES: { shape: string; megabytes: readonly number[]; make: (bytes: number) => string }[] = [
  { shape: 'one long line', megabytes: [0.5, 5, 50], make: (bytes) => `${HEAD}${'x'.repeat(bytes)}\n\n${SIGN_OFF}` },
  { shape: 'short lines', megabytes: [0.2, 2, 20], make: (bytes) => `${HEAD}${'a\n'.repeat(bytes >> 1)}\n${SIGN_OFF}` },
];

function measureShape(entry: string, runs: number, shape: string, sizes: readonly { factor: number; file: string; megabytes: number }[]): ShapeGrowth {
  const points: GrowthPoint[] = [];
  for (const { factor, file, megabytes } of sizes) {
    const samples = Array.from({ length: runs }, () => measure(entry, file)).sort((a, b) => a.ms - b.ms);
    const med = samples[Math.floor(samples.length / 2)];
    points.push({ factor, megabytes, ms: med.ms, msPerMB: med.ms / megabytes, peakRssMB: Math.max(...samples.map((s) => s.peakRssMB)), messages: med.messages, findings: med.findings });
  }
  const middle = points[points.length - 2];
  const last = points[points.length - 1];
  return { shape, points, perMBRatio: last.msPerMB / middle.msPerMB, rssOverInput: last.peakRssMB / last.megabytes };
}

export function benchGrowth(runs = 3): ShapeGrowth & { shapes: ShapeGrowth[] } {
  mkdirSync(CACHE, { recursive: true });
  const base = unit();
  const entry = bundleEntry();
  const mbox = measureShape(
    entry,
    runs,
    'realistic mbox',
    [1, 10, 100].map((factor) => {
      const file = join(CACHE, `growth-${factor}x.mbox`);
      if (!existsSync(file)) writeFileSync(file, base.repeat(factor));
      return { factor, file, megabytes: (Buffer.byteLength(base) * factor) / (1024 * 1024) };
    }),
  );
  const shapes = SHAPES.map(({ shape, megabytes, make }) =>
    measureShape(
      entry,
      runs,
      shape,
      megabytes.map((mb) => {
        const file = join(CACHE, `growth-${shape.replace(/\W+/g, '-')}-${mb}mb.patch`);
        if (!existsSync(file)) writeFileSync(file, make(Math.round(mb * 1024 * 1024)));
        return { factor: mb / megabytes[0], file, megabytes: mb };
      }),
    ),
  );
  return { ...mbox, shapes: [mbox, ...shapes] };
}

if (require.main === module) {
  for (const r of benchGrowth().shapes) {
    console.log(r.shape);
    for (const p of r.points) {
      console.log(`${String(p.factor).padStart(4)}x ${p.megabytes.toFixed(1).padStart(6)} MB  ${p.ms.toFixed(0).padStart(6)} ms  ${p.msPerMB.toFixed(1).padStart(6)} ms/MB  peak RSS ${p.peakRssMB.toFixed(0)} MB  (${p.messages} messages, ${p.findings} findings)`);
    }
    console.log(`time per MB, 100x / 10x: ${r.perMBRatio.toFixed(2)} (target <= 1.2); peak RSS / input at 100x: ${r.rssOverInput.toFixed(1)}x`);
  }
}
