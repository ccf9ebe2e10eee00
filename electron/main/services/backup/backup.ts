import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ZipFile } from 'yazl';
import { appError, codeOf, fail, messageOf, ok, type Result } from '../../../shared/errors';
import { isTempFileName, syncFolder } from '../atomic-write';
import { DATABASE_FILE, IMAGES_FOLDER, RECORDS_FOLDER, THUMBS_FOLDER } from '../library-folder/layout';

/** The first entry of every backup: says what the archive is before anything else is read. */
export interface BackupManifest {
  format: 'reverie-backup';
  version: 1;
  createdAt: number;
  /** Rows in the database snapshot (`generations`). */
  items: number;
  /** Library files in the archive (images, thumbnails, sidecars), manifest and snapshot not counted. */
  files: number;
}

export interface BackupControl {
  signal?: AbortSignal;
  /** Entries written so far of all the archive will hold (the manifest not counted). */
  onProgress?: (done: number, total: number) => void;
}

export const MANIFEST_ENTRY = 'reverie-backup.json';
/** The database snapshot, named as the database is in a library folder: a restored folder opens as it is. */
export const SNAPSHOT_ENTRY = DATABASE_FILE;
export const BACKUP_FORMAT = 'reverie-backup';
export const BACKUP_VERSION = 1;
/** The library folders a backup carries; `incoming/` holds only downloads in flight. */
export const BACKUP_AREAS = [IMAGES_FOLDER, THUMBS_FOLDER, RECORDS_FOLDER] as const;

/** Already compressed: deflating them again costs time and wins nothing. */
const STORED_EXTENSION = /\.(?:png|jpe?g|webp)$/i;

class BackupCancelled extends Error {}
class LibraryChanged extends Error {}

const tempNameFor = (targetPath: string, suffix = '') => join(dirname(targetPath), `.${basename(targetPath)}.${randomBytes(6).toString('hex')}${suffix}.tmp`);

/**
 * Every plain file under the backed-up areas, as archive names (`/`-separated), sorted. Temp files
 * of interrupted writes are left out; so is anything that is not a plain file (a link would let the
 * archive carry a file from outside the library).
 */
async function inventory(root: string): Promise<string[]> {
  const names: string[] = [];
  async function walk(parts: string[]): Promise<void> {
    let entries: string[];
    try {
      entries = (await readdir(join(root, ...parts))).sort();
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return;
      throw error;
    }
    for (const name of entries) {
      if (isTempFileName(name)) continue;
      const info = await lstat(join(root, ...parts, name));
      if (info.isDirectory()) await walk([...parts, name]);
      else if (info.isFile()) names.push([...parts, name].join('/'));
    }
  }
  for (const area of BACKUP_AREAS) await walk([area]);
  return names;
}

/** A consistent copy of the live database, however much the WAL holds and whoever writes meanwhile. */
function snapshotDatabase(db: DatabaseSync, snapshotPath: string): number {
  db.prepare('VACUUM INTO ?').run(snapshotPath);
  const snapshot = new DatabaseSync(snapshotPath, { readOnly: true });
  try {
    return Number(snapshot.prepare('SELECT count(*) AS n FROM generations').get()?.n ?? 0);
  } finally {
    snapshot.close();
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes the whole library at `root` (database snapshot, images, thumbnails, sidecars) to one ZIP at
 * `archivePath`, replacing a file already there (the save dialog asked). The snapshot is taken first
 * and the folder listed afterwards: image bytes land before their row (rule 7), so every row in the
 * snapshot has its files in the listing. Files written after the listing are simply not in this backup.
 *
 * The archive is written to a temp file next to `archivePath` and renamed into place when complete,
 * so a cancel or a failure leaves neither a partial archive nor temp files. `VACUUM INTO` runs on the
 * calling thread: it blocks for as long as SQLite needs to copy the database.
 */
export async function backupLibrary(root: string, db: DatabaseSync, archivePath: string, control: BackupControl = {}): Promise<Result<BackupManifest>> {
  const { signal, onProgress } = control;
  const snapshotPath = tempNameFor(archivePath, '.sqlite');
  const tempPath = tempNameFor(archivePath);
  let zip: ZipFile | null = null;
  let output: ReturnType<typeof createWriteStream> | null = null;
  let reading: { destroy(): void } | null = null;
  try {
    if (signal?.aborted) throw new BackupCancelled();
    const items = snapshotDatabase(db, snapshotPath);
    const files = await inventory(root);
    const manifest: BackupManifest = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: Date.now(), items, files: files.length };
    const mtime = new Date(manifest.createdAt);
    const total = files.length + 1;

    zip = new ZipFile();
    const zipFile = zip;
    output = createWriteStream(tempPath, { flags: 'wx' });
    const writer = output;
    // Settles when the archive is on disk, or as soon as the writer or the ZIP fails.
    const written = new Promise<void>((resolve, reject) => {
      writer.on('finish', resolve);
      writer.on('error', reject);
      zipFile.on('error', reject);
    });
    written.catch(() => undefined);
    zip.outputStream.pipe(writer);

    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_ENTRY, { mtime });
    const sources = [{ name: SNAPSHOT_ENTRY, path: snapshotPath }, ...files.map((name) => ({ name, path: join(root, ...name.split('/')) }))];
    // One file open at a time, added only once the previous one has been read: bounded descriptors
    // and memory at 100k files, and a file gone since the listing is noticed here.
    for (const [index, { name, path }] of sources.entries()) {
      if (signal?.aborted) throw new BackupCancelled();
      let handle;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        if (codeOf(error) === 'ENOENT') throw new LibraryChanged(`${name} was deleted while the backup ran.`);
        throw error;
      }
      const stream = handle.createReadStream();
      reading = stream;
      const read = new Promise<void>((resolve, reject) => {
        stream.on('end', resolve);
        stream.on('error', reject);
      });
      zip.addReadStream(stream, name, { mtime, compress: !STORED_EXTENSION.test(name) });
      await Promise.race([read, written]);
      reading = null;
      onProgress?.(index + 1, total);
    }
    if (signal?.aborted) throw new BackupCancelled();
    zip.end();
    await written;
    await syncFile(tempPath);
    await rename(tempPath, archivePath);
    await syncFolder(dirname(archivePath));
    return ok(manifest);
  } catch (error) {
    reading?.destroy();
    output?.destroy();
    zip?.outputStream.unpipe();
    await rm(tempPath, { force: true }).catch(() => undefined);
    if (error instanceof BackupCancelled) return fail(appError('cancelled', 'The backup was cancelled; no archive was written.'));
    if (error instanceof LibraryChanged) {
      return fail(appError('storage', 'The library changed while it was being backed up; try again.', { detail: error.message }));
    }
    return fail(appError('storage', 'The library could not be backed up; check the free space and the destination folder.', { detail: messageOf(error) }));
  } finally {
    await rm(snapshotPath, { force: true }).catch(() => undefined);
  }
}
