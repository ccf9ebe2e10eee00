import { ASPECT_RATIOS, EDIT_MODEL_ID, MODEL_IDS, REMIX_MODEL_ID } from '../../../electron/shared/constants';
import { LibraryQuery, type LibraryItem } from '../../../electron/shared/domain';
import type { Random } from '../../support/seeded-random';
import { makeItem } from './library-fixtures';

/**
 * A plain in-memory model of what the library lists for a query, and random libraries and queries
 * to hold main's SQL to it (tests/unit/library-query-model.test.ts). The model is written from the
 * documented behaviour (domain/library-query.ts, library-filters.ts, the FTS tokenizer's rules), not
 * from main's code or the shared filter table, so it does not agree with them by construction.
 */

export const COLLECTIONS = ['c0c0c0c0-0000-4000-8000-000000000001', 'c0c0c0c0-0000-4000-8000-000000000002', 'c0c0c0c0-0000-4000-8000-000000000003'] as const;
/** The names insert creates the collections with. */
export const COLLECTION_NAMES: Readonly<Record<string, string>> = Object.fromEntries(COLLECTIONS.map((id, i) => [id, `Collection ${i}`]));
/** A collection no item is in, and ids of sources deleted for good (named by items, in no row). */
const EMPTY_COLLECTION = 'c0c0c0c0-0000-4000-8000-0000000000ff';
export const GONE_SOURCES = ['dddddddd-0000-4000-8000-000000000001', 'dddddddd-0000-4000-8000-000000000002'] as const;

/**
 * Prompt words: some the prefix of another, some with diacritics the index folds away (remove_diacritics 2),
 * one in capitals, digits, and an emoji the index does not hold (only the substring fallback finds it).
 */
const PROMPT_WORDS = ['sea', 'seal', 'seashell', 'house', 'red', 'night', 'lamp', 'café', 'Naïve', 'OCEAN', '2024', '🌊'] as const;
/** Imported pictures' titles (file names): searched too, split into words at `_` and `-`. */
const TITLES = ['IMG_0042', 'holiday sea', 'Lamp at night', 'DSC-2024', 'æther'] as const;
/** Stored tag names, lower case so the tags table keeps this spelling; `night-sky` is two words to the index. */
export const ITEM_TAGS = ['red', 'blue', 'sea', 'æther', 'night-sky'] as const;
/** Tags a query asks for: case the tags table folds (A–Z only, NOCASE), `Æ` it does not, padding the schema trims, one no item has. */
const QUERY_TAGS = ['red', 'RED', 'Blue', ' sea ', 'æther', 'ÆTHER', 'night-sky', 'Night-Sky', 'unused'] as const;
/** Search words found in no field. */
const NOWHERE = ['zebra', 'seals', 'housed', 'qq', 'aether', 'naives'] as const;
/** Whole words a search may use, from every indexed field. */
const SEARCH_WORDS = [
  'sea',
  'seal',
  'seashell',
  'house',
  'red',
  'night',
  'lamp',
  'café',
  'naïve',
  'ocean',
  '2024',
  'img',
  '0042',
  'holiday',
  'at',
  'dsc',
  'æther',
  'blue',
  'sky',
] as const;
const STATUS_CHOICES = ['ok', 'refused', 'download-failed', 'missing'] as const;

/** Every filter of LIBRARY_FILTERS and the query fields that turn it off; the test holds the names to that table. */
export const FILTERS_OFF = {
  aspectRatios: { aspectRatios: [] },
  dates: { from: null, to: null },
  favorites: { favoritesOnly: false },
  tags: { tags: [] },
  collection: { collectionId: null },
  model: { model: null },
  statuses: { statuses: [] },
  origin: { origin: null },
  family: { family: null },
} satisfies Record<string, Partial<LibraryQuery>>;
export type ModelFilterName = keyof typeof FILTERS_OFF;

