import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/main/services/library/database';
import { createLibrary, openLibrary, type Library } from '../../electron/main/services/library/library';
import type { PagePosition } from '../../electron/main/services/library/cursor';
import { READ_LINKS_SQL } from '../../electron/main/services/library/links';
import { countSql, orderingOf, pageSql, type Sql } from '../../electron/main/services/library/query';
import { sortKeyFloor } from '../../electron/main/services/library/sort-key';
import { createStatementCache } from '../../electron/main/services/library/statement-cache';
import type { ChannelInput } from '../../electron/shared/contract';
import { LibraryPageInput, LibraryQuery, Selection, type LibraryItem } from '../../electron/shared/domain';
import {
  listOk,
  makeItem,
  makeRecord,
  SEED_COLLECTION,
  SEED_WORDS,
  seedGenerations,
  seededId,
  useTempDatabases,
  useTempDirs,
} from './support/library-fixtures';

type PageRequest = ChannelInput<'library:list'>;

describe('library queries', () => {
  const tempDir = useTempDirs();
  const open: Library[] = [];
  afterEach(() => {
    for (const library of open.splice(0)) library.close();
  });

  const collectionA = '11111111-1111-4111-8111-111111111111';
  const collectionB = '22222222-2222-4222-8222-222222222222';

  /** One item per trait, so each filter picks out a known few. */
  async function sampleLibrary() {
    const library = openLibrary(join(await tempDir(), 'library.sqlite'));
    open.push(library);
    const items = {
      dusk: makeItem({
        prompt: 'A lighthouse at dusk, oil painting',
        aspectRatio: '3:2',
        createdAt: 100,
        favorite: true,
        tags: ['blue', 'red'],
        collectionIds: [collectionA],
      }),
      cafe: makeItem({ prompt: 'Neon café in the rain', aspectRatio: '1:1', createdAt: 200, tags: ['red'], collectionIds: [collectionA, collectionB] }),
      keeper: makeRecord('refused', { prompt: 'Lighthouse keeper, portrait', aspectRatio: '16:9', createdAt: 300 }),
      forest: makeRecord('download-failed', { prompt: 'forest at night', aspectRatio: '3:2', createdAt: 400, tags: ['Blue'] }),
      ocean: makeItem({ prompt: 'ocean waves 🌊 at noon', aspectRatio: '1:1', createdAt: 500, fileMissing: true, model: 'reve/other' }),
      trashed: makeItem({ prompt: 'lighthouse in the trash', aspectRatio: '3:2', createdAt: 600, trashedAt: 700, favorite: true, tags: ['red'] }),
    } satisfies Record<string, LibraryItem>;
    for (const item of Object.values(items)) library.insert(item, { [collectionA]: 'A', [collectionB]: 'B' });
    type Name = keyof typeof items;
    /** The names of what the query lists, in list order; checks the total agrees. */
    const names = (query: PageRequest['query']): Name[] => {
      const page = listOk(library, { query, limit: 50 });
      const byId = new Map(Object.entries(items).map(([name, item]) => [item.id, name as Name]));
      expect(page.total).toBe(page.items.length);
      return page.items.map((item) => byId.get(item.id)!);
    };
    return { library, items, names };
  }

  describe('filters', () => {
    it('shows the library without the trash, and the trash alone', async () => {
      const { names } = await sampleLibrary();
      expect(names({})).toEqual(['ocean', 'forest', 'keeper', 'cafe', 'dusk']);
      expect(names({ sort: 'oldest' })).toEqual(['dusk', 'cafe', 'keeper', 'forest', 'ocean']);
      expect(names({ view: 'trash' })).toEqual(['trashed']);
    });

    it('applies each filter alone', async () => {
      const { names } = await sampleLibrary();
      expect(names({ aspectRatios: ['3:2'] })).toEqual(['forest', 'dusk']);
      expect(names({ aspectRatios: ['1:1', '16:9'] })).toEqual(['ocean', 'keeper', 'cafe']);
      expect(names({ from: 200 })).toEqual(['ocean', 'forest', 'keeper', 'cafe']);
      expect(names({ to: 300 })).toEqual(['cafe', 'dusk']); // exclusive
      expect(names({ from: 200, to: 400 })).toEqual(['keeper', 'cafe']);
      expect(names({ favoritesOnly: true })).toEqual(['dusk']);
      expect(names({ tags: ['red'] })).toEqual(['cafe', 'dusk']);
      expect(names({ tags: ['BLUE'] })).toEqual(['forest', 'dusk']); // tag names ignore case
      expect(names({ tags: ['red', 'blue'] })).toEqual(['dusk']); // every tag
      expect(names({ tags: ['red', 'Red', ' red '] })).toEqual(['cafe', 'dusk']); // the same tag thrice
      expect(names({ tags: ['red', 'nonexistent'] })).toEqual([]);
      expect(names({ collectionId: collectionA })).toEqual(['cafe', 'dusk']);
      expect(names({ collectionId: collectionB })).toEqual(['cafe']);
      expect(names({ model: 'reve/other' })).toEqual(['ocean']);
      expect(names({ statuses: ['ok'] })).toEqual(['ocean', 'cafe', 'dusk']);
      expect(names({ statuses: ['refused'] })).toEqual(['keeper']);
      expect(names({ statuses: ['download-failed', 'refused'] })).toEqual(['forest', 'keeper']);
      expect(names({ statuses: ['missing'] })).toEqual(['ocean']);
      expect(names({ statuses: ['refused', 'missing'] })).toEqual(['ocean', 'keeper']);
    });

    it('combines filters, in the library and in the trash', async () => {
      const { names } = await sampleLibrary();
      expect(names({ text: 'lighthouse', favoritesOnly: true, tags: ['red'], aspectRatios: ['3:2'], collectionId: collectionA })).toEqual(['dusk']);
      expect(names({ text: 'lighthouse', statuses: ['refused'] })).toEqual(['keeper']);
      expect(names({ tags: ['red'], collectionId: collectionB, from: 150, sort: 'oldest' })).toEqual(['cafe']);
      expect(names({ aspectRatios: ['1:1'], statuses: ['ok'], model: 'reve/create-image' })).toEqual(['cafe']);
      expect(names({ view: 'trash', text: 'lighthouse', favoritesOnly: true, tags: ['red'] })).toEqual(['trashed']);
      expect(names({ view: 'trash', tags: ['blue'] })).toEqual([]);
    });
  });

  describe('search text', () => {
    it('matches word prefixes, needs every word, and ignores case and accents', async () => {
      const { names } = await sampleLibrary();
      expect(names({ text: 'lighthouse' })).toEqual(['keeper', 'dusk']);
      expect(names({ text: 'light' })).toEqual(['keeper', 'dusk']);
      expect(names({ text: 'lighthouse dusk' })).toEqual(['dusk']);
      expect(names({ text: 'dusk lighthouse' })).toEqual(['dusk']);
      expect(names({ text: 'lighthouse windmill' })).toEqual([]);
      expect(names({ text: 'CAFE' })).toEqual(['cafe']);
      expect(names({ text: '  ' })).toEqual(['ocean', 'forest', 'keeper', 'cafe', 'dusk']);
      expect(names({ text: 'lighthouse', view: 'trash' })).toEqual(['trashed']);
    });

    it.each([
      ['a lone quote', '"', []],
      ['quotes around a word', '"lighthouse"', ['keeper', 'dusk']],
      ['a quote inside a word', 'light"house', []],
      ['a star', 'lighthouse*', ['keeper', 'dusk']],
      ['a bare star', '*', []],
      ['a leading minus', '-lighthouse', ['keeper', 'dusk']],
      ['boolean words', 'lighthouse OR ocean', []],
      ['NOT', 'NOT lighthouse', []],
      ['NEAR', 'NEAR(lighthouse dusk)', []],
      ['a column filter', 'prompt:lighthouse', []],
      ['an open bracket', '(lighthouse', ['keeper', 'dusk']],
      ['a caret', '^lighthouse', ['keeper', 'dusk']],
      ['SQL', "'; DROP TABLE generations; --", []],
      ['a backslash and percent', '\\ % _', []],
      ['only an emoji (substring fallback)', '🌊', ['ocean']],
      ['only punctuation', '!!', []],
    ])('takes %s as plain text', async (_, text, expected) => {
      const { library, names } = await sampleLibrary();
      expect(names({ text })).toEqual(expected);
      // Nothing was executed as SQL: the library is whole.
      expect(listOk(library, {}).total).toBe(5);
    });

    it('keeps a 500-character search of hostile words a valid query', async () => {
      const { library } = await sampleLibrary();
      const text = Array.from({ length: 100 }, (_, i) => ['"', 'AND', '*', '(', 'lighthouse'][i % 5])
        .join(' ')
        .slice(0, 500);
      expect(library.list(LibraryPageInput.parse({ query: { text } }))).toMatchObject({ ok: true });
    });
  });

  describe('selection', () => {
    it('resolves listed ids that exist, and a query minus its exceptions', async () => {
      const { library, items } = await sampleLibrary();
      const gone = makeItem().id;
      expect(library.resolveSelection({ ids: [items.cafe.id, gone, items.trashed.id] }).sort()).toEqual([items.cafe.id, items.trashed.id].sort());
      expect(library.resolveSelection(Selection.parse({ query: { tags: ['red'] } })).sort()).toEqual([items.dusk.id, items.cafe.id].sort());
      expect(library.resolveSelection(Selection.parse({ query: { tags: ['red'] }, except: [items.dusk.id] }))).toEqual([items.cafe.id]);
      expect(library.resolveSelection(Selection.parse({ query: { view: 'trash' } }))).toEqual([items.trashed.id]);
      expect(library.resolveSelection(Selection.parse({ query: { text: 'nothing like it' } }))).toEqual([]);
    });
  });

  describe('statement cache', () => {
    const databases = useTempDatabases();
    it('prepares each text once and drops the least recently used past its capacity', async () => {
      const { db } = await databases.open();
      const cache = createStatementCache(db, 2);
      const one = cache.get('SELECT 1');
      expect(cache.get('SELECT 1')).toBe(one);
      const two = cache.get('SELECT 2');
      cache.get('SELECT 1'); // now most recent
      cache.get('SELECT 3'); // evicts SELECT 2
      expect(cache.get('SELECT 1')).toBe(one);
      expect(cache.get('SELECT 2')).not.toBe(two);
    });
  });
});

