import { randomBytes } from 'node:crypto';
import { lstat, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/*
 * The temp folders of work on a whole library are named here, where the startup sweep recognises
 * them, so that a name one of them makes is always a name the sweep removes.
 */

/** `.backup-merge.<12 hex>.tmp`, inside the library folder: a merge unpacks a backup there (library-restore.ts). */
const MERGE_TEMP = /^\.backup-merge\.[0-9a-f]{12}\.tmp$/;
/**
 * Beside the library folder: `.Reverie Library (restored <time>).<12 hex>.tmp`, a restore unpacking into
 * a new library (library-restore.ts), and `.Reverie Library.<12 hex>.tmp`, a copy across disks (library-move.ts).
 */
const BESIDE_TEMP = /^\.Reverie Library(?: \(restored [^)/\\]*\))?\.[0-9a-f]{12}\.tmp$/;

const suffix = () => `${randomBytes(6).toString('hex')}.tmp`;

/** Where a merge unpacks a backup: inside the library, so adopting its images is a rename. */
export const mergeTempFolder = (root: string): string => join(root, `.backup-merge.${suffix()}`);

/** Where a new library folder (a restore's, a move's copy) is made before it is renamed to `target`. */
export const besideTempFolder = (target: string): string => join(dirname(target), `.${basename(target)}.${suffix()}`);

/** A name the sweep removes beside a library (for tests that hold the makers to it). */
export const isBesideTempName = (name: string): boolean => BESIDE_TEMP.test(name);

async function sweep(folder: string, pattern: RegExp): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!pattern.test(name)) continue;
    const path = join(folder, name);
    // Folders only, never through a link: a link by that name was not made by Reverie.
    const info = await lstat(path).catch(() => null);
    if (!info?.isDirectory()) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

/**
 * Removes what a merge, a restore or a move that a crash cut short left behind, before the library
 * opens. Each is a temp folder that only the interrupted operation used (a merge's is inside the
 * library; a restore's or a move's is beside the library, or beside where an interrupted move was
 * going); none holds anything the library needs. Returns the folders removed.
 */
export async function removeInterruptedWork(root: string, interruptedMoveTo: string | null = null): Promise<string[]> {
  const removed = [...(await sweep(root, MERGE_TEMP)), ...(await sweep(dirname(root), BESIDE_TEMP))];
  if (interruptedMoveTo !== null && dirname(interruptedMoveTo) !== dirname(root)) removed.push(...(await sweep(dirname(interruptedMoveTo), BESIDE_TEMP)));
  return removed;
}
