import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { shrinkForPlaceholder, type RawPixels } from '../../electron/main/services/image-metadata/placeholder-pixels';
import { PLACEHOLDER_EDGE } from '../../electron/main/services/ports';

/** Smooth colour fields with fine noise, in `channels` channels: what a thumbnail's pixels look like. */
function photoLike(width: number, height: number, channels: number, seed = 1): RawPixels {
  const data = new Uint8Array(width * height * channels);
  let state = seed;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      state = (state * 1664525 + 1013904223) >>> 0;
      const noise = (state >>> 24) & 31;
      const values = [
        ((x * 255) / width + noise) & 255,
        ((y * 255) / height + noise) & 255,
        (((x + y) * 127) / (width + height) + noise) & 255,
        128 + (x % 100),
      ];
      const layout = channels === 1 ? [0] : channels === 2 ? [0, 3] : channels === 3 ? [0, 1, 2] : [0, 1, 2, 3];
      layout.forEach((value, c) => (data[(y * width + x) * channels + c] = values[value]!));
    }
  }
  return { data, width, height, channels };
}

/** The same pixels shrunk by libvips (premultiplied, as sharp resizes), as RGBA. */
async function shrunkBySharp({ data, width, height, channels }: RawPixels, size: { width: number; height: number }) {
  const { data: out } = await sharp(data, { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } })
    .resize({ ...size, fit: 'fill' })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(out);
}

const meanDifference = (a: Uint8Array, b: Uint8Array) => a.reduce((sum, value, i) => sum + Math.abs(value - b[i]!), 0) / a.length;

describe('placeholder pixels shrunk from a thumbnail', () => {
  for (const channels of [1, 2, 3, 4]) {
    it(`match what libvips makes of ${channels}-channel pixels, within a few levels`, async () => {
      const pixels = photoLike(512, 341, channels);

      const shrunk = shrinkForPlaceholder(pixels);

      expect(shrunk).toMatchObject({ width: PLACEHOLDER_EDGE, height: 32 });
      expect(shrunk.rgba.byteLength).toBe(PLACEHOLDER_EDGE * 32 * 4);
      // An average of blocks against libvips' lanczos: 2–3.3 levels apart; one pixel picked per block is 10–14 apart.
      expect(meanDifference(shrunk.rgba, await shrunkBySharp(pixels, shrunk))).toBeLessThan(4);
    });
  }

  it('keeps the shape of a tall picture and leaves a small one at its size', () => {
    expect(shrinkForPlaceholder(photoLike(300, 600, 3))).toMatchObject({ width: 24, height: PLACEHOLDER_EDGE });
    const small = photoLike(20, 10, 3);
    const unchanged = shrinkForPlaceholder(small);
    expect(unchanged).toMatchObject({ width: 20, height: 10 });
    // Nothing to average: each pixel is itself, made opaque.
    expect(Array.from(unchanged.rgba.subarray(0, 4))).toEqual([...small.data.subarray(0, 3), 255]);
  });

  it('lets no colour through from pixels that cannot be seen', () => {
    // Left half: opaque blue. Right half: fully transparent red, which must not tint the placeholder.
    const width = 96;
    const height = 64;
    const data = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i += 1) data.set(i % width < width / 2 ? [0, 0, 255, 255] : [255, 0, 0, 0], i * 4);

    const { rgba } = shrinkForPlaceholder({ data, width, height, channels: 4 });

    const reds = Array.from({ length: rgba.length / 4 }, (_, p) => rgba[p * 4]!);
    expect(Math.max(...reds)).toBe(0);
    // The column straddling nothing: opaque blue on the left, transparent on the right.
    expect(Array.from(rgba.subarray(0, 4))).toEqual([0, 0, 255, 255]);
    expect(rgba[(PLACEHOLDER_EDGE - 1) * 4 + 3]).toBe(0);
  });

  it('refuses pixels that are not what they say', () => {
    expect(() => shrinkForPlaceholder({ data: new Uint8Array(10), width: 10, height: 10, channels: 3 })).toThrow(/Expected 10×10 pixels of 3 channels/);
    expect(() => shrinkForPlaceholder({ data: new Uint8Array(50), width: 5, height: 2, channels: 5 })).toThrow(/5 channels/);
    expect(() => shrinkForPlaceholder({ data: new Uint8Array(0), width: 0, height: 0, channels: 3 })).toThrow();
  });
});
