import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` atomically. At the top level it takes the write lock up front (BEGIN IMMEDIATE), so a
 * read-then-write inside cannot fail half way on a lock upgrade; inside a caller's transaction it
 * becomes a savepoint, so a failure undoes only this part and the caller decides about the rest.
 * node:sqlite has no helper for this; the work is synchronous, so nothing interleaves with it.
 */
export function runInTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) {
    db.exec('SAVEPOINT library_step');
    try {
      const result = work();
      db.exec('RELEASE library_step');
      return result;
    } catch (error) {
      db.exec('ROLLBACK TO library_step');
      db.exec('RELEASE library_step');
      throw error;
    }
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    // Some errors (a full disk) end the transaction by themselves; rolling back again would throw.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
