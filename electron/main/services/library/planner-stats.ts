import type { DatabaseSync } from 'node:sqlite';

/**
 * Rows each ANALYZE reads of an index, at most: sqlite.org/lang_analyze.html suggests 100 to 1000
 * for `PRAGMA optimize`. Tighter than the bound the pragma sets itself (SQLite ≥ 3.46): the first
 * analysis of a 1,000,000-item library takes ~160 ms here with it, ~420 ms without.
 */
const ANALYSIS_LIMIT = 400;

/**
 * Keeps the statistics SQLite's query planner reads (sqlite_stat1) current over the years a library
 * grows, as sqlite.org/pragma.html#pragma_optimize recommends for a connection that stays open:
 * `PRAGMA optimize=0x10002` once after opening (0x10000: check every table, not only those queried
 * so far; a table never analysed is analysed, so the first run does the work and later ones take
 * well under a millisecond), and plain `PRAGMA optimize` before closing (only tables whose size
 * moved a lot since their last analysis). node:sqlite is synchronous, so the first run holds the
 * main thread for its ~160 ms at a million items: the session runs it after its background checks,
 * never on the startup path.
 */
export function refreshPlannerStats(db: DatabaseSync, scope: 'every-table' | 'changed-tables'): void {
  db.exec(`PRAGMA analysis_limit = ${ANALYSIS_LIMIT}`);
  db.exec(scope === 'every-table' ? 'PRAGMA optimize = 0x10002' : 'PRAGMA optimize');
}
