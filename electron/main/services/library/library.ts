import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { z } from 'zod';
import {
  ImageMimeType,
  LibraryItem,
  type ChangeSummary,
  type Collection,
  type LibraryPage,
  type LibraryPageInput,
  type LibraryQuery,
  type Selection,
  type TagCount,
  type TagQuery,
} from '../../../shared/domain';
import { appError, fail, ok, type Result } from '../../../shared/errors';
import { openDatabase } from './database';
import { createCollectionStore } from './collections';
import { decodeCursor, encodeCursor, type PagePosition } from './cursor';
import { createLineageReader, type LineageReader } from './lineage';
import { itemFromValues, rowToItem, seqOfValues } from './item-reader';
import { createItemLinkStore } from './links';
import { createOrganizer, type Outcome } from './organize';
import { createPlaceholderRows, type PlaceholderRows } from './placeholders';
import { countSql, orderingOf, PAGE_SORT_KEY_POSITION, pageSql, selectionSql } from './query';
import { GENERATION_ASSIGNMENTS, GENERATION_COLUMNS, GENERATION_PARAMETERS, SELECT_COLUMNS, itemToRow, rowSeq, noLinks, toItemKey, type ItemKey } from './row';
import { allAsArrays, createStatementCache } from './statement-cache';
import { createTotalCache } from './total-cache';
import { createTagStore } from './tags';
import { runInTransaction } from './transaction';
import { undoLabel, type UndoEntry } from './undo';

/** A row that points at an image file, for the startup check that the file is still there. */
export interface FileRow {
  id: string;
  fileHash: string;
  mimeType: ImageMimeType;
  fileMissing: boolean;
}

export interface EmptiedTrash {
  /** The rows deleted for good, as they were. */
  deleted: LibraryItem[];
  /** Hashes among the deleted rows' files that rows still in the library also use: keep those files. */
  stillReferencedHashes: Set<string>;
}

/**
 * Requests arrive parsed, and are not parsed again here: the IPC dispatcher checks each one against
 * the contract's schema (defaults applied, tag and collection names trimmed and checked), and
 * in-process callers parse where their data comes from. Items are the exception: `insert` and
 * `update` check every item, whatever built it.
 */
