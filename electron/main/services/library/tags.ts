import type { DatabaseSync } from 'node:sqlite';
import type { z } from 'zod';
import type { TagCount, TagQuery } from '../../../shared/domain';
import { pickBySeq, seqsParam, toItemKey, type ItemKey } from './row';

export interface TagRow {
  id: number;
  name: string;
}

/** The tags table and item_tags. Names compare case-insensitively (the column is NOCASE). */
export interface TagStore {
  find(name: string): TagRow | null;
  /** The tag's row, created when missing. An existing tag keeps its spelling: adding "sunset" to "Sunset" finds "Sunset". */
  ensure(name: string): TagRow;
  /** Gives the tag to those of `items` that lack it; returns them. */
  add(items: readonly ItemKey[], name: string): ItemKey[];
  /** Takes the tag from those of `items` that carry it; returns them. */
  remove(items: readonly ItemKey[], name: string): ItemKey[];
  itemsWith(tagId: number): ItemKey[];
  renameRow(tagId: number, name: string): void;
  deleteRow(tagId: number): void;
  /** Drops tags no item carries, so autocomplete does not offer them and a rename never merges into a ghost. */
  prune(): void;
  /** Prefix autocomplete, most used first; counts leave the trash out, and unused tags are not offered. */
  list(query: z.infer<typeof TagQuery>): TagCount[];
}

/** `%`, `_` and the escape itself are literal in what the user typed. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export function createTagStore(db: DatabaseSync): TagStore {
  const findStatement = db.prepare('SELECT id, name FROM tags WHERE name = ?');
  const createStatement = db.prepare('INSERT INTO tags (name) VALUES (?) RETURNING id, name');
  // OR IGNORE + RETURNING reports only the rows actually inserted: exactly the items that gained the tag.
  const addStatement = db.prepare('INSERT OR IGNORE INTO item_tags (tag_id, item_seq) SELECT ?, value FROM json_each(?) RETURNING item_seq AS seq');
  const removeStatement = db.prepare('DELETE FROM item_tags WHERE tag_id = ? AND item_seq IN (SELECT value FROM json_each(?)) RETURNING item_seq AS seq');
  const itemsWithStatement = db.prepare('SELECT g.seq, g.id FROM item_tags it JOIN generations g ON g.seq = it.item_seq WHERE it.tag_id = ?');
  const renameStatement = db.prepare('UPDATE tags SET name = ? WHERE id = ?');
  const deleteLinksStatement = db.prepare('DELETE FROM item_tags WHERE tag_id = ?');
  const deleteStatement = db.prepare('DELETE FROM tags WHERE id = ?');
  const pruneStatement = db.prepare('DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM item_tags WHERE tag_id = tags.id)');
  // Tags are few (hundreds), so counting each candidate through the item_tags primary key is cheap
  // next to the one-index-probe-per-use it costs.
  const listStatement = db.prepare(
    `SELECT name, count FROM (
       SELECT t.name AS name,
              (SELECT count(*) FROM item_tags it JOIN generations g ON g.seq = it.item_seq
                WHERE it.tag_id = t.id AND g.trashed_at IS NULL) AS count
       FROM tags t WHERE t.name LIKE ? ESCAPE '\\'
     ) WHERE count > 0
     ORDER BY count DESC, name COLLATE NOCASE LIMIT ?`,
  );

  const find = (name: string): TagRow | null => {
    const row = findStatement.get(name.trim());
    return row ? { id: Number(row.id), name: String(row.name) } : null;
  };

  const ensure = (name: string): TagRow => {
    const existing = find(name);
    if (existing) return existing;
    const row = createStatement.get(name.trim());
    if (!row) throw new Error('Creating a tag returned no row.');
    return { id: Number(row.id), name: String(row.name) };
  };

  return {
    find,
    ensure,

    add(items, name) {
      if (items.length === 0) return [];
      const tag = ensure(name);
      return pickBySeq(
        items,
        addStatement.all(tag.id, seqsParam(items)).map((row) => Number(row.seq)),
      );
    },

    remove(items, name) {
      const tag = find(name);
      if (!tag || items.length === 0) return [];
      return pickBySeq(
        items,
        removeStatement.all(tag.id, seqsParam(items)).map((row) => Number(row.seq)),
      );
    },

    itemsWith: (tagId) => itemsWithStatement.all(tagId).map(toItemKey),

    renameRow(tagId, name) {
      renameStatement.run(name.trim(), tagId);
    },

    deleteRow(tagId) {
      // Explicit rather than relying on ON DELETE CASCADE, which only holds while foreign_keys is on.
      deleteLinksStatement.run(tagId);
      deleteStatement.run(tagId);
    },

    prune() {
      pruneStatement.run();
    },

    list: ({ prefix, limit }) => listStatement.all(likePrefix(prefix.trim()), limit).map((row) => ({ name: String(row.name), count: Number(row.count) })),
  };
}
