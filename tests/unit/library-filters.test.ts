import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../electron/main/services/library/library';
import {
  ASPECT_RATIOS,
  DEFAULT_LIBRARY_QUERY,
  LIBRARY_FILTERS,
  LibraryQuery,
  NO_LIBRARY_FILTERS,
  activeLibraryFilters,
  libraryFilterContext,
  passesLibraryFilters,
  type LibraryItem,
} from '../../electron/shared/domain';
import { seededRandom, type Random } from '../support/seeded-random';
import { makeItem, useTempDirs } from './support/library-fixtures';

/**
 * The filter table (shared/domain/library-filters.ts) is what the renderer counts and clears filters
 * with, and what the renderer test fake filters with; main filters in SQL. Here both answer the same
 * queries over the same real library, so a fake that filters differently from main fails here.
 */

const COLLECTIONS = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'] as const;
const TAGS = ['red', 'Blue', 'BLUE', 'sea', 'Æther'] as const;
const MODELS = ['reve/create-image', 'reve/other'] as const;
const STATUSES = ['ok', 'refused', 'download-failed', 'missing'] as const;
/** Prompt words, some the prefix of another or a tag's name too, so a search word may hit several places. */
const WORDS = ['sea', 'seal', 'house', 'red', 'night', 'lamp'] as const;
/** Ids of sources deleted for good: named by items, in no row. */
const GONE = ['33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444'] as const;

/** Lineage as the app makes it: an item's sources existed before it (earlier items, or ones since deleted). */
function randomSources(random: Random, earlier: readonly LibraryItem[]): string[] {
  if (earlier.length === 0 || random.next() < 0.5) return [];
  const count = 1 + random.int(3);
  const pool = [...earlier.map((item) => item.id), ...GONE];
  return [...new Set(Array.from({ length: count }, () => random.pick(pool)))];
}

function randomItem(random: Random, index: number, earlier: readonly LibraryItem[] = []): LibraryItem {
  const subset = <T>(values: readonly T[]) => values.filter(() => random.next() < 0.35);
  return makeItem({
    prompt: `item ${index} ${random.pick(WORDS)} ${random.pick(WORDS)}`,
    sources: randomSources(random, earlier),
    aspectRatio: random.pick(ASPECT_RATIOS),
    model: random.pick(MODELS),
    status: random.pick(['ok', 'ok', 'refused', 'download-failed'] as const),
    createdAt: 1_000 + index * 10,
    favorite: random.next() < 0.3,
    tags: [...new Set(subset(TAGS).map((tag) => tag.toLowerCase()))],
    collectionIds: subset(COLLECTIONS),
    trashedAt: random.next() < 0.2 ? 5_000 + index : null,
    fileMissing: random.next() < 0.15,
    origin: random.next() < 0.3 ? 'imported' : 'generated',
  });
}

/** Every field, so a filter added to the schema fails to compile here until it is drawn too. */
function randomQuery(random: Random, ids: readonly string[], withText = false): LibraryQuery {
  const maybe = <T>(value: () => T, off: T) => (random.next() < 0.4 ? value() : off);
  const query: LibraryQuery = {
    text: withText ? maybe(() => `${random.pick([...WORDS, 'se', 'ho'])}${random.next() < 0.3 ? ` ${random.pick(WORDS)}` : ''}`, '') : '',
    aspectRatios: maybe(() => [random.pick(ASPECT_RATIOS), random.pick(ASPECT_RATIOS)].filter((r, i, all) => all.indexOf(r) === i), []),
    from: maybe(() => 1_000 + random.int(800), null),
    to: maybe(() => 1_000 + random.int(800), null),
    favoritesOnly: random.next() < 0.3,
    tags: maybe(() => [random.pick(TAGS), ...(random.next() < 0.3 ? [` ${random.pick(TAGS)} `] : [])], []),
    collectionId: maybe(() => random.pick(COLLECTIONS), null),
    model: maybe(() => random.pick([...MODELS, 'REVE/OTHER']), null),
    statuses: maybe(() => STATUSES.filter(() => random.next() < 0.4), []),
    origin: maybe(() => random.pick(['generated', 'imported'] as const), null),
    family: maybe(() => random.pick([...ids, ...GONE]), null),
    view: random.next() < 0.25 ? 'trash' : 'library',
    sort: random.next() < 0.5 ? 'newest' : 'oldest',
  };
  return LibraryQuery.parse(query);
}

