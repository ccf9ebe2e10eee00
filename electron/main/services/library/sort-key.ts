/*
 * sort_key: the grid's order (newest or oldest first) as one integer per row, so that the search
 * index, keyed by it, yields matches already in that order (migrations.ts, step 7).
 *
 * A row's key is created_at × SORT_KEY_SLOTS plus its place among the rows of the same millisecond,
 * in the order they arrived: ordering by sort_key is ordering by created_at, and rows of one
 * millisecond keep the order they were added in (rows that had one before step 7 keep their order by
 * id). Keys stay within Number.MAX_SAFE_INTEGER until the year 2109, so JavaScript reads them
 * exactly (cursors carry them).
 *
 * More than SORT_KEY_SLOTS rows in one millisecond do not fit its range. The next one takes the
 * first key after it if that is free (it sorts as a row of the next millisecond, just before that
 * millisecond's own), else the key after the largest: it is kept, with every key unique, and only
 * its place in the grid is off.
 */

/** Rows one millisecond can hold in order. */
export const SORT_KEY_SLOTS = 2048;

/** The lowest key a row made at `createdAt` may have: a date bound on created_at as one on sort_key. */
export const sortKeyFloor = (createdAt: number): number => createdAt * SORT_KEY_SLOTS;

/**
 * SQL for the key of a row being added (or moved) with created_at `createdAt` (an SQL expression):
 * one past the largest key in its millisecond's range, or the range's first key. Each step is an
 * index seek on generations_sort_key.
 */
export const sortKeyFor = (createdAt: string): string => {
  const floor = `(${createdAt}) * ${SORT_KEY_SLOTS}`;
  const candidate = `coalesce((SELECT max(sort_key) + 1 FROM generations WHERE sort_key >= ${floor} AND sort_key < ${floor} + ${SORT_KEY_SLOTS}), ${floor})`;
  return `(SELECT CASE WHEN EXISTS (SELECT 1 FROM generations WHERE sort_key = c.key) THEN (SELECT max(sort_key) + 1 FROM generations) ELSE c.key END FROM (SELECT ${candidate} AS key) AS c)`;
};
