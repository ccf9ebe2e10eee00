import sharp from 'sharp';
import { thumbHashToApproximateAspectRatio, thumbHashToAverageRGBA, thumbHashToRGBA } from 'thumbhash';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { encodePlaceholder, makePlaceholder, placeholderOf } from '../../electron/main/services/image-metadata/placeholder';
import { THUMBNAIL_EDGE } from '../../electron/main/services/library-folder/image-store';
import { PLACEHOLDER_EDGE, type ImageCodec } from '../../electron/main/services/ports';
import { useImageStores } from './support/library-folder-fixtures';

type Rgb = readonly [number, number, number];

/** A real PNG, as sharp (libvips) encodes one: the left half one colour, the right half another. */
async function twoTonePng(width: number, height: number, left: Rgb, right: Rgb, alpha = 255): Promise<Uint8Array> {
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) pixels.set([...(x < width / 2 ? left : right), alpha], (y * width + x) * 4);
  }
  return new Uint8Array(
    await sharp(pixels, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer(),
  );
}

const hashBytes = (placeholder: string | null) => {
  expect(placeholder).toEqual(expect.any(String));
  return new Uint8Array(Buffer.from(placeholder ?? '', 'base64'));
};

/** Mean colour (0–255) of the placeholder as the renderer draws it, over its left or right third. */
function drawnMean(placeholder: string | null, side: 'left' | 'right'): number[] {
  const { w, h, rgba } = thumbHashToRGBA(hashBytes(placeholder));
  const sum = [0, 0, 0];
  let count = 0;
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      if (side === 'left' ? x >= w / 3 : x < (2 * w) / 3) continue;
      for (let c = 0; c < 3; c += 1) sum[c]! += rgba[(y * w + x) * 4 + c]!;
      count += 1;
    }
  }
  return sum.map((total) => total / count);
}

const expectClose = (actual: readonly number[], expected: readonly number[], tolerance: number) =>
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]!), `channel ${i}: ${value} vs ${expected[i]}`).toBeLessThan(tolerance));

