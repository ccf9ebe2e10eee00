import type { SQLInputValue } from 'node:sqlite';
import { activeLibraryFilters, isLibraryFilterOn, type LibraryFilterName, type LibraryQuery } from '../../../shared/domain';
import type { PageOrder, PagePosition } from './cursor';
import { toFtsQuery } from './fts-query';
import { FAMILY_IDS_SQL } from './lineage';
import { SELECT_COLUMNS } from './row';
import { sortKeyFloor } from './sort-key';

/**
 * SQL for a LibraryQuery. Every value the user supplied travels as a bound parameter; only fixed
 * fragments from this file are ever joined into the text. The text depends on which filters are set
 * (not on their values, since lists travel as one JSON parameter), so the shapes are few and each is
 * prepared once by the caller's statement cache.
 */

export interface Sql {
  text: string;
  params: SQLInputValue[];
}

interface Ordering {
  order: PageOrder;
  column: 'sort_key' | 'trashed_at';
  direction: 'DESC' | 'ASC';
}

/** The library by sort_key (creation time, sort-key.ts); the trash by when things were thrown away, newest deletion first. */
export function orderingOf(query: Pick<LibraryQuery, 'view' | 'sort'>): Ordering {
  const descending = query.sort === 'newest';
  if (query.view === 'trash') {
    return { order: descending ? 'trashed-desc' : 'trashed-asc', column: 'trashed_at', direction: descending ? 'DESC' : 'ASC' };
  }
  return { order: descending ? 'created-desc' : 'created-asc', column: 'sort_key', direction: descending ? 'DESC' : 'ASC' };
}

/**
 * How "is this row in that set" (search hits, a tag, a collection) is written.
 * - `ordered`: as `+seq IN (...)`. The `+` keeps SQLite from looking rows up by seq, so it walks the
 *   sort index in page order and probes the set, stopping once the page is full: the first page of a
 *   search that matches half the library costs a few index steps, not a sort of every hit, and the
 *   worst case (few hits) is one pass over the index.
 * - `smallest`: plain `seq IN (...)`, so SQLite may drive from the set itself; right for counts and
 *   selections, which visit every match anyway.
 */
type Membership = 'ordered' | 'smallest';

/** `+` or nothing before a column tested for membership, as Membership says. */
type Plus = '+' | '';

/** One term of the WHERE, with its bound values. */
type Term = (query: LibraryQuery, plus: Plus) => Sql;

const term = (text: string, ...params: SQLInputValue[]): Sql => ({ text, params });
const allOf = (terms: Sql[]): Sql => ({ text: terms.map((part) => part.text).join(' AND '), params: terms.flatMap((part) => part.params) });

/**
 * The search reads what the index holds: the prompt, the title (an imported picture's file name) and
 * the tag names (migrations.ts, step 4). Each word may be found in any of them.
 */
function searchTerm(text: string, plus: Plus): Sql {
  const match = toFtsQuery(text);
  // The index's rowid is the row's sort_key (migrations.ts, step 7).
  if (match !== null) return term(`${plus}sort_key IN (SELECT rowid FROM generations_fts WHERE generations_fts MATCH ?)`, match);
  // Only emoji or punctuation: the index holds none of it, so fall back to a substring test of the
  // same three, still walking the sort index (a full pass in the worst case; such searches are rare).
  return term(`(instr(prompt, ?) > 0 OR instr(coalesce(title, ''), ?) > 0 OR instr(tag_text, ?) > 0)`, text, text, text);
}

/**
 * The SQL of each filter in LIBRARY_FILTERS (shared/domain/library-filters.ts), which says when one
 * is on and what it lets through; a filter without SQL here fails to compile. The terms are written
 * in this object's order, the search between favorites and the rest.
 */
