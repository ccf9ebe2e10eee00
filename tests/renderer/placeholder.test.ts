import { inflateSync } from 'node:zlib';
import { rgbaToThumbHash } from 'thumbhash';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The real decoder, counted: the cache is observable only by how often the page pays for a decode.
const decodes = vi.hoisted(() => ({ count: 0 }));
vi.mock('thumbhash', async (importOriginal) => {
  const real = await importOriginal<typeof import('thumbhash')>();
  return {
    ...real,
    rgbaToDataURL: (w: number, h: number, rgba: ArrayLike<number>) => {
      decodes.count += 1;
      return real.rgbaToDataURL(w, h, rgba);
    },
  };
});

const { placeholderUrl, placeholderCacheSize, PLACEHOLDER_CACHE_SIZE } = await import('../../renderer/src/features/library/placeholder');

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The ThumbHash (base64) of a flat picture of one colour, as main makes it. */
function flatHash(width: number, height: number, [r, g, b]: readonly [number, number, number]): string {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < rgba.length; i += 4) rgba.set([r, g, b, 255], i);
  return base64(rgbaToThumbHash(width, height, rgba));
}

/** Width, height and mean colour of the PNG in a data: URL (thumbhash writes 8-bit RGBA, filter 0, one IDAT). */
function decodePngDataUrl(url: string): { width: number; height: number; mean: [number, number, number] } {
  const prefix = 'data:image/png;base64,';
  expect(url.startsWith(prefix)).toBe(true);
  const png = Buffer.from(url.slice(prefix.length), 'base64');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const sum = [0, 0, 0];
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 4 + 1);
    expect(rows[row]).toBe(0);
    for (let x = 0; x < width; x += 1) for (let c = 0; c < 3; c += 1) sum[c]! += rows[row + 1 + x * 4 + c]!;
  }
  const n = width * height;
  return { width, height, mean: [sum[0]! / n, sum[1]! / n, sum[2]! / n] };
}

describe('placeholderUrl', () => {
  beforeEach(() => {
    decodes.count = 0;
  });

  it("draws the item's ThumbHash as a PNG of its colour and shape", () => {
    const url = placeholderUrl(flatHash(100, 50, [200, 40, 60]));

    const png = decodePngDataUrl(url ?? '');
    // thumbhash renders 32 px on the long side; the ratio is kept approximately (it is stored in a few bits).
    expect(png.width).toBe(32);
    expect(Math.abs(png.height / png.width - 0.5)).toBeLessThan(0.1);
    // ThumbHash quantizes its colours: close, not exact.
    png.mean.forEach((channel, i) => expect(Math.abs(channel - [200, 40, 60][i]!)).toBeLessThan(12));
  });

  it('gives nothing for an item without a placeholder, or a value that is not a ThumbHash', () => {
    expect(placeholderUrl(null)).toBeUndefined();
    expect(placeholderUrl('')).toBeUndefined();
    expect(placeholderUrl('not base64 at all!')).toBeUndefined();
    // Valid base64, but shorter than a ThumbHash's header.
    expect(placeholderUrl(base64(new Uint8Array([1, 2, 3])))).toBeUndefined();
    expect(decodes.count).toBe(0);
  });

  it('decodes each hash once while it is in use', () => {
    const hash = flatHash(60, 60, [10, 120, 240]);
    const first = placeholderUrl(hash);
    expect(placeholderUrl(hash)).toBe(first);
    expect(placeholderUrl(hash)).toBe(first);
    expect(decodes.count).toBe(1);
  });

  it('keeps at most PLACEHOLDER_CACHE_SIZE, letting go of the least recently used', () => {
    const distinct = (i: number) => base64(new Uint8Array([i & 255, i >> 8, 0x80, 0x40, 0x20, 7, 7, 7]));
    // Whatever earlier tests left goes first: these fill the cache, then are pushed out in turn.
    for (let i = 0; i < PLACEHOLDER_CACHE_SIZE; i += 1) placeholderUrl(distinct(1000 + i));
    const kept = distinct(0);
    placeholderUrl(kept);
    for (let i = 1; i < PLACEHOLDER_CACHE_SIZE; i += 1) placeholderUrl(distinct(i));
    expect(placeholderCacheSize()).toBe(PLACEHOLDER_CACHE_SIZE);
    // The first one in, but used again since (a tile still in view): distinct(1) is now the least recently used.
    placeholderUrl(kept);
    placeholderUrl(distinct(PLACEHOLDER_CACHE_SIZE));
    expect(placeholderCacheSize()).toBe(PLACEHOLDER_CACHE_SIZE);
    const before = decodes.count;

    placeholderUrl(kept);
    expect(decodes.count).toBe(before);
    placeholderUrl(distinct(1));
    expect(decodes.count).toBe(before + 1);
  });
});
