import { createHash } from 'node:crypto';
import { link, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ImageMimeType } from '../../../shared/domain';
import { isTempFileName, syncFolder } from '../atomic-write';
import { IMAGE_EXTENSIONS, sniffImageType } from '../image-type';
import type { ReceivedImage } from '../api/incoming-file';
import type { ImageCodec } from '../ports';
import { fileExists, placeInFolder, writeInto } from './folder-files';
import type { ImageStore, PreparedImage, StoredImage } from './image-store';
import { assertFileHash, UNSAVED_FOLDER } from './layout';
import { codeOf, messageOf } from '../../../shared/errors';
import { makePlaceholder, placeholderOf } from '../image-metadata/placeholder';

/** Longest edge of a library thumbnail: crisp in a grid cell of up to 256 CSS pixels on a 2x display. */
export const THUMBNAIL_EDGE = 512;

/** Filing a received image failed; `keptAt` is where its bytes were set aside (null if they could not be). */
export class ImageNotFiledError extends Error {
  constructor(
    message: string,
    readonly keptAt: string | null,
  ) {
    super(message);
    this.name = 'ImageNotFiledError';
  }
}

export interface ImageFilingPlaces {
  rootDir: string;
  incomingDir: string;
  originalPath(fileHash: string, mimeType: ImageMimeType): string;
  thumbnailPath(fileHash: string): string;
}

/** What a file on disk must be to be filed: its hash and size were taken as it was written. */
export interface ExpectedImage {
  /** sha256 of the bytes, hex. */
  fileHash: string;
  byteSize: number;
  mimeType: ImageMimeType;
}

/** A thumbnail to write (null: it is on disk already), perhaps still being encoded, and the image's placeholder. */
interface ThumbnailWork {
  webp: Promise<Uint8Array> | null;
  placeholder: string | null;
}

/** What the codec makes of an image's bytes: its size, its placeholder and its thumbnail (still being encoded). */
interface DecodedImage {
  width: number;
  height: number;
  webp: Promise<Uint8Array>;
  placeholder: string | null;
}

/**
 * The codec's work on an image's bytes, started before they are filed (ImageStore.decode): the
 * bytes, and what they decode to once that settles (rejecting when they do not decode).
 */
