/**
 * An XMP packet put into a WebP without decoding it, so "Original" keeps the picture's bytes and
 * still carries the prompt (sharp writes metadata only while re-encoding).
 *
 * Layout from Google's "WebP Container Specification" (developers.google.com/speed/webp/docs/riff_container):
 * a RIFF file of chunks (FourCC, 32-bit little-endian size, payload padded to an even length). Only
 * the extended format carries metadata: a `VP8X` chunk first, whose flags byte says which optional
 * chunks follow (XMP is bit 0x04, alpha 0x10), with the canvas size as 24-bit "minus one" values; the
 * `XMP ` chunk comes after the image data. A simple file (one `VP8 ` or `VP8L` chunk) is turned into
 * an extended one around the same image chunk.
 */

const XMP_FLAG = 0x04;
const ALPHA_FLAG = 0x10;

interface Chunk {
  fourCC: string;
  /** The whole chunk: header, payload and padding. */
  bytes: Buffer;
  payload: Buffer;
}

function chunk(fourCC: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(fourCC, 0, 'latin1');
  header.writeUInt32LE(payload.length, 4);
  return Buffer.concat([header, payload, payload.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function readChunks(bytes: Buffer): Chunk[] {
  if (bytes.length < 20 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WEBP') {
    throw new Error('The image is not a WebP.');
  }
  // The RIFF size may claim less than the file holds (trailing bytes are ignored by decoders), never more.
  const end = Math.min(bytes.length, 8 + bytes.readUInt32LE(4));
  const chunks: Chunk[] = [];
  for (let offset = 12; offset + 8 <= end;) {
    const size = bytes.readUInt32LE(offset + 4);
    const payloadEnd = offset + 8 + size;
    if (payloadEnd > end) throw new Error('The WebP ends inside a chunk.');
    const next = Math.min(end, payloadEnd + (size % 2));
    const whole = bytes.subarray(offset, next);
    // A last chunk of odd size whose padding byte is missing gets it back: a chunk appended after it must start even.
    const padded = whole.length % 2 === 1 ? Buffer.concat([whole, Buffer.alloc(1)]) : whole;
    chunks.push({ fourCC: bytes.toString('latin1', offset, offset + 4), bytes: padded, payload: bytes.subarray(offset + 8, payloadEnd) });
    offset = next;
  }
  if (chunks.length === 0) throw new Error('The WebP holds no chunks.');
  return chunks;
}

/** Canvas size and alpha of a simple WebP, from its one image chunk's own header. */
function simpleImageInfo(image: Chunk): { width: number; height: number; alpha: boolean } {
  const data = image.payload;
  if (image.fourCC === 'VP8L') {
    // VP8L: signature 0x2f, then 14 bits width-1, 14 bits height-1, 1 bit alpha_is_used (WebP Lossless Bitstream Specification, 3.).
    if (data.length < 5 || data[0] !== 0x2f) throw new Error('The WebP lossless header is damaged.');
    const bits = data.readUInt32LE(1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
  }
  if (image.fourCC === 'VP8 ') {
    // VP8 key frame: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height (RFC 6386, 9.1).
    if (data.length < 10 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) throw new Error('The WebP lossy header is damaged.');
    return { width: data.readUInt16LE(6) & 0x3fff, height: data.readUInt16LE(8) & 0x3fff, alpha: false };
  }
  throw new Error(`A WebP cannot start with a ${JSON.stringify(image.fourCC)} chunk.`);
}

function vp8xFor({ width, height, alpha }: { width: number; height: number; alpha: boolean }): Buffer {
  const payload = Buffer.alloc(10);
  payload[0] = XMP_FLAG | (alpha ? ALPHA_FLAG : 0);
  payload.writeUIntLE(width - 1, 4, 3);
  payload.writeUIntLE(height - 1, 7, 3);
  return chunk('VP8X', payload);
}

/**
 * The WebP with `xmp` as its only XMP chunk (an earlier one is dropped), every other chunk kept byte
 * for byte. Throws for bytes that are not a WebP whose chunks can be walked.
 */
export function withWebpXmp(webp: Uint8Array, xmp: string): Uint8Array {
  const bytes = Buffer.from(webp.buffer, webp.byteOffset, webp.byteLength);
  const chunks = readChunks(bytes);
  const xmpChunk = chunk('XMP ', Buffer.from(xmp, 'utf8'));
  const first = chunks[0] as Chunk;
  let body: Buffer[];
  if (first.fourCC === 'VP8X') {
    if (first.payload.length < 10) throw new Error('The WebP extended header is damaged.');
    const flags = Buffer.from(first.bytes);
    flags[8] = (flags[8] as number) | XMP_FLAG;
    body = [
      flags,
      ...chunks
        .slice(1)
        .filter((each) => each.fourCC !== 'XMP ')
        .map((each) => each.bytes),
      xmpChunk,
    ];
  } else {
    body = [vp8xFor(simpleImageInfo(first)), ...chunks.map((each) => each.bytes), xmpChunk];
  }
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(4 + body.reduce((sum, each) => sum + each.length, 0), 4);
  riff.write('WEBP', 8, 'latin1');
  return new Uint8Array(Buffer.concat([riff, ...body]));
}
