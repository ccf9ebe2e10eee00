import { messageOf } from '../../../shared/errors';
import type { ImageCodec, PlaceholderPixels } from '../ports';
import { rgbaToThumbHash } from './thumbhash-encode';

/**
 * The tiny placeholder a library tile shows while its thumbnail loads: a ThumbHash (about 25 bytes:
 * the picture's average colour, a few gradients, its aspect ratio and alpha), base64-encoded. Made
 * at ingest and kept with the item, so the renderer can draw it without asking main for anything.
 * https://evanw.github.io/thumbhash/
 */

/** The ThumbHash of pixels already shrunk to fit PLACEHOLDER_EDGE; throws on pixels ThumbHash refuses (over 100 px a side). */
export function encodePlaceholder({ width, height, rgba }: PlaceholderPixels): string {
  if (rgba.byteLength !== width * height * 4) throw new Error(`Expected ${width}×${height} RGBA pixels, got ${rgba.byteLength} bytes.`);
  return Buffer.from(rgbaToThumbHash(width, height, rgba)).toString('base64');
}

/** The placeholder for these pixels, or null (when there are none, or ThumbHash refused them): a placeholder is never worth failing an ingest. */
export function placeholderOf(pixels: PlaceholderPixels | null): string | null {
  if (pixels === null) return null;
  try {
    return encodePlaceholder(pixels);
  } catch (error) {
    console.warn(`library: no placeholder for an image: ${messageOf(error)}`);
    return null;
  }
}

/**
 * A placeholder made from encoded image bytes (a thumbnail, preferably: it decodes fastest), or
 * null when they do not decode. For images filed before placeholders existed; new ones get theirs
 * from the thumbnail's own decode (ImageCodec.thumbnail).
 */
export async function makePlaceholder(codec: ImageCodec, bytes: Uint8Array): Promise<string | null> {
  let pixels: PlaceholderPixels;
  try {
    pixels = await codec.placeholderPixels(bytes);
  } catch (error) {
    console.warn(`library: no placeholder for an image that does not decode: ${messageOf(error)}`);
    return null;
  }
  return placeholderOf(pixels);
}
