/**
 * The two EXIF text fields a picture's description can sit in, read from the raw EXIF block: the
 * TIFF structure (byte order, IFD0, the Exif sub-IFD) is small and stable, and reading it here keeps
 * the codec port thin and this testable without an image library. Malformed input gives nulls,
 * never a throw: an import must not fail over a camera's odd EXIF.
 */
export interface ExifText {
  /** IFD0 ImageDescription (0x010E). */
  imageDescription: string | null;
  /** Exif UserComment (0x9286), decoded by its 8-byte character-code prefix. */
  userComment: string | null;
}

const IMAGE_DESCRIPTION = 0x010e;
const EXIF_IFD_POINTER = 0x8769;
const USER_COMMENT = 0x9286;
const EXIF_PREFIX = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0", which JPEG and WebP put before the TIFF header

const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8 };

interface Tiff {
  view: DataView;
  little: boolean;
}

interface IfdEntry {
  type: number;
  count: number;
  /** Where the value bytes start. */
  offset: number;
}

/** Strict UTF-8 first (what most tools write now, even into ASCII fields), Latin-1 when that fails. */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/** Padding writers leave (NULs, spaces) is not part of the text. */
function cleaned(text: string): string | null {
  const trimmed = text.replace(/\0+/g, ' ').trim();
  return trimmed === '' ? null : trimmed;
}

function readIfd(tiff: Tiff, at: number): Map<number, IfdEntry> {
  const entries = new Map<number, IfdEntry>();
  const { view, little } = tiff;
  if (at < 8 || at + 2 > view.byteLength) return entries;
  const count = view.getUint16(at, little);
  for (let i = 0; i < count; i += 1) {
    const entry = at + 2 + i * 12;
    if (entry + 12 > view.byteLength) break;
    const type = view.getUint16(entry + 2, little);
    const valueCount = view.getUint32(entry + 4, little);
    const size = (TYPE_SIZES[type] ?? 0) * valueCount;
    // Values of four bytes or fewer sit in the entry itself; longer ones elsewhere, by offset.
    const offset = size <= 4 ? entry + 8 : view.getUint32(entry + 8, little);
    if (size > 0 && offset + size <= view.byteLength) entries.set(view.getUint16(entry, little), { type, count: valueCount, offset });
  }
  return entries;
}

function bytesOf(tiff: Tiff, entry: IfdEntry): Uint8Array {
  return new Uint8Array(tiff.view.buffer, tiff.view.byteOffset + entry.offset, entry.count);
}

function userComment(tiff: Tiff, entry: IfdEntry): string | null {
  const bytes = bytesOf(tiff, entry);
  if (bytes.byteLength < 8) return null;
  const code = new TextDecoder('latin1').decode(bytes.subarray(0, 8)).replace(/\0+$/, '');
  const body = bytes.subarray(8);
  if (code === 'UNICODE') {
    // UCS-2 in the file's byte order, unless a byte-order mark says otherwise.
    const bom = body[0] === 0xfe && body[1] === 0xff ? 'be' : body[0] === 0xff && body[1] === 0xfe ? 'le' : null;
    const little = bom ? bom === 'le' : tiff.little;
    return cleaned(new TextDecoder(little ? 'utf-16le' : 'utf-16be').decode(bom ? body.subarray(2) : body));
  }
  // ASCII, or undefined (all NULs), which in practice is UTF-8 or plain ASCII; JIS is not guessed at.
  if (code === 'ASCII' || code === '') return cleaned(decodeText(body));
  return null;
}

export function readExifText(exif: Uint8Array): ExifText {
  const none: ExifText = { imageDescription: null, userComment: null };
  const start = EXIF_PREFIX.every((byte, i) => exif[i] === byte) ? EXIF_PREFIX.length : 0;
  const view = new DataView(exif.buffer, exif.byteOffset + start, exif.byteLength - start);
  if (view.byteLength < 8) return none;
  const order = view.getUint16(0, false);
  if (order !== 0x4949 && order !== 0x4d4d) return none;
  const tiff: Tiff = { view, little: order === 0x4949 };
  if (view.getUint16(2, tiff.little) !== 42) return none;

  const ifd0 = readIfd(tiff, view.getUint32(4, tiff.little));
  const description = ifd0.get(IMAGE_DESCRIPTION);
  const pointer = ifd0.get(EXIF_IFD_POINTER);
  const exifIfd = pointer?.type === 4 ? readIfd(tiff, view.getUint32(pointer.offset, tiff.little)) : new Map<number, IfdEntry>();
  const comment = exifIfd.get(USER_COMMENT);
  return {
    imageDescription: description?.type === 2 ? cleaned(decodeText(bytesOf(tiff, description))) : null,
    userComment: comment?.type === 7 ? userComment(tiff, comment) : null,
  };
}
