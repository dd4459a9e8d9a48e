// Draws the app icon (a ticket on a blue tile) and writes it as PNG at the sizes the installers use:
// build/icons/512x512.png (macOS and Windows, converted by electron-builder; Linux) and 256x256.png
// (Linux). Plain Node: the PNG is encoded by hand with zlib, no image library needed.
// Run: node build/make-icons.mjs   (the PNGs are committed; rerun only to change the drawing)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZES = [512, 256];
const SUPERSAMPLE = 4; // 4×4 samples per pixel: smooth edges without an anti-aliasing rasteriser

const TILE_TOP = [37, 99, 235];
const TILE_BOTTOM = [30, 64, 175];
const TICKET = [255, 255, 255];
const INK = [30, 64, 175];

/** Signed distance to a rounded rectangle centred at (cx, cy); negative inside. */
function roundedRect(x, y, cx, cy, halfWidth, halfHeight, radius) {
  const dx = Math.abs(x - cx) - (halfWidth - radius);
  const dy = Math.abs(y - cy) - (halfHeight - radius);
  const outside = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
  return outside + Math.min(Math.max(dx, dy), 0) - radius;
}

/** The colour at a point of the unit square [0,1]², or null where the icon is transparent. */
function colourAt(x, y) {
  if (roundedRect(x, y, 0.5, 0.5, 0.46, 0.46, 0.1) > 0) return null;
  const tile = TILE_TOP.map((top, i) => top + (TILE_BOTTOM[i] - top) * y);

  const inTicket = roundedRect(x, y, 0.5, 0.5, 0.34, 0.2, 0.04) <= 0;
  const notch = Math.hypot(x - 0.16, y - 0.5) < 0.065 || Math.hypot(x - 0.84, y - 0.5) < 0.065;
  if (!inTicket || notch) return tile;

  // The perforation between the stub and the ticket body: a dashed vertical line.
  const perforation = Math.abs(x - 0.66) < 0.008 && Math.floor((y - 0.3) / 0.035) % 2 === 0;
  // Three lines of "print" on the body, the last one shorter.
  const line = (top, right) => y > top && y < top + 0.035 && x > 0.24 && x < right;
  if (perforation || line(0.38, 0.58) || line(0.465, 0.58) || line(0.55, 0.47)) return INK;
  return TICKET;
}

function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const colour = colourAt((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const offset = (py * size + px) * 4;
      if (covered > 0) {
        rgba[offset] = Math.round(r / covered);
        rgba[offset + 1] = Math.round(g / covered);
        rgba[offset + 2] = Math.round(b / covered);
        rgba[offset + 3] = Math.round((255 * covered) / samples);
      }
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA
  // compression, filter and interlace methods: 0
  const rowLength = size * 4;
  const raw = Buffer.alloc((rowLength + 1) * size);
  for (let row = 0; row < size; row++) {
    raw[row * (rowLength + 1)] = 0; // filter: none
    rgba.copy(raw, row * (rowLength + 1) + 1, row * rowLength, (row + 1) * rowLength);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const folder = join(import.meta.dirname, 'icons');
mkdirSync(folder, { recursive: true });
for (const size of SIZES) {
  const file = join(folder, `${size}x${size}.png`);
  writeFileSync(file, encodePng(size, render(size)));
  console.log(`wrote ${file}`);
}
