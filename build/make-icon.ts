/**
 * Draws the Callboard icon (a callboard with posted sheets and pins on a burgundy tile) and
 * writes it as PNG with Node's built-ins only: `tsx build/make-icon.ts`. The PNGs are
 * committed; rerun this only to change the design.
 *   build/icon.png            512×512, used by electron-builder for macOS and Windows
 *   build/icons/NxN.png       the Linux icon set
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

type RGBA = readonly [number, number, number, number];
type Shape = { inside: (x: number, y: number) => boolean; color: RGBA };

const hex = (h: string, a = 255): RGBA => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), a];

function roundRect(x0: number, y0: number, x1: number, y1: number, r: number, color: RGBA): Shape {
  return {
    color,
    inside: (x, y) => {
      if (x < x0 || x > x1 || y < y0 || y > y1) return false;
      const cx = Math.min(Math.max(x, x0 + r), x1 - r);
      const cy = Math.min(Math.max(y, y0 + r), y1 - r);
      return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
    },
  };
}

function circle(cx: number, cy: number, r: number, color: RGBA): Shape {
  return { color, inside: (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r };
}

/** The design on a 512-unit canvas. */
function design(): Shape[] {
  const shapes: Shape[] = [
    roundRect(16, 16, 496, 496, 104, hex('#7b2335')),
    roundRect(84, 100, 428, 420, 28, hex('#5a1826')),
    roundRect(96, 112, 416, 408, 22, hex('#e9d8b8')),
  ];
  const sheet = (x0: number, y0: number, x1: number, y1: number, lines: number, pin: string): void => {
    shapes.push(roundRect(x0 + 6, y0 + 8, x1 + 6, y1 + 8, 6, hex('#000000', 40)));
    shapes.push(roundRect(x0, y0, x1, y1, 6, hex('#fffdf8')));
    for (let i = 0; i < lines; i++) {
      const y = y0 + 46 + i * 26;
      const end = i === lines - 1 ? x0 + (x1 - x0) * 0.6 : x1 - 20;
      shapes.push(roundRect(x0 + 20, y, end, y + 9, 4.5, hex('#8c7f6e')));
    }
    shapes.push(circle((x0 + x1) / 2, y0 + 4, 15, hex('#3b0d17', 90)));
    shapes.push(circle((x0 + x1) / 2, y0, 14, hex(pin)));
  };
  sheet(130, 150, 262, 330, 6, '#e0a526');
  sheet(288, 150, 384, 262, 3, '#2f7d6d');
  sheet(288, 290, 384, 374, 2, '#e0a526');
  return shapes;
}

function render(size: number, samples = 4): Buffer {
  const shapes = design();
  const scale = 512 / size;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) * scale;
          const y = (py + (sy + 0.5) / samples) * scale;
          // Composite the shapes over transparency ("over" operator, premultiplied).
          let cr = 0, cg = 0, cb = 0, ca = 0;
          for (const s of shapes) {
            if (!s.inside(x, y)) continue;
            const sa = s.color[3] / 255;
            cr = s.color[0] * sa + cr * (1 - sa);
            cg = s.color[1] * sa + cg * (1 - sa);
            cb = s.color[2] * sa + cb * (1 - sa);
            ca = sa + ca * (1 - sa);
          }
          r += cr; g += cg; b += cb; a += ca;
        }
      }
      const n = samples * samples;
      const i = (py * size + px) * 4;
      const alpha = a / n;
      pixels[i] = alpha ? Math.round(r / n / alpha) : 0;
      pixels[i + 1] = alpha ? Math.round(g / n / alpha) : 0;
      pixels[i + 2] = alpha ? Math.round(b / n / alpha) : 0;
      pixels[i + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels as a PNG (8-bit, colour type 6, no filtering). */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const buildDir = path.dirname(fileURLToPath(import.meta.url));
  fs.mkdirSync(path.join(buildDir, 'icons'), { recursive: true });
  for (const size of [512, 256, 128, 64, 32, 16]) {
    const png = encodePng(size, render(size));
    fs.writeFileSync(path.join(buildDir, 'icons', `${size}x${size}.png`), png);
    if (size === 512) fs.writeFileSync(path.join(buildDir, 'icon.png'), png);
  }
  console.log('wrote build/icon.png and build/icons/{512,256,128,64,32,16}x….png');
}
