import type { DatabaseSync } from 'node:sqlite';
import { LibraryItem, type LibraryPage, type LibraryPageInput } from '../../shared/domain';
import { appError, fail, ok, type Result } from '../../shared/errors';
import { decodeCursor, encodeCursor } from './library-cursor';
import { openDatabase } from './database';
import { GENERATION_COLUMNS, GENERATION_PARAMETERS, itemToRow, rowToItem } from './library-row';

export interface Library {
  /** Throws on a duplicate id: the caller decides whether that is a bug or a re-index to skip. */
  insert(item: LibraryItem): void;
  get(id: string): LibraryItem | null;
  has(id: string): boolean;
  /** Whether any row points at this file; lets startup skip sidecars that are already indexed. */
  hasFileHash(fileHash: string): boolean;
  /** Newest first, keyset-paged; a cursor that this code did not produce is `invalid-input`. */
  list(input: LibraryPageInput): Result<LibraryPage>;
  close(): void;
}

/** The library index in SQLite, over a database opened at `dbPath`; `close` closes that database. */
export function openLibrary(dbPath: string): Library {
  return createLibrary(openDatabase(dbPath));
}

/** The library index in SQLite. The image folder stays the source of truth; this makes it fast to page and search. */
export function createLibrary(db: DatabaseSync): Library {

  // Prepared once: a statement per call would re-parse the SQL on every grid scroll.
  const insertStatement = db.prepare(`INSERT INTO generations (${GENERATION_COLUMNS}) VALUES (${GENERATION_PARAMETERS})`);
  const getStatement = db.prepare(`SELECT ${GENERATION_COLUMNS} FROM generations WHERE id = ?`);
  const hasStatement = db.prepare('SELECT 1 FROM generations WHERE id = ?');
  const hasFileHashStatement = db.prepare('SELECT 1 FROM generations WHERE file_hash = ? LIMIT 1');
  const countStatement = db.prepare('SELECT count(*) AS total FROM generations');
  const firstPageStatement = db.prepare(
    `SELECT ${GENERATION_COLUMNS} FROM generations ORDER BY created_at DESC, id DESC LIMIT ?`,
  );
  // A row-value comparison walks the (created_at DESC, id DESC) index from the cursor on, so a page
  // deep in a 100k library costs the same as the first, and equal timestamps are split by id.
  const nextPageStatement = db.prepare(
    `SELECT ${GENERATION_COLUMNS} FROM generations
     WHERE (created_at, id) < (?, ?)
     ORDER BY created_at DESC, id DESC LIMIT ?`,
  );

  return {
    insert(item) {
      insertStatement.run(itemToRow(LibraryItem.parse(item)));
    },

    get(id) {
      const row = getStatement.get(id);
      return row ? rowToItem(row) : null;
    },

    has: (id) => hasStatement.get(id) !== undefined,
    hasFileHash: (fileHash) => hasFileHashStatement.get(fileHash) !== undefined,

    list({ limit, cursor }) {
      const after = cursor === undefined ? null : decodeCursor(cursor);
      if (cursor !== undefined && after === null) {
        return fail(appError('invalid-input', 'That page of the library could not be found; reload the library.'));
      }
      // One extra row tells whether another page exists without a second query.
      const rows = after
        ? nextPageStatement.all(after.createdAt, after.id, limit + 1)
        : firstPageStatement.all(limit + 1);
      const items = rows.slice(0, limit).map(rowToItem);
      const last = items.at(-1);
      const nextCursor = rows.length > limit && last ? encodeCursor(last) : null;
      const total = Number(countStatement.get()?.total ?? 0);
      return ok({ items, nextCursor, total });
    },

    close() {
      db.close();
    },
  };
}
