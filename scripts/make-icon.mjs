// Draws media/icon.png (256x256): "BPF" in amber on a navy rounded square, lines of
// a commit message and a green check badge. No image library: shapes are distance
// tests, anti-aliased by 4x4 supersampling, and the PNG is written with node's zlib.
// Run: node scripts/make-icon.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 256;
const SS = 4;

const NAVY = [0x1b, 0x2a, 0x49];
const AMBER = [0xf6, 0xb4, 0x0e];
const GREEN = [0x2e, 0xa0, 0x43];
const WHITE = [0xff, 0xff, 0xff];
const SLATE = [0x6b, 0x7d, 0xa3];

/** Distance from point p to segment ab. */
function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** A stroke of width w through points, with round joins and caps. */
const stroke = (points, w) => (x, y) => {
  for (let i = 0; i + 1 < points.length; i++) {
    if (segDist(x, y, ...points[i], ...points[i + 1]) <= w / 2) return true;
  }
  return false;
};

/** The right half of a ring (a letter bowl) centred at (cx, cy). */
const bowl = (cx, cy, r, w) => (x, y) => x >= cx && Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2;

const union = (...shapes) => (x, y) => shapes.some((s) => s(x, y));

const roundedSquare = (x0, y0, x1, y1, r) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.max(x0 + r, Math.min(x1 - r, x));
  const cy = Math.max(y0 + r, Math.min(y1 - r, y));
  return Math.hypot(x - cx, y - cy) <= r;
};

const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;

// Letters: cap height H from top T, stroke W.
const T = 40;
const H = 96;
const W = 20;
const top = T + W / 2;
const bottom = T + H - W / 2;
const mid = T + H / 2;

function letterB(x) {
  const s = x + W / 2;
  const r1 = (mid - top) / 2;
  const r2 = (bottom - mid) / 2;
  const c1 = s + 22;
  const c2 = s + 26;
  return union(
    stroke([[s, top], [s, bottom]], W),
    stroke([[s, top], [c1, top]], W),
    bowl(c1, top + r1, r1, W),
    stroke([[s, mid], [c2, mid]], W),
    bowl(c2, mid + r2, r2, W),
    stroke([[s, bottom], [c2, bottom]], W),
  );
}

function letterP(x) {
  const s = x + W / 2;
  const r = (mid - top) / 2 + 2;
  const c = s + 24;
  return union(
    stroke([[s, top], [s, bottom]], W),
    stroke([[s, top], [c, top]], W),
    bowl(c, top + r, r, W),
    stroke([[s, top + 2 * r], [c, top + 2 * r]], W),
  );
}

function letterF(x) {
  const s = x + W / 2;
  return union(stroke([[s, top], [s, bottom]], W), stroke([[s, top], [s + 44, top]], W), stroke([[s, mid - 2], [s + 36, mid - 2]], W));
}

// Layers, back to front.
const layers = [
  [roundedSquare(8, 8, 248, 248, 44), NAVY],
  [union(letterB(21), letterP(96), letterF(171)), AMBER],
  // Lines of a commit message.
  [union(stroke([[34, 166], [128, 166]], 10), stroke([[34, 190], [112, 190]], 10), stroke([[34, 214], [138, 214]], 10)), SLATE],
  [disc(194, 194, 44), WHITE],
  [disc(194, 194, 36), GREEN],
  [stroke([[174, 196], [188, 210], [214, 180]], 12), WHITE],
];

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const x = px + (sx + 0.5) / SS;
        const y = py + (sy + 0.5) / SS;
        let colour;
        for (const [shape, c] of layers) if (shape(x, y)) colour = c;
        if (colour) {
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
    }
    const o = (py * SIZE + px) * 4;
    // Colour is averaged over covered samples only (straight alpha).
    rgba[o] = a ? Math.round(r / a) : 0;
    rgba[o + 1] = a ? Math.round(g / a) : 0;
    rgba[o + 2] = a ? Math.round(b / a) : 0;
    rgba[o + 3] = Math.round((255 * a) / (SS * SS));
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(new URL('../media/', import.meta.url), { recursive: true });
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`);
