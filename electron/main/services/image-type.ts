import { ImageMimeType } from '../../shared/domain';

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];

/**
 * The image type by its magic bytes. Content types from the network and file names lie; the first
 * bytes do not, so this is what decides whether bytes are kept as an image.
 */
export function sniffImageType(bytes: Uint8Array): ImageMimeType | null {
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'image/webp';
  return null;
}

const IHDR = [0x49, 0x48, 0x44, 0x52];

/**
 * A PNG's pixel size, from the IHDR chunk the format requires first: 13 bytes whose first eight are
 * the width and height, big-endian, each 1 to 2^31 − 1 (PNG spec, "IHDR Image header":
 * https://www.w3.org/TR/png-3/#11IHDR). Null when the bytes do not start that way, or when they
 * carry EXIF (whose orientation may turn the picture; ImageCodec.inspect reads that). Reads the
 * headers only: it says nothing about whether the rest decodes.
 */
export function pngHeaderSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || !startsWith(bytes, PNG) || !startsWith(bytes, IHDR, 12)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const inRange = (size: number) => size >= 1 && size <= 0x7fffffff;
  if (view.getUint32(8) !== 13 || !inRange(width) || !inRange(height)) return null;
  return hasExifBeforeImageData(bytes, view) ? null : { width, height };
}

const EXIF_CHUNK = [0x65, 0x58, 0x49, 0x66];
const IDAT_CHUNK = [0x49, 0x44, 0x41, 0x54];

/**
 * Whether an eXIf chunk (which may turn the picture: its orientation) comes before the image data,
 * where the spec puts it (https://www.w3.org/TR/png-3/#eXIf); or the chunks run past the bytes.
 * Either way the header alone does not say how the picture is shown.
 */
function hasExifBeforeImageData(bytes: Uint8Array, view: DataView): boolean {
  for (let offset = 8; ;) {
    if (offset + 8 > bytes.length) return true;
    if (startsWith(bytes, IDAT_CHUNK, offset + 4)) return false;
    if (startsWith(bytes, EXIF_CHUNK, offset + 4)) return true;
    // Length, type, data, CRC.
    offset += 12 + view.getUint32(offset);
  }
}

/** The extension a file of each image type is named with, in the library folder and beyond (JPEG as `jpg`). */
export const IMAGE_EXTENSIONS: Readonly<Record<ImageMimeType, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

/** The other way round: the image type a file named with one of IMAGE_EXTENSIONS says it holds. */
export const IMAGE_TYPE_OF_EXTENSION: ReadonlyMap<string, ImageMimeType> = new Map(
  ImageMimeType.options.map((mimeType) => [IMAGE_EXTENSIONS[mimeType], mimeType]),
);
