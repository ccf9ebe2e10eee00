import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ImageMimeType, LibraryItem } from '../../shared/domain';
import { isTempFileName, syncFolder, writeFileAtomic } from './atomic-write';
import { IMAGE_EXTENSIONS, sniffImageType } from './image-type';
import type { ReceivedImage } from './incoming-file';
import type { ImageCodec } from './ports';
import { decodeSidecar, encodeSidecar } from './sidecar';

/** Longest edge of a library thumbnail: crisp in a grid cell of up to 256 CSS pixels on a 2x display. */
export const THUMBNAIL_EDGE = 512;

export interface StoredImage {
  /** sha256 of the bytes, hex. */
  fileHash: string;
  byteSize: number;
  mimeType: ImageMimeType;
  width: number;
  height: number;
}

/** A sidecar that could not be read; reported so one bad file never blocks the whole library. */
export interface SidecarProblem {
  path: string;
  reason: string;
}

export interface ImageStore {
  /**
   * Where images arriving from the network are written as temp files before `adopt` (created on
   * demand). Inside the store's root, so adopting one is a rename on the same file system.
   */
  readonly incomingDir: string;
  /** Keeps the bytes (and a thumbnail); bytes already stored under the same hash are not rewritten. */
  save(bytes: Uint8Array): Promise<StoredImage>;
  /**
   * Moves a received temp file from `incomingDir` into the store as the original (deleting it
   * instead when the same image is already stored), after checking it is what `image` says. The
   * temp file is gone afterwards, whether this succeeds or throws.
   */
  adopt(image: ReceivedImage): Promise<StoredImage>;
  writeSidecar(item: LibraryItem): Promise<void>;
  /** null when there is no sidecar; throws when there is one but it is unreadable or invalid. */
  readSidecar(fileHash: string): Promise<LibraryItem | null>;
  /** Hashes of every sidecar on disk, without reading them: cheap enough to walk at each launch. */
  listSidecarHashes(): AsyncIterable<string>;
  /** Every readable sidecar; the others go to `onProblem` instead of stopping the walk. */
  listSidecars(onProblem?: (problem: SidecarProblem) => void): AsyncIterable<LibraryItem>;
  originalPath(fileHash: string, mimeType: ImageMimeType): string;
  thumbnailPath(fileHash: string): string;
  sidecarPath(fileHash: string): string;
  hasOriginal(fileHash: string, mimeType: ImageMimeType): Promise<boolean>;
  /** Deletes leftovers of interrupted writes and downloads. Only safe while nothing else writes: call at startup. */
  removeStaleTempFiles(): Promise<number>;
}

