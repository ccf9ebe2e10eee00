import type { DatabaseSync } from 'node:sqlite';
import type { LibraryCounts } from '../../../shared/domain';

/**
 * The counts next to the sidebar's places, read after every change the window hears of, so each
 * must stay cheap at 100,000 items. Counting rows outside the trash one by one means a look at each
 * row (SQLite does not drop a term a partial index already implies), so what can be is counted as
 * "all, minus those in the trash": the trash is one index range (generations_trash) and usually
 * small. The other places walk their own partial index, whose WHERE they repeat word for word (SQLite
 * uses a partial index only when the query visibly implies it): generations_favorites, _imported and
 * _problems (migrations.ts).
 */
const PLACES_SQL = `SELECT
  (SELECT count(*) FROM generations) AS every_item,
  (SELECT count(*) FROM generations WHERE favorite = 1 AND trashed_at IS NULL) AS favorites,
  (SELECT count(*) FROM generations WHERE origin = 'imported' AND trashed_at IS NULL) AS imported,
  (SELECT count(*) FROM generations WHERE trashed_at IS NULL AND (status <> 'ok' OR file_missing = 1)) AS problems,
  (SELECT count(*) FROM generations WHERE trashed_at IS NOT NULL) AS trash`;

/**
 * Links per tag or collection (`table`'s `key`), in all and to items in the trash, as two CTEs named
 * `links` and `trashed`. CROSS JOIN keeps SQLite's join order: from the trash (its index) to each
 * item's links (their item_seq index), never every link to its row.
 */
const linkCounts = (table: string, key: string) => `links AS (SELECT ${key} AS key, count(*) AS n FROM ${table} GROUP BY ${key}),
  trashed AS (SELECT l.${key} AS key, count(*) AS n FROM generations g CROSS JOIN ${table} l ON l.item_seq = g.seq
              WHERE g.trashed_at IS NOT NULL GROUP BY l.${key})`;

/** Every collection, with its members outside the trash (as collections:list counts them). */
const COLLECTIONS_SQL = `WITH ${linkCounts('collection_items', 'collection_id')}
  SELECT c.id AS id, coalesce(links.n, 0) - coalesce(trashed.n, 0) AS count
  FROM collections c LEFT JOIN links ON links.key = c.id LEFT JOIN trashed ON trashed.key = c.id`;

/** Tags some item outside the trash carries, most used first (as tags:list orders them). */
const TAGS_SQL = `WITH ${linkCounts('item_tags', 'tag_id')}
  SELECT name, count FROM (
    SELECT t.name AS name, links.n - coalesce(trashed.n, 0) AS count
    FROM tags t JOIN links ON links.key = t.id LEFT JOIN trashed ON trashed.key = t.id
  ) WHERE count > 0
  ORDER BY count DESC, name COLLATE NOCASE`;

export const LIBRARY_COUNTS_SQL = { places: PLACES_SQL, collections: COLLECTIONS_SQL, tags: TAGS_SQL } as const;

export function createLibraryCounts(db: DatabaseSync): () => LibraryCounts {
  const places = db.prepare(PLACES_SQL);
  const collections = db.prepare(COLLECTIONS_SQL);
  const tags = db.prepare(TAGS_SQL);

  return () => {
    const row = places.get();
    return {
      all: Number(row?.every_item ?? 0) - Number(row?.trash ?? 0),
      favorites: Number(row?.favorites ?? 0),
      imported: Number(row?.imported ?? 0),
      problems: Number(row?.problems ?? 0),
      trash: Number(row?.trash ?? 0),
      collections: Object.fromEntries(collections.all().map((each) => [String(each.id), Number(each.count)])),
      tags: tags.all().map((each) => ({ name: String(each.name), count: Number(each.count) })),
    };
  };
}
