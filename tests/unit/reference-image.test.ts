import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { fittingLongestSide, prepareReference, REFERENCE_LIMITS, ReferenceImageError } from '../../electron/main/services/api/reference-image';

// A library original made fit to send to edit or remix, with real sharp: kept byte for byte within
// Reve's limits, shrunk or re-encoded when over them.
const codec = createSharpImageCodec();

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#4a7f3c' } });
/** Random pixels: a PNG of them cannot be compressed, so its size is predictable. */
const noise = (width: number, height: number) => sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });
const bytesOf = (uri: string) => Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64');

describe('prepareReference', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ] as const)('keeps a %s within the limits exactly as it is', async (format, mimeType) => {
    const original = new Uint8Array(await solid(1248, 832).toFormat(format).toBuffer());
    const prepared = await prepareReference(original, codec);
    expect(prepared).toMatchObject({ mimeType, width: 1248, height: 832, byteSize: original.byteLength, changed: false });
    expect(prepared.dataUri.startsWith(`data:${mimeType};base64,`)).toBe(true);
    expect(bytesOf(prepared.dataUri).equals(Buffer.from(original))).toBe(true);
  });

  it('shrinks an image over 8192 px on a side to 8192, keeping its shape and format', async () => {
    const original = new Uint8Array(await solid(9000, 300).png().toBuffer());
    const prepared = await prepareReference(original, codec);
    expect(prepared).toMatchObject({ mimeType: 'image/png', width: 8192, changed: true });
    expect(prepared.height).toBeGreaterThanOrEqual(272);
    expect(prepared.height).toBeLessThanOrEqual(274);
    expect(await sharp(bytesOf(prepared.dataUri)).metadata()).toMatchObject({ width: 8192, format: 'png' });
  });

  it('shrinks an image over 33.5 megapixels to within them', async () => {
    // 6000 × 6000 = 36 MP, every side under 8192.
    const original = new Uint8Array(await solid(6000, 6000).jpeg().toBuffer());
    const prepared = await prepareReference(original, codec);
    expect(prepared.changed).toBe(true);
    expect(prepared.width * prepared.height).toBeLessThanOrEqual(REFERENCE_LIMITS.maxPixels);
    expect(prepared.width).toBeGreaterThan(5700);
    expect(prepared.mimeType).toBe('image/jpeg');
  });

  it('re-encodes, then shrinks, an image whose bytes are over the limit', async () => {
    const original = new Uint8Array(await noise(600, 400).png().toBuffer());
    expect(original.byteLength).toBeGreaterThan(500_000);
    const limits = { ...REFERENCE_LIMITS, maxBytes: 200_000 };
    const prepared = await prepareReference(original, codec, limits);
    expect(prepared.changed).toBe(true);
    expect(prepared.byteSize).toBeLessThanOrEqual(200_000);
    expect(bytesOf(prepared.dataUri).byteLength).toBe(prepared.byteSize);
    expect(prepared.mimeType).toBe('image/jpeg');
  });

  it('refuses bytes that are not an image', async () => {
    await expect(prepareReference(new TextEncoder().encode('not an image'), codec)).rejects.toBeInstanceOf(ReferenceImageError);
  });

  it('computes the longest side that fits both limits', () => {
    expect(fittingLongestSide(1000, 1000, REFERENCE_LIMITS)).toBe(1000);
    expect(fittingLongestSide(10_000, 100, REFERENCE_LIMITS)).toBe(8192);
    const side = fittingLongestSide(6000, 6000, REFERENCE_LIMITS);
    expect(side * side).toBeLessThanOrEqual(REFERENCE_LIMITS.maxPixels);
    expect((side + 1) * (side + 1)).toBeGreaterThan(REFERENCE_LIMITS.maxPixels);
  });
});
