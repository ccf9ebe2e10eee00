import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yauzl from 'yauzl';
import { z } from 'zod';
import { appError, fail, ok, type AppError, type Result } from '../../../shared/errors';
import { syncFolder } from '../atomic-write';
import { openDatabase } from '../library/database';
import { diskFreeSpace, NotEnoughSpaceError, requireFreeSpace, type FreeSpaceProbe } from '../free-space';
import type { ImageStore } from '../library-folder/image-store';
import { sniffImageType } from '../image-type';
import type { Library } from '../library/library';
import { BACKUP_FORMAT, BACKUP_VERSION, MANIFEST_ENTRY, SNAPSHOT_ENTRY, type BackupManifest } from './backup';
import { besideTempFolder, mergeTempFolder } from '../interrupted-work';
import { imageFileOf } from '../library-folder/reconcile';
import { decodeSidecar, type SidecarRecord } from '../library-folder/sidecar';

/** What an archive may unpack to; beyond these it is damaged or built to fill the disk. */
export interface ArchiveLimits {
  /** Uncompressed size of any one entry (the database snapshot is the largest). */
  maxEntryBytes: number;
  /** Uncompressed size of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed / compressed, for entries above `RATIO_FLOOR_BYTES`; deflate rarely passes 20 on real data. */
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntryBytes: 8 * 1024 ** 3,
  maxTotalBytes: 512 * 1024 ** 3,
  maxRatio: 100,
  maxEntries: 2_000_000,
};

/** Small entries are left out of the ratio check: a tiny JSON file may compress very well and harms nobody. */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const MANIFEST_MAX_BYTES = 64 * 1024;

export interface RestoreControl {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  limits?: Partial<ArchiveLimits>;
  /** Free bytes on a disk (tests simulate a full one); the unpacked archive must fit before anything is written. */
  freeSpace?: FreeSpaceProbe;
}

const Manifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.int().nonnegative(),
  items: z.int().nonnegative(),
  files: z.int().nonnegative(),
});

/** Every name a backup holds besides the manifest and the snapshot: `<area>/<2 hex>/<plain file name>`. */
const LIBRARY_ENTRY = /^(images|thumbs|records)\/([0-9a-f]{2})\/([A-Za-z0-9][A-Za-z0-9._-]{0,200})$/;
const ORIGINAL_ENTRY = /^images\/([0-9a-f]{2})\/([0-9a-f]{64})\.(png|jpg|webp)$/;
const RECORD_ENTRY = /^records\/([0-9a-f]{2})\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/i;
const LEGACY_SIDECAR_ENTRY = /^images\/([0-9a-f]{2})\/([0-9a-f]{64})\.json$/;
const EXTENSION_MIME = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' } as const;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** An archive that is not a (safe, complete) Reverie backup: refused whole, nothing written. */
class RefusedArchive extends Error {}
class RestoreCancelled extends Error {}

const NOT_A_BACKUP = 'This file is not a Reverie backup, or it is damaged.';

interface OpenedArchive {
  zip: yauzl.ZipFile;
  manifest: BackupManifest;
  /** Every file entry except the manifest, in archive order. */
  entries: yauzl.Entry[];
}

const isInside = (child: string, parent: string) => {
  const path = relative(parent, child);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
};

/** Why an entry name is unsafe to unpack anywhere, or null. */
function unsafeName(name: string): string | null {
  if (name.includes('\\')) return 'contains a backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains control characters';
  const parts = name.split('/');
  if (parts.some((part) => part === '..' || part === '.')) return 'leaves its folder';
  if (parts.some((part) => part === '')) return 'has an empty path segment';
  return null;
}

