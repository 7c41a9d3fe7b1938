import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const cache = new Map<string, Buffer>();

/**
 * A square RGB PNG icon for an adamId: a colour derived from the id with a lighter
 * rounded-looking inner square, so every app gets a distinct, valid image.
 */
export function artworkPng(adamId: string, size: number): Buffer {
  const key = `${adamId}@${size}`;
  const cached = cache.get(key);
  if (cached) {
    return cached;
  }
  const digest = createHash('sha256').update(adamId).digest();
  const base = [digest[0], digest[1], digest[2]].map(v => 40 + (v % 160));
  const light = base.map(v => Math.min(255, v + 80));
  const rowLength = 1 + size * 3;
  const raw = Buffer.alloc(rowLength * size);
  const margin = Math.floor(size / 4);
  for (let y = 0; y < size; y++) {
    raw[y * rowLength] = 0; // filter type: none
    for (let x = 0; x < size; x++) {
      const inner =
        x >= margin && x < size - margin && y >= margin && y < size - margin;
      const colour = inner ? light : base;
      const offset = y * rowLength + 1 + x * 3;
      raw[offset] = colour[0];
      raw[offset + 1] = colour[1];
      raw[offset + 2] = colour[2];
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  header[10] = 0;
  header[11] = 0;
  header[12] = 0;
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  if (cache.size > 500) {
    cache.clear();
  }
  cache.set(key, png);
  return png;
}