const FILTER_TERMS: { [F in LibraryFilterName]: Term } & { search: Term } = {
  favorites: () => term('favorite = 1'),
  search: (query, plus) => searchTerm(query.text.trim(), plus),
  aspectRatios: (query) => term('aspect_ratio IN (SELECT value FROM json_each(?))', JSON.stringify(query.aspectRatios)),
  dates: ({ from, to }) => allOf([...(from === null ? [] : [term('created_at >= ?', from)]), ...(to === null ? [] : [term('created_at < ?', to)])]),
  // Every tag must be present: one membership test per tag (names compare as the tags table's NOCASE).
  tags: (query, plus) =>
    allOf(query.tags.map((tag) => term(`${plus}seq IN (SELECT item_seq FROM item_tags WHERE tag_id = (SELECT id FROM tags WHERE name = ?))`, tag.trim()))),
  collection: (query, plus) => term(`${plus}seq IN (SELECT item_seq FROM collection_items WHERE collection_id = ?)`, query.collectionId),
  model: (query) => term('model = ?', query.model),
  statuses: (query) => {
    const statuses = query.statuses.filter((status) => status !== 'missing');
    const missing = query.statuses.includes('missing');
    if (statuses.length > 0 && missing) return term('(status IN (SELECT value FROM json_each(?)) OR file_missing = 1)', JSON.stringify(statuses));
    if (statuses.length > 0) return term('status IN (SELECT value FROM json_each(?))', JSON.stringify(statuses));
    return term('file_missing = 1');
  },
  // A literal, not a parameter: 'imported' then visibly implies the partial index generations_imported
  // (see whereOf). Only the schema's two values reach here, each mapped to fixed text.
  origin: (query) => term(query.origin === 'imported' ? "origin = 'imported'" : "origin = 'generated'"),
  // The family walk (lineage.ts) as a set of ids. Always plain `id IN`, whatever the membership: a
  // family is a handful of items, so SQLite looks those up by id and sorts them, instead of walking
  // the whole sort index to find them.
  family: (query) => term(`id IN (${FAMILY_IDS_SQL})`, query.family),
};

const isTermOn = (name: keyof typeof FILTER_TERMS, query: LibraryQuery): boolean =>
  name === 'search' ? query.text.trim().length > 0 : isLibraryFilterOn(name, query);

export function whereOf(query: LibraryQuery, membership: Membership): Sql {
  const plus = membership === 'ordered' ? '+' : '';
  // Written as literals, not parameters: SQLite uses a partial index only when the query's WHERE
  // visibly implies the index's WHERE, and a bound value is unknown when the plan is made.
  const view = term(query.view === 'trash' ? 'trashed_at IS NOT NULL' : 'trashed_at IS NULL');
  const names = Object.keys(FILTER_TERMS) as Array<keyof typeof FILTER_TERMS>;
  return allOf([view, ...names.filter((name) => isTermOn(name, query)).map((name) => FILTER_TERMS[name](query, plus))]);
}

export interface PageWindow {
  limit: number;
  /** Keyset start: rows strictly after this position (same ordering, checked by the caller). */
  after: PagePosition | null;
  /**
   * Rows to skip, for a scrollbar jump. SQLite still steps over every skipped index entry, so the
   * cost grows with the offset (a few ms at 80,000 rows); scrolling on from there uses the cursor.
   */
  offset: number;
}

/** Where a page row's sort_key is, read as an array: after SELECT_COLUMNS (pageColumns). */
export const PAGE_SORT_KEY_POSITION = SELECT_COLUMNS.split(', ').length;

/** Every column a page reads, each named through `table` (the search's join has a prompt column too). */
const pageColumns = (table: string) =>
  `${SELECT_COLUMNS.split(', ')
    .map((column) => `${table}.${column}`)
    .join(', ')}, ${table}.sort_key AS sort_key`;

/**
 * The range of sort_key a library page may take: the dates (sort_key ≥ from's first key, < to's)
 * and the cursor, as one lower and one upper bound. SQLite bounds an index range by one of each per
 * column, so two on one side would leave one of them a row-by-row test. The dates stay in the WHERE
 * as created_at tests too. A row's key is never below its millisecond's first key, so the lower bound
 * is exact; only a row filed past its millisecond's range (sort-key.ts: more rows in one millisecond
 * than it holds) can miss a range that ends right after it.
 */
function sortKeyRange(query: LibraryQuery, after: PagePosition | null, direction: Ordering['direction']): { from: number | null; below: number | null } {
  let from = query.from === null ? null : sortKeyFloor(query.from);
  let below = query.to === null ? null : sortKeyFloor(query.to);
  if (after !== null) {
    if (direction === 'DESC') below = below === null ? after.key : Math.min(below, after.key);
    else from = from === null ? after.key + 1 : Math.max(from, after.key + 1);
  }
  return { from, below };
}

/** `column >= ?` and `column < ?` for the bounds that are set. */
function rangeTerms(column: string, { from, below }: { from: number | null; below: number | null }): Sql[] {
  return [...(from === null ? [] : [term(`${column} >= ?`, from)]), ...(below === null ? [] : [term(`${column} < ?`, below)])];
}

