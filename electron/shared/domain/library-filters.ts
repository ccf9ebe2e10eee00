import { familyIdsOf } from './family';
import type { LibraryItem } from './library-item';
import type { LibraryQuery } from './library-query';

/**
 * The library's filters, once: which query fields each one reads, its "off" values (the schema's
 * defaults, domain/library-query.ts), and which items it lets through. Main's SQL
 * (services/library/query.ts) has one term per filter named here, the renderer counts and clears
 * filters with this table, and the renderer test fake filters with `passes`;
 * tests/unit/library-filters.test.ts holds `passes` to the SQL on a real library. Most filters
 * judge an item by itself; the family filter needs the library around it, which `passes` gets as a
 * LibraryFilterContext (libraryFilterContext computes it once per query, not once per item).
 *
 * Zod-free (types only from the schemas): the renderer may import its values (eslint.config.js).
 */

/** An empty list that nothing can be added to (`never[]`), shared by every default below. */
const NONE: never[] = [];

/** A query's filter fields when no filter narrows the list. */
export const NO_LIBRARY_FILTERS = Object.freeze({
  aspectRatios: NONE,
  /** createdAt range, epoch ms: from inclusive, to exclusive. */
  from: null,
  to: null,
  favoritesOnly: false,
  tags: NONE,
  collectionId: null,
  model: null,
  statuses: NONE,
  /** 'generated' or 'imported': where the items came from. */
  origin: null,
  /** An item id: only its family (everything connected to it by lineage). */
  family: null,
});

/** No search and no filter: the library, newest first. Every default of the LibraryQuery schema is read from here. */
export const DEFAULT_LIBRARY_QUERY = Object.freeze({
  text: '',
  ...NO_LIBRARY_FILTERS,
  view: 'library' as const,
  sort: 'newest' as const,
});

type FilterField = keyof typeof NO_LIBRARY_FILTERS;

/** What a filter may need beyond the item and the query: facts about the rest of the library. */
export interface LibraryFilterContext {
  /** The ids in the family of `query.family` (empty when that filter is off). */
  readonly family: ReadonlySet<string>;
}

/** The context for `query` over `library` (every item, trash included), computed once for a whole pass. */
export const libraryFilterContext = (library: readonly LibraryItem[], query: Pick<LibraryQuery, 'family'>): LibraryFilterContext => ({
  family: query.family === null ? new Set() : familyIdsOf(library, query.family),
});

interface LibraryFilter {
  /** The query fields it reads; it is on when any of them differs from NO_LIBRARY_FILTERS. */
  readonly fields: readonly FilterField[];
  /** Whether an item passes while the filter is on: exactly what main's SQL selects. */
  passes(item: LibraryItem, query: LibraryQuery, context: LibraryFilterContext): boolean;
}

/** As the tags table compares names: SQLite's NOCASE, which folds only A–Z. (The schema has trimmed the query's tags.) */
const sameTag = (own: string, asked: string) => foldAsciiCase(own) === foldAsciiCase(asked);
const foldAsciiCase = (name: string) => name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/** Each filter the library can narrow by: the query fields it reads, and which items it lets through. */
export const LIBRARY_FILTERS = {
  aspectRatios: { fields: ['aspectRatios'], passes: (item, query) => query.aspectRatios.includes(item.aspectRatio) },
  dates: {
    fields: ['from', 'to'],
    passes: (item, { from, to }) => (from === null || item.createdAt >= from) && (to === null || item.createdAt < to),
  },
  favorites: { fields: ['favoritesOnly'], passes: (item) => item.favorite },
  /** Every one of the tags. */
  tags: { fields: ['tags'], passes: (item, query) => query.tags.every((tag) => item.tags.some((own) => sameTag(own, tag))) },
  collection: {
    fields: ['collectionId'],
    passes: (item, query) => query.collectionId !== null && item.collectionIds.includes(query.collectionId),
  },
  model: { fields: ['model'], passes: (item, query) => item.model === query.model },
  /** Any of the statuses; `missing` is an item whose image file is gone, whatever its status. */
  statuses: {
    fields: ['statuses'],
    passes: (item, query) => query.statuses.some((status) => (status === 'missing' ? item.fileMissing : item.status === status)),
  },
  /** Generated here, or imported from files (the sidebar's Imported place). */
  origin: { fields: ['origin'], passes: (item, query) => item.origin === query.origin },
  /** Everything connected to the item by lineage, both ways, itself included (domain/family.ts). */
  family: { fields: ['family'], passes: (item, _query, context) => context.family.has(item.id) },
} satisfies Record<string, LibraryFilter>;

export type LibraryFilterName = keyof typeof LIBRARY_FILTERS;
const FILTER_NAMES = Object.keys(LIBRARY_FILTERS) as LibraryFilterName[];

const isOff = (value: unknown, off: unknown) => (Array.isArray(value) ? value.length === 0 : value === off);

export const isLibraryFilterOn = (name: LibraryFilterName, query: LibraryQuery): boolean =>
  LIBRARY_FILTERS[name].fields.some((field) => !isOff(query[field], NO_LIBRARY_FILTERS[field]));

/** The filters that narrow this query (the search text, view and sort are not filters). */
export const activeLibraryFilters = (query: LibraryQuery): LibraryFilterName[] => FILTER_NAMES.filter((name) => isLibraryFilterOn(name, query));

/**
 * Whether an item passes every filter the query has on (its view and search text are the caller's);
 * `context` from libraryFilterContext over the same library.
 */
export const passesLibraryFilters = (item: LibraryItem, query: LibraryQuery, context: LibraryFilterContext): boolean =>
  activeLibraryFilters(query).every((name) => LIBRARY_FILTERS[name].passes(item, query, context));
