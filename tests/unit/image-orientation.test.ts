import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { pngHeaderSize } from '../../electron/main/services/image-type';
import { THUMBNAIL_EDGE } from '../../electron/main/services/library-folder/image-store';
import { makeImage } from './support/library-fixtures';
import { useImageStores } from './support/library-folder-fixtures';

/**
 * A phone's portrait photo is stored landscape with an EXIF orientation that says to turn it; the
 * browser shows the original turned, so the library must too: its thumbnail, placeholder and size.
 */

/** 60×20 pixels stored, with EXIF orientation 6 (turn 90° clockwise): shown 20 wide, 60 tall. Left half red, right half blue. */
async function storedSideways(format: 'jpeg' | 'png'): Promise<Uint8Array> {
  const pixels = Buffer.alloc(60 * 20 * 3);
  for (let i = 0; i < 60 * 20; i += 1) pixels.set(i % 60 < 30 ? [230, 20, 20] : [20, 20, 230], i * 3);
  const image = sharp(pixels, { raw: { width: 60, height: 20, channels: 3 } }).withMetadata({ orientation: 6 });
  return new Uint8Array(await (format === 'jpeg' ? image.jpeg({ quality: 95 }) : image.png()).toBuffer());
}

describe('images with an EXIF orientation', () => {
  const codec = createSharpImageCodec();
  const stores = useImageStores();

  for (const format of ['jpeg', 'png'] as const) {
    it(`are sized, thumbnailed and placeheld upright (${format})`, async () => {
      const bytes = await storedSideways(format);
      expect((await sharp(bytes).metadata()).orientation).toBe(6);

      expect(await codec.inspect(bytes)).toEqual({ width: 20, height: 60 });
      const { webp, placeholderPixels } = await codec.thumbnail(bytes, THUMBNAIL_EDGE);
      expect(await sharp(await webp).metadata()).toMatchObject({ width: 20, height: 60 });
      expect(placeholderPixels).toMatchObject({ width: 16, height: 48 });
      // Turned clockwise: the stored left half (red) is now the top, the right half (blue) the bottom.
      const { data } = await sharp(await webp)
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const top = [...data.subarray((5 * 20 + 10) * 3, (5 * 20 + 10) * 3 + 3)];
      const bottom = [...data.subarray((55 * 20 + 10) * 3, (55 * 20 + 10) * 3 + 3)];
      expect(top[0]! - top[2]!).toBeGreaterThan(100);
      expect(bottom[2]! - bottom[0]!).toBeGreaterThan(100);

      const { store } = await stores.create();
      expect(await store.save(bytes)).toMatchObject({ width: 20, height: 60 });
    });
  }

  it("leave a plain PNG's size to its header, and one with EXIF to the codec", async () => {
    expect(pngHeaderSize(await makeImage('png', 60, 20))).toEqual({ width: 60, height: 20 });
    expect(pngHeaderSize(await storedSideways('png'))).toBeNull();
  });
});