export interface Library {
  /**
   * Writes the row with its tags and collection memberships. Collections it names that do not
   * exist are created with the name from `collectionNames` (for a rebuild from sidecars).
   * Throws on a duplicate id: the caller decides whether that is a bug or a re-index to skip.
   * Throws on an item that is not a valid LibraryItem: the check every item passes before it enters
   * the index, whether built from an API answer, an imported file or a receipt on disk, or read from
   * a sidecar or a backup (those were read by the sidecar schema already).
   */
  insert(item: LibraryItem, collectionNames?: Readonly<Record<string, string>>): void;
  /**
   * Replaces every stored field of the row with this id, tags and memberships included (a failed
   * download whose image finally arrived; reconcile). Throws when there is no such row.
   */
  update(item: LibraryItem, collectionNames?: Readonly<Record<string, string>>): void;
  get(id: string): LibraryItem | null;
  has(id: string): boolean;
  /** Whether any row (trash included) points at this file; lets startup skip sidecars already indexed. */
  hasFileHash(fileHash: string): boolean;
  /** The item showing this image file: one in the library before one in the trash, the newest first; null when none. */
  findByFileHash(fileHash: string): LibraryItem | null;
  /** Lineage read back: the items made from one, and its whole family (both newest first, trash included). */
  versions: LineageReader['versions'];
  family: LineageReader['family'];
  /** Every image hash a row points at (trash included), in one pass over the index: for comparing a whole folder of files. */
  fileHashes(): Set<string>;
  /** Rows that point at an image file (trash included), read in batches as the caller iterates. */
  fileRows(): Iterable<FileRow>;
  setFileMissing(id: string, missing: boolean): void;
  /** Rows whose image has no placeholder yet, looked for a range of rows at a time (see PlaceholderRows). */
  rowsWithoutPlaceholder: PlaceholderRows['missing'];
  /**
   * Gives a row without a placeholder its placeholder; false when it has one or is gone. Only the
   * row: its sidecar is the caller's to rewrite. Not an organize action (no undo, no changed ids).
   */
  setPlaceholder: PlaceholderRows['set'];
  /**
   * One page of what the query matches, plus how many match in all. Continue with `cursor` (the
   * previous page's nextCursor) or jump with `offset`, not both. A cursor this code did not produce,
   * or one from another ordering, is `invalid-input`. A cursor page costs the same at any depth; an
   * offset page steps over `offset` index entries first (a few ms at 80,000), so use it for jumps only.
   * `total` is a COUNT over the same filters, counted again only once the database has changed; a
   * search's is left null until `count` (or an earlier page) has counted it.
   */
  list(input: LibraryPageInput): Result<LibraryPage>;
  /** How many items `query` matches (kept until the database changes, as list's totals). */
  count(query: LibraryQuery): number;
  /** Ids a selection covers (listed ids that exist, or query matches minus `except`), for bulk actions. */
  resolveSelection(selection: Selection): string[];
  setFavorite(selection: Selection, favorite: boolean): ChangeSummary;
  /** `tag`, here and below: a TagName as parsed (trimmed, checked); collection names likewise. */
  addTag(selection: Selection, tag: string): ChangeSummary;
  removeTag(selection: Selection, tag: string): ChangeSummary;
  /** Prefix autocomplete (case-insensitive), most used first; counts leave the trash out. */
  listTags(query: z.infer<typeof TagQuery>): TagCount[];
  /** Renames a tag on every item; merges into an existing tag of that name. */
  renameTag(from: string, to: string): ChangeSummary;
  listCollections(): Collection[];
  createCollection(name: string, now: number): Collection;
  renameCollection(id: string, name: string): Result<Collection>;
  /** The items stay in the library. Undoable: Undo brings the collection and its members back. */
  deleteCollection(id: string): ChangeSummary;
  addToCollection(collectionId: string, selection: Selection, now: number): Result<ChangeSummary>;
  removeFromCollection(collectionId: string, selection: Selection): Result<ChangeSummary>;
  trash(selection: Selection, now: number): ChangeSummary;
  restore(selection: Selection): ChangeSummary;
  /**
   * Deletes trashed rows for good and returns them, so the caller removes the files no other row
   * uses. Not undoable: it clears the undo slot.
   */
  emptyTrash(): EmptiedTrash;
  /** Reverts the last organize action (one level). */
  undo(): ChangeSummary;
  /** Ids whose stored item changed through organize actions or undo since the last take, for sidecar rewrites. */
  takeChangedIds(): string[];
  /** Empties every library table (for a rebuild from the folder); joins the caller's transaction. */
  clearAll(): void;
  /** Runs `work` in one transaction (a savepoint when one is already open). */
  transaction<T>(work: () => T): T;
  close(): void;
}

/** Rows read per step of `fileRows`: bounded memory at any library size. */
const FILE_ROW_BATCH = 500;
/** Distinct filter combinations kept prepared; a session uses a handful. */
const QUERY_SHAPES_KEPT = 64;
/** The rows in the trash, as a subquery. */
const TRASHED_SEQS = 'SELECT seq FROM generations WHERE trashed_at IS NOT NULL';

const NOT_FOUND_COLLECTION = () => fail(appError('not-found-locally', 'That collection no longer exists; it may have been deleted.'));

/** The library index in SQLite, over a database opened at `dbPath`; `close` closes that database. */
export function openLibrary(dbPath: string): Library {
  return createLibrary(openDatabase(dbPath));
}

/**
 * The library index in SQLite (a database from openDatabase: migrated, foreign keys on). The image
 * folder stays the source of truth; this makes it fast to page, search and organize.
 */