describe('library filter table', () => {
  const tempDir = useTempDirs();
  const open: Library[] = [];
  afterEach(() => {
    for (const library of open.splice(0)) library.close();
  });

  const idsOf = (library: Library, query: LibraryQuery) => {
    const page = library.list({ query, limit: 500 });
    if (!page.ok) throw new Error(page.error.message);
    return page.value.items.map((item) => item.id);
  };

  it("is the schema's defaults, and names every filter field of the query", () => {
    expect(LibraryQuery.parse({})).toEqual(DEFAULT_LIBRARY_QUERY);
    const filterFields = Object.keys(LibraryQuery.shape).filter((field) => !['text', 'view', 'sort'].includes(field));
    expect(Object.keys(NO_LIBRARY_FILTERS).sort()).toEqual([...filterFields].sort());
    expect(
      Object.values(LIBRARY_FILTERS)
        .flatMap((filter) => filter.fields)
        .sort(),
    ).toEqual([...filterFields].sort());
  });

  it('counts a filter as on when any of its fields is set, the dates once', () => {
    expect(activeLibraryFilters(DEFAULT_LIBRARY_QUERY)).toEqual([]);
    expect(activeLibraryFilters({ ...DEFAULT_LIBRARY_QUERY, text: 'sea', view: 'trash', sort: 'oldest' })).toEqual([]);
    expect(activeLibraryFilters({ ...DEFAULT_LIBRARY_QUERY, to: 5 })).toEqual(['dates']);
    expect(activeLibraryFilters({ ...DEFAULT_LIBRARY_QUERY, from: 0, to: 5, favoritesOnly: true, statuses: ['missing'] })).toEqual([
      'dates',
      'favorites',
      'statuses',
    ]);
  });

  /** 80 random items in a real library, lineage included, and the items as main holds them (tag spellings as the tags table kept them), both views. */
  async function randomLibrary(random: Random): Promise<{ library: Library; stored: LibraryItem[] }> {
    const library = openLibrary(join(await tempDir(), 'library.sqlite'));
    open.push(library);
    const made: LibraryItem[] = [];
    for (let index = 0; index < 80; index += 1) {
      const item = randomItem(random, index, made);
      made.push(item);
      library.insert(item, { [COLLECTIONS[0]]: 'A', [COLLECTIONS[1]]: 'B' });
    }
    const stored = [...idsOf(library, { ...DEFAULT_LIBRARY_QUERY }), ...idsOf(library, { ...DEFAULT_LIBRARY_QUERY, view: 'trash' })].map((id) =>
      library.get(id)!,
    );
    expect(stored).toHaveLength(80);
    return { library, stored };
  }

  /**
   * The search as a model: every word the prefix of a word of the prompt, the title or a tag (what
   * the FTS index with prefix terms answers for these plain ASCII words).
   */
  const searchHits = (item: LibraryItem, text: string) => {
    const words = [item.prompt, item.title ?? '', ...item.tags].flatMap((field) => field.toLowerCase().split(/[^a-z0-9]+/));
    return text
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .every((asked) => words.some((word) => word.startsWith(asked)));
  };

  /** What main should list for `query`, filtered and ordered in memory with the filter table. */
  function inMemory(stored: readonly LibraryItem[], query: LibraryQuery): string[] {
    const context = libraryFilterContext(stored, query);
    const expected = stored
      .filter((item) => (query.view === 'trash') === (item.trashedAt !== null) && searchHits(item, query.text) && passesLibraryFilters(item, query, context))
      .sort((a, b) => (query.view === 'trash' ? (b.trashedAt ?? 0) - (a.trashedAt ?? 0) : b.createdAt - a.createdAt))
      .map((item) => item.id);
    if (query.sort === 'oldest') expected.reverse();
    return expected;
  }

  const listed = (library: Library, query: LibraryQuery) => {
    const page = library.list({ query, limit: 500 });
    if (!page.ok) throw new Error(page.error.message);
    // A search's page leaves its total to library:count until counted (LibraryPage.total).
    return { ids: page.value.items.map((item) => item.id), total: page.value.total ?? library.count(query) };
  };

  it("lets through exactly what main's SQL lists, for 400 random queries over a real library", async () => {
    const random = seededRandom(20_250_610);
    const { library, stored } = await randomLibrary(random);
    const ids = stored.map((item) => item.id);

    let narrowed = 0;
    for (let round = 0; round < 400; round += 1) {
      const query = randomQuery(random, ids);
      const expected = inMemory(stored, query);
      expect({ query, ...listed(library, query) }).toEqual({ query, ids: expected, total: expected.length });
      if (activeLibraryFilters(query).length > 0 && expected.length > 0) narrowed += 1;
    }
    // The random queries really exercise the filters: most set one and still match something.
    expect(narrowed).toBeGreaterThan(150);
  });

  it('holds the family filter, with the search and the other filters, to the in-memory walk: 400 random queries', async () => {
    const random = seededRandom(12_012);
    const { library, stored } = await randomLibrary(random);
    const ids = stored.map((item) => item.id);
    // The drawn library has real families: some items with several sources, some naming a deleted source.
    expect(stored.filter((item) => item.sources.length > 1).length).toBeGreaterThan(5);
    expect(stored.filter((item) => item.sources.some((source) => (GONE as readonly string[]).includes(source))).length).toBeGreaterThan(0);

    let families = 0;
    let searched = 0;
    for (let round = 0; round < 400; round += 1) {
      const drawn = randomQuery(random, ids, true);
      const query = { ...drawn, family: drawn.family ?? random.pick(ids) };
      const expected = inMemory(stored, query);
      expect({ query, ...listed(library, query) }).toEqual({ query, ids: expected, total: expected.length });
      // Select all over the same query covers the same items.
      expect(library.resolveSelection({ query, except: [] }).sort()).toEqual([...expected].sort());
      if (expected.length > 1) families += 1;
      if (query.text !== '' && expected.length > 0) searched += 1;
    }
    // Not a test of empty answers: many families have several members, and searches inside them find some.
    expect(families).toBeGreaterThan(60);
    expect(searched).toBeGreaterThan(40);
  });
});
