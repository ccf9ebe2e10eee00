import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from 'node:sqlite';

export interface StatementCache {
  get(sql: string): StatementSync;
}

/**
 * Prepared statements for SQL whose text varies with the filters in use. Each distinct text is
 * prepared once and reused; the least recently used is dropped past `capacity`, so an unusual mix
 * of filters cannot grow the cache without bound. With `returnArrays`, rows come back as arrays of
 * values in column order (node:sqlite's `setReturnArrays`, Node 24): cheaper to build and to read
 * than objects keyed by column name, for the library's pages.
 */
export function createStatementCache(db: DatabaseSync, capacity: number, { returnArrays = false }: { returnArrays?: boolean } = {}): StatementCache {
  const statements = new Map<string, StatementSync>();
  return {
    get(sql) {
      const cached = statements.get(sql);
      if (cached !== undefined) {
        // Map keeps insertion order: re-inserting marks it most recently used.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = db.prepare(sql);
      if (returnArrays) statement.setReturnArrays(true);
      statements.set(sql, statement);
      if (statements.size > capacity) {
        const oldest = statements.keys().next();
        if (!oldest.done) statements.delete(oldest.value);
      }
      return statement;
    },
  };
}

/** All rows of a statement from a `returnArrays` cache (node:sqlite's types always say objects). */
export const allAsArrays = (statement: StatementSync, params: readonly SQLInputValue[]): SQLOutputValue[][] =>
  statement.all(...params) as unknown as SQLOutputValue[][];
