import { randomUUID } from 'node:crypto';
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { Collection } from '../../../shared/domain';
import { pickBySeq, seqsParam, toItemKey, type ItemKey } from './row';

/** A collection as stored, without its count. */
export interface CollectionRow {
  id: string;
  name: string;
  createdAt: number;
}

/** A membership, with when it began, so an undone removal puts it back exactly. */
export interface Membership extends ItemKey {
  addedAt: number;
}

/** The collections table and collection_items. An item may be in any number of collections. */
export interface CollectionStore {
  list(): Collection[];
  get(id: string): Collection | null;
  create(name: string, now: number): Collection;
  /** Creates the row with this id when it is missing (sidecars and undo name collections by id). */
  ensure(row: CollectionRow): void;
  rename(id: string, name: string): boolean;
  /** Deletes the collection and its memberships; returns the memberships it had. */
  delete(id: string): Membership[];
  /** Adds those of `items` not yet in it; returns them. */
  add(collectionId: string, items: readonly ItemKey[], addedAt: number): ItemKey[];
  /** Puts memberships back as they were (undo). */
  restore(collectionId: string, memberships: readonly Membership[]): void;
  /** Removes those of `items` that are in it; returns them with when they had been added. */
  remove(collectionId: string, items: readonly ItemKey[]): Membership[];
}

const toCollection = (row: Record<string, SQLOutputValue>): Collection => ({
  id: String(row.id),
  name: String(row.name),
  createdAt: Number(row.created_at),
  count: Number(row.count),
});

const toMembership = (row: Record<string, SQLOutputValue>): Membership => ({ ...toItemKey(row), addedAt: Number(row.added_at) });

// What the sidebar shows next to the name: items in the library, not those in the trash.
const COUNTED = `SELECT c.id, c.name, c.created_at,
  (SELECT count(*) FROM collection_items ci JOIN generations g ON g.seq = ci.item_seq
    WHERE ci.collection_id = c.id AND g.trashed_at IS NULL) AS count
  FROM collections c`;

export function createCollectionStore(db: DatabaseSync): CollectionStore {
  const listStatement = db.prepare(`${COUNTED} ORDER BY c.name COLLATE NOCASE, c.created_at, c.id`);
  const getStatement = db.prepare(`${COUNTED} WHERE c.id = ?`);
  const insertStatement = db.prepare('INSERT OR IGNORE INTO collections (id, name, created_at) VALUES (?, ?, ?)');
  const renameStatement = db.prepare('UPDATE collections SET name = ? WHERE id = ?');
  const membersStatement = db.prepare(
    'SELECT g.seq, g.id, ci.added_at FROM collection_items ci JOIN generations g ON g.seq = ci.item_seq WHERE ci.collection_id = ?',
  );
  const deleteMembersStatement = db.prepare('DELETE FROM collection_items WHERE collection_id = ?');
  const deleteStatement = db.prepare('DELETE FROM collections WHERE id = ?');
  // OR IGNORE + RETURNING reports only the rows actually inserted: the items that were not in it yet.
  const addStatement = db.prepare(
    `INSERT OR IGNORE INTO collection_items (collection_id, item_seq, added_at)
     SELECT ?, value, ? FROM json_each(?) RETURNING item_seq AS seq`,
  );
  const restoreStatement = db.prepare(
    `INSERT OR IGNORE INTO collection_items (collection_id, item_seq, added_at)
     SELECT ?, value ->> 0, value ->> 1 FROM json_each(?)`,
  );
  const removeStatement = db.prepare(
    `DELETE FROM collection_items WHERE collection_id = ? AND item_seq IN (SELECT value FROM json_each(?))
     RETURNING item_seq AS seq, added_at`,
  );

  const get = (id: string): Collection | null => {
    const row = getStatement.get(id);
    return row ? toCollection(row) : null;
  };

  return {
    list: () => listStatement.all().map(toCollection),
    get,

    create(name, now) {
      const id = randomUUID();
      insertStatement.run(id, name.trim(), now);
      return { id, name: name.trim(), createdAt: now, count: 0 };
    },

    ensure({ id, name, createdAt }) {
      insertStatement.run(id, name.trim(), createdAt);
    },

    rename: (id, name) => Number(renameStatement.run(name.trim(), id).changes) > 0,

    delete(id) {
      const memberships = membersStatement.all(id).map(toMembership);
      // Explicit rather than relying on ON DELETE CASCADE, which only holds while foreign_keys is on.
      deleteMembersStatement.run(id);
      deleteStatement.run(id);
      return memberships;
    },

    add(collectionId, items, addedAt) {
      if (items.length === 0) return [];
      return pickBySeq(
        items,
        addStatement.all(collectionId, addedAt, seqsParam(items)).map((row) => Number(row.seq)),
      );
    },

    restore(collectionId, memberships) {
      if (memberships.length === 0) return;
      restoreStatement.run(collectionId, JSON.stringify(memberships.map((m) => [m.seq, m.addedAt])));
    },

    remove(collectionId, items) {
      if (items.length === 0) return [];
      const addedAt = new Map(removeStatement.all(collectionId, seqsParam(items)).map((row) => [Number(row.seq), Number(row.added_at)]));
      return items.flatMap((item) => {
        const at = addedAt.get(item.seq);
        return at === undefined ? [] : [{ ...item, addedAt: at }];
      });
    },
  };
}
