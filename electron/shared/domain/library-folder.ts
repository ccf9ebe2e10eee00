import { z } from 'zod';
import { spaceOutControlCharacters } from '../control-characters';
import { IMPORT_MAX_FILE_BYTES, IMPORT_MAX_NAME_LENGTH } from '../constants';
import type { LibraryItem } from './library-item';

/** The library as a folder: importing files, where it is, moving it, rebuilding it, backing it up and restoring it. */

/** Files dropped into the window, sent as bytes: the renderer never hands main a path. */
export const ImportInput = z.strictObject({
  files: z
    .array(
      z.strictObject({
        /** Only shown (and a prompt when the image carries none): control characters are spaced out. */
        name: z.string().max(IMPORT_MAX_NAME_LENGTH).overwrite(spaceOutControlCharacters),
        bytes: z
          .custom<Uint8Array>((value) => value instanceof Uint8Array, 'Expected the file as bytes.')
          .refine((bytes) => bytes.byteLength <= IMPORT_MAX_FILE_BYTES, 'Files over 64 MB are not imported.'),
      }),
    )
    .min(1)
    .max(100),
});
export interface ImportResult {
  imported: LibraryItem[];
  skipped: Array<{ name: string; reason: string }>;
  /**
   * Files skipped because the library already holds them (also listed in `skipped`, as "Already in
   * the library."), with the item each one is: a file dropped as a reference uses that item.
   */
  existing: Array<{ name: string; item: LibraryItem }>;
}

export interface LibraryLocation {
  /** Where the library folder is, for the user to see. Main never accepts a path back. */
  path: string;
}

/** Move library: the library was moved to `path`, or the folder picked was a Reverie library and is open now. */
export interface LibraryMoveResult extends LibraryLocation {
  outcome: 'moved' | 'opened';
  /** After 'opened': where the library open before is, left as it was. */
  previousLibrary: string | null;
}

export interface MaintenanceReport {
  reindexed: number;
  missingFiles: number;
  problems: string[];
}

export const RestoreInput = z.strictObject({
  /** replace: the archive becomes the library (the current folder is kept, untouched); merge: add what is new. */
  mode: z.enum(['replace', 'merge']),
});
export interface BackupResult {
  items: number;
  files: number;
  /** Where the archive was written, for the user to see. */
  archive: string;
}
export interface RestoreResult {
  mode: 'replace' | 'merge';
  added: number;
  skipped: number;
  /** After a replace, where the previous library folder was left. */
  previousLibrary: string | null;
}