function checkEntry(entry: yauzl.Entry, limits: ArchiveLimits): void {
  const name = entry.fileName;
  const unsafe = unsafeName(name);
  if (unsafe) throw new RefusedArchive(`The entry ${JSON.stringify(name)} ${unsafe}.`);
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (mode !== 0 && mode !== S_IFREG) throw new RefusedArchive(`The entry ${JSON.stringify(name)} is not a plain file (a link or a device).`);
  if (entry.isEncrypted()) throw new RefusedArchive(`The entry ${JSON.stringify(name)} is encrypted.`);
  if (name !== MANIFEST_ENTRY && name !== SNAPSHOT_ENTRY && !LIBRARY_ENTRY.test(name)) {
    throw new RefusedArchive(`The entry ${JSON.stringify(name)} is not part of a Reverie library.`);
  }
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw new RefusedArchive(`The entry ${JSON.stringify(name)} would unpack to ${entry.uncompressedSize} bytes, more than a backup holds.`);
  }
  if (entry.uncompressedSize > RATIO_FLOOR_BYTES && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
    throw new RefusedArchive(`The entry ${JSON.stringify(name)} is compressed ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}:1, as only a zip bomb is.`);
  }
}

async function readSmallEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes) throw new RefusedArchive(`The entry ${entry.fileName} is too large.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of await zip.openReadStreamPromise(entry)) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new RefusedArchive(`The entry ${entry.fileName} is too large.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Opens the archive and checks its whole directory before anything is unpacked: every name safe and
 * where a Reverie library puts it, plain files only, sizes within `limits`, the manifest first and
 * valid. Throws RefusedArchive (or yauzl's own error) otherwise; the caller closes `zip`.
 */
async function openArchive(archivePath: string, limits: ArchiveLimits): Promise<OpenedArchive> {
  // strictFileNames: yauzl itself refuses backslashes, absolute paths and `..` as a second line.
  const zip = await yauzl.openPromise(archivePath, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
  try {
    if (zip.entryCount > limits.maxEntries) throw new RefusedArchive(`The archive holds ${zip.entryCount} entries, more than a backup does.`);
    const all: yauzl.Entry[] = [];
    const seen = new Set<string>();
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) {
        const unsafe = unsafeName(entry.fileName.slice(0, -1));
        if (unsafe) throw new RefusedArchive(`The folder entry ${JSON.stringify(entry.fileName)} ${unsafe}.`);
        continue;
      }
      checkEntry(entry, limits);
      // Case-folded: on a case-insensitive disk two names differing in case are one file.
      const key = entry.fileName.toLowerCase();
      if (seen.has(key)) throw new RefusedArchive(`The entry ${JSON.stringify(entry.fileName)} appears twice.`);
      seen.add(key);
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) throw new RefusedArchive(`The archive would unpack to more than ${limits.maxTotalBytes} bytes.`);
      all.push(entry);
    }
    const [first, ...entries] = all;
    if (first?.fileName !== MANIFEST_ENTRY) throw new RefusedArchive(`The archive does not start with ${MANIFEST_ENTRY}.`);
    let json: unknown;
    try {
      json = JSON.parse((await readSmallEntry(zip, first, MANIFEST_MAX_BYTES)).toString('utf8'));
    } catch (error) {
      if (error instanceof RefusedArchive) throw error;
      throw new RefusedArchive(`${MANIFEST_ENTRY} is not valid JSON.`);
    }
    const version = (json as { version?: unknown } | null)?.version;
    if ((json as { format?: unknown } | null)?.format === BACKUP_FORMAT && typeof version === 'number' && version > BACKUP_VERSION) {
      throw new RefusedArchive(`The backup was made by a newer version of Reverie (backup version ${version}).`);
    }
    const parsed = Manifest.safeParse(json);
    if (!parsed.success) throw new RefusedArchive(`${MANIFEST_ENTRY} is not a Reverie backup manifest: ${z.prettifyError(parsed.error)}`);
    return { zip, manifest: parsed.data, entries };
  } catch (error) {
    zip.close();
    throw error;
  }
}

function failureOf(error: unknown, what: string): AppError {
  if (error instanceof RestoreCancelled) return appError('cancelled', `The ${what} was cancelled.`);
  if (error instanceof NotEnoughSpaceError) return error.refusal;
  if (error instanceof RefusedArchive) return appError('invalid-input', NOT_A_BACKUP, { detail: error.message });
  // yauzl's own refusals (a bad signature, a truncated file, an unsafe name it caught first).
  if (codeOf(error) === undefined) return appError('invalid-input', NOT_A_BACKUP, { detail: messageOf(error) });
  return appError('storage', `The ${what} could not be completed; check the free space and the folder.`, { detail: messageOf(error) });
}

