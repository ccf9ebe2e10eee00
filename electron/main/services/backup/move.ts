import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, lstat, mkdir, open, readdir, realpath, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { appError, codeOf, fail, messageOf, ok, type Result } from '../../../shared/errors';
import { syncFolder } from '../atomic-write';
import { checkFreeSpace, diskFreeSpace, type FreeSpaceProbe } from '../free-space';
import { besideTempFolder } from '../interrupted-work';
import { libraryFileAt } from '../library-folder/layout';
import { isStrictlyInside } from '../path-inside';

/** The folder a moved library lives in, inside the folder the user picked. */
export const LIBRARY_FOLDER_NAME = 'Reverie Library';

/** The file operations a move uses, replaceable so a test can make one fail midway. */
export interface MoveFileOps {
  /** Renames a whole folder; fails (EXDEV) across disks, where the move copies instead. */
  rename(from: string, to: string): Promise<void>;
  /** Copies one file to a path where nothing exists yet. */
  copyFile(from: string, to: string): Promise<void>;
}

const DEFAULT_OPS: MoveFileOps = {
  rename,
  copyFile: (from, to) => copyFile(from, to, constants.COPYFILE_EXCL),
};

export interface MoveOptions {
  ops?: MoveFileOps;
  /** Free bytes on a disk (tests simulate a full one); a copy across disks needs room for the whole library. */
  freeSpace?: FreeSpaceProbe;
  /**
   * Called with the new library folder once it is settled, before anything moves: the caller records
   * the move, so that after a crash the next start opens whichever folder is the complete library.
   */
  onBegin?: (to: string) => Promise<void>;
}

class MoveError extends Error {}

interface Entry {
  /** Relative to the library root. */
  path: string;
  size: number;
}

async function isEmptyFolder(path: string): Promise<boolean | null> {
  try {
    return (await readdir(path)).length === 0;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    if (codeOf(error) === 'ENOTDIR') return false;
    throw error;
  }
}

