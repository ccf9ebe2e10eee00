import sharp from 'sharp';
import { ASPECT_RATIO_PIXELS, type AspectRatio } from '../../electron/shared/constants';

/**
 * Photo-like PNGs of the API's real size (8-bit RGB, about 1 MP, ~1–2 MB): smooth colour fields with
 * fine noise, so decoding costs what a real generation costs. Flat test images would decode in a
 * fraction of that time and flatter every ratio measured against them.
 */
export async function makeSampleImages(count: number, aspectRatio: AspectRatio = '3:2'): Promise<Uint8Array[]> {
  const { width, height } = ASPECT_RATIO_PIXELS[aspectRatio];
  const images: Uint8Array[] = [];
  for (let index = 0; index < count; index += 1) {
    const pixels = Buffer.alloc(width * height * 3);
    let seed = 0x9e3779b9 ^ index;
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        seed = (seed * 1664525 + 1013904223) >>> 0;
        const noise = (seed >>> 24) & 31;
        const offset = (y * width + x) * 3;
        pixels[offset] = ((x * 255) / width + noise + index * 7) & 255;
        pixels[offset + 1] = ((y * 255) / height + noise) & 255;
        pixels[offset + 2] = (((x + y) * 127) / (width + height) + noise * 2) & 255;
      }
    }
    images.push(
      new Uint8Array(
        await sharp(pixels, { raw: { width, height, channels: 3 } })
          .png()
          .toBuffer(),
      ),
    );
  }
  return images;
}
