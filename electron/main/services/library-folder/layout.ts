import type { ImageMimeType } from '../../../shared/domain';
import { IMAGE_EXTENSIONS, IMAGE_TYPE_OF_EXTENSION } from '../image-type';

/*
 * The library folder, file by file: the one place its names are written down. The image store files
 * into it, a backup carries it, a restore or merge unpacks it, a move copies it, startup recovery
 * walks it.
 *
 *   library.sqlite                          the index (rebuilt from the files below when it is lost)
 *   images/<2 hex>/<sha256>.<png|jpg|webp>  each original, byte for byte, named by the sha256 of its bytes
 *   thumbs/<2 hex>/<sha256>.webp            its thumbnail
 *   records/<2 hex>/<item id>.json          one sidecar per item (the 2 hex: the id's first two, lower case)
 *   images/<2 hex>/<sha256>.json            version 1's sidecar, one per image: still read, so an old folder rebuilds
 *   incoming/                               downloads in flight, adopted into images/ by a rename
 *   unsaved/<sha256>.<ext>                  received images that could not be filed, so a paid image is never deleted
 *
 * Two names live with the one module that uses them: the marker `reverie-library.json` (location.ts)
 * and `damaged/`, where a broken database is set aside (library/set-aside.ts, below this layer).
 *
 * The two-hex shards keep any one folder small enough for file managers and file systems at 100k items.
 * Sidecars are named by item id, not by image hash: two items can share one image (the API can return
 * the same bytes twice; a refused item has no image at all), and a per-hash sidecar would keep only the
 * last writer, so a rebuild would lose the other item.
 */

export const DATABASE_FILE = 'library.sqlite';
export const IMAGES_FOLDER = 'images';
export const THUMBS_FOLDER = 'thumbs';
export const RECORDS_FOLDER = 'records';
export const INCOMING_FOLDER = 'incoming';
/** Where received images that could not be filed are kept, so a paid image is never deleted. */
export const UNSAVED_FOLDER = 'unsaved';

/** The name of a shard folder under images/, thumbs/ and records/. */
export const SHARD_PATTERN = /^[0-9a-f]{2}$/;
const HASH_PATTERN = /^[0-9a-f]{64}$/;
const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORIGINAL_NAME = new RegExp(`^([0-9a-f]{64})\\.(${[...IMAGE_TYPE_OF_EXTENSION.keys()].join('|')})$`);
const RECORD_NAME = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/i;
const LEGACY_SIDECAR_NAME = /^([0-9a-f]{64})\.json$/;

/** Hashes end up in file paths; anything but 64 hex digits here is a bug, and must not become `..`. */
export function assertFileHash(fileHash: string): string {
  if (!HASH_PATTERN.test(fileHash)) throw new Error(`Not a sha256 hex digest: ${JSON.stringify(fileHash)}`);
  return fileHash;
}

/** Ids end up in file paths too. */
function assertItemId(id: string): string {
  if (!ID_PATTERN.test(id)) throw new Error(`Not an item id: ${JSON.stringify(id)}`);
  return id;
}

/**
 * Where a file lives relative to the library folder, as path segments: `join(root, ...place)` on
 * disk, `place.join('/')` as an archive entry.
 */
export type LibraryPlace = readonly [folder: string, shard: string, name: string];

export const originalPlace = (fileHash: string, mimeType: ImageMimeType): LibraryPlace => [
  IMAGES_FOLDER,
  assertFileHash(fileHash).slice(0, 2),
  `${fileHash}.${IMAGE_EXTENSIONS[mimeType]}`,
];

export const thumbnailPlace = (fileHash: string): LibraryPlace => [THUMBS_FOLDER, assertFileHash(fileHash).slice(0, 2), `${fileHash}.webp`];

export const recordPlace = (id: string): LibraryPlace => [RECORDS_FOLDER, assertItemId(id).slice(0, 2).toLowerCase(), `${id}.json`];

export const legacySidecarPlace = (fileHash: string): LibraryPlace => [IMAGES_FOLDER, assertFileHash(fileHash).slice(0, 2), `${fileHash}.json`];

/** A file of the library known by its place alone, before it is read; `shard` is the folder it was found in. */
export type LibraryFile =
  | { kind: 'original'; shard: string; fileHash: string; mimeType: ImageMimeType }
  | { kind: 'record'; shard: string; id: string }
  | { kind: 'legacy-sidecar'; shard: string; fileHash: string };

/** What the file at `place` (segments relative to the library folder) is by its name; null for any other file. */
export function libraryFileAt(place: readonly string[]): LibraryFile | null {
  const [folder, shard, name, ...deeper] = place;
  if (name === undefined || shard === undefined || deeper.length > 0 || !SHARD_PATTERN.test(shard)) return null;
  if (folder === RECORDS_FOLDER) {
    const id = RECORD_NAME.exec(name)?.[1];
    return id === undefined ? null : { kind: 'record', shard, id };
  }
  if (folder !== IMAGES_FOLDER) return null;
  const [, fileHash, extension = ''] = ORIGINAL_NAME.exec(name) ?? [];
  const mimeType = IMAGE_TYPE_OF_EXTENSION.get(extension);
  if (fileHash !== undefined && mimeType !== undefined) return { kind: 'original', shard, fileHash, mimeType };
  const legacyHash = LEGACY_SIDECAR_NAME.exec(name)?.[1];
  return legacyHash === undefined ? null : { kind: 'legacy-sidecar', shard, fileHash: legacyHash };
}

/** Whether a file is in the shard its name puts it in; one elsewhere was put there by hand, and is not where the store looks. */
export const isInItsShard = (file: LibraryFile): boolean => (file.kind === 'record' ? file.id.toLowerCase() : file.fileHash).startsWith(file.shard);
