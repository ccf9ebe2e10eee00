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
