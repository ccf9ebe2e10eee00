import type { DatabaseSync, StatementSync } from 'node:sqlite';

export interface StatementCache {
  get(sql: string): StatementSync;
}

/**
 * Prepared statements for SQL whose text varies with the filters in use. Each distinct text is
 * prepared once and reused; the least recently used is dropped past `capacity`, so an unusual mix
 * of filters cannot grow the cache without bound.
 */
export function createStatementCache(db: DatabaseSync, capacity: number): StatementCache {
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
      statements.set(sql, statement);
      if (statements.size > capacity) {
        const oldest = statements.keys().next();
        if (!oldest.done) statements.delete(oldest.value);
      }
      return statement;
    },
  };
}
