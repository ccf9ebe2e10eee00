import { bodyOf, receiveImage, type ReceivedImage } from './incoming-file';
import { megabytes } from '../megabytes';

export type InlineImage = { ok: true; image: ReceivedImage } | { ok: false; reason: string };

/**
 * The image in a base64 payload (plain or as a data URL), written to a temp file in `dir` under the
 * same size and type rules as a download. The length is checked before decoding, so an absurd
 * payload is refused without allocating its bytes.
 */
export async function receiveInlineImage(payload: string, dir: string, maxBytes: number): Promise<InlineImage> {
  const base64 = payload.replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '');
  const estimatedBytes = Math.floor((base64.length * 3) / 4);
  if (estimatedBytes > maxBytes + 2) {
    return { ok: false, reason: `the base64 image is about ${megabytes(estimatedBytes)}, over the ${megabytes(maxBytes)} limit` };
  }
  const buffer = Buffer.from(base64, 'base64');
  const received = await receiveImage(bodyOf(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)), dir, maxBytes);
  if (received.ok) return received;
  if (received.problem === 'too-large') return { ok: false, reason: `the base64 image is over the ${megabytes(maxBytes)} limit` };
  return { ok: false, reason: 'the base64 payload is not a PNG, JPEG or WebP image' };
}
