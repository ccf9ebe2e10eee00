import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ImageMimeType, LibraryItem } from '../../../shared/domain';
import { isTempFileName, syncFolder, writeFileAtomic } from '../atomic-write';
import { IMAGE_EXTENSIONS, sniffImageType } from '../image-type';
import type { ReceivedImage } from '../api/incoming-file';
import type { ImageCodec } from '../ports';
import { decodeSidecar, encodeSidecar, type SidecarRecord } from './sidecar';

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
   * Moves a received temp file from `incomingDir` into the store as the original (deleting it
   * instead when the same image is already stored), after checking it is what `image` says. The
   * temp file is gone afterwards, whether this succeeds or throws.
   */
  adopt(image: ReceivedImage): Promise<StoredImage>;
  /**
   * Writes (or rewrites, after any change) the item's sidecar at `sidecarPath(item)`. `collectionNames`
   * may hold every collection of the library; the item's own are written so a rebuild restores their names.
   */
  writeSidecar(item: LibraryItem, collectionNames?: Readonly<Record<string, string>>): Promise<void>;
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

const HASH_PATTERN = /^[0-9a-f]{64}$/;
const SHARD_PATTERN = /^[0-9a-f]{2}$/;
const LEGACY_SIDECAR_NAME_PATTERN = /^([0-9a-f]{64})\.json$/;
const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECORD_NAME_PATTERN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/i;

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Hashes end up in file paths; anything but 64 hex digits here is a bug, and must not become `..`. */
function assertHash(fileHash: string): string {
  if (!HASH_PATTERN.test(fileHash)) throw new Error(`Not a sha256 hex digest: ${JSON.stringify(fileHash)}`);
  return fileHash;
}

/** Ids end up in file paths too. */
function assertId(id: string): string {
  if (!ID_PATTERN.test(id)) throw new Error(`Not an item id: ${JSON.stringify(id)}`);
  return id;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

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
 * byte) and `thumbs/<2 hex>/<sha256>.webp`, plus one sidecar per item at `records/<2 hex>/<id>.json`.
 * The two-hex shards keep any one folder small enough for file managers and file systems at 100k items.
 *
 * Sidecars are named by item id, not by image hash: two items can share one image (the API can
 * return the same bytes twice; a refused item has no image at all), and a per-hash sidecar would
 * keep only the last writer, so a rebuild would lose the other item. By id, every item has its own file.
 */
/** Where received images that could not be filed are kept, so a paid image is never deleted. */
export const UNSAVED_FOLDER = 'unsaved';

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

