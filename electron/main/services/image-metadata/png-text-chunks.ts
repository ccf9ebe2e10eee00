import { crc32, deflateSync } from 'node:zlib';

/** A PNG text chunk as image tools write them: tEXt (Latin-1), zTXt (deflated) or iTXt (UTF-8, optionally deflated). */
export interface PngTextChunk {
  keyword: string;
  text: string;
  kind?: 'tEXt' | 'zTXt' | 'iTXt';
  compressed?: boolean;
}

/** One PNG chunk: length, type, data, and the CRC of type and data (PNG spec, section 5.3). */
export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encode({ keyword, text, kind = 'tEXt', compressed = false }: PngTextChunk): Buffer {
  const key = Buffer.from(`${keyword}\0`, 'latin1');
  if (kind === 'tEXt') return pngChunk('tEXt', Buffer.concat([key, Buffer.from(text, 'latin1')]));
  if (kind === 'zTXt') return pngChunk('zTXt', Buffer.concat([key, Buffer.from([0]), deflateSync(Buffer.from(text, 'latin1'))]));
  const utf8 = Buffer.from(text, 'utf8');
  // Compression flag and method, then empty language tag and translated keyword.
  const header = Buffer.from([compressed ? 1 : 0, 0, 0, 0]);
  return pngChunk('iTXt', Buffer.concat([key, header, compressed ? deflateSync(utf8) : utf8]));
}

/**
 * The PNG with text chunks added right after its header chunk. sharp reads these (`comments`) but
 * has no way to write them: export embeds prompts this way, and tests build files other tools would write.
 */
export function withPngText(png: Uint8Array, chunks: readonly PngTextChunk[]): Uint8Array {
  // 8-byte signature, then IHDR: 4 length + 4 type + 13 data + 4 CRC.
  const afterHeader = 8 + 25;
  const bytes = Buffer.from(png);
  return new Uint8Array(Buffer.concat([bytes.subarray(0, afterHeader), ...chunks.map(encode), bytes.subarray(afterHeader)]));
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TEXT_TYPES = new Set(['tEXt', 'zTXt', 'iTXt']);

/**
 * The PNG with `chunks` in place of any text chunk of the same keywords (compared case-insensitively,
 * as readers do), every other chunk kept byte for byte: the pixels and their compression are not
 * touched. A second `prompt` chunk left behind would disagree with ours, and readers differ on which
 * of two they take. Throws for bytes that are not a well-formed PNG chunk stream (PNG spec, 5.2-5.3).
 */
export function replacingPngText(png: Uint8Array, chunks: readonly PngTextChunk[]): Uint8Array {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < 8 + 25 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('The image is not a PNG that can carry text.');
  }
  const replaced = new Set(chunks.map((chunk) => chunk.keyword.toLowerCase()));
  const kept: Buffer[] = [];
  for (let offset = 8; offset < bytes.length;) {
    if (offset + 12 > bytes.length) throw new Error('The PNG ends inside a chunk header.');
    const length = bytes.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new Error('The PNG ends inside a chunk.');
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const nul = data.indexOf(0);
    const keyword = data.toString('latin1', 0, nul === -1 ? data.length : nul).toLowerCase();
    if (!(TEXT_TYPES.has(type) && replaced.has(keyword))) kept.push(bytes.subarray(offset, end));
    offset = end;
    if (type === 'IEND') break;
  }
  return withPngText(new Uint8Array(Buffer.concat([PNG_SIGNATURE, ...kept])), chunks);
}
