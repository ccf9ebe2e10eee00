import { describe, expect, it } from 'vitest';
import type { Library } from '../../electron/main/services/library/library';
import { LIBRARY_FILTERS, type LibraryItem, type LibraryPage, type LibraryQuery } from '../../electron/shared/domain';
import { seededRandom, type Random } from '../support/seeded-random';
import { listOk, useTempLibraries } from './support/library-fixtures';
import {
  COLLECTION_NAMES,
  FILTERS_OFF,
  expectedIds,
  expectedItems,
  isFilterOn,
  randomItems,
  randomQuery,
  searchWithOneFilter,
  sortKeyOf,
  type ModelFilterName,
} from './support/library-model';
import { applyRandomChange, applyRandomEdit, newClock } from './support/library-model-changes';

/**
 * Main's queries held to a plain model (support/library-model.ts): random real libraries on SQLite,
 * random searches with every filter, both sorts and both views, each walked to its end by cursor with
 * random page sizes and jumped into by offset, and "select all" over the same queries. Written
 * against behaviour, not SQL, so the queries can be rewritten under it. Items have distinct times
 * here, so one order is right; the test of equal times checks only what holds whatever the tie-break.
 */

/**
 * A page size for a walk through `count` items: mostly about a tenth of them (so a walk crosses
 * several page boundaries without listing hundreds of one-item pages), now and then one or two
 * items, or a large page up to the schema's 500.
 */
const pageSize = (random: Random, count: number) => {
  const roll = random.next();
  if (roll < 0.2) return 1 + random.int(2);
  if (roll < 0.9) return 1 + random.int(Math.max(3, Math.ceil(count / 5)));
  return 1 + random.int(500);
};
const idsOf = (items: readonly LibraryItem[]) => items.map((item) => item.id);
/**
 * The total a page reports, or, where it leaves a search's total uncounted (null), the count main
 * gives when asked (`count`, where the library has it): either way what the test holds to the model.
 */
function totalOf(library: Library, query: LibraryQuery, page: Pick<LibraryPage, 'total'>): number | null {
  if (page.total !== null || query.text.trim() === '') return page.total;
  return countOf(library, query);
}
/** library.count, on the libraries that have it (the window asks for a search's total after its first page). */
function countOf(library: Library, query: LibraryQuery): number | null {
  const counting: Library & { count?: (query: LibraryQuery) => number } = library;
  return counting.count === undefined ? null : counting.count(query);
}
/** An item as compared with the model: tags and collections as sets. */
const comparable = (item: LibraryItem | null) =>
  item === null ? null : { ...item, tags: [...item.tags].sort(), collectionIds: [...item.collectionIds].sort() };

