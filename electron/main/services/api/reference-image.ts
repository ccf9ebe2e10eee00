import type { ImageMimeType } from '../../../shared/domain';
import { sniffImageType } from '../image-type';
import { megabytes } from '../megabytes';
import type { ImageCodec } from '../ports';

/**
 * A library original made fit to send as a reference to edit or remix, as a
 * `data:image/...;base64,` URI. The AI/ML API documents no input limits; Reve's own API documents
 * 40 MB and 33.5 megapixels per image and no side over 8192 px (reference/aiml-reve-api.md), so
 * Reverie stays within those. An image within them is sent byte for byte (PNG, JPEG and WebP are
 * all formats Reve accepts); one over them is shrunk, and re-encoded when the bytes are still over.
 */
export const REFERENCE_LIMITS = {
  maxPixels: 33_500_000,
  maxSide: 8192,
  maxBytes: 40_000_000,
} as const;

export type ReferenceLimits = { maxPixels: number; maxSide: number; maxBytes: number };

export interface PreparedReference {
  dataUri: string;
  mimeType: ImageMimeType;
  width: number;
  height: number;
  byteSize: number;
  /** False when the original's bytes are sent unchanged. */
  changed: boolean;
}

/** JPEG quality of a re-encode: near-lossless to the eye, a fraction of a PNG's size. */
const REENCODE_QUALITY = 90;
/** Each further try shrinks the long side by this much; a few steps reach any byte limit. */
const SHRINK_STEP = 0.75;
const MAX_TRIES = 8;

const dataUri = (bytes: Uint8Array, mimeType: string) =>
  `data:${mimeType};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;

/** The longest side that keeps a width × height image within the pixel and side limits (never larger than it is). */
export function fittingLongestSide(width: number, height: number, limits: ReferenceLimits): number {
  const longest = Math.max(width, height);
  const byPixels = Math.sqrt(limits.maxPixels / (width * height));
  const scale = Math.min(1, limits.maxSide / longest, byPixels);
  // Floored so rounding never lands one pixel over either limit.
  return Math.max(1, Math.floor(longest * scale));
}

export class ReferenceImageError extends Error {
  override name = 'ReferenceImageError';
}

/**
 * Throws ReferenceImageError when the bytes are not an image the codec can read, or no size within
 * the limits could be reached.
 */
export async function prepareReference(bytes: Uint8Array, codec: ImageCodec, limits: ReferenceLimits = REFERENCE_LIMITS): Promise<PreparedReference> {
  const mimeType = sniffImageType(bytes);
  let size: { width: number; height: number };
  try {
    size = await codec.inspect(bytes);
  } catch (error) {
    throw new ReferenceImageError(`the image could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const { width, height } = size;
  const withinPixels = width * height <= limits.maxPixels && Math.max(width, height) <= limits.maxSide;
  if (mimeType !== null && withinPixels && bytes.byteLength <= limits.maxBytes) {
    return { dataUri: dataUri(bytes, mimeType), mimeType, width, height, byteSize: bytes.byteLength, changed: false };
  }

  // Shrunk to the limits first, in its own format (PNG stays lossless); then, while the bytes are
  // still over, as JPEG and a step smaller each time.
  let longest = fittingLongestSide(width, height, limits);
  let format: 'png' | 'jpeg' | 'webp' = mimeType === 'image/jpeg' ? 'jpeg' : mimeType === 'image/webp' ? 'webp' : 'png';
  for (let attempt = 0; attempt < MAX_TRIES; attempt += 1) {
    const out = await codec.convert(bytes, { format, quality: REENCODE_QUALITY, longestEdge: longest, strip: true });
    if (out.byteLength <= limits.maxBytes) {
      const outSize = await codec.inspect(out);
      const outType = sniffImageType(out) ?? 'image/png';
      return { dataUri: dataUri(out, outType), mimeType: outType, ...outSize, byteSize: out.byteLength, changed: true };
    }
    if (format !== 'jpeg') format = 'jpeg';
    else longest = Math.max(1, Math.floor(longest * SHRINK_STEP));
  }
  throw new ReferenceImageError(`it stayed over ${megabytes(limits.maxBytes)} even when shrunk`);
}