const limitsOf = (control: RestoreControl) => ({ ...DEFAULT_ARCHIVE_LIMITS, ...control.limits });

/** The manifest of the backup at `archivePath`, once its whole directory has been checked. */
export async function readBackupManifest(archivePath: string, control: Pick<RestoreControl, 'limits'> = {}): Promise<Result<BackupManifest>> {
  try {
    const { zip, manifest } = await openArchive(archivePath, limitsOf(control));
    zip.close();
    return ok(manifest);
  } catch (error) {
    return fail(failureOf(error, 'reading of the backup'));
  }
}

/**
 * Unpacks `entries` under `dest`, each file synced to disk. An original whose bytes do not hash to
 * its name (or are not the image type its extension says) is deleted again and reported by name.
 */
async function unpack(
  { zip }: OpenedArchive,
  entries: readonly yauzl.Entry[],
  dest: string,
  control: RestoreControl,
  progress: { done: number; total: number },
  problems: string[],
): Promise<{ refusedHashes: Set<string>; folders: Set<string> }> {
  const refusedHashes = new Set<string>();
  const folders = new Set<string>();
  for (const entry of entries) {
    if (control.signal?.aborted) throw new RestoreCancelled();
    const target = resolve(dest, ...entry.fileName.split('/'));
    // Checked once more against the real destination: no name reaches outside it.
    if (!isInside(target, dest)) throw new RefusedArchive(`The entry ${JSON.stringify(entry.fileName)} would be written outside the folder.`);
    if (!folders.has(dirname(target))) {
      await mkdir(dirname(target), { recursive: true });
      folders.add(dirname(target));
    }
    const original = ORIGINAL_ENTRY.exec(entry.fileName);
    const hash = createHash('sha256');
    let head: Buffer | null = null;
    const handle = await open(target, 'wx', 0o644);
    const source: Readable = await zip.openReadStreamPromise(entry);
    await pipeline(
      source,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          if (original) {
            hash.update(chunk);
            head ??= chunk.subarray(0, 16);
          }
          yield chunk;
        }
      },
      handle.createWriteStream({ flush: true }),
      { signal: control.signal },
    ).catch((error: unknown) => {
      if (control.signal?.aborted) throw new RestoreCancelled();
      throw error;
    });
    if (original) {
      const [, shard = '', fileHash = '', extension = ''] = original;
      const found = hash.digest('hex');
      const mimeType = head ? sniffImageType(new Uint8Array(head)) : null;
      const reason =
        found !== fileHash
          ? `its bytes hash to ${found}`
          : shard !== fileHash.slice(0, 2)
            ? 'it is in the wrong folder'
            : mimeType !== EXTENSION_MIME[extension as keyof typeof EXTENSION_MIME]
              ? 'it is not the image type its name says'
              : null;
      if (reason) {
        await rm(target, { force: true });
        refusedHashes.add(fileHash);
        problems.push(`The image ${entry.fileName} in the backup was left out: ${reason}.`);
      }
    }
    progress.done += 1;
    control.onProgress?.(progress.done, progress.total);
  }
  return { refusedHashes, folders };
}

async function folderState(path: string): Promise<'missing' | 'empty' | 'full'> {
  try {
    const info = await stat(path);
    if (!info.isDirectory()) return 'full';
    return (await readdir(path)).length === 0 ? 'empty' : 'full';
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return 'missing';
    throw error;
  }
}

/** What `entries` unpack to, as the archive's directory (checked against the real bytes while unpacking) says. */
const unpackedSize = (entries: readonly yauzl.Entry[]) => entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);

/**
 * Into an empty (or new) folder: the archive becomes a library there. Unpacked into a temp folder
 * beside `targetRoot`, checked (the snapshot opens, migrated, and holds as many items as the manifest
 * says), then renamed into place whole; a failure or cancel leaves no temp folder and `targetRoot`
 * as it was. The caller then opens the library there (and switches to it); the startup reconcile
 * indexes any sidecar the snapshot lacks, and marks rows whose image was left out as missing.
 */
