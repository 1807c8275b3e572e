import { crc32, deflateSync } from 'node:zlib';

/**
 * Poster images for the sample catalogue, drawn here in code (no files to
 * ship or licence): one per category, a two-colour gradient with a motif,
 * encoded as PNG on first request and kept in memory. Served at
 * /images/sample-<category>.png; the seeded events point at them.
 */

type Rgb = readonly [number, number, number];
type Motif = 'rings' | 'stripes' | 'dots' | 'waves';

const WIDTH = 480;
const HEIGHT = 270;

const DESIGNS: Record<string, { from: Rgb; to: Rgb; motif: Motif }> = {
  concert: { from: [58, 12, 163], to: [247, 37, 133], motif: 'rings' },
  theater: { from: [128, 0, 32], to: [255, 183, 3], motif: 'waves' },
  sports: { from: [0, 100, 60], to: [144, 238, 144], motif: 'stripes' },
  festival: { from: [255, 94, 0], to: [255, 214, 10], motif: 'dots' },
  conference: { from: [3, 37, 76], to: [72, 202, 228], motif: 'stripes' },
  comedy: { from: [255, 0, 110], to: [255, 190, 11], motif: 'dots' },
  workshop: { from: [73, 80, 87], to: [233, 196, 106], motif: 'waves' },
  exhibition: { from: [20, 20, 20], to: [200, 200, 210], motif: 'rings' },
  movie: { from: [10, 10, 40], to: [220, 47, 2], motif: 'stripes' },
  other: { from: [42, 157, 143], to: [38, 70, 83], motif: 'waves' },
};

/** The file name of a category's sample image (categories without a design use "other"). */
export const sampleImageFile = (category: string) =>
  `sample-${DESIGNS[category] ? category : 'other'}.png`;

/** How strongly the motif lightens pixel (x, y): 0..1. */
function motifAt(motif: Motif, x: number, y: number): number {
  switch (motif) {
    case 'rings': {
      const d = Math.hypot(x - WIDTH * 0.7, y - HEIGHT * 0.45);
      return Math.floor(d / 18) % 2 === 0 && d < 170 ? 0.25 : 0;
    }
    case 'stripes':
      return Math.floor((x + y) / 24) % 2 === 0 ? 0.18 : 0;
    case 'dots': {
      const dx = (x % 40) - 20;
      const dy = (y % 40) - 20;
      return dx * dx + dy * dy < 64 ? 0.35 : 0;
    }
    case 'waves':
      return Math.abs(y - HEIGHT / 2 - 40 * Math.sin(x / 38)) % 45 < 8 ? 0.3 : 0;
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGB PNG of the design. */
function renderPng(design: (typeof DESIGNS)[string]): Buffer {
  const row = WIDTH * 3 + 1;
  const raw = Buffer.alloc(row * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) {
    raw[y * row] = 0; // filter: none
    for (let x = 0; x < WIDTH; x++) {
      const t = (x / WIDTH) * 0.6 + (y / HEIGHT) * 0.4;
      const light = motifAt(design.motif, x, y);
      for (let c = 0; c < 3; c++) {
        const base = design.from[c]! + (design.to[c]! - design.from[c]!) * t;
        raw[y * row + 1 + x * 3 + c] = Math.round(base + (255 - base) * light);
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const rendered = new Map<string, Buffer>();

/** The PNG bytes of a sample image by file name, or null when there is no such sample. */
export function sampleImage(file: string): Buffer | null {
  const match = /^sample-([a-z]+)\.png$/.exec(file);
  const design = match ? DESIGNS[match[1]!] : undefined;
  if (!design) return null;
  let png = rendered.get(file);
  if (!png) {
    png = renderPng(design);
    rendered.set(file, png);
  }
  return png;
}
