import type { DatabaseSync } from 'node:sqlite';
import { ImageMimeType } from '../../../shared/domain';

/**
 * Pictures imported before items had titles: their file name was stored as their prompt, unless
 * the file carried a prompt of its own. Which of the two it was is in the file, not the row, so
 * startup reads each file once (library-folder/import-titles.ts) and settles it here. A row settled
 * either way leaves the partial index generations_untitled_imports (migrations.ts, step 4), so
 * later starts find nothing to do without reading the table.
 */
export interface UntitledImport {
  id: string;
  prompt: string;
  /** The original to read; null when the row has none (it is settled as it is). */
  file: { fileHash: string; mimeType: ImageMimeType } | null;
}

export interface UntitledImports {
  /** Every import still to settle, oldest row first. */
  pending(): UntitledImport[];
  /** Its prompt was only its file name: that becomes its title, and its prompt is emptied. Whether the row changed. */
  retitle(id: string): boolean;
  /** Its prompt is its own (or it has none): kept as it is, and not looked at again. */
  keep(id: string): void;
}

/** The WHERE of generations_untitled_imports, written as the index writes it so SQLite reads the index. */
const UNSETTLED = "origin = 'imported' AND title IS NULL AND import_checked = 0";

export function createUntitledImports(db: DatabaseSync): UntitledImports {
  const pendingStatement = db.prepare(`SELECT id, prompt, file_hash, mime_type FROM generations WHERE ${UNSETTLED} ORDER BY seq`);
  const retitleStatement = db.prepare(`UPDATE generations SET title = prompt, prompt = '' WHERE id = ? AND ${UNSETTLED} AND prompt <> ''`);
  const keepStatement = db.prepare(`UPDATE generations SET import_checked = 1 WHERE id = ? AND ${UNSETTLED}`);

  return {
    pending: () =>
      pendingStatement.all().map((row) => ({
        id: String(row.id),
        prompt: String(row.prompt),
        file: row.file_hash === null || row.mime_type === null ? null : { fileHash: String(row.file_hash), mimeType: ImageMimeType.parse(row.mime_type) },
      })),
    retitle: (id) => Number(retitleStatement.run(id).changes) > 0,
    keep(id) {
      keepStatement.run(id);
    },
  };
}