describe('library queries against an in-memory model', () => {
  const { fresh } = useTempLibraries();

  /** A real library holding `items`, inserted in their order; it stores exactly what the model holds. */
  async function stocked(items: readonly LibraryItem[]): Promise<Library> {
    const library = await fresh();
    // One transaction for speed: each insert still runs whole, triggers and all.
    library.transaction(() => {
      for (const item of items) library.insert(item, COLLECTION_NAMES);
    });
    for (const item of items) expect(comparable(library.get(item.id))).toEqual(comparable(item));
    return library;
  }

  /** Walks `query` page by page with random sizes; every page must be the model's next slice, with the model's total. */
  function walkByCursor(library: Library, query: LibraryQuery, expected: readonly string[], random: Random): void {
    let listed = 0;
    let cursor: string | undefined;
    for (let page = 0; ; page += 1) {
      const limit = pageSize(random, expected.length);
      const answer = listOk(library, { query, limit, cursor });
      expect({ query, page, limit, ids: idsOf(answer.items), total: totalOf(library, query, answer), more: answer.nextCursor !== null }).toEqual({
        query,
        page,
        limit,
        ids: expected.slice(listed, listed + limit),
        total: expected.length,
        more: listed + limit < expected.length,
      });
      listed += answer.items.length;
      if (answer.nextCursor === null) return;
      cursor = answer.nextCursor;
    }
  }

  /** A jump to a random offset (past the end too), then one page on by the cursor it hands back. */
  function jumpByOffset(library: Library, query: LibraryQuery, expected: readonly string[], random: Random): void {
    const offset = random.int(expected.length + 3);
    const limit = pageSize(random, expected.length);
    const answer = listOk(library, { query, limit, offset });
    expect({ query, offset, limit, ids: idsOf(answer.items), total: totalOf(library, query, answer), more: answer.nextCursor !== null }).toEqual({
      query,
      offset,
      limit,
      ids: expected.slice(offset, offset + limit),
      total: expected.length,
      more: offset + limit < expected.length,
    });
    if (answer.nextCursor === null) return;
    const nextLimit = pageSize(random, expected.length);
    const next = listOk(library, { query, limit: nextLimit, cursor: answer.nextCursor });
    expect({ query, offset, limit, nextLimit, ids: idsOf(next.items), total: totalOf(library, query, next) }).toEqual({
      query,
      offset,
      limit,
      nextLimit,
      ids: expected.slice(offset + limit, offset + limit + nextLimit),
      total: expected.length,
    });
  }

  /** Select all over the query, minus some of its items and an id it does not match. */
  function checkSelection(library: Library, items: readonly LibraryItem[], query: LibraryQuery, expected: readonly string[], random: Random): void {
    const except = new Set([...expected.filter(() => random.next() < 0.2), ...(items.length > 0 ? [random.pick(items).id] : [])]);
    const selected = library.resolveSelection({ query, except: [...except] });
    expect({ query, selected: [...selected].sort() }).toEqual({ query, selected: expected.filter((id) => !except.has(id)).sort() });
  }

  /** Queries and walks over a real library of `items`, counting how often the search and each filter narrowed an answer together. */
  function exercise(library: Library, items: readonly LibraryItem[], rounds: number, random: Random) {
    const withText = Object.fromEntries(Object.keys(FILTERS_OFF).map((name) => [name, 0])) as Record<ModelFilterName, number>;
    let answered = 0;
    const names = Object.keys(FILTERS_OFF) as ModelFilterName[];
    for (let round = 0; round < rounds; round += 1) {
      // Every other query a broad search with one filter, each filter in turn; the rest drawn freely.
      const query = round % 2 === 0 ? randomQuery(random, items) : searchWithOneFilter(random, items, names[(round >> 1) % names.length]!);
      const expected = expectedIds(items, query);
      walkByCursor(library, query, expected, random);
      // Counted on request too (where the library counts on request); the jumps then see the total as known.
      if (countOf(library, query) !== null) expect({ query, count: countOf(library, query) }).toEqual({ query, count: expected.length });
      jumpByOffset(library, query, expected, random);
      jumpByOffset(library, query, expected, random);
      checkSelection(library, items, query, expected, random);
      if (expected.length > 0) answered += 1;
      if (query.text.trim() === '') continue;
      // Would this query's answer differ if the filter were dropped while searching? Then a query that drops it fails here.
      for (const name of names.filter((on) => isFilterOn(query, on))) {
        if (expectedIds(items, { ...query, ...FILTERS_OFF[name] }).join() !== expected.join()) withText[name] += 1;
      }
    }
    return { withText, answered };
  }

  it('models every filter of the filter table', () => {
    expect(Object.keys(FILTERS_OFF).sort()).toEqual(Object.keys(LIBRARY_FILTERS).sort());
  });

  it.each([
    { size: 0, rounds: 30, seed: 1 },
    { size: 1, rounds: 40, seed: 2 },
    { size: 37, rounds: 90, seed: 3 },
    { size: 250, rounds: 80, seed: 4 },
    { size: 600, rounds: 60, seed: 5 },
  ])('lists what the model lists, page by page and by offset, in a library of $size items', async ({ size, rounds, seed }) => {
    const random = seededRandom(20_260_000 + seed);
    const items = randomItems(random, size, true);
    const library = await stocked(items);

    const { withText, answered } = exercise(library, items, rounds, random);

    if (size < 250) return;
    // Not a test of empty answers, and each filter really narrowed searches: dropping it under a search fails here.
    expect(answered).toBeGreaterThan(rounds / 3);
    for (const [name, count] of Object.entries(withText)) expect({ name, narrowedSearches: count >= 3 }).toEqual({ name, narrowedSearches: true });
  });

  it('keeps answering as the model after edits: items changed, re-tagged, moved in time, trashed, restored, deleted', async () => {
    const random = seededRandom(77_013);
    const items = randomItems(random, 200, true);
    const library = await stocked(items);
    const clock = newClock();
    for (let round = 0; round < 30; round += 1) {
      const edited = Array.from({ length: 1 + random.int(3) }, () => applyRandomEdit(random, library, items, clock));
      for (const id of edited.flat()) {
        expect(comparable(library.get(id))).toEqual(comparable(items.find((item) => item.id === id) ?? null));
      }
      exercise(library, items, 6, random);
    }
  });

  it('pages on through a library that changes between pages: each page as the library then is, nothing twice, nothing that stayed skipped', async () => {
    const random = seededRandom(31_337);
    const items = randomItems(random, 250, true);
    const library = await stocked(items);
    const clock = newClock();
    let changesSeen = 0;

    for (let round = 0; round < 80; round += 1) {
      const query = randomQuery(random, items);
      const before = new Set(expectedIds(items, query));
      const changed = new Set<string>();
      const listed: string[] = [];
      let last: number | null = null;
      let cursor: string | undefined;
      for (let page = 0; ; page += 1) {
        const limit = 1 + random.int(Math.max(2, Math.ceil(expectedIds(items, query).length / 4)));
        const answer = listOk(library, { query, limit, cursor });
        // Keyset paging: what follows the last listed item's key in the library as it is now.
        const now = expectedItems(items, query);
        const after = (item: LibraryItem) => {
          const key = sortKeyOf(item, query.view);
          return last === null || (query.sort === 'newest' ? key < last : key > last);
        };
        const remaining = idsOf(now.filter(after));
        expect({ query, page, ids: idsOf(answer.items), total: totalOf(library, query, answer), more: answer.nextCursor !== null }).toEqual({
          query,
          page,
          ids: remaining.slice(0, limit),
          total: now.length,
          more: remaining.length > limit,
        });
        listed.push(...idsOf(answer.items));
        const lastItem = answer.items.at(-1);
        if (lastItem !== undefined) last = sortKeyOf(lastItem, query.view);
        if (answer.nextCursor === null) break;
        cursor = answer.nextCursor;
        if (random.next() < 0.6) for (const id of applyRandomChange(random, library, items, clock)) changed.add(id);
      }

      expect(new Set(listed).size).toBe(listed.length);
      const stayed = [...before].filter((id) => !changed.has(id) && expectedIds(items, query).includes(id));
      expect({ query, skipped: stayed.filter((id) => !listed.includes(id)) }).toEqual({ query, skipped: [] });
      if (changed.size > 0) changesSeen += 1;
    }
    expect(changesSeen).toBeGreaterThanOrEqual(20);
  });

  it('lists each item once through runs of equal times, in one order: newest first the reverse of oldest, the same on every walk', async () => {
    const random = seededRandom(4_242);
    const items = randomItems(random, 300, false);
    const library = await stocked(items);
    const byId = new Map(items.map((item) => [item.id, item]));
    const names = Object.keys(FILTERS_OFF) as ModelFilterName[];
    let answersWithTies = 0;

    /** Every page by cursor, at random (small) sizes, the model's total on each. */
    const walk = (query: LibraryQuery, total: number) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const answer = listOk(library, { query, limit: 1 + random.int(20), cursor });
        expect({ query, total: totalOf(library, query, answer) }).toEqual({ query, total });
        ids.push(...idsOf(answer.items));
        // More pages than items would mean a cursor that does not move on.
        expect(ids.length <= total || answer.nextCursor === null).toBe(true);
        cursor = answer.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return ids;
    };

    for (let round = 0; round < 80; round += 1) {
      // Every other query a broad search with one filter, so most answers hold long runs of equal times.
      const drawn = round % 2 === 0 ? randomQuery(random, items) : searchWithOneFilter(random, items, random.pick(names));
      const query: LibraryQuery = { ...drawn, sort: 'newest' };
      const expected = expectedIds(items, query);
      const newest = walk(query, expected.length);
      const oldest = walk({ ...query, sort: 'oldest' }, expected.length);

      expect({ query, ids: [...newest].sort() }).toEqual({ query, ids: [...expected].sort() });
      const keys = newest.map((id) => sortKeyOf(byId.get(id)!, query.view));
      expect({ query, keys }).toEqual({ query, keys: [...keys].sort((a, b) => b - a) });
      expect({ query, oldest }).toEqual({ query, oldest: [...newest].reverse() });
      expect({ query, again: walk(query, expected.length) }).toEqual({ query, again: newest });
      for (const [sort, order] of [['newest', newest] as const, ['oldest', oldest] as const]) {
        const offset = random.int(order.length + 2);
        const limit = 1 + random.int(9);
        const page = listOk(library, { query: { ...query, sort }, limit, offset });
        expect({ query, sort, offset, ids: idsOf(page.items) }).toEqual({ query, sort, offset, ids: order.slice(offset, offset + limit) });
      }
      if (new Set(keys).size < keys.length) answersWithTies += 1;
    }
    // The walks really went through runs of equal times (pages of 1–20 split runs of about 50).
    expect(answersWithTies).toBeGreaterThanOrEqual(30);
  });
});
