import { inflateSync } from 'node:zlib';
import { artworkPng } from './artwork';

describe('artworkPng', () => {
  it('produces a valid RGB PNG of the requested size', () => {
    const png = artworkPng('6450000101', 64);
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(64);
    expect(png.readUInt32BE(20)).toBe(64);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('ascii', 37, 41)).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect(raw.length).toBe(64 * (1 + 64 * 3));
    expect(png.toString('ascii', png.length - 8, png.length - 4)).toBe('IEND');
  });

  it('gives different apps different colours', () => {
    expect(artworkPng('1', 16).equals(artworkPng('2', 16))).toBe(false);
  });
});