export function createLibrary(db: DatabaseSync): Library {
  // Prepared once: a statement per call would re-parse the SQL on every grid scroll.
  const insertStatement = db.prepare(`INSERT INTO generations (${GENERATION_COLUMNS}) VALUES (${GENERATION_PARAMETERS}) RETURNING seq`);
  const updateStatement = db.prepare(`UPDATE generations SET ${GENERATION_ASSIGNMENTS} WHERE id = :id RETURNING seq`);
  const getStatement = db.prepare(`SELECT ${SELECT_COLUMNS} FROM generations WHERE id = ?`);
  const hasStatement = db.prepare('SELECT 1 FROM generations WHERE id = ?');
  const hasFileHashStatement = db.prepare('SELECT 1 FROM generations WHERE file_hash = ? LIMIT 1');
  const idByFileHashStatement = db.prepare('SELECT id FROM generations WHERE file_hash = ? ORDER BY trashed_at IS NOT NULL, seq DESC LIMIT 1');
  const fileHashesStatement = db.prepare('SELECT DISTINCT file_hash FROM generations WHERE file_hash IS NOT NULL');
  const fileRowsStatement = db.prepare(
    `SELECT seq, id, file_hash, mime_type, file_missing FROM generations
     WHERE seq > ? AND file_hash IS NOT NULL AND mime_type IS NOT NULL ORDER BY seq LIMIT ?`,
  );
  const setFileMissingStatement = db.prepare('UPDATE generations SET file_missing = ? WHERE id = ?');
  const keysByIdStatement = db.prepare('SELECT seq, id FROM generations WHERE id IN (SELECT value FROM json_each(?))');
  const trashRowsStatement = db.prepare(`SELECT ${SELECT_COLUMNS} FROM generations WHERE trashed_at IS NOT NULL`);
  // The links first, then the rows: explicit rather than relying on ON DELETE CASCADE, which only
  // holds while foreign_keys is on.
  const deleteTrashStatements = [
    'DELETE FROM item_sources WHERE item_id IN (SELECT id FROM generations WHERE trashed_at IS NOT NULL)',
    `DELETE FROM item_tags WHERE item_seq IN (${TRASHED_SEQS})`,
    `DELETE FROM collection_items WHERE item_seq IN (${TRASHED_SEQS})`,
    'DELETE FROM generations WHERE trashed_at IS NOT NULL',
  ].map((sql) => db.prepare(sql));
  const stillReferencedStatement = db.prepare('SELECT DISTINCT file_hash FROM generations WHERE file_hash IN (SELECT value FROM json_each(?))');
  const clearStatements = ['item_sources', 'collection_items', 'item_tags', 'collections', 'tags', 'generations'].map((table) =>
    db.prepare(`DELETE FROM ${table}`),
  );
  // The list, count and select-all SQL varies with the filters in use; each shape is prepared once.
  const queries = createStatementCache(db, QUERY_SHAPES_KEPT);
  // Pages read their rows as arrays (SELECT_COLUMNS order, then sort_key): see item-reader.ts.
  const pageQueries = createStatementCache(db, QUERY_SHAPES_KEPT, { returnArrays: true });
  const totals = createTotalCache(db, queries);

  const tags = createTagStore(db);
  const collections = createCollectionStore(db);
  const links = createItemLinkStore(db, tags, collections);
  const organizer = createOrganizer(db, tags, collections);
  const placeholders = createPlaceholderRows(db);

  // One level of undo, and the ids whose sidecars the caller has yet to rewrite. In memory on
  // purpose: an undo offered after a restart would revert something the user no longer remembers.
  let lastAction: UndoEntry | null = null;
  const changedIds = new Set<string>();

  const transaction = <T>(work: () => T): T => runInTransaction(db, work);

  /** Rows to items, with the tags and collections of all of them read in one query. */
  function hydrate(rows: readonly Record<string, SQLOutputValue>[]): LibraryItem[] {
    const linksBySeq = links.read(rows.map(rowSeq));
    return rows.map((row) => rowToItem(row, linksBySeq.get(rowSeq(row)) ?? noLinks()));
  }
  const lineage = createLineageReader(db, hydrate);

  function resolve(selection: Selection): ItemKey[] {
    if ('ids' in selection) return keysByIdStatement.all(JSON.stringify(selection.ids)).map(toItemKey);
    const sql = selectionSql(selection.query);
    const matches = queries
      .get(sql.text)
      .all(...sql.params)
      .map(toItemKey);
    if (selection.except.length === 0) return matches;
    const except = new Set(selection.except);
    return matches.filter((item) => !except.has(item.id));
  }

  /** Runs an organize action atomically and makes it the one Undo reverts (when it changed anything). */
  function organize(action: () => Outcome | null): ChangeSummary {
    const outcome = transaction(action);
    if (outcome !== null) {
      lastAction = outcome.undo;
      for (const item of outcome.changed) changedIds.add(item.id);
    }
    return { changed: outcome?.changed.length ?? 0, undoLabel: undoLabel(lastAction) };
  }

  const invalidPage = (message: string) => fail(appError('invalid-input', message));

  return {
    insert(item, collectionNames = {}) {
      const parsed = LibraryItem.parse(item);
      const write = () => {
        const row = insertStatement.get(itemToRow(parsed));
        if (!row) throw new Error('Inserting a library row returned no seq.');
        links.write(rowSeq(row), parsed, collectionNames, true);
      };
      // The common case (a fresh generation, nothing organized yet) is one statement, atomic by itself.
      if (parsed.tags.length === 0 && parsed.collectionIds.length === 0 && parsed.sources.length === 0) write();
      else transaction(write);
    },

    update(item, collectionNames = {}) {
      const parsed = LibraryItem.parse(item);
      transaction(() => {
        const row = updateStatement.get(itemToRow(parsed));
        if (!row) throw new Error(`There is no library item ${parsed.id} to update.`);
        links.write(rowSeq(row), parsed, collectionNames, false);
        tags.prune();
      });
    },

    get(id) {
      const row = getStatement.get(id);
      return row ? (hydrate([row])[0] ?? null) : null;
    },

    versions: lineage.versions,
    family: lineage.family,
    has: (id) => hasStatement.get(id) !== undefined,
    hasFileHash: (fileHash) => hasFileHashStatement.get(fileHash) !== undefined,
    findByFileHash(fileHash) {
      const found = idByFileHashStatement.get(fileHash);
      const row = found && typeof found.id === 'string' ? getStatement.get(found.id) : undefined;
      return row ? (hydrate([row])[0] ?? null) : null;
    },
    fileHashes: () => new Set(fileHashesStatement.all().map((row) => String(row.file_hash))),

    *fileRows() {
      // Keyset over seq: rows the caller changes between batches are neither skipped nor repeated.
      let after = 0;
      for (;;) {
        const rows = fileRowsStatement.all(after, FILE_ROW_BATCH);
        for (const row of rows) {
          yield {
            id: String(row.id),
            fileHash: String(row.file_hash),
            mimeType: ImageMimeType.parse(row.mime_type),
            fileMissing: row.file_missing === 1,
          };
        }
        const last = rows.at(-1);
        if (rows.length < FILE_ROW_BATCH || last === undefined) return;
        after = rowSeq(last);
      }
    },

    setFileMissing(id, missing) {
      setFileMissingStatement.run(missing ? 1 : 0, id);
    },

    rowsWithoutPlaceholder: placeholders.missing,
    setPlaceholder: placeholders.set,

    list({ query, limit, cursor, offset }) {
      if (cursor !== undefined && offset !== undefined) {
        return invalidPage('A library page starts at a cursor or at an offset, not both.');
      }
      const ordering = orderingOf(query);
      let after: PagePosition | null = null;
      if (cursor !== undefined) {
        after = decodeCursor(cursor);
        if (after === null || after.order !== ordering.order) {
          return invalidPage('That page of the library could not be found; reload the library.');
        }
      }

      // One extra row tells whether another page exists without a second query.
      const page = pageSql(query, { limit: limit + 1, after, offset: offset ?? 0 });
      const rows = allAsArrays(pageQueries.get(page.text), page.params);
      const kept = rows.slice(0, limit);
      const linksBySeq = links.read(kept.map(seqOfValues));
      const items = kept.map((row) => itemFromValues(row, linksBySeq.get(seqOfValues(row)) ?? noLinks()));
      const last = items.at(-1);
      const lastRow = kept.at(-1);
      const lastKey = last === undefined ? null : ordering.column === 'sort_key' ? Number(lastRow?.[PAGE_SORT_KEY_POSITION]) : last.trashedAt;
      const nextCursor =
        rows.length > limit && last !== undefined && lastKey !== null ? encodeCursor({ order: ordering.order, key: lastKey, id: last.id }) : null;
      // A search's first page does not wait for its count (LibraryPage.total): the window asks for it next.
      const count = countSql(query);
      const total = query.text.trim() === '' ? totals.of(count) : totals.known(count);
      return ok({ items, nextCursor, total });
    },

    count(query) {
      return totals.of(countSql(query));
    },

    resolveSelection: (selection) => resolve(selection).map((item) => item.id),

    setFavorite: (selection, favorite) => organize(() => organizer.setFavorite(resolve(selection), favorite)),
    addTag: (selection, tag) => organize(() => organizer.addTag(resolve(selection), tag)),
    removeTag: (selection, tag) => organize(() => organizer.removeTag(resolve(selection), tag)),
    renameTag: (from, to) => organize(() => organizer.renameTag(from, to)),
    listTags: (query) => tags.list(query),

    listCollections: () => collections.list(),
    createCollection: (name, now) => collections.create(name, now),

    renameCollection(id, name) {
      if (!collections.rename(id, name)) return NOT_FOUND_COLLECTION();
      const renamed = collections.get(id);
      return renamed ? ok(renamed) : NOT_FOUND_COLLECTION();
    },

    deleteCollection(id) {
      const collection = collections.get(id);
      if (!collection) return { changed: 0, undoLabel: undoLabel(lastAction) };
      return organize(() => organizer.deleteCollection(collection));
    },

    addToCollection(collectionId, selection, now) {
      const collection = collections.get(collectionId);
      if (!collection) return NOT_FOUND_COLLECTION();
      return ok(organize(() => organizer.addToCollection(collection, resolve(selection), now)));
    },

    removeFromCollection(collectionId, selection) {
      const collection = collections.get(collectionId);
      if (!collection) return NOT_FOUND_COLLECTION();
      return ok(organize(() => organizer.removeFromCollection(collection, resolve(selection))));
    },

    trash: (selection, now) => organize(() => organizer.trash(resolve(selection), now)),
    restore: (selection) => organize(() => organizer.restore(resolve(selection))),

    emptyTrash() {
      const result = transaction(() => {
        const deleted = hydrate(trashRowsStatement.all());
        for (const statement of deleteTrashStatements) statement.run();
        tags.prune();
        const hashes = [...new Set(deleted.flatMap((item) => (item.fileHash === null ? [] : [item.fileHash])))];
        const still = stillReferencedStatement.all(JSON.stringify(hashes)).map((row) => String(row.file_hash));
        return { deleted, stillReferencedHashes: new Set(still) };
      });
      // The undo entry may name rows that no longer exist, and their sidecars are the caller's to delete.
      lastAction = null;
      for (const item of result.deleted) changedIds.delete(item.id);
      return result;
    },

    undo() {
      const entry = lastAction;
      if (entry === null) return { changed: 0, undoLabel: null };
      const reverted = transaction(() => organizer.revert(entry));
      lastAction = null;
      for (const item of reverted) changedIds.add(item.id);
      return { changed: reverted.length, undoLabel: null };
    },

    takeChangedIds() {
      const ids = [...changedIds];
      changedIds.clear();
      return ids;
    },

    clearAll() {
      transaction(() => {
        for (const statement of clearStatements) statement.run();
      });
      lastAction = null;
      changedIds.clear();
    },

    transaction,

    close() {
      db.close();
    },
  };
}
