import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { spaceOutControlCharacters } from '../../../shared/control-characters';
import { IMPORT_MAX_FILE_BYTES, IMPORT_MAX_NAME_LENGTH, type ImportResult } from '../../../shared/domain';
import { codeOf, messageOf } from '../../../shared/errors';
import { importImages, type ImportDeps } from './import';
import { READ_WITHOUT_WAITING } from '../regular-file';

/** What the open dialog offers: the formats the library keeps (importImages checks each file's first bytes all the same). */
export const IMPORT_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'] as const;

type Read = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/**
 * A picked file's bytes, or why not. Opened once (without waiting, so a FIFO is refused rather than
 * hanging the import) and sized through that handle, so what is sized is what is read; a file larger
 * than the limit is never read into memory.
 */
async function readPicked(path: string): Promise<Read> {
  let handle;
  try {
    handle = await open(path, READ_WITHOUT_WAITING);
  } catch (error) {
    return { ok: false, reason: codeOf(error) === 'ENOENT' ? 'The file is no longer there.' : `The file could not be read: ${messageOf(error)}` };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { ok: false, reason: 'Not a file.' };
    if (stats.size > IMPORT_MAX_FILE_BYTES) return { ok: false, reason: 'Over 64 MB, too large to import.' };
    const bytes = await handle.readFile();
    // Grown since it was sized: still held to the limit.
    if (bytes.byteLength > IMPORT_MAX_FILE_BYTES) return { ok: false, reason: 'Over 64 MB, too large to import.' };
    return { ok: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  } catch (error) {
    return { ok: false, reason: `The file could not be read: ${messageOf(error)}` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The name shown for a picked file, as the renderer names a dropped one (import-files.ts importName) and ImportInput cleans it. */
const importName = (path: string): string => spaceOutControlCharacters(basename(path).slice(0, IMPORT_MAX_NAME_LENGTH));

/**
 * Files the user picked in main's open dialog (File › Import Images…) go into the library as
 * dropped ones do (importImages), one file in memory at a time. A file that cannot be read is
 * skipped with a reason; the others still go in. `onProgress` hears how many are done: 0 first,
 * then after each file.
 */
export async function importPickedFiles(
  paths: readonly string[],
  deps: ImportDeps,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ImportResult> {
  const result: ImportResult = { imported: [], skipped: [], existing: [] };
  onProgress(0, paths.length);
  for (const [index, path] of paths.entries()) {
    const name = importName(path);
    const read = await readPicked(path);
    if (read.ok) {
      const one = await importImages([{ name, bytes: read.bytes }], deps);
      result.imported.push(...one.imported);
      result.skipped.push(...one.skipped);
      result.existing.push(...one.existing);
    } else result.skipped.push({ name, reason: read.reason });
    onProgress(index + 1, paths.length);
  }
  return result;
}
