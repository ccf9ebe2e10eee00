import type { DatabaseSync } from 'node:sqlite';
import { ImageMimeType, Placeholder } from '../../../shared/domain';

/** A row whose image has no placeholder yet: an item filed before placeholders existed, or one whose placeholder could not be made. */
export interface PlaceholderlessRow {
  seq: number;
  id: string;
  fileHash: string;
  mimeType: ImageMimeType;
}

export interface PlaceholderRows {
  /**
   * Rows with an image on disk (not flagged missing, trash included) and no placeholder, among the
   * seqs in (after, after + span], oldest first. `next` is the `after` to look on from; null when
   * no row lies beyond. Each call reads at most `span` rows of the table (a range of its primary
   * key), so a library of 100k rows that all have theirs is looked through in small steps.
   */
  missing(after: number, span: number): { rows: PlaceholderlessRow[]; next: number | null };
  /** Gives the row its placeholder unless it has one already; false when it has, or is gone. Throws on a value that is not a placeholder. */
  set(id: string, placeholder: string): boolean;
}

/**
 * Finding and filling the placeholders a library lacks (the background pass that fills them lives
 * in library-folder/placeholder-backfill.ts). No index is needed: the look walks the primary key in
 * ranges, and a row without a placeholder is rare once the pass has run.
 */
export function createPlaceholderRows(db: DatabaseSync): PlaceholderRows {
  const missingStatement = db.prepare(
    `SELECT seq, id, file_hash, mime_type FROM generations
     WHERE seq > :after AND seq <= :until AND placeholder IS NULL AND file_hash IS NOT NULL AND mime_type IS NOT NULL AND file_missing = 0
     ORDER BY seq`,
  );
  const lastSeqStatement = db.prepare('SELECT max(seq) AS last FROM generations');
  const setStatement = db.prepare('UPDATE generations SET placeholder = ? WHERE id = ? AND placeholder IS NULL');

  return {
    missing(after, span) {
      const until = after + span;
      const rows = missingStatement.all({ after, until }).map((row) => ({
        seq: Number(row.seq),
        id: String(row.id),
        fileHash: String(row.file_hash),
        mimeType: ImageMimeType.parse(row.mime_type),
      }));
      const last = Number(lastSeqStatement.get()?.last ?? 0);
      return { rows, next: last > until ? until : null };
    },

    set(id, placeholder) {
      // Checked here: every read parses the row, and a bad placeholder would make the item unreadable.
      return Number(setStatement.run(Placeholder.parse(placeholder), id).changes) > 0;
    },
  };
}