const HASH_PATTERN = /^[0-9a-f]{64}$/;
const SHARD_PATTERN = /^[0-9a-f]{2}$/;
const SIDECAR_NAME_PATTERN = /^([0-9a-f]{64})\.json$/;

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Hashes end up in file paths; anything but 64 hex digits here is a bug, and must not become `..`. */
function assertHash(fileHash: string): string {
  if (!HASH_PATTERN.test(fileHash)) throw new Error(`Not a sha256 hex digest: ${JSON.stringify(fileHash)}`);
  return fileHash;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** Entry names of a folder that may not exist yet (a fresh library has no shards). */
async function namesIn(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).sort();
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/**
 * Content-addressed files under `rootDir`: `images/<2 hex>/<sha256>.<ext>` (the original, byte for
 * byte), `images/<2 hex>/<sha256>.json` (the sidecar) and `thumbs/<2 hex>/<sha256>.webp`. The two-hex
 * shards keep any one folder small enough for file managers and file systems at 100k images.
 */
export function createImageStore(rootDir: string, codec: ImageCodec): ImageStore {
  const imagesDir = join(rootDir, 'images');
  const thumbsDir = join(rootDir, 'thumbs');
  const incomingDir = join(rootDir, 'incoming');
  const shardOf = (fileHash: string) => assertHash(fileHash).slice(0, 2);

  const originalPath = (fileHash: string, mimeType: ImageMimeType) =>
    join(imagesDir, shardOf(fileHash), `${fileHash}.${IMAGE_EXTENSIONS[mimeType]}`);
  const thumbnailPath = (fileHash: string) => join(thumbsDir, shardOf(fileHash), `${fileHash}.webp`);
  const sidecarPath = (fileHash: string) => join(imagesDir, shardOf(fileHash), `${fileHash}.json`);

  async function writeInto(path: string, data: Uint8Array | string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, data);
  }

  /**
   * Files one image. The codec runs on libvips' threads, so the caller's `verify` (hashing) and the
   * folder work run while it decodes; nothing is placed until both the codec and `verify` succeed,
   * so a picture that cannot be shrunk, or bytes that are not what was announced, leave nothing
   * behind. Then the original and the thumbnail are written side by side. Every file is complete
   * once it exists, so an existing one is trusted.
   */
  async function keep(
    bytes: Uint8Array,
    fileHash: string,
    mimeType: ImageMimeType,
    placeOriginal: (path: string) => Promise<void>,
    verify: () => void = () => undefined,
  ): Promise<StoredImage> {
    const original = originalPath(fileHash, mimeType);
    const thumbnail = thumbnailPath(fileHash);
    const coding = Promise.all([
      codec.inspect(bytes),
      fileExists(thumbnail).then((exists) => (exists ? null : codec.thumbnail(bytes, THUMBNAIL_EDGE))),
      mkdir(dirname(original), { recursive: true }),
      mkdir(dirname(thumbnail), { recursive: true }),
    ]);
    try {
      verify();
    } catch (error) {
      await coding.catch(() => undefined);
      throw error;
    }
    const [{ width, height }, thumbnailBytes] = await coding;
    await Promise.all([
      fileExists(original).then((exists) => (exists ? undefined : placeOriginal(original))),
      thumbnailBytes ? writeFileAtomic(thumbnail, thumbnailBytes) : undefined,
    ]);
    return { fileHash, byteSize: bytes.byteLength, mimeType, width, height };
  }

  /** Only the store's own temp files may be adopted: adopting moves or deletes the file it is given. */
  function assertIncoming(tempPath: string): void {
    if (resolve(dirname(tempPath)) !== resolve(incomingDir) || !isTempFileName(basename(tempPath))) {
      throw new Error(`Not a temp file in the incoming folder: ${JSON.stringify(tempPath)}`);
    }
  }

  async function adopt(image: ReceivedImage): Promise<StoredImage> {
    assertIncoming(image.tempPath);
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
        if (fileHash !== assertHash(image.fileHash) || bytes.byteLength !== image.byteSize) {
          throw new Error(
            `The received file is not what was downloaded: expected ${image.byteSize} bytes, sha256 ${image.fileHash}; ` +
              `found ${bytes.byteLength} bytes, sha256 ${fileHash}.`,
          );
        }
      };
      return await keep(
        bytes,
        assertHash(image.fileHash),
        mimeType,
        async (original) => {
          // Same file system, so the original appears whole or not at all; fsync of the file was done on arrival.
          await rename(image.tempPath, original);
          await syncFolder(dirname(original));
        },
        verify,
      );
    } finally {
      // Gone already when renamed; otherwise (a duplicate, or a failure) it must not linger. A file
      // that cannot be deleted now is a temp file the startup sweep removes.
      await rm(image.tempPath, { force: true }).catch(() => undefined);
    }
  }

  async function readSidecar(fileHash: string): Promise<LibraryItem | null> {
    let text: string;
    try {
      text = await readFile(sidecarPath(fileHash), 'utf8');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    return decodeSidecar(text, fileHash);
  }

  async function* listSidecarHashes(): AsyncIterable<string> {
    for (const shard of await namesIn(imagesDir)) {
      if (!SHARD_PATTERN.test(shard)) continue;
      for (const name of await namesIn(join(imagesDir, shard))) {
        const fileHash = SIDECAR_NAME_PATTERN.exec(name)?.[1];
        // A hash in the wrong shard was put there by hand; its own paths would not find it.
        if (fileHash?.startsWith(shard)) yield fileHash;
      }
    }
  }

  return {
    incomingDir,

    async save(bytes) {
      const mimeType = sniffImageType(bytes);
      if (!mimeType) throw new Error('Refusing to store bytes that are not a PNG, JPEG or WebP image.');
      return keep(bytes, sha256Hex(bytes), mimeType, (original) => writeInto(original, bytes));
    },

    adopt,

    async writeSidecar(item) {
      await writeInto(sidecarPath(item.fileHash), encodeSidecar(item));
    },

    readSidecar,
    listSidecarHashes,

    async *listSidecars(onProblem = () => undefined) {
      for await (const fileHash of listSidecarHashes()) {
        let item: LibraryItem | null;
        try {
          item = await readSidecar(fileHash);
        } catch (error) {
          onProblem({ path: sidecarPath(fileHash), reason: error instanceof Error ? error.message : String(error) });
          continue;
        }
        if (item) yield item;
      }
    },

    originalPath,
    thumbnailPath,
    sidecarPath,
    hasOriginal: (fileHash, mimeType) => fileExists(originalPath(fileHash, mimeType)),

    async removeStaleTempFiles() {
      const folders = [incomingDir];
      for (const area of [imagesDir, thumbsDir]) {
        for (const shard of await namesIn(area)) if (SHARD_PATTERN.test(shard)) folders.push(join(area, shard));
      }
      let removed = 0;
      for (const folder of folders) {
        for (const name of await namesIn(folder)) {
          if (!isTempFileName(name)) continue;
          await rm(join(folder, name), { force: true });
          removed += 1;
        }
      }
      return removed;
    },
  };
}
