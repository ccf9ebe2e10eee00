import type { SQLInputValue } from 'node:sqlite';
import { isLibraryFilterOn, type LibraryFilterName, type LibraryQuery } from '../../../shared/domain';
import type { PageOrder, PagePosition } from './cursor';
import { toFtsQuery } from './fts-query';
import { FAMILY_IDS_SQL } from './lineage';
import { SELECT_COLUMNS } from './row';

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
  column: 'created_at' | 'trashed_at';
  direction: 'DESC' | 'ASC';
}

/** The library by creation time; the trash by when things were thrown away, newest deletion first. */
export function orderingOf(query: Pick<LibraryQuery, 'view' | 'sort'>): Ordering {
  const descending = query.sort === 'newest';
  if (query.view === 'trash') {
    return { order: descending ? 'trashed-desc' : 'trashed-asc', column: 'trashed_at', direction: descending ? 'DESC' : 'ASC' };
  }
  return { order: descending ? 'created-desc' : 'created-asc', column: 'created_at', direction: descending ? 'DESC' : 'ASC' };
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

/** `+seq` or `seq`, as Membership says. */
type Seq = '+seq' | 'seq';

/** One term of the WHERE, with its bound values. */
type Term = (query: LibraryQuery, seq: Seq) => Sql;

const term = (text: string, ...params: SQLInputValue[]): Sql => ({ text, params });
const allOf = (terms: Sql[]): Sql => ({ text: terms.map((part) => part.text).join(' AND '), params: terms.flatMap((part) => part.params) });

/**
 * The search reads what the index holds: the prompt, the title (an imported picture's file name) and
 * the tag names (migrations.ts, step 4). Each word may be found in any of them.
 */
function searchTerm(text: string, seq: Seq): Sql {
  const match = toFtsQuery(text);
  if (match !== null) return term(`${seq} IN (SELECT rowid FROM generations_fts WHERE generations_fts MATCH ?)`, match);
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
  search: (query, seq) => searchTerm(query.text.trim(), seq),
  aspectRatios: (query) => term('aspect_ratio IN (SELECT value FROM json_each(?))', JSON.stringify(query.aspectRatios)),
  dates: ({ from, to }) => allOf([...(from === null ? [] : [term('created_at >= ?', from)]), ...(to === null ? [] : [term('created_at < ?', to)])]),
  // Every tag must be present: one membership test per tag (names compare as the tags table's NOCASE).
  tags: (query, seq) =>
    allOf(query.tags.map((tag) => term(`${seq} IN (SELECT item_seq FROM item_tags WHERE tag_id = (SELECT id FROM tags WHERE name = ?))`, tag.trim()))),
  collection: (query, seq) => term(`${seq} IN (SELECT item_seq FROM collection_items WHERE collection_id = ?)`, query.collectionId),
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
  const seq = membership === 'ordered' ? '+seq' : 'seq';
  // Written as literals, not parameters: SQLite uses a partial index only when the query's WHERE
  // visibly implies the index's WHERE, and a bound value is unknown when the plan is made.
  const view = term(query.view === 'trash' ? 'trashed_at IS NOT NULL' : 'trashed_at IS NULL');
  const names = Object.keys(FILTER_TERMS) as Array<keyof typeof FILTER_TERMS>;
  return allOf([view, ...names.filter((name) => isTermOn(name, query)).map((name) => FILTER_TERMS[name](query, seq))]);
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

/** One page of rows in the query's ordering. */
export function pageSql(query: LibraryQuery, { limit, after: cursor, offset }: PageWindow): Sql {
  const { column, direction } = orderingOf(query);
  // SQLite bounds an index range by one upper and one lower limit per column. A date filter and the
  // cursor on the same side would leave one of them a row-by-row test (a deep page in a date range
  // would walk from the range's start), so keep only the tighter one: the other is then implied.
  let filters = query;
  let after = cursor;
  if (after !== null && column === 'created_at') {
    if (direction === 'DESC' && query.to !== null) {
      if (after.key < query.to) filters = { ...query, to: null };
      else after = null;
    } else if (direction === 'ASC' && query.from !== null) {
      if (after.key >= query.from) filters = { ...query, from: null };
      else after = null;
    }
  }
  const where = whereOf(filters, 'ordered');
  const params = [...where.params];
  let text = `SELECT ${SELECT_COLUMNS} FROM generations WHERE ${where.text}`;
  if (after !== null) {
    // A row-value comparison is a range on the (column, id) index: a page deep in the library
    // costs the same as the first, and equal timestamps are split by id.
    text += ` AND (${column}, id) ${direction === 'DESC' ? '<' : '>'} (?, ?)`;
    params.push(after.key, after.id);
  }
  text += ` ORDER BY ${column} ${direction}, id ${direction} LIMIT ? OFFSET ?`;
  params.push(limit, offset);
  return { text, params };
}

/** How many rows match, over the same WHERE as the pages. */
export function countSql(query: LibraryQuery): Sql {
  const where = whereOf(query, 'smallest');
  return { text: `SELECT count(*) AS total FROM generations WHERE ${where.text}`, params: where.params };
}

/** (seq, id) of every matching row, for bulk actions on "select all". */
export function selectionSql(query: LibraryQuery): Sql {
  const where = whereOf(query, 'smallest');
  return { text: `SELECT seq, id FROM generations WHERE ${where.text}`, params: where.params };
}
