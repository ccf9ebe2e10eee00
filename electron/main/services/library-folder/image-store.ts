import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageMimeType, LibraryItem } from '../../../shared/domain';
import { isTempFileName } from '../atomic-write';
import type { ReceivedImage } from '../api/incoming-file';
import type { ImageCodec } from '../ports';
import { fileExists, namesIn } from './folder-files';
import { createImageFiling, type DecodingImage, type ExpectedImage } from './image-filing';
import { IMAGES_FOLDER, INCOMING_FOLDER, originalPlace, RECORDS_FOLDER, SHARD_PATTERN, thumbnailPlace, THUMBS_FOLDER } from './layout';
import { createSidecarFiles } from './sidecar-files';
import type { SidecarRecord } from './sidecar';

export { ImageNotFiledError, THUMBNAIL_EDGE, type DecodingImage, type ExpectedImage } from './image-filing';

export interface StoredImage {
  /** sha256 of the bytes, hex. */
  fileHash: string;
  byteSize: number;
  mimeType: ImageMimeType;
  width: number;
  height: number;
  /** The ThumbHash placeholder (base64) made with the thumbnail; null when none could be made. */
  placeholder: string | null;
}

/**
 * An image checked and decoded, with nothing placed yet: `stored` is what it will be filed as, and
 * `place` writes its original and thumbnail (durable when it resolves). Lets a caller get the
 * item's sidecar ready while the image's files are written; the sidecar still lands after them.
 */
export interface PreparedImage {
  stored: StoredImage;
  place(): Promise<void>;
}

export interface SidecarWriteOptions {
  /**
   * Files the sidecar must not land before (its image's, being placed): the sidecar is written and
   * fsynced meanwhile under a temp name, and renamed into place only once this resolves. When it
   * rejects, no sidecar is placed and the write rejects with its error.
   */
  after?: Promise<unknown>;
  /**
   * The item was made just now (an id no version-1 library folder can name): there is no legacy
   * sidecar of it to retire, so none is looked for.
   */
  newItem?: boolean;
}

/** A sidecar that could not be read; reported so one bad file never blocks the whole library. */
export interface SidecarProblem {
  path: string;
  reason: string;
}

/**
 * A sidecar found by its file name alone, before reading it. `record`: `records/<2 hex>/<item id>.json`,
 * where every sidecar is written now. `legacy`: `images/<2 hex>/<sha256>.json`, where version 1 kept
 * one per image; still read, so an old library folder rebuilds, and retired once its item is rewritten.
 */
export type SidecarRef = { kind: 'record'; id: string; path: string } | { kind: 'legacy'; fileHash: string; path: string };

