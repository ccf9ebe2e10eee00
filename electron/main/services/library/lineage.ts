import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import { FAMILY_LIMIT, type LibraryItem } from '../../../shared/domain';
import { SELECT_COLUMNS } from './row';

/**
 * Lineage in the index: item_sources (migrations.ts, step 5) says which items each item was made
 * from. Read both ways: an item's versions (the items naming it), and its family (shared/domain/family.ts).
 */

/**
 * The ids of the family of the item whose id is the one bound parameter: a walk over item_sources
 * in both directions. UNION keeps each id once, so the walk ends (lineage has no cycles, and would
 * end on one anyway); the LIMIT bounds how many ids it may visit all the same. Ids of items deleted
 * for good are walked through, as the in-memory walk (familyIdsOf) does; they match no row.
 */
export const FAMILY_IDS_SQL = `WITH RECURSIVE family (id) AS (
    SELECT ?
    UNION SELECT s.source_id FROM family f JOIN item_sources s ON s.item_id = f.id
    UNION SELECT s.item_id FROM family f JOIN item_sources s ON s.source_id = f.id
    LIMIT ${FAMILY_LIMIT}
  ) SELECT id FROM family`;

export interface LineageReader {
  /** Items naming `id` among their sources, trash included, newest first. */
  versions(id: string): LibraryItem[];
  /** Every item in `id`'s family (itself included when it exists), trash included, newest first. */
  family(id: string): LibraryItem[];
}

export function createLineageReader(db: DatabaseSync, hydrate: (rows: readonly Record<string, SQLOutputValue>[]) => LibraryItem[]): LineageReader {
  const newestFirst = 'ORDER BY created_at DESC, id DESC';
  const versionsStatement = db.prepare(
    `SELECT ${SELECT_COLUMNS} FROM generations WHERE id IN (SELECT item_id FROM item_sources WHERE source_id = ?) ${newestFirst}`,
  );
  const familyStatement = db.prepare(`SELECT ${SELECT_COLUMNS} FROM generations WHERE id IN (${FAMILY_IDS_SQL}) ${newestFirst}`);
  return {
    versions: (id) => hydrate(versionsStatement.all(id)),
    family: (id) => hydrate(familyStatement.all(id)),
  };
}
