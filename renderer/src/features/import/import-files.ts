import { IMPORT_MAX_FILE_BYTES, IMPORT_MAX_NAME_LENGTH } from '../../../../electron/shared/constants';

/**
 * Which dropped or picked files go to main, and in which batches. Main decodes every file and has
 * the last word; this only keeps obvious non-images and oversized files from crossing IPC at all.
 */

/** Per call to `library:import`: a bounded message, and memory for one batch of bytes at a time. */
export const MAX_FILES_PER_BATCH = 20;
export const MAX_BYTES_PER_BATCH = 100 * 2 ** 20;
/** The contract's own limit (ImportInput): a larger file would make main refuse the whole batch. */
export const MAX_FILE_BYTES = IMPORT_MAX_FILE_BYTES;

export const ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const ACCEPT_ATTRIBUTE = ACCEPTED_TYPES.join(',');
const ACCEPTED_EXTENSIONS = /\.(png|jpe?g|webp)$/i;

export const NOT_AN_IMAGE = 'not a PNG, JPEG or WebP image';
export const TOO_LARGE = 'over 64 MB, too large to import';
export const UNREADABLE = 'could not be read';

export interface Skipped {
  name: string;
  reason: string;
}

/**
 * The renderer's first look: the type the system reports, or else the extension (some systems
 * report no type, or a vague one). Anything that passes still goes to main, which decodes it.
 */
export function skipReason(file: File): string | null {
  const typed = (ACCEPTED_TYPES as readonly string[]).includes(file.type);
  if (!typed && !ACCEPTED_EXTENSIONS.test(file.name)) return NOT_AN_IMAGE;
  if (file.size > MAX_FILE_BYTES) return TOO_LARGE;
  return null;
}

export function importName(file: File): string {
  return file.name.length > IMPORT_MAX_NAME_LENGTH ? file.name.slice(0, IMPORT_MAX_NAME_LENGTH) : file.name;
}

/** Splits files, in order, into batches of at most 20 files and 100 MB. */
export function planBatches(files: readonly File[]): File[][] {
  const batches: File[][] = [];
  let current: File[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= MAX_FILES_PER_BATCH || bytes + file.size > MAX_BYTES_PER_BATCH)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** How many skipped files are named in the summary before "and N more". */
const NAMED_SKIPS = 5;

/** "Imported 3 images; 1 skipped: notes.txt — not a PNG, JPEG or WebP image" */
export function summaryText(imported: number, skipped: readonly Skipped[]): string {
  const head = imported === 0 ? 'No images imported' : `Imported ${imported === 1 ? '1 image' : `${imported} images`}`;
  if (skipped.length === 0) return head;
  const named = skipped.slice(0, NAMED_SKIPS).map(({ name, reason }) => `${name} — ${reason}`);
  const more = skipped.length > NAMED_SKIPS ? `; and ${skipped.length - NAMED_SKIPS} more` : '';
  return `${head}; ${skipped.length} skipped: ${named.join('; ')}${more}`;
}
