import type { DatabaseSync } from 'node:sqlite';
import type { LibraryItem } from '../../../shared/domain';
import type { CollectionStore } from './collections';
import { noLinks, type ItemLinks } from './row';
import type { TagStore } from './tags';

/** What a collection is called when an item names it by id and nobody said what it was called. */
export const UNNAMED_COLLECTION = 'Untitled collection';

/** An item's tags, collection memberships and sources, kept in their own tables and joined back onto items. */
export interface ItemLinkStore {
  /** The links of every given row in one query, however many rows: never one query per item. */
  read(seqs: readonly number[]): Map<number, ItemLinks>;
  /**
   * Makes the row's tags, memberships and sources those of `item`. Collections it names that do not exist
   * are created with the name from `collectionNames`. Memberships the row keeps keep their date.
   * `fresh`: the row was just inserted, so it has no links to clear.
   */
  write(seq: number, item: LibraryItem, collectionNames: Readonly<Record<string, string>>, fresh: boolean): void;
}

const byName = (a: string, b: string) => {
  const folded = a.toLowerCase().localeCompare(b.toLowerCase());
  return folded !== 0 ? folded : a < b ? -1 : a > b ? 1 : 0;
};

/**
 * Tags, memberships and sources of a JSON array of seqs. The first two go through the item_seq
 * indexes, the sources through the row's id and item_sources' key; UNION ALL makes them one round
 * trip per page. `added_at` carries a source's position.
 */
export const READ_LINKS_SQL = `WITH page (seq) AS (SELECT value FROM json_each(?))
  SELECT it.item_seq AS seq, 'tag' AS kind, t.name AS value, 0 AS added_at
    FROM item_tags it JOIN tags t ON t.id = it.tag_id WHERE it.item_seq IN (SELECT seq FROM page)
  UNION ALL
  SELECT ci.item_seq, 'collection', ci.collection_id, ci.added_at
    FROM collection_items ci WHERE ci.item_seq IN (SELECT seq FROM page)
  UNION ALL
  SELECT g.seq, 'source', s.source_id, s.position
    FROM generations g JOIN item_sources s ON s.item_id = g.id WHERE g.seq IN (SELECT seq FROM page)`;

export function createItemLinkStore(db: DatabaseSync, tags: TagStore, collections: CollectionStore): ItemLinkStore {
  const readStatement = db.prepare(READ_LINKS_SQL);
  const clearTagsStatement = db.prepare('DELETE FROM item_tags WHERE item_seq = ?');
  const clearSourcesStatement = db.prepare('DELETE FROM item_sources WHERE item_id = ?');
  const addSourceStatement = db.prepare('INSERT INTO item_sources (item_id, source_id, position) VALUES (?, ?, ?)');
  const dropOtherMembershipsStatement = db.prepare('DELETE FROM collection_items WHERE item_seq = ? AND collection_id NOT IN (SELECT value FROM json_each(?))');

  return {
    read(seqs) {
      const links = new Map<number, ItemLinks>();
      if (seqs.length === 0) return links;
      const collected = new Map<
        number,
        { tags: string[]; collections: Array<{ id: string; addedAt: number }>; sources: Array<{ id: string; position: number }> }
      >();
      for (const row of readStatement.all(JSON.stringify(seqs))) {
        const seq = Number(row.seq);
        let entry = collected.get(seq);
        if (!entry) {
          entry = { tags: [], collections: [], sources: [] };
          collected.set(seq, entry);
        }
        if (row.kind === 'tag') entry.tags.push(String(row.value));
        else if (row.kind === 'source') entry.sources.push({ id: String(row.value), position: Number(row.added_at) });
        else entry.collections.push({ id: String(row.value), addedAt: Number(row.added_at) });
      }
      // A fixed order, so an item read twice compares equal: tags by name, collections by when joined,
      // sources as they were sent.
      for (const seq of seqs) {
        const entry = collected.get(seq);
        if (!entry) {
          links.set(seq, noLinks());
          continue;
        }
        entry.collections.sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        entry.sources.sort((a, b) => a.position - b.position);
        links.set(seq, {
          tags: entry.tags.sort(byName),
          collectionIds: entry.collections.map((c) => c.id),
          sources: entry.sources.map((source) => source.id),
        });
      }
      return links;
    },

    write(seq, item, collectionNames, fresh) {
      const key = [{ seq, id: item.id }];
      if (!fresh) {
        clearTagsStatement.run(seq);
        dropOtherMembershipsStatement.run(seq, JSON.stringify(item.collectionIds));
        clearSourcesStatement.run(item.id);
      }
      item.sources.forEach((sourceId, position) => addSourceStatement.run(item.id, sourceId, position));
      for (const tag of item.tags) tags.add(key, tag);
      for (const collectionId of item.collectionIds) {
        collections.ensure({ id: collectionId, name: collectionNames[collectionId] ?? UNNAMED_COLLECTION, createdAt: item.createdAt });
        // When it joined is not in the item; its creation time is the closest thing known.
        collections.add(collectionId, key, item.createdAt);
      }
    },
  };
}