/**
 * Whether the search index leads: a text search over the library, not narrowed by a tag, collection
 * or family (small sets that are cheaper to walk than the matches). FTS5 then yields the matches in
 * sort_key order, each row is looked up by its key and tested against the other filters, and the
 * walk stops when the page is full: the first page of a search costs about what the bare index
 * lookup of a page of ids does, however many rows match.
 */
function searchLeads(query: LibraryQuery): string | null {
  if (query.view === 'trash' || query.tags.length > 0 || query.collectionId !== null || query.family !== null) return null;
  const text = query.text.trim();
  return text === '' ? null : toFtsQuery(text);
}

/** One page of rows in the query's ordering. */
export function pageSql(query: LibraryQuery, { limit, after, offset }: PageWindow): Sql {
  const { column, direction } = orderingOf(query);
  if (column === 'trashed_at') return trashPageSql(query, { limit, after, offset }, direction);
  const range = sortKeyRange(query, after, direction);
  const match = searchLeads(query);
  if (match !== null) {
    // CROSS JOIN keeps the index as the outer loop, so its rowid order is the page order.
    const where = whereOf({ ...query, text: '' }, 'ordered');
    const bounds = allOf(rangeTerms('generations_fts.rowid', range));
    const text =
      `SELECT ${pageColumns('g')} FROM generations_fts CROSS JOIN generations AS g ON g.sort_key = generations_fts.rowid ` +
      `WHERE generations_fts MATCH ? AND ${where.text}${bounds.text === '' ? '' : ` AND ${bounds.text}`} ` +
      `ORDER BY generations_fts.rowid ${direction} LIMIT ? OFFSET ?`;
    return { text, params: [match, ...where.params, ...bounds.params, limit, offset] };
  }
  const where = allOf([whereOf(query, 'ordered'), ...rangeTerms('sort_key', range)]);
  return {
    text: `SELECT ${pageColumns('generations')} FROM generations WHERE ${where.text} ORDER BY sort_key ${direction} LIMIT ? OFFSET ?`,
    params: [...where.params, limit, offset],
  };
}

/** A page of the trash, by time of deletion; equal times split by id. */
function trashPageSql(query: LibraryQuery, { limit, after, offset }: PageWindow, direction: Ordering['direction']): Sql {
  const where = whereOf(query, 'ordered');
  const params = [...where.params];
  let text = `SELECT ${pageColumns('generations')} FROM generations WHERE ${where.text}`;
  if (after !== null) {
    // A row-value comparison is a range on the (trashed_at, id) index: a page deep in the trash
    // costs the same as the first, and equal timestamps are split by id.
    text += ` AND (trashed_at, id) ${direction === 'DESC' ? '<' : '>'} (?, ?)`;
    params.push(after.key, after.id);
  }
  text += ` ORDER BY trashed_at ${direction}, id ${direction} LIMIT ? OFFSET ?`;
  params.push(limit, offset);
  return { text, params };
}

/**
 * How many rows match, over the same WHERE as the pages. A search over the whole library with no
 * other filter is counted in the search index ("every match, minus the matches in the trash"), so
 * no row is read unless it is in the trash; anything else is a count over its own WHERE.
 */
export function countSql(query: LibraryQuery): Sql {
  const match = query.view === 'library' ? toFtsQuery(query.text.trim()) : null;
  if (match !== null && activeLibraryFilters(query).length === 0) {
    const inIndex = 'SELECT rowid FROM generations_fts WHERE generations_fts MATCH ?';
    return {
      text: `SELECT (SELECT count(*) FROM generations_fts WHERE generations_fts MATCH ?) - (SELECT count(*) FROM generations WHERE trashed_at IS NOT NULL AND +sort_key IN (${inIndex})) AS total`,
      params: [match, match],
    };
  }
  if (query.view === 'library' && query.text.trim() === '' && activeLibraryFilters(query).length === 0) {
    // Everything outside the trash: all rows minus the trash's index range, as the sidebar counts.
    return { text: 'SELECT (SELECT count(*) FROM generations) - (SELECT count(*) FROM generations WHERE trashed_at IS NOT NULL) AS total', params: [] };
  }
  const where = whereOf(query, 'smallest');
  return { text: `SELECT count(*) AS total FROM generations WHERE ${where.text}`, params: where.params };
}

/** (seq, id) of every matching row, for bulk actions on "select all". */
export function selectionSql(query: LibraryQuery): Sql {
  const where = whereOf(query, 'smallest');
  return { text: `SELECT seq, id FROM generations WHERE ${where.text}`, params: where.params };
}
