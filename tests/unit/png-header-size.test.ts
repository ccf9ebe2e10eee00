import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { pngHeaderSize } from '../../electron/main/services/image-type';
import { makeImage } from './support/library-fixtures';

describe("a PNG's size from its header", () => {
  it('is the size libvips reads, for the shapes the API makes and beyond', async () => {
    for (const [width, height] of [
      [1248, 832],
      [832, 1248],
      [1, 1],
      [3000, 17],
    ] as const) {
      const png = await makeImage('png', width, height);
      expect(pngHeaderSize(png)).toEqual({ width, height });
      expect(pngHeaderSize(png)).toEqual({ width: (await sharp(png).metadata()).width, height: (await sharp(png).metadata()).height });
    }
  });

  it('is unknown for bytes that are not a PNG or whose first chunk is not a whole IHDR', async () => {
    const png = await makeImage('png', 40, 30);
    expect(pngHeaderSize(await makeImage('jpeg', 40, 30))).toBeNull();
    expect(pngHeaderSize(await makeImage('webp', 40, 30))).toBeNull();
    expect(pngHeaderSize(png.subarray(0, 23))).toBeNull();
    const renamed = png.slice();
    renamed.set([0x49, 0x44, 0x41, 0x54], 12); // IDAT where IHDR must be
    expect(pngHeaderSize(renamed)).toBeNull();
    const zeroWide = png.slice();
    zeroWide.set([0, 0, 0, 0], 16);
    expect(pngHeaderSize(zeroWide)).toBeNull();
    const tooWide = png.slice();
    tooWide.set([0x80, 0, 0, 0], 16);
    expect(pngHeaderSize(tooWide)).toBeNull();
    // Bytes inside a larger buffer (as a Node Buffer slice is) are read where they start.
    const inside = new Uint8Array(png.byteLength + 7);
    inside.set(png, 7);
    expect(pngHeaderSize(inside.subarray(7))).toEqual({ width: 40, height: 30 });
  });

  it('is what the codec answers for a PNG, while JPEG and WebP are still sized by libvips', async () => {
    const codec = createSharpImageCodec();
    expect(await codec.inspect(await makeImage('png', 64, 48))).toEqual({ width: 64, height: 48 });
    expect(await codec.inspect(await makeImage('jpeg', 64, 48))).toEqual({ width: 64, height: 48 });
    expect(await codec.inspect(await makeImage('webp', 64, 48))).toEqual({ width: 64, height: 48 });
    await expect(codec.inspect(new TextEncoder().encode('not an image'))).rejects.toThrow();
  });
});