export function createImageStore(rootDir: string, codec: ImageCodec): ImageStore {
  const imagesDir = join(rootDir, 'images');
  const thumbsDir = join(rootDir, 'thumbs');
  const recordsDir = join(rootDir, 'records');
  const incomingDir = join(rootDir, 'incoming');
  const shardOf = (fileHash: string) => assertHash(fileHash).slice(0, 2);

  const originalPath = (fileHash: string, mimeType: ImageMimeType) =>
    join(imagesDir, shardOf(fileHash), `${fileHash}.${IMAGE_EXTENSIONS[mimeType]}`);
  const thumbnailPath = (fileHash: string) => join(thumbsDir, shardOf(fileHash), `${fileHash}.webp`);
  const sidecarPath = ({ id }: Pick<LibraryItem, 'id'>) => join(recordsDir, assertId(id).slice(0, 2).toLowerCase(), `${id}.json`);
  const legacySidecarPath = (fileHash: string) => join(imagesDir, shardOf(fileHash), `${fileHash}.json`);

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
        if (fileHash !== assertHash(image.fileHash) || bytes.byteLength !== image.byteSize) {
          throw new Error(
            `The received file is not what was downloaded: expected ${image.byteSize} bytes, sha256 ${image.fileHash}; ` +
              `found ${bytes.byteLength} bytes, sha256 ${fileHash}.`,
          );
        }
        verified = true;
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
    } catch (error) {
      // Bytes proven to be the paid image are never deleted because filing them failed (a full
      // disk, a picture the codec cannot shrink): they move to unsaved/, and the error says where.
      const keptAt = verified ? await setAside(image) : null;
      throw new ImageNotFiledError(error instanceof Error ? error.message : String(error), keptAt);
    } finally {
      // Gone already when renamed; otherwise (a duplicate, or a failure) it must not linger. A file
      // that cannot be deleted now is a temp file the startup sweep removes.
      await rm(image.tempPath, { force: true }).catch(() => undefined);
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

  async function readSidecarAt(ref: SidecarRef): Promise<SidecarRecord> {
    const text = await readFile(ref.path, 'utf8');
    return decodeSidecar(text, ref.kind === 'record' ? { id: ref.id } : { fileHash: ref.fileHash });
  }

  async function* listSidecarRefs(): AsyncIterable<SidecarRef> {
    for (const shard of await namesIn(recordsDir)) {
      if (!SHARD_PATTERN.test(shard)) continue;
      for (const name of await namesIn(join(recordsDir, shard))) {
        const id = RECORD_NAME_PATTERN.exec(name)?.[1];
        // An id in the wrong shard was put there by hand; sidecarPath would not find it.
        if (id?.toLowerCase().startsWith(shard)) yield { kind: 'record', id, path: join(recordsDir, shard, name) };
      }
    }
    for (const shard of await namesIn(imagesDir)) {
      if (!SHARD_PATTERN.test(shard)) continue;
      for (const name of await namesIn(join(imagesDir, shard))) {
        const fileHash = LEGACY_SIDECAR_NAME_PATTERN.exec(name)?.[1];
        if (fileHash?.startsWith(shard)) yield { kind: 'legacy', fileHash, path: join(imagesDir, shard, name) };
      }
    }
  }

  /** The legacy sidecar of `fileHash` when it describes item `id`; false when absent, unreadable or someone else's. */
  async function legacySidecarIsFor(fileHash: string, id: string): Promise<boolean> {
    try {
      const record = await readSidecarAt({ kind: 'legacy', fileHash, path: legacySidecarPath(fileHash) });
      return record.item.id === id;
    } catch {
      return false;
    }
  }

  async function removeSidecar(item: LibraryItem): Promise<void> {
    await rm(sidecarPath(item), { force: true });
    // Left behind, a legacy sidecar would bring the item back at the next rebuild.
    if (item.fileHash && (await legacySidecarIsFor(item.fileHash, item.id))) await rm(legacySidecarPath(item.fileHash), { force: true });
  }

  return {
    incomingDir,

    async save(bytes) {
      const mimeType = sniffImageType(bytes);
      if (!mimeType) throw new Error('Refusing to store bytes that are not a PNG, JPEG or WebP image.');
      return keep(bytes, sha256Hex(bytes), mimeType, (original) => writeInto(original, bytes));
    },

    adopt,

    async writeSidecar(item, collectionNames = {}) {
      await writeInto(sidecarPath(item), encodeSidecar(item, collectionNames));
      // The version-1 sidecar of the same item is now stale; the new one was written first, so a
      // crash in between leaves two (the records/ one wins) rather than none.
      if (item.fileHash && (await legacySidecarIsFor(item.fileHash, item.id))) {
        await rm(legacySidecarPath(item.fileHash), { force: true });
      }
    },

    async readSidecar(id) {
      try {
        return await readSidecarAt({ kind: 'record', id, path: sidecarPath({ id }) });
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    readSidecarAt,
    listSidecarRefs,

    async *listSidecars(onProblem = () => undefined) {
      // Records come first, so an item already seen there is newer than its legacy sidecar.
      const seen = new Set<string>();
      for await (const ref of listSidecarRefs()) {
        let record: SidecarRecord;
        try {
          record = await readSidecarAt(ref);
        } catch (error) {
          // Deleted between listing and reading: nothing to report.
          if (!isMissing(error)) onProblem({ path: ref.path, reason: messageOf(error) });
          continue;
        }
        if (seen.has(record.item.id)) continue;
        seen.add(record.item.id);
        yield record;
      }
    },

    removeSidecar,

    async removeFiles(item, { keepImage }) {
      await removeSidecar(item);
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
    sidecarPath,
    hasOriginal: (fileHash, mimeType) => fileExists(originalPath(fileHash, mimeType)),

    async removeStaleTempFiles() {
      const folders = [incomingDir];
      for (const area of [imagesDir, thumbsDir, recordsDir]) {
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