describe('placeholders (ThumbHash)', () => {
  const codec = createSharpImageCodec();
  afterEach(() => vi.restoreAllMocks());

  it("a real PNG's placeholder has the image's average colour, shape and layout", async () => {
    const png = await twoTonePng(1248, 832, [220, 40, 40], [40, 40, 220]);

    const { webp, placeholderPixels } = await codec.thumbnail(png, THUMBNAIL_EDGE);
    const placeholder = placeholderOf(placeholderPixels);

    // Made from the same decode as the thumbnail, shrunk to PLACEHOLDER_EDGE (48 px).
    expect(await sharp(await webp).metadata()).toMatchObject({ format: 'webp', width: 512, height: 341 });
    expect(placeholderPixels).toMatchObject({ width: PLACEHOLDER_EDGE, height: 32 });
    const average = thumbHashToAverageRGBA(hashBytes(placeholder));
    expectClose(
      [average.r, average.g, average.b].map((v) => v * 255),
      [130, 40, 130],
      12,
    );
    expect(average.a).toBe(1);
    expect(thumbHashToApproximateAspectRatio(hashBytes(placeholder))).toBeCloseTo(1.5, 0);
    // Not just a colour: red stays on the left, blue on the right.
    const [leftRed, , leftBlue] = drawnMean(placeholder, 'left');
    const [rightRed, , rightBlue] = drawnMean(placeholder, 'right');
    expect(leftRed! - leftBlue!).toBeGreaterThan(80);
    expect(rightBlue! - rightRed!).toBeGreaterThan(80);
  });

  it('keeps transparency and an upright shape', async () => {
    const png = await twoTonePng(300, 600, [0, 160, 0], [0, 160, 0], 64);

    const { placeholderPixels } = await codec.thumbnail(png, THUMBNAIL_EDGE);
    const placeholder = placeholderOf(placeholderPixels);

    expect(placeholderPixels).toMatchObject({ width: 24, height: PLACEHOLDER_EDGE });
    const average = thumbHashToAverageRGBA(hashBytes(placeholder));
    expect(average.a).toBeCloseTo(64 / 255, 1);
    expectClose(
      [average.r, average.g, average.b].map((v) => v * 255),
      [0, 160, 0],
      12,
    );
    expect(thumbHashToApproximateAspectRatio(hashBytes(placeholder))).toBeCloseTo(0.5, 0);
  });

  it('makes the same picture from the stored thumbnail as from the ingest', async () => {
    const png = await twoTonePng(1360, 768, [250, 200, 30], [20, 90, 60]);
    const { webp, placeholderPixels } = await codec.thumbnail(png, THUMBNAIL_EDGE);

    const fromIngest = placeholderOf(placeholderPixels);
    const fromThumbnail = await makePlaceholder(codec, await webp);

    for (const side of ['left', 'right'] as const) expectClose(drawnMean(fromThumbnail, side), drawnMean(fromIngest, side), 10);
  });

  it('draws the picture within a few levels of the one ThumbHash makes from its largest input (100 px)', async () => {
    // Shapes, an edge and text: detail a smaller input could lose, unlike the flat halves above.
    const svg = (hue: number) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="1536" height="1024"><rect width="1536" height="1024" fill="hsl(${hue},60%,35%)"/>` +
      `<circle cx="420" cy="440" r="200" fill="hsl(${hue + 180},80%,60%)"/><rect x="840" y="100" width="300" height="700" fill="#222"/>` +
      `<text x="100" y="950" font-size="120" fill="white">Kestrel</text></svg>`;
    for (const hue of [0, 120, 250]) {
      const png = new Uint8Array(
        await sharp(Buffer.from(svg(hue)))
          .png()
          .toBuffer(),
      );
      const { placeholderPixels } = await codec.thumbnail(png, THUMBNAIL_EDGE);
      // The same shrinking as the codec's (original to thumbnail size, then down), to ThumbHash's 100 px.
      const shrunk = await sharp(png).resize({ width: THUMBNAIL_EDGE, height: THUMBNAIL_EDGE, fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
      const { data, info } = await sharp(shrunk.data, { raw: shrunk.info })
        .resize({ width: 100, height: 100, fit: 'inside' })
        .toColourspace('srgb')
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const largest = thumbHashToRGBA(hashBytes(encodePlaceholder({ width: info.width, height: info.height, rgba: new Uint8Array(data) })));
      const drawn = thumbHashToRGBA(hashBytes(placeholderOf(placeholderPixels)));

      expect([drawn.w, drawn.h]).toEqual([largest.w, largest.h]);
      const differences = drawn.rgba.map((value, i) => Math.abs(value - largest.rgba[i]!));
      expect(Math.max(...differences)).toBeLessThanOrEqual(16);
      // One coefficient a quantization step apart moves the mean by ~2.7 levels (80 px inputs differ from 100 px as much).
      expect(differences.reduce((sum, d) => sum + d, 0) / differences.length).toBeLessThan(3.5);
    }
  });

  it('gives no placeholder, and throws nothing, for bytes that do not decode or pixels ThumbHash refuses', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    expect(await makePlaceholder(codec, new TextEncoder().encode('<html>not an image</html>'))).toBeNull();
    expect(placeholderOf(null)).toBeNull();
    // Over ThumbHash's 100 px limit.
    expect(placeholderOf({ width: 101, height: 10, rgba: new Uint8Array(101 * 10 * 4) })).toBeNull();
    // Fewer bytes than the size says.
    expect(() => encodePlaceholder({ width: 10, height: 10, rgba: new Uint8Array(10) })).toThrow(/Expected 10×10 RGBA/);
    expect(placeholderOf({ width: 10, height: 10, rgba: new Uint8Array(10) })).toBeNull();
  });

  describe('filed with the image', () => {
    const stores = useImageStores();

    it('the store returns the placeholder made with the thumbnail', async () => {
      const { store } = await stores.create();
      const png = await twoTonePng(640, 640, [90, 90, 200], [90, 90, 200]);

      const stored = await store.save(png);

      const average = thumbHashToAverageRGBA(hashBytes(stored.placeholder));
      expectClose(
        [average.r, average.g, average.b].map((v) => v * 255),
        [90, 90, 200],
        12,
      );
    });

    it('an image whose placeholder cannot be made is filed all the same, without one', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const noPixels: ImageCodec = {
        ...codec,
        thumbnail: async (bytes, edge) => ({ ...(await codec.thumbnail(bytes, edge)), placeholderPixels: null }),
        placeholderPixels: () => Promise.reject(new Error('placeholder exploded')),
      };
      const { store } = await stores.create(noPixels);
      const png = await twoTonePng(64, 64, [1, 2, 3], [4, 5, 6]);

      const stored = await store.save(png);
      expect(stored).toMatchObject({ mimeType: 'image/png', width: 64, height: 64, placeholder: null });
      expect(await store.hasOriginal(stored.fileHash, 'image/png')).toBe(true);
      // Again, with its thumbnail on disk already: the placeholder would come from that, and fails too.
      expect(await store.save(png)).toMatchObject({ fileHash: stored.fileHash, placeholder: null });
    });
  });
});
