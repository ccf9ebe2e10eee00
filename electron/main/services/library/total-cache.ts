import type { DatabaseSync } from 'node:sqlite';
import type { Sql } from './query';
import type { StatementCache } from './statement-cache';

/**
 * The count next to a list, counted once per query until the database changes. Every page of a
 * query reports its total (the grid sizes itself by it), but scrolling through a million items must
 * not count them again on each page: a count reads every match, a page only its own rows.
 *
 * "Changed" is SQLite's own bookkeeping, so no write path can forget to say so: total_changes()
 * counts every row this connection has inserted, updated or deleted (triggers included), and
 * PRAGMA data_version moves when another connection commits (https://sqlite.org/c3ref/total_changes.html,
 * https://sqlite.org/pragma.html#pragma_data_version).
 */
export interface TotalCache {
  /** The total, counted now unless it is known. */
  of(count: Sql): number;
  /** The total if it is known, else null (nothing is counted). */
  known(count: Sql): number | null;
}

/** Queries whose totals are kept; a person goes back and forth among a few. */
const KEPT = 16;

export function createTotalCache(db: DatabaseSync, statements: StatementCache): TotalCache {
  const stampStatement = db.prepare('SELECT total_changes() AS changes');
  const versionStatement = db.prepare('PRAGMA data_version');
  const totals = new Map<string, number>();
  let stampOfTotals = '';

  /** The totals still true: all of them are dropped once the database has changed. */
  function current(): Map<string, number> {
    const stamp = `${String(stampStatement.get()?.changes)}:${String(versionStatement.get()?.data_version)}`;
    if (stamp !== stampOfTotals) {
      totals.clear();
      stampOfTotals = stamp;
    }
    return totals;
  }
  const keyOf = (count: Sql) => JSON.stringify([count.text, count.params]);

  return {
    of(count) {
      const kept = current();
      const key = keyOf(count);
      const known = kept.get(key);
      if (known !== undefined) return known;
      const total = Number(statements.get(count.text).get(...count.params)?.total ?? 0);
      kept.set(key, total);
      const oldest = kept.keys().next();
      if (kept.size > KEPT && !oldest.done) kept.delete(oldest.value);
      return total;
    },
    known: (count) => current().get(keyOf(count)) ?? null,
  };
}
