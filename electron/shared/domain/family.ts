import type { LibraryItem } from './library-item';

/**
 * An item's family: every item connected to it by lineage, in either direction and transitively
 * (its sources, their sources, what was made from any of them, ...), the item itself included.
 * Main walks it in SQL (services/library/lineage.ts); this is the same walk over items in memory,
 * for the library filter table (library-filters.ts) and the renderer test fake. Zod-free.
 *
 * The walk goes through every recorded id, including the id of a source deleted for good: two
 * remixes of one image stay one family after that image is gone, since each still names it.
 */

/**
 * How many ids a family walk visits at most (the item, its relatives, and ids of deleted sources).
 * Lineage has no cycles (an item can only name items that existed before it), so the walk ends by
 * itself; the bound keeps a hand-edited or damaged index from making one query run away.
 */
export const FAMILY_LIMIT = 10_000;

/**
 * The ids in `id`'s family, breadth first as SQLite's recursive query visits them (a row's sources
 * in send order, then the items naming it by id), at most FAMILY_LIMIT of them.
 */
export function familyIdsOf(items: readonly Pick<LibraryItem, 'id' | 'sources'>[], id: string): Set<string> {
  const sourcesOf = new Map<string, readonly string[]>();
  const madeFrom = new Map<string, string[]>();
  for (const item of items) {
    sourcesOf.set(item.id, item.sources);
    for (const source of item.sources) {
      const versions = madeFrom.get(source) ?? [];
      versions.push(item.id);
      madeFrom.set(source, versions);
    }
  }
  for (const versions of madeFrom.values()) versions.sort();

  const family = new Set([id]);
  const queue = [id];
  for (let next = 0; next < queue.length && family.size < FAMILY_LIMIT; next += 1) {
    const current = queue[next] ?? '';
    for (const relative of [...(sourcesOf.get(current) ?? []), ...(madeFrom.get(current) ?? [])]) {
      if (family.size >= FAMILY_LIMIT) break;
      if (family.has(relative)) continue;
      family.add(relative);
      queue.push(relative);
    }
  }
  return family;
}