export interface DecodingImage {
  readonly bytes: Uint8Array;
  readonly decoded: Promise<DecodedImage>;
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The image half of the store: originals and their thumbnails, from bytes in memory, a received temp file or a file kept elsewhere. */
export function createImageFiling(places: ImageFilingPlaces, codec: ImageCodec): Pick<ImageStore, 'decode' | 'save' | 'saveFile' | 'prepareFile' | 'adopt'> {
  const { rootDir, incomingDir, originalPath, thumbnailPath } = places;

  /** Size, thumbnail and placeholder, from one decode of the bytes (the header read beside it). */
  async function decodeBytes(bytes: Uint8Array): Promise<DecodedImage> {
    const [{ width, height }, { webp, placeholder }] = await Promise.all([codec.inspect(bytes), newThumbnail(bytes)]);
    return { width, height, webp, placeholder };
  }

  function decode(bytes: Uint8Array): DecodingImage {
    const decoded = decodeBytes(bytes);
    // Handled here: a caller that never files these bytes (its receipt was not sealed) must not
    // leave a rejection nobody awaits; whoever files them awaits `decoded` and sees the error.
    decoded.catch(() => undefined);
    return { bytes, decoded };
  }

  /**
   * Everything but placing one image: the codec runs on libvips' threads, so the caller's `verify`
   * (hashing) and the folder work run while it decodes; nothing is placed until the image has
   * decoded and `verify` succeeded, so a picture that cannot be read, or bytes that are not what was
   * announced, leave nothing behind. This resolves while the thumbnail's WebP is still encoding (from
   * pixels that decoded), so the original is placed, and the caller's sidecar written, meanwhile;
   * `place` writes the thumbnail once it is encoded and resolves when both files are durable. Every
   * file is complete once it exists, so an existing one is trusted.
   */
  async function prepare(
    bytes: Uint8Array,
    fileHash: string,
    mimeType: ImageMimeType,
    placeOriginal: (path: string) => Promise<void>,
    verify: () => void = () => undefined,
    decoding?: DecodingImage,
  ): Promise<PreparedImage> {
    const original = originalPath(fileHash, mimeType);
    const thumbnail = thumbnailPath(fileHash);
    const coding = Promise.all([
      decoding ? decoding.decoded : codec.inspect(bytes),
      // Decoded already: its thumbnail is written unless one is on disk, its placeholder kept either way.
      decoding
        ? Promise.all([decoding.decoded, fileExists(thumbnail)]).then(([{ webp, placeholder }, exists]) => ({ webp: exists ? null : webp, placeholder }))
        : fileExists(thumbnail).then((exists) => (exists ? existingThumbnail(thumbnail) : newThumbnail(bytes))),
      // Asked now rather than after the decode: one round trip fewer between the decode and the writes.
      fileExists(original),
    ]);
    try {
      verify();
    } catch (error) {
      await coding.catch(() => undefined);
      throw error;
    }
    const [{ width, height }, { webp, placeholder }, originalExists] = await coding;
    const place = async () => {
      // Each made in its shard folder, which is created on the shard's first file (placeInFolder).
      await Promise.all([originalExists ? undefined : placeOriginal(original), webp?.then((data) => writeInto(thumbnail, data))]);
    };
    return { stored: { fileHash, byteSize: bytes.byteLength, mimeType, width, height, placeholder }, place };
  }

  async function keep(...args: Parameters<typeof prepare>): Promise<StoredImage> {
    const { stored, place } = await prepare(...args);
    await place();
    return stored;
  }

  /** The thumbnail to write, and the placeholder from the same decode. */
  async function newThumbnail(bytes: Uint8Array): Promise<ThumbnailWork & { webp: Promise<Uint8Array> }> {
    const { webp, placeholderPixels } = await codec.thumbnail(bytes, THUMBNAIL_EDGE);
    return { webp, placeholder: placeholderOf(placeholderPixels) };
  }

  /** Nothing to write; the placeholder from the thumbnail on disk (a 512 px WebP decodes faster than the original), or none if it cannot be read. */
  async function existingThumbnail(thumbnail: string): Promise<ThumbnailWork> {
    const bytes = await readFile(thumbnail).catch(() => null);
    return { webp: null, placeholder: bytes ? await makePlaceholder(codec, new Uint8Array(bytes)) : null };
  }

  /** Only the store's own temp files may be adopted: adopting moves or deletes the file it is given. */
  function assertIncoming(tempPath: string): void {
    if (resolve(dirname(tempPath)) !== resolve(incomingDir) || !isTempFileName(basename(tempPath))) {
      throw new Error(`Not a temp file in the incoming folder: ${JSON.stringify(tempPath)}`);
    }
  }

  async function setAside(image: ReceivedImage): Promise<string | null> {
    const target = join(rootDir, UNSAVED_FOLDER, `${image.fileHash}.${IMAGE_EXTENSIONS[image.mimeType]}`);
    try {
      await mkdir(dirname(target), { recursive: true });
      await rename(image.tempPath, target);
      return target;
    } catch {
      return null;
    }
  }

  async function save(bytes: Uint8Array): Promise<StoredImage> {
    const mimeType = sniffImageType(bytes);
    if (!mimeType) throw new Error('Refusing to store bytes that are not a PNG, JPEG or WebP image.');
    return keep(bytes, sha256Hex(bytes), mimeType, (original) => writeInto(original, bytes));
  }

  /**
   * The original as a second name of the file at `path` (a hard link: no bytes copied, nothing to
   * fsync but the folder, since whoever wrote the file fsynced it). Where the file system has no
   * hard links (FAT, exFAT) or `path` is on another one, the bytes are copied instead.
   */
  async function linkOriginal(path: string, original: string, bytes: Uint8Array): Promise<void> {
    try {
      await placeInFolder(original, () => link(path, original));
    } catch (error) {
      // Placed meanwhile by another filing of the same bytes: every original is complete once it exists.
      if (codeOf(error) === 'EEXIST') return;
      await writeInto(original, bytes);
      return;
    }
    await syncFolder(dirname(original));
  }

  async function prepareFile(path: string, expected: ExpectedImage, received?: Uint8Array | DecodingImage): Promise<PreparedImage> {
    // The bytes the file was written from, hashed as they were (receiveImage), when the caller has
    // them (perhaps decoding already): nothing to read back, nothing to hash again. Otherwise read
    // once: the codec needs the bytes in memory, and the check below reads them from there.
    const decoding = received !== undefined && 'decoded' in received ? received : undefined;
    const receivedBytes = received !== undefined && 'decoded' in received ? received.bytes : received;
    const inMemory = receivedBytes !== undefined && receivedBytes.byteLength === expected.byteSize;
    const bytes = inMemory ? receivedBytes : await readFile(path);
    const mimeType = sniffImageType(bytes);
    if (mimeType !== expected.mimeType) throw new Error(`${path} is not the image expected: a ${expected.mimeType} file, found ${mimeType ?? 'no image'}.`);
    const fileHash = assertFileHash(expected.fileHash);
    // Hashed once, while libvips decodes on its own threads (prepare runs this after starting the
    // codec): a file read back is never filed under a hash that does not match it.
    const verify = () => {
      if (inMemory) return;
      const found = sha256Hex(bytes);
      if (found !== fileHash || bytes.byteLength !== expected.byteSize) {
        throw new Error(`${path} is not the image expected: ${expected.byteSize} bytes, sha256 ${fileHash}; found ${bytes.byteLength} bytes, sha256 ${found}.`);
      }
    };
    return prepare(bytes, fileHash, mimeType, (original) => linkOriginal(path, original, bytes), verify, inMemory ? decoding : undefined);
  }

  async function saveFile(path: string, expected: ExpectedImage): Promise<StoredImage> {
    const { stored, place } = await prepareFile(path, expected);
    await place();
    return stored;
  }

  async function adopt(image: ReceivedImage): Promise<StoredImage> {
    assertIncoming(image.tempPath);
    let verified = false;
    try {
      // Read once: the codec needs the bytes in memory anyway, and checking them here means the
      // library never files a torn or swapped download under a hash that does not match it.
      const bytes = new Uint8Array(await readFile(image.tempPath));
      const mimeType = sniffImageType(bytes);
      if (mimeType !== image.mimeType) {
        throw new Error(`The received file is not what was downloaded: expected ${image.mimeType}, found ${mimeType ?? 'no image'}.`);
      }
      // Checked here, not trusted from the download: the library never files a torn or swapped
      // file under a hash that does not match it.
      const verify = () => {
        const fileHash = sha256Hex(bytes);
        if (fileHash !== assertFileHash(image.fileHash) || bytes.byteLength !== image.byteSize) {
          throw new Error(
            `The received file is not what was downloaded: expected ${image.byteSize} bytes, sha256 ${image.fileHash}; ` +
              `found ${bytes.byteLength} bytes, sha256 ${fileHash}.`,
          );
        }
        verified = true;
      };
      return await keep(
        bytes,
        assertFileHash(image.fileHash),
        mimeType,
        async (original) => {
          // Same file system, so the original appears whole or not at all; fsync of the file was done on arrival.
          await placeInFolder(original, () => rename(image.tempPath, original));
          await syncFolder(dirname(original));
        },
        verify,
      );
    } catch (error) {
      // Bytes proven to be the paid image are never deleted because filing them failed (a full
      // disk, a picture the codec cannot shrink): they move to unsaved/, and the error says where.
      const keptAt = verified ? await setAside(image) : null;
      throw new ImageNotFiledError(messageOf(error), keptAt);
    } finally {
      // Gone already when renamed; otherwise (a duplicate, or a failure) it must not linger. A file
      // that cannot be deleted now is a temp file the startup sweep removes.
      await rm(image.tempPath, { force: true }).catch(() => undefined);
    }
  }

  return { decode, save, saveFile, prepareFile, adopt };
}