export interface ImageStore {
  /**
   * Where images arriving from the network are written as temp files before `adopt` (created on
   * demand). Inside the store's root, so adopting one is a rename on the same file system.
   */
  readonly incomingDir: string;
  /** Keeps the bytes (and a thumbnail); bytes already stored under the same hash are not rewritten. */
  save(bytes: Uint8Array): Promise<StoredImage>;
  /**
   * `save` for an image already on disk at `path` (a sealed receipt's, fsynced when it arrived),
   * checked against `expected` while it is decoded. The original becomes a hard link to that file,
   * so no bytes are copied and the file at `path` stays as it is (a receipt keeps its image until
   * it is removed); copied where the file system has no hard links. Throws, placing nothing, when
   * the file is not what `expected` says.
   */
  saveFile(path: string, expected: ExpectedImage): Promise<StoredImage>;
  /**
   * Starts decoding an image's bytes (size, thumbnail, placeholder) and writes nothing: for bytes
   * whose file is not ready to file yet (a receipt still being sealed), handed to `prepareFile` once
   * it is. A decoding nobody files costs only its CPU; its failure reaches whoever files it.
   */
  decode(bytes: Uint8Array): DecodingImage;
  /**
   * `saveFile` up to placing: read, checked and decoded (throwing, placing nothing, as it does), the
   * files written by `place`. `received`: the bytes the file at `path` was written from and whose
   * hash `expected` holds (ReceivedImage.bytes), used instead of reading and hashing the file again,
   * or their `decode`, used instead of decoding them again; ignored unless their length is `expected`'s.
   */
  prepareFile(path: string, expected: ExpectedImage, received?: Uint8Array | DecodingImage): Promise<PreparedImage>;
  /**
   * Moves a received temp file from `incomingDir` into the store as the original (deleting it
   * instead when the same image is already stored), after checking it is what `image` says. The
   * temp file is gone afterwards, whether this succeeds or throws.
   */
  adopt(image: ReceivedImage): Promise<StoredImage>;
  /**
   * Writes (or rewrites, after any change) the item's sidecar at `sidecarPath(item)`. `collectionNames`
   * may hold every collection of the library; the item's own are written so a rebuild restores their names.
   */
  writeSidecar(item: LibraryItem, collectionNames?: Readonly<Record<string, string>>, options?: SidecarWriteOptions): Promise<void>;
  /** The sidecar at `sidecarPath`; null when there is none; throws when it is unreadable or invalid. */
  readSidecar(id: string): Promise<SidecarRecord | null>;
  /** Throws when the sidecar is gone, unreadable, invalid, or not about what its name says. */
  readSidecarAt(ref: SidecarRef): Promise<SidecarRecord>;
  /** Every sidecar on disk by name, without reading it (records first, then legacy): cheap enough for each launch. */
  listSidecarRefs(): AsyncIterable<SidecarRef>;
  /**
   * Every readable sidecar, one per item id (a `records/` one wins over a legacy one for the same
   * item); unreadable ones go to `onProblem` instead of stopping the walk.
   */
  listSidecars(onProblem?: (problem: SidecarProblem) => void): AsyncIterable<SidecarRecord>;
  /**
   * Deletes the item's sidecar (and a version-1 one that describes it). Not needed before a rewrite:
   * `writeSidecar` replaces the file in place, atomically, so removing first only opens a window
   * in which a crash loses it.
   */
  removeSidecar(item: LibraryItem): Promise<void>;
  /**
   * Deletes what a deleted item left on disk: its sidecar always; its original and thumbnail unless
   * `keepImage` (the caller knows whether another row still points at the same bytes). Delete the
   * row first: a crash before this finishes leaves files (the item comes back at the next start,
   * from its sidecar, still in the trash), never a row without its files.
   */
  removeFiles(item: LibraryItem, options: { keepImage: boolean }): Promise<void>;
  originalPath(fileHash: string, mimeType: ImageMimeType): string;
  thumbnailPath(fileHash: string): string;
  sidecarPath(item: Pick<LibraryItem, 'id'>): string;
  hasOriginal(fileHash: string, mimeType: ImageMimeType): Promise<boolean>;
  /** Deletes leftovers of interrupted writes and downloads. Only safe while nothing else writes: call at startup. */
  removeStaleTempFiles(): Promise<number>;
}

/**
 * The library folder's files (laid out as layout.ts says), kept so that each is complete once it
 * exists: content-addressed originals and thumbnails (image-filing.ts), one sidecar per item
 * (sidecar-files.ts), and the deletes and the sweep that touch both.
 */
export function createImageStore(rootDir: string, codec: ImageCodec): ImageStore {
  const incomingDir = join(rootDir, INCOMING_FOLDER);
  const originalPath = (fileHash: string, mimeType: ImageMimeType) => join(rootDir, ...originalPlace(fileHash, mimeType));
  const thumbnailPath = (fileHash: string) => join(rootDir, ...thumbnailPlace(fileHash));
  const { decode, save, saveFile, prepareFile, adopt } = createImageFiling({ rootDir, incomingDir, originalPath, thumbnailPath }, codec);
  const { legacySidecarPath, ...sidecars } = createSidecarFiles(rootDir);

  return {
    incomingDir,
    decode,
    save,
    saveFile,
    prepareFile,
    adopt,
    ...sidecars,

    async removeFiles(item, { keepImage }) {
      await sidecars.removeSidecar(item);
      const { fileHash, mimeType } = item;
      if (!fileHash || keepImage) return;
      // With no row left on this image, a legacy sidecar next to it describes nothing worth keeping.
      await rm(legacySidecarPath(fileHash), { force: true });
      // Sidecars first, bytes last: a crash in between leaves an unlisted file, never a listed item without one.
      await rm(thumbnailPath(fileHash), { force: true });
      if (mimeType) await rm(originalPath(fileHash, mimeType), { force: true });
    },

    originalPath,
    thumbnailPath,
    hasOriginal: (fileHash, mimeType) => fileExists(originalPath(fileHash, mimeType)),

    async removeStaleTempFiles() {
      const folders = [incomingDir];
      for (const area of [IMAGES_FOLDER, THUMBS_FOLDER, RECORDS_FOLDER].map((folder) => join(rootDir, folder))) {
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