export async function restoreLibraryTo(
  archivePath: string,
  targetRoot: string,
  control: RestoreControl = {},
): Promise<Result<{ items: number; problems: string[] }>> {
  const target = resolve(targetRoot);
  let state: Awaited<ReturnType<typeof folderState>>;
  try {
    state = await folderState(target);
  } catch (error) {
    return fail(appError('invalid-input', 'That folder could not be opened; choose another one.', { detail: messageOf(error) }));
  }
  if (state === 'full') return fail(appError('invalid-input', 'A backup can only be restored into an empty folder; choose another one.', { detail: target }));

  let archive: OpenedArchive | null = null;
  const temp = besideTempFolder(target);
  try {
    archive = await openArchive(archivePath, limitsOf(control));
    if (!archive.entries.some((entry) => entry.fileName === SNAPSHOT_ENTRY)) throw new RefusedArchive(`The archive has no ${SNAPSHOT_ENTRY}.`);
    await requireFreeSpace(control.freeSpace ?? diskFreeSpace, dirname(target), unpackedSize(archive.entries), 'Restoring this backup');
    await mkdir(dirname(target), { recursive: true });
    await mkdir(temp);
    const problems: string[] = [];
    const { refusedHashes, folders } = await unpack(archive, archive.entries, temp, control, { done: 0, total: archive.entries.length }, problems);
    // A thumbnail of an image left out shows a picture the library does not have.
    for (const fileHash of refusedHashes) await rm(join(temp, 'thumbs', fileHash.slice(0, 2), `${fileHash}.webp`), { force: true });

    let items: number;
    try {
      const db = openDatabase(join(temp, SNAPSHOT_ENTRY));
      try {
        items = Number(db.prepare('SELECT count(*) AS n FROM generations').get()?.n);
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    } catch (error) {
      throw new RefusedArchive(`The database in the backup could not be opened: ${messageOf(error)}`);
    }
    if (items !== archive.manifest.items) throw new RefusedArchive(`The database in the backup holds ${items} items; its manifest says ${archive.manifest.items}.`);
    if (control.signal?.aborted) throw new RestoreCancelled();

    for (const folder of [...folders].sort().reverse()) await syncFolder(folder);
    await syncFolder(temp);
    // POSIX renames over an empty folder; Windows does not, so the empty one goes first.
    if (state === 'empty') await rmdir(target);
    await rename(temp, target);
    await syncFolder(dirname(target));
    return ok({ items, problems });
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    return fail(failureOf(error, 'restore'));
  } finally {
    archive?.zip.close();
  }
}

/** Records first (a legacy sidecar of the same item is older), then by creation time, as they were made. */
async function readSidecars(temp: string, names: readonly string[], problems: string[]): Promise<SidecarRecord[]> {
  const byId = new Map<string, SidecarRecord>();
  const read = async (name: string, expected: { id: string } | { fileHash: string }) => {
    try {
      const record = decodeSidecar(await readFile(join(temp, ...name.split('/')), 'utf8'), expected);
      if (!byId.has(record.item.id)) byId.set(record.item.id, record);
    } catch (error) {
      problems.push(`The sidecar ${name} in the backup could not be read (${messageOf(error)}); it was left out.`);
    }
  };
  for (const name of names) {
    const [, shard, id] = RECORD_ENTRY.exec(name) ?? [];
    if (shard && id?.toLowerCase().startsWith(shard)) await read(name, { id });
  }
  for (const name of names) {
    const [, shard, fileHash] = LEGACY_SIDECAR_ENTRY.exec(name) ?? [];
    if (shard && fileHash?.startsWith(shard)) await read(name, { fileHash });
  }
  return [...byId.values()].sort((a, b) => a.item.createdAt - b.item.createdAt);
}

/**
 * Into an open library: every item (sidecar) the library does not have yet is added with its image,
 * thumbnail (made afresh by the store), tags and collections; items whose id the library already has
 * are kept as they are, and collections it already has keep their names. Each item lands in the order
 * of rule 7: image into the store (adopted, so its hash is checked again), then sidecar, then row. An
 * item whose image is not in the backup (or was refused) is still added, marked missing, and reported.
 *
 * Unpacks into a temp folder inside the library (same disk, so adopting is a rename), removed at the
 * end whatever happens. A cancel stops between items: the items added so far stay, each one whole.
 */
export async function mergeBackupInto(
  archivePath: string,
  target: { root: string; store: ImageStore; library: Library },
  control: RestoreControl = {},
): Promise<Result<{ added: number; skipped: number; problems: string[] }>> {
  const { store, library } = target;
  let archive: OpenedArchive | null = null;
  const temp = mergeTempFolder(target.root);
  try {
    archive = await openArchive(archivePath, limitsOf(control));
    // The snapshot and the thumbnails are not needed: sidecars describe the items, the store makes thumbnails.
    const wanted = archive.entries.filter((entry) => entry.fileName.startsWith('images/') || entry.fileName.startsWith('records/'));
    const sidecarCount = wanted.filter((entry) => entry.fileName.endsWith('.json')).length;
    // Unpacked images and sidecars, plus thumbnails the store makes afresh (about as large as the backup's).
    const estimate = unpackedSize(archive.entries.filter((entry) => entry.fileName.startsWith('images/') || entry.fileName.startsWith('records/') || entry.fileName.startsWith('thumbs/')));
    await requireFreeSpace(control.freeSpace ?? diskFreeSpace, target.root, estimate, 'Merging this backup', 'Free up some space on the disk that holds the library.');
    const progress = { done: 0, total: wanted.length + sidecarCount };
    await mkdir(temp, { recursive: true });
    const problems: string[] = [];
    const { refusedHashes } = await unpack(archive, wanted, temp, control, progress, problems);
    archive.zip.close();
    archive = null;

    const records = await readSidecars(
      temp,
      wanted.map((entry) => entry.fileName),
      problems,
    );
    progress.total = wanted.length + records.length;
    let added = 0;
    let skipped = 0;
    for (const { item, collections } of records) {
      if (control.signal?.aborted) throw new RestoreCancelled();
      if (library.has(item.id)) {
        skipped += 1;
      } else if (await addItem(item, collections)) {
        added += 1;
      }
      progress.done += 1;
      control.onProgress?.(progress.done, progress.total);
    }
    return ok({ added, skipped, problems });

    async function addItem(item: SidecarRecord['item'], collections: Record<string, string>): Promise<boolean> {
      const file = imageFileOf(item);
      let fileMissing = false;
      if (file && !(await store.hasOriginal(file.fileHash, file.mimeType))) {
        const extension = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' }[file.mimeType];
        const unpacked = join(temp, 'images', file.fileHash.slice(0, 2), `${file.fileHash}.${extension}`);
        const size = await lstat(unpacked).then(
          (info) => (info.isFile() ? info.size : null),
          () => null,
        );
        if (size === null) {
          fileMissing = true;
          if (!refusedHashes.has(file.fileHash)) problems.push(`The image of item ${item.id} is not in the backup; it was added without it.`);
        } else {
          await mkdir(store.incomingDir, { recursive: true });
          const tempPath = join(store.incomingDir, `.${file.fileHash}.${randomBytes(6).toString('hex')}.tmp`);
          try {
            await rename(unpacked, tempPath);
            await store.adopt({ tempPath, fileHash: file.fileHash, byteSize: size, mimeType: file.mimeType });
          } catch (error) {
            fileMissing = true;
            problems.push(`The image of item ${item.id} could not be added (${messageOf(error)}); the item was added without it.`);
          }
        }
      }
      const row = { ...item, fileMissing };
      try {
        await store.writeSidecar(row, collections);
        library.insert(row, collections);
        return true;
      } catch (error) {
        await store.removeSidecar(row).catch(() => undefined);
        problems.push(`The item ${item.id} could not be added: ${messageOf(error)}`);
        return false;
      }
    }
  } catch (error) {
    return fail(failureOf(error, 'merge'));
  } finally {
    archive?.zip.close();
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
  }
}
