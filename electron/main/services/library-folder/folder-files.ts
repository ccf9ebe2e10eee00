import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncFolder, tempPathFor, writeFileAtomic } from '../atomic-write';

/** A file or folder that is not there (yet): a fresh library has no shards, a deleted item no files. */
export const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** Entry names of a folder that may not exist yet, sorted. */
export async function namesIn(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).sort();
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/**
 * Runs `place`, which creates the file at `path`, making the file's folder first only when `place`
 * finds it missing: a shard's first file pays for the mkdir, every later one saves that call (each
 * is a trip through libuv's thread pool, and an ingest makes several).
 */
export async function placeInFolder<T>(path: string, place: () => Promise<T>): Promise<T> {
  try {
    return await place();
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  await mkdir(dirname(path), { recursive: true });
  return place();
}

/** Writes a file atomically, making its shard folder first when this is the shard's first file. */
export async function writeInto(path: string, data: Uint8Array | string): Promise<void> {
  await placeInFolder(path, () => writeFileAtomic(path, data));
}

/**
 * `writeInto` for a file that must not appear before other files are durable (a sidecar, before its
 * image's files): written and fsynced under a temp name (one the startup sweep recognises) while
 * those are still being written, renamed into place only once `after` resolves, then its folder
 * synced. So the wait for `after` and the file's own fsync overlap instead of following each other.
 * When `after` rejects, nothing is placed and this rejects with its error; it never settles before
 * `after` has.
 */
export async function writeIntoAfter(path: string, data: Uint8Array | string, after: Promise<unknown>): Promise<void> {
  // Handled at once: `after` may reject while this still writes its temp file, before it awaits
  // `after`; that is not an unhandled rejection, and the awaits below still see the error.
  after.catch(() => undefined);
  let tempPath: string | null = null;
  try {
    const temp = tempPathFor(path);
    // 'wx': never follow or reuse something already sitting at the temp name.
    const handle = await placeInFolder(temp, () => open(temp, 'wx', 0o644));
    tempPath = temp;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await after;
    await rename(tempPath, path);
    tempPath = null;
  } catch (error) {
    await after.catch(() => undefined);
    if (tempPath !== null) await rm(tempPath, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(path));
}