/** Every folder and file under `root`, parents before children; anything else (a link, a socket) stops the move. */
async function inventory(root: string): Promise<{ folders: string[]; files: Entry[] }> {
  const folders: string[] = [];
  const files: Entry[] = [];
  async function walk(folder: string): Promise<void> {
    for (const name of (await readdir(join(root, folder))).sort()) {
      const path = folder === '' ? name : join(folder, name);
      const info = await lstat(join(root, path));
      if (info.isDirectory()) {
        folders.push(path);
        await walk(path);
      } else if (info.isFile()) {
        files.push({ path, size: info.size });
      } else {
        // Copying a link would point the new library back into the old one, about to be deleted.
        throw new MoveError(`${path} is not a plain file or folder; move it out of the library folder first.`);
      }
    }
  }
  await walk('');
  return { folders, files };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Makes the copy durable before the original is deleted. A read-only copy (the source was) is
 * synced through a read handle, which POSIX allows; where the platform refuses, the folder syncs
 * and the OS's own write-back remain.
 */
async function syncFile(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    if (!['EACCES', 'EPERM'].includes(codeOf(error) ?? '')) throw error;
    handle = await open(path, 'r');
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!['EPERM', 'EINVAL', 'EBADF'].includes(codeOf(error) ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

/** Checks the copy against what was inventoried, and an original against its own name. */
async function verifyCopy(source: string, copy: string, entry: Entry): Promise<void> {
  const { size } = await lstat(copy);
  if (size !== entry.size) throw new MoveError(`${entry.path} was copied incompletely (${size} of ${entry.size} bytes).`);
  // An original in the store is named by the sha256 of its bytes.
  const file = libraryFileAt(entry.path.split(sep));
  if (file?.kind !== 'original') return;
  const expected = file.fileHash;
  const copied = await sha256Of(copy);
  if (copied === expected) return;
  // An original already damaged in the old folder is carried over as it is (that is not the move's
  // doing, and refusing would leave the library stuck where it is); a damaged copy of a good one is not.
  if ((await sha256Of(source)) !== copied) throw new MoveError(`${entry.path} changed while it was copied.`);
}

async function copyTree(from: string, to: string, { folders, files }: { folders: string[]; files: Entry[] }, ops: MoveFileOps): Promise<void> {
  for (const folder of folders) await mkdir(join(to, folder), { recursive: true });
  for (const entry of files) {
    const source = join(from, entry.path);
    const copy = join(to, entry.path);
    await ops.copyFile(source, copy);
    await verifyCopy(source, copy, entry);
    await syncFile(copy);
  }
  // Deepest first, so every new name is on disk before the old folder goes.
  for (const folder of [...folders].reverse()) await syncFolder(join(to, folder));
  await syncFolder(to);
  await syncFolder(dirname(to));
}

/**
 * Moves the library folder `fromRoot` to `<toParent>/Reverie Library` and returns that path.
 *
 * Precondition: nothing has the library open. The caller must stop the queue, checkpoint the
 * database (`PRAGMA wal_checkpoint(TRUNCATE)`) and close it first, and reopen it at the returned
 * path (or at `fromRoot` after a failure): a copy of a database in use can be torn.
 *
 * On the same disk this is one rename of the folder, which either happens or does not. Across disks
 * the library must fit in the free space there (checked first); every file is copied into a temp
 * folder beside the new one, checked (size; sha256 against the name for originals) and synced to disk,
 * the temp folder is renamed into place, and only then is the old folder removed; any failure before
 * that removes the temp folder and leaves the old folder untouched. Once the copy is in place it is
 * the library: if the old folder then cannot be removed entirely (a file locked by another program),
 * what is left of it stays behind and the move still succeeds, since the copy is whole and the old
 * folder no longer is.
 */
export async function moveLibraryFolder(fromRoot: string, toParent: string, options: MoveOptions = {}): Promise<Result<string>> {
  const ops = options.ops ?? DEFAULT_OPS;
  let from: string;
  let parent: string;
  try {
    from = await realpath(fromRoot);
  } catch (error) {
    return fail(appError('storage', 'The library folder could not be found, so it was not moved.', { detail: messageOf(error) }));
  }
  try {
    parent = await realpath(toParent);
  } catch (error) {
    return fail(appError('invalid-input', 'That folder could not be opened; choose another one.', { detail: messageOf(error) }));
  }

  const named = join(parent, LIBRARY_FOLDER_NAME);
  const to = await realpath(named).catch(() => named);
  if (to === from) return fail(appError('invalid-input', 'The library is already in that folder.'));
  if (isStrictlyInside(from, to)) return fail(appError('invalid-input', 'The library cannot be moved into a folder inside itself; choose a folder elsewhere.'));
  let empty: boolean | null;
  try {
    empty = await isEmptyFolder(to);
  } catch (error) {
    return fail(
      appError('invalid-input', `The folder "${LIBRARY_FOLDER_NAME}" there could not be opened; choose another folder.`, { detail: messageOf(error) }),
    );
  }
  if (empty === false) {
    return fail(
      appError('invalid-input', `That folder already has a "${LIBRARY_FOLDER_NAME}" that is not a Reverie library; choose another folder.`, { detail: to }),
    );
  }

  try {
    await options.onBegin?.(to);
  } catch (error) {
    return fail(appError('storage', 'The move could not be recorded before it started, so the library stays where it was.', { detail: messageOf(error) }));
  }

  try {
    // Replaces an empty target folder on POSIX; elsewhere, or across disks, it fails and the copy runs.
    await ops.rename(from, to);
    await syncFolder(dirname(to));
    await syncFolder(dirname(from));
    return ok(to);
  } catch {
    // Nothing moved: a rename happens whole or not at all.
  }

  // Renamed into place only once complete, so a folder named "Reverie Library" is always a whole
  // library; a crash leaves this temp folder, which the next start sweeps (interrupted-work.ts).
  const temp = besideTempFolder(to);
  try {
    const tree = await inventory(from);
    const size = tree.files.reduce((sum, entry) => sum + entry.size, 0);
    const refusal = await checkFreeSpace(options.freeSpace ?? diskFreeSpace, parent, size, 'Moving the library there');
    if (refusal) return fail(refusal);
    await mkdir(temp);
    await copyTree(from, temp, tree, ops);
    // The user's empty folder of that name gives way (Windows cannot rename over a folder).
    if (empty === true) await rmdir(to);
    await rename(temp, to);
    await syncFolder(parent);
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    return fail(
      appError('storage', 'The library could not be copied to the new folder, so it stays where it was. Check the free space there.', {
        detail: messageOf(error),
      }),
    );
  }
  await rm(from, { recursive: true, force: true }).catch((error: unknown) => {
    console.warn(`library: the old library folder ${from} could not be removed entirely: ${messageOf(error)}`);
  });
  return ok(to);
}