/**
 * 100,000 rows (seedGenerations): every main query shape must walk an index, and totals, pages,
 * cursors and offsets must agree with the rows the fixture's rules say are there.
 */
describe('library queries at 100,000 items', () => {
  const COUNT = 100_000;
  let dir: string;
  let db: DatabaseSync;
  let library: Library;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reverie-test-'));
    db = openDatabase(join(dir, 'library.sqlite'));
    seedGenerations(db, COUNT);
    library = createLibrary(db);
  });
  afterAll(async () => {
    library.close();
    await rm(dir, { recursive: true, force: true });
  });

  // The fixture's rules, row by row (see seedGenerations).
  const rows = Array.from({ length: COUNT }, (_, i) => ({
    i,
    words: [0, 1, 2, 3].map((k): string => SEED_WORDS[(7 * i + 13 * k) % 20]!).concat(i % 100 === 7 ? ['zebra'] : []),
    trashed: i % 20 === 0,
    favorite: i % 7 === 0,
    red: i % 3 === 0,
    rare: i % 89 === 0,
    inCollection: i % 10 === 0,
    imported: i % 50 === 3,
    ratio: ['1:1', '3:2', '16:9'][i % 3]!,
    createdAt: 1_700_000_000_000 + Math.floor(i / 4) * 1000,
  }));
  type Row = (typeof rows)[number];
  /** Matching ids, newest first: createdAt and id both grow with i, so newest first is i descending. */
  const expectedIds = (match: (row: Row) => boolean) =>
    rows
      .filter(match)
      .map((row) => row.i)
      .reverse()
      .map(seededId);

  const shapes: Array<[string, PageRequest['query'], (row: Row) => boolean]> = [
    ['everything', {}, (row) => !row.trashed],
    ['a common word', { text: 'lighthouse' }, (row) => !row.trashed && row.words.includes('lighthouse')],
    ['a prefix of two words', { text: 'ca' }, (row) => !row.trashed && row.words.some((word) => word.startsWith('ca'))],
    ['a rare word', { text: 'zebra' }, (row) => !row.trashed && row.words.includes('zebra')],
    ['two words', { text: 'lighthouse sunset' }, (row) => !row.trashed && row.words.includes('lighthouse') && row.words.includes('sunset')],
    ['favorites', { favoritesOnly: true }, (row) => !row.trashed && row.favorite],
    ['a common tag', { tags: ['red'] }, (row) => !row.trashed && row.red],
    ['a rare tag', { tags: ['rare'] }, (row) => !row.trashed && row.rare],
    ['a collection', { collectionId: SEED_COLLECTION }, (row) => !row.trashed && row.inCollection],
    ['an aspect ratio', { aspectRatios: ['16:9'] }, (row) => !row.trashed && row.ratio === '16:9'],
    ['the imported place', { origin: 'imported' }, (row) => !row.trashed && row.imported],
    ['what was generated here', { origin: 'generated' }, (row) => !row.trashed && !row.imported],
    [
      'a date range',
      { from: 1_700_005_000_000, to: 1_700_020_000_000 },
      (row) => !row.trashed && row.createdAt >= 1_700_005_000_000 && row.createdAt < 1_700_020_000_000,
    ],
    [
      'a word, a tag and favorites',
      { text: 'lighthouse', tags: ['red'], favoritesOnly: true },
      (row) => !row.trashed && row.words.includes('lighthouse') && row.red && row.favorite,
    ],
  ];

  it.each(shapes)('answers %s: total, first page, a deep offset and the page after it by cursor', (_, query, match) => {
    const expected = expectedIds(match);
    const first = listOk(library, { query, limit: 100 });
    expect(first.total).toBe(expected.length);
    expect(first.items.map((item) => item.id)).toEqual(expected.slice(0, 100));

    const offset = Math.floor(expected.length * 0.9);
    // The fixture makes every shape match enough rows that a page follows the deep one: the cursor check always runs.
    expect(expected.length).toBeGreaterThan(offset + 50);
    const deep = listOk(library, { query, limit: 50, offset });
    expect(deep.items.map((item) => item.id)).toEqual(expected.slice(offset, offset + 50));
    expect(deep.nextCursor).not.toBeNull();
    const after = listOk(library, { query, limit: 50, cursor: deep.nextCursor! });
    expect(after.items.map((item) => item.id)).toEqual(expected.slice(offset + 50, offset + 100));
  });

  it('pages the trash and oldest-first at this size', () => {
    const trash = listOk(library, { query: { view: 'trash' }, limit: 10 });
    expect(trash.total).toBe(COUNT / 20);
    // trashedAt grows with i as well.
    expect(trash.items.map((item) => item.id)).toEqual(expectedIds((row) => row.trashed).slice(0, 10));
    const oldest = listOk(library, { query: { sort: 'oldest' }, limit: 10 });
    expect(oldest.items.map((item) => item.id)).toEqual(
      expectedIds((row) => !row.trashed)
        .reverse()
        .slice(0, 10),
    );
    expect(listOk(library, { query: { sort: 'oldest' }, limit: 10, cursor: oldest.nextCursor! }).items.map((item) => item.id)).toEqual(
      expectedIds((row) => !row.trashed)
        .reverse()
        .slice(10, 20),
    );
  });

  it('pages a date range oldest first, and takes a cursor from outside the range', () => {
    const inRange = (row: Row) => !row.trashed && row.createdAt >= 1_700_005_000_000 && row.createdAt < 1_700_020_000_000;
    const query = { from: 1_700_005_000_000, to: 1_700_020_000_000, sort: 'oldest' as const };
    const first = listOk(library, { query, limit: 30 });
    expect(first.items.map((item) => item.id)).toEqual(expectedIds(inRange).reverse().slice(0, 30));
    expect(listOk(library, { query, limit: 30, cursor: first.nextCursor! }).items.map((item) => item.id)).toEqual(expectedIds(inRange).reverse().slice(30, 60));
    // A cursor from the unfiltered list, before the range starts: the range's first rows follow it.
    const before = listOk(library, { query: { sort: 'oldest' }, limit: 30 });
    expect(listOk(library, { query, limit: 5, cursor: before.nextCursor! }).items.map((item) => item.id)).toEqual(expectedIds(inRange).reverse().slice(0, 5));
    // Newest first, a cursor from after the range's end: the range from its newest row.
    const newest = listOk(library, { query: {}, limit: 30 });
    expect(listOk(library, { query: { ...query, sort: 'newest' }, limit: 5, cursor: newest.nextCursor! }).items.map((item) => item.id)).toEqual(
      expectedIds(inRange).slice(0, 5),
    );
  });

  it('fetches tags and collections for a page with it', () => {
    const page = listOk(library, { query: { tags: ['rare'] }, limit: 5 });
    for (const item of page.items) {
      const i = parseInt(item.id.slice(0, 8), 16);
      expect(item.tags).toEqual(i % 3 === 0 ? ['rare', 'red'] : ['rare']);
      expect(item.collectionIds).toEqual(i % 10 === 0 ? [SEED_COLLECTION] : []);
    }
  });

  it('selects everything a query matches, except some', () => {
    const red = expectedIds((row) => !row.trashed && row.red);
    const selected = library.resolveSelection(Selection.parse({ query: { tags: ['red'] }, except: red.slice(0, 3) }));
    expect(selected).toHaveLength(red.length - 3);
    expect(new Set(selected).has(red[0]!)).toBe(false);
  });

  describe('query plans', () => {
    const planOf = ({ text, params }: Sql) =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${text}`)
        .all(...params)
        .map((row) => String(row.detail));
    /** A full pass over the table itself (no index): what must never happen on the main shapes. */
    const scansTable = (plan: string[]) => plan.some((step) => /^SCAN (generations|g)\b(?! USING)/.test(step));
    const sortsInMemory = (plan: string[]) => plan.some((step) => step.includes('USE TEMP B-TREE FOR ORDER BY'));
    const query = (fields: Partial<LibraryQuery>) => LibraryQuery.parse(fields);
    /** A position a third of the way into the seeded rows, in the query's ordering. */
    const cursorAt = (fields: Partial<LibraryQuery>): PagePosition => {
      const { order, column } = orderingOf(query(fields));
      const i = 66_680; // i % 20 = 0: in the trash, so it is a valid position in both views
      return { order, key: column === 'sort_key' ? sortKeyFloor(1_700_000_000_000 + Math.floor(i / 4) * 1000) : 1_800_000_000_000 + i, id: seededId(i) };
    };

    it.each<[string, Partial<LibraryQuery>, string]>([
      ['the newest page', {}, 'generations_newest_first'],
      ['the oldest page', { sort: 'oldest' }, 'generations_newest_first'],
      ['favorites', { favoritesOnly: true }, 'generations_favorites'],
      ['the imported place', { origin: 'imported' }, 'generations_imported'],
      ['a tag filter', { tags: ['red'] }, 'generations_newest_first'],
      ['two tags and a collection', { tags: ['red', 'rare'], collectionId: SEED_COLLECTION }, 'generations_newest_first'],
      ['a text search with a tag', { text: 'lighthouse', tags: ['red'] }, 'generations_newest_first'],
      ['a date range', { from: 1_700_000_000_000, to: 1_700_020_000_000 }, 'generations_newest_first'],
      ['a date range, oldest first', { from: 1_700_010_000_000, to: 1_700_020_000_000, sort: 'oldest' }, 'generations_newest_first'],
      ['the trash', { view: 'trash' }, 'generations_trash'],
      ['a search in the trash', { view: 'trash', text: 'lighthouse' }, 'generations_trash'],
    ])('walks an index in page order for %s, first page and next', (_, fields, index) => {
      const first = planOf(pageSql(query(fields), { limit: 101, after: null, offset: 0 }));
      const next = planOf(pageSql(query(fields), { limit: 101, after: cursorAt(fields), offset: 0 }));
      for (const plan of [first, next]) {
        expect(plan.join(' | ')).toContain(`USING INDEX ${index}`);
        expect(scansTable(plan)).toBe(false);
        expect(sortsInMemory(plan)).toBe(false);
      }
      // The cursor turns the walk into a range search on that index: by sort_key in the library,
      // by (trashed_at, id) in the trash.
      const range = fields.view === 'trash' ? '\\(.*\\(.*,id\\)[<>]\\(\\?,\\?\\)' : '\\(.*sort_key[<>]\\?';
      expect(next.join(' | ')).toMatch(new RegExp(`SEARCH (generations|g) USING INDEX ${index} ${range}`));
      // The search index answers the text part.
      if (fields.text) expect(first.join(' | ')).toContain('generations_fts VIRTUAL TABLE');
      if (fields.tags) expect(first.join(' | ')).toContain('SEARCH item_tags USING PRIMARY KEY');
    });

    it.each<[string, Partial<LibraryQuery>]>([
      ['a text search', { text: 'lighthouse' }],
      ['a text search, oldest first', { text: 'lighthouse', sort: 'oldest' }],
      ['a text search with favorites and an aspect ratio', { text: 'lighthouse', favoritesOnly: true, aspectRatios: ['16:9'] }],
      ['a text search in a date range', { text: 'lighthouse', from: 1_700_000_000_000, to: 1_700_020_000_000 }],
    ])('lets the search index lead %s: matches in page order, each row looked up by its key', (_, fields) => {
      for (const after of [null, cursorAt(fields)]) {
        const plan = planOf(pageSql(query(fields), { limit: 101, after, offset: 0 }));
        expect(plan[0]).toMatch(/^SCAN generations_fts VIRTUAL TABLE/);
        expect(plan.join(' | ')).toContain('SEARCH g USING INDEX generations_sort_key (sort_key=?)');
        expect(scansTable(plan)).toBe(false);
        expect(sortsInMemory(plan)).toBe(false);
      }
    });

    it.each<[string, Partial<LibraryQuery>]>([
      ['everything', {}],
      ['a text search', { text: 'lighthouse' }],
      ['favorites', { favoritesOnly: true }],
      ['a tag', { tags: ['red'] }],
      ['a collection', { collectionId: SEED_COLLECTION }],
      ['the imported place', { origin: 'imported' }],
      ['the trash', { view: 'trash' }],
    ])('counts %s through an index', (_, fields) => {
      const plan = planOf(countSql(query(fields)));
      expect(scansTable(plan)).toBe(false);
      expect(plan.join(' | ')).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
    });

    it.each<[string, Partial<LibraryQuery>]>([
      ['a family', { family: SEED_COLLECTION }],
      ['a family with a search and favorites, oldest first', { family: SEED_COLLECTION, text: 'lighthouse', favoritesOnly: true, sort: 'oldest' }],
      ['a family in the trash', { family: SEED_COLLECTION, view: 'trash' }],
    ])('finds %s by id from the lineage walk, never a pass over the sort index', (_, fields) => {
      for (const sql of [pageSql(query(fields), { limit: 101, after: null, offset: 0 }), countSql(query(fields))]) {
        const plan = planOf(sql);
        // A family is a handful of items: looked up by id (or by the search's few hits), then sorted,
        // however large the library.
        expect(plan[0]).toMatch(/^SEARCH generations USING (INDEX sqlite_autoindex_generations_1 \(id=\?\)|INDEX generations_sort_key \(sort_key=\?\))/);
        expect(plan.join(' | ')).toContain('SEARCH s USING PRIMARY KEY (item_id=?)');
        expect(plan.join(' | ')).toContain('SEARCH s USING COVERING INDEX item_sources_source (source_id=?)');
        expect(scansTable(plan)).toBe(false);
      }
    });

    it('reads the tags, collections and sources of a page through their item indexes', () => {
      const plan = planOf({ text: READ_LINKS_SQL, params: [JSON.stringify([1, 2, 3])] }).join(' | ');
      expect(plan).toContain('SEARCH it USING COVERING INDEX item_tags_item (item_seq=?)');
      expect(plan).toContain('SEARCH ci USING INDEX collection_items_item (item_seq=?)');
      expect(plan).toContain('SEARCH s USING PRIMARY KEY (item_id=?)');
      expect(plan).not.toMatch(/SCAN (it|ci|item_tags|collection_items)\b/);
    });
  });
});