/** A random version-4 UUID from the seeded generator, so a run is repeatable id for id. */
export function randomId(random: Random): string {
  const hex = (length: number) => Array.from({ length }, () => random.int(16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

/** 0..count-1 in a random order. */
export function shuffled(random: Random, count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

const subset = <T>(random: Random, values: readonly T[], chance: number) => values.filter(() => random.next() < chance);

export const CREATED_BASE = 1_700_000_000_000;
export const TRASHED_BASE = 1_800_000_000_000;

/**
 * One item as the app could make it: a create, edit (one source) or remix (1–4 sources) of items made
 * before it or since deleted, or an import with a file-name title; any status, a file gone missing,
 * favorites, tags, collections, the trash. The times are the caller's.
 */
export function randomItem(random: Random, earlier: readonly LibraryItem[], times: { createdAt: number; trashedAt: number | null }): LibraryItem {
  const pool = [...earlier.map((item) => item.id), ...GONE_SOURCES];
  const model = earlier.length === 0 ? MODEL_IDS[0] : random.pick(MODEL_IDS);
  const sourceCount = model === EDIT_MODEL_ID ? 1 : model === REMIX_MODEL_ID ? 1 + random.int(4) : 0;
  const origin = random.next() < 0.25 ? 'imported' : 'generated';
  const words = Array.from({ length: 1 + random.int(4) }, () => random.pick(PROMPT_WORDS));
  return makeItem({
    id: randomId(random),
    prompt: origin === 'imported' && random.next() < 0.5 ? '' : words.join(random.next() < 0.2 ? ', ' : ' '),
    title: origin === 'imported' ? random.pick(TITLES) : null,
    aspectRatio: random.pick(ASPECT_RATIOS),
    model,
    origin,
    status: random.pick(['ok', 'ok', 'ok', 'refused', 'download-failed'] as const),
    fileMissing: random.next() < 0.12,
    favorite: random.next() < 0.3,
    tags: subset(random, ITEM_TAGS, 0.25),
    collectionIds: subset(random, COLLECTIONS, 0.3),
    sources: [...new Set(Array.from({ length: sourceCount }, () => random.pick(pool)))],
    createdAt: times.createdAt,
    trashedAt: times.trashedAt,
  });
}

/**
 * `count` random items in insertion order. `distinctTimes`: every createdAt (and every trashedAt)
 * differs, in an order unrelated to insertion, so one order is right; otherwise they are drawn from a
 * handful of values, so most items share theirs with others.
 */
export function randomItems(random: Random, count: number, distinctTimes: boolean): LibraryItem[] {
  const createdSlots = shuffled(random, count);
  const trashedSlots = shuffled(random, count);
  const items: LibraryItem[] = [];
  for (let i = 0; i < count; i += 1) {
    const createdAt = CREATED_BASE + (distinctTimes ? createdSlots[i]! * 1_009 + random.int(1_000) : random.int(6) * 60_000);
    const trashed = random.next() < 0.2;
    const trashedAt = !trashed ? null : TRASHED_BASE + (distinctTimes ? trashedSlots[i]! * 97 : random.int(3) * 1_000);
    items.push(randomItem(random, items, { createdAt, trashedAt }));
  }
  return items;
}

/** Upper, lower or as written. */
const anyCase = (random: Random, word: string) => random.pick([word, word.toUpperCase(), word.toLowerCase()]);

/** A search word: a whole word, the start of one (typing), a spelling without or with other diacritics, or one found nowhere. */
function searchWord(random: Random): string {
  const roll = random.next();
  const word = random.pick(SEARCH_WORDS);
  if (roll < 0.4) return anyCase(random, word);
  if (roll < 0.7) return anyCase(random, [...word].slice(0, 1 + random.int(Math.max(1, [...word].length - 1))).join(''));
  if (roll < 0.85) return random.pick(['cafe', 'CAFÉ', 'caf', 'naive', 'NAÏ', 'Ocëan']);
  return random.pick(NOWHERE);
}

function searchText(random: Random): string {
  const roll = random.next();
  if (roll < 0.4) return random.next() < 0.1 ? '   ' : '';
  if (roll < 0.45) return random.pick(['🌊', ' 🌊 ', '🌊🌊', 'sea 🌊']);
  const words = random.next() < 0.65 ? [searchWord(random)] : [searchWord(random), searchWord(random)];
  const text = words.join(random.next() < 0.8 ? ' ' : '   ');
  return random.next() < 0.1 ? ` ${text} ` : text;
}

/**
 * A createdAt window: often with its ends on the times of `aimed` items (so `from` inclusive and `to`
 * exclusive decide whether they are listed), sometimes with either end open, sometimes anywhere
 * around the library's times (past its ends, or `from` after `to`).
 */
function dateWindow(random: Random, items: readonly LibraryItem[], aimed: readonly LibraryItem[]): { from: number | null; to: number | null } {
  const roll = random.next();
  if (roll < 0.35) return { from: null, to: null };
  const times = items.map((item) => item.createdAt);
  const low = Math.min(CREATED_BASE, ...times) - 5_000;
  const high = Math.max(CREATED_BASE, ...times) + 5_000;
  const anywhere = () => low + random.int(high - low);
  const pool = aimed.length > 0 ? aimed : items;
  const [a, b] = pool.length > 0 && roll < 0.85 ? [random.pick(pool).createdAt, random.pick(pool).createdAt] : [anywhere(), anywhere()];
  const from = Math.min(a, b) + random.pick([0, 0, 1, -1]);
  const to = Math.max(a, b) + random.pick([0, 1, 1, -1]);
  const ends = random.next();
  return { from: ends < 0.3 ? null : from, to: ends > 0.7 ? null : to };
}

/**
 * A random query over `items`: the search with about half the filters at a time. Written as a whole
 * LibraryQuery, so a field added to the schema fails to compile here until it is drawn too.
 */
export function randomQuery(random: Random, items: readonly LibraryItem[]): LibraryQuery {
  const on = (chance: number) => random.next() < chance;
  const ids = items.map((item) => item.id);
  const query: LibraryQuery = {
    text: searchText(random),
    aspectRatios: on(0.3) ? [...new Set(Array.from({ length: 1 + random.int(3) }, () => random.pick(ASPECT_RATIOS)))] : [],
    from: null,
    to: null,
    favoritesOnly: on(0.2),
    tags: on(0.2) ? [random.pick(QUERY_TAGS), ...(on(0.3) ? [random.pick(QUERY_TAGS)] : [])] : [],
    collectionId: on(0.3) ? random.pick([...COLLECTIONS, EMPTY_COLLECTION]) : null,
    model: on(0.3) ? random.pick([...MODEL_IDS, MODEL_IDS[0].toUpperCase(), 'reve/other']) : null,
    statuses: on(0.2) ? subset(random, STATUS_CHOICES, 0.5) : [],
    origin: on(0.2) ? random.pick(['generated', 'imported'] as const) : null,
    family: on(0.12) ? random.pick([...ids, ...ids, ...GONE_SOURCES, 'eeeeeeee-0000-4000-8000-000000000000']) : null,
    view: on(0.25) ? 'trash' : 'library',
    sort: on(0.5) ? 'newest' : 'oldest',
  };
  // The dates last, aimed mostly at items the rest of the query lists (the model only picks the ends; it still judges the answer).
  const aimed = random.next() < 0.7 ? expectedItems(items, LibraryQuery.parse(query)) : [];
  return LibraryQuery.parse({ ...query, ...dateWindow(random, items, aimed) });
}

/** Whether `query` has the filter `name` on: any of its fields differs from its off value. */
export const isFilterOn = (query: LibraryQuery, name: ModelFilterName): boolean =>
  Object.entries(FILTERS_OFF[name]).some(([field, off]) => {
    const value = query[field as keyof LibraryQuery];
    return Array.isArray(value) ? value.length > 0 : value !== off;
  });

/** Searches most items answer: one or two letters that begin many words. */
const BROAD_SEARCHES = ['s', 'se', 'n', 'h', 'l', 'r', 'c', 'O', 'a', '2'] as const;

/**
 * A broad search with only the filter `name` on (drawn as randomQuery draws it): the search and that
 * filter each narrow the answer, so a query that drops the filter while searching lists more.
 */
export function searchWithOneFilter(random: Random, items: readonly LibraryItem[], name: ModelFilterName): LibraryQuery {
  for (;;) {
    const drawn = randomQuery(random, items);
    if (!isFilterOn(drawn, name)) continue;
    const allOff = Object.assign({}, ...Object.values(FILTERS_OFF)) as Partial<LibraryQuery>;
    const kept = Object.fromEntries(Object.keys(FILTERS_OFF[name]).map((field) => [field, drawn[field as keyof LibraryQuery]]));
    return LibraryQuery.parse({ ...drawn, ...allOff, ...kept, text: random.pick(BROAD_SEARCHES) });
  }
}

/** As the index's unicode61 tokenizer with remove_diacritics 2 folds a word: case and diacritics off. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
/** The index's words of a text: runs of letters and digits (emoji and punctuation separate them). */
const indexWords = (text: string) =>
  fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * Which items answer the search `text`. Words are split at white space; each word holding a letter
 * or digit must begin a word of the prompt, the title or a tag (any case, any diacritics). Words with
 * none are dropped; a search of only such words is a plain, case-sensitive substring of one of those
 * three fields (the tags as one space-separated text). The generator only draws single-token words.
 */
export function searchHits(text: string): (item: LibraryItem) => boolean {
  const trimmed = text.trim();
  if (trimmed === '') return () => true;
  const asked = trimmed
    .split(/\s+/u)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map(fold);
  if (asked.length === 0) return (item) => [item.prompt, item.title ?? '', item.tags.join(' ')].some((field) => field.includes(trimmed));
  return (item) => {
    const words = wordsOf(item);
    return asked.every((word) => words.some((own) => own.startsWith(word)));
  };
}

/** The index's words of an item, worked out once per item object (changes make new objects). */
const itemWords = new WeakMap<LibraryItem, string[]>();
function wordsOf(item: LibraryItem): string[] {
  const known = itemWords.get(item);
  if (known !== undefined) return known;
  const words = [...new Set([item.prompt, item.title ?? '', ...item.tags].flatMap(indexWords))];
  itemWords.set(item, words);
  return words;
}

/** Every id connected to `id` by lineage, either way, through deleted sources too; `id` itself included. */
function familyOf(items: readonly LibraryItem[], id: string): Set<string> {
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
  for (const item of items) {
    for (const source of item.sources) {
      link(item.id, source);
      link(source, item.id);
    }
  }
  const family = new Set([id]);
  const queue = [id];
  while (queue.length > 0) {
    for (const next of neighbours.get(queue.pop()!) ?? []) {
      if (family.has(next)) continue;
      family.add(next);
      queue.push(next);
    }
  }
  return family;
}

/** SQLite's NOCASE: A–Z fold, nothing else does. */
const nocase = (name: string) => name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

function passesFilters(item: LibraryItem, query: LibraryQuery, family: Set<string> | null): boolean {
  const { aspectRatios, from, to, tags, collectionId, model, statuses, origin } = query;
  return (
    (aspectRatios.length === 0 || aspectRatios.includes(item.aspectRatio)) &&
    (from === null || item.createdAt >= from) &&
    (to === null || item.createdAt < to) &&
    (!query.favoritesOnly || item.favorite) &&
    tags.every((tag) => item.tags.some((own) => nocase(own) === nocase(tag.trim()))) &&
    (collectionId === null || item.collectionIds.includes(collectionId)) &&
    (model === null || item.model === model) &&
    (statuses.length === 0 || statuses.some((status) => (status === 'missing' ? item.fileMissing : item.status === status))) &&
    (origin === null || item.origin === origin) &&
    (family === null || family.has(item.id))
  );
}

/** The sort key of `item` in `view`: when it was made, or when it was thrown away. */
export const sortKeyOf = (item: LibraryItem, view: LibraryQuery['view']): number => (view === 'trash' ? (item.trashedAt ?? -1) : item.createdAt);

/**
 * What the library should list for `query` over `items` (trash included), in order: newest first by
 * the view's key, or the reverse. Items with equal keys come in no promised order.
 */
export function expectedItems(items: readonly LibraryItem[], query: LibraryQuery): LibraryItem[] {
  const family = query.family === null ? null : familyOf(items, query.family);
  const hits = searchHits(query.text);
  const listed = items
    .filter((item) => (query.view === 'trash') === (item.trashedAt !== null))
    .filter((item) => hits(item) && passesFilters(item, query, family))
    .sort((a, b) => sortKeyOf(b, query.view) - sortKeyOf(a, query.view));
  return query.sort === 'oldest' ? listed.reverse() : listed;
}

export const expectedIds = (items: readonly LibraryItem[], query: LibraryQuery): string[] => expectedItems(items, query).map((item) => item.id);
