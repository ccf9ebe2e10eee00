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
  of(count: Sql): number;
}

/** Queries whose totals are kept; a person goes back and forth among a few. */
const KEPT = 16;

export function createTotalCache(db: DatabaseSync, statements: StatementCache): TotalCache {
  const stampStatement = db.prepare('SELECT total_changes() AS changes');
  const versionStatement = db.prepare('PRAGMA data_version');
  const totals = new Map<string, number>();
  let stampOfTotals = '';

  return {
    of(count) {
      const stamp = `${String(stampStatement.get()?.changes)}:${String(versionStatement.get()?.data_version)}`;
      if (stamp !== stampOfTotals) {
        totals.clear();
        stampOfTotals = stamp;
      }
      const key = JSON.stringify([count.text, count.params]);
      const known = totals.get(key);
      if (known !== undefined) return known;
      const total = Number(statements.get(count.text).get(...count.params)?.total ?? 0);
      totals.set(key, total);
      if (totals.size > KEPT) totals.delete(totals.keys().next().value as string);
      return total;
    },
  };
}
