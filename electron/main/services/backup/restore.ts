import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { appError, codeOf, fail, messageOf, ok, type Result } from '../../../shared/errors';
import { syncFolder } from '../atomic-write';
import { openDatabase } from '../library/database';
import { diskFreeSpace, requireFreeSpace } from '../free-space';
import { besideTempFolder } from '../interrupted-work';
import { thumbnailPlace } from '../library-folder/layout';
import { failureOf, limitsOf, openArchive, RefusedArchive, RestoreCancelled, unpack, unpackedSize, type OpenedArchive, type RestoreControl } from './archive';
import { SNAPSHOT_ENTRY } from './backup';

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
    for (const fileHash of refusedHashes) await rm(join(temp, ...thumbnailPlace(fileHash)), { force: true });

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
    if (items !== archive.manifest.items)
      throw new RefusedArchive(`The database in the backup holds ${items} items; its manifest says ${archive.manifest.items}.`);
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
