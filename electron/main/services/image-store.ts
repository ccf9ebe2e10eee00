import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ImageMimeType, LibraryItem } from '../../shared/domain';
import { isTempFileName, writeFileAtomic } from './atomic-write';
import { IMAGE_EXTENSIONS, sniffImageType } from './image-type';
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
  /** Keeps the bytes (and a thumbnail); bytes already stored under the same hash are not rewritten. */
  save(bytes: Uint8Array): Promise<StoredImage>;
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
  /** Deletes leftovers of interrupted writes. Only safe while nothing else writes: call at startup. */
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
  const shardOf = (fileHash: string) => assertHash(fileHash).slice(0, 2);

  const originalPath = (fileHash: string, mimeType: ImageMimeType) =>
    join(imagesDir, shardOf(fileHash), `${fileHash}.${IMAGE_EXTENSIONS[mimeType]}`);
  const thumbnailPath = (fileHash: string) => join(thumbsDir, shardOf(fileHash), `${fileHash}.webp`);
  const sidecarPath = (fileHash: string) => join(imagesDir, shardOf(fileHash), `${fileHash}.json`);

  async function writeInto(path: string, data: Uint8Array | string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, data);
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
    async save(bytes) {
      const mimeType = sniffImageType(bytes);
      if (!mimeType) throw new Error('Refusing to store bytes that are not a PNG, JPEG or WebP image.');
      const { width, height } = await codec.inspect(bytes);
      const fileHash = sha256Hex(bytes);

      const original = originalPath(fileHash, mimeType);
      const thumbnail = thumbnailPath(fileHash);
      // Both files are written atomically, so a file that exists is complete and can be trusted.
      const needsThumbnail = !(await fileExists(thumbnail));
      // Encode before writing anything, so a picture the codec cannot shrink leaves no files behind.
      const thumbnailBytes = needsThumbnail ? await codec.thumbnail(bytes, THUMBNAIL_EDGE) : null;
      if (!(await fileExists(original))) await writeInto(original, bytes);
      if (thumbnailBytes) await writeInto(thumbnail, thumbnailBytes);

      return { fileHash, byteSize: bytes.byteLength, mimeType, width, height };
    },

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
      let removed = 0;
      for (const area of [imagesDir, thumbsDir]) {
        for (const shard of await namesIn(area)) {
          if (!SHARD_PATTERN.test(shard)) continue;
          for (const name of await namesIn(join(area, shard))) {
            if (!isTempFileName(name)) continue;
            await rm(join(area, shard, name), { force: true });
            removed += 1;
          }
        }
      }
      return removed;
    },
  };
}
