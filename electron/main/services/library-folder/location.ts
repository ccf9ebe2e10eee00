import { lstat, readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-write';
import { DATABASE_FILE, RECORDS_FOLDER } from './layout';
import { codeOf } from '../../../shared/errors';

/** In the data folder: where the library is when it is not the default, kept apart from the settings. */
export const LIBRARY_POINTER_FILE = 'library-location.json';
/** In every library folder: says "this is a Reverie library", so pointing Reverie at it opens it. */
export const LIBRARY_MARKER_FILE = 'reverie-library.json';

/** The library folder when the user has not moved it. */
export const defaultLibraryRoot = (dataDir: string) => join(dataDir, 'library');

const Pointer = z.object({
  /** The library folder; null: the default one inside the data folder. */
  library: z.string().min(1).nullable(),
  /** Set while a move is under way: the folder the library is being moved from. */
  movingFrom: z.string().min(1).nullable().default(null),
});
type Pointer = z.infer<typeof Pointer>;

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return false;
    throw error;
  }
}

/**
 * A folder Reverie made a library of: it holds the marker, or (for a library from before the marker
 * existed) the database or the sidecar folder.
 */
export async function isReverieLibrary(folder: string): Promise<boolean> {
  for (const name of [LIBRARY_MARKER_FILE, DATABASE_FILE, RECORDS_FOLDER]) {
    if (await exists(join(folder, name))) return true;
  }
  return false;
}

/**
 * The Reverie library a folder the user picked is, or holds under the name a move gives it
 * ("Reverie Library"), as a real path; null when it is neither.
 */
export async function findLibraryIn(picked: string, folderName: string): Promise<string | null> {
  for (const candidate of [picked, join(picked, folderName)]) {
    if (await isReverieLibrary(candidate)) return realpath(candidate);
  }
  return null;
}

/** Writes the marker into a library folder that lacks it (every library Reverie opens gets one). */
export async function ensureLibraryMarker(root: string): Promise<void> {
  if (await exists(join(root, LIBRARY_MARKER_FILE))) return;
  const marker = { format: 'reverie-library', version: 1, note: 'This folder is a Reverie library. Choose it in Settings → Library folder to open it.' };
  await writeFileAtomic(join(root, LIBRARY_MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
}

async function readPointer(dataDir: string, warn: (message: string) => void): Promise<Pointer | null> {
  let text: string;
  try {
    text = await readFile(join(dataDir, LIBRARY_POINTER_FILE), 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    warn(`library: ${LIBRARY_POINTER_FILE} could not be read: ${String(error)}`);
    return null;
  }
  try {
    return Pointer.parse(JSON.parse(text));
  } catch {
    warn(`library: ${LIBRARY_POINTER_FILE} is not valid; the location in the settings is used instead.`);
    return null;
  }
}

const writePointer = (dataDir: string, pointer: Pointer) => writeFileAtomic(join(dataDir, LIBRARY_POINTER_FILE), `${JSON.stringify(pointer, null, 2)}\n`);

export interface LibraryLocator {
  /** Where to open the library at startup, and the folder to sweep for a move that a crash cut short. */
  resolve(fromSettings: string | null): Promise<{ root: string; interruptedMoveTo: string | null }>;
  /** Before a move touches anything: a crash from here on is resolved by what is found at `to`. */
  beginMove(to: string, from: string): Promise<void>;
  /** The library is now at `root` (null: the default folder). */
  remember(root: string | null): Promise<void>;
}

/**
 * The library's location, kept in a file of its own in the data folder besides the settings, so an
 * unreadable settings file cannot lose it. The pointer wins over the settings; the settings' copy is
 * what a library moved by an older Reverie had, and is carried into the pointer on first start.
 */
export function createLibraryLocator(dataDir: string, warn: (message: string) => void = console.warn): LibraryLocator {
  const defaultRoot = defaultLibraryRoot(dataDir);
  return {
    async resolve(fromSettings) {
      const pointer = await readPointer(dataDir, warn);
      if (pointer?.movingFrom) {
        // A move was cut short: the new folder is the library only once it is complete (a rename, or a
        // verified copy renamed into place); until then the old one still is.
        const target = pointer.library ?? defaultRoot;
        const root = (await isReverieLibrary(target)) ? target : pointer.movingFrom;
        await writePointer(dataDir, { library: root, movingFrom: null });
        return { root, interruptedMoveTo: target };
      }
      if (pointer) return { root: pointer.library ?? defaultRoot, interruptedMoveTo: null };
      if (fromSettings !== null) await writePointer(dataDir, { library: fromSettings, movingFrom: null });
      return { root: fromSettings ?? defaultRoot, interruptedMoveTo: null };
    },
    beginMove: (to, from) => writePointer(dataDir, { library: to, movingFrom: from }),
    remember: (root) => writePointer(dataDir, { library: root === defaultRoot ? null : root, movingFrom: null }),
  };
}
