import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` atomically. At the top level it takes the write lock up front (BEGIN IMMEDIATE), so a
 * read-then-write inside cannot fail half way on a lock upgrade; inside a caller's transaction it
 * becomes a savepoint, so a failure undoes only this part and the caller decides about the rest.
 * node:sqlite has no helper for this; the work is synchronous, so nothing interleaves with it.
 */
export function runInTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) {
    return atomically(work, {
      begin: () => db.exec('SAVEPOINT library_step'),
      commit: () => db.exec('RELEASE library_step'),
      rollBack: () => {
        db.exec('ROLLBACK TO library_step');
        db.exec('RELEASE library_step');
      },
    });
  }
  return atomically(work, {
    begin: () => db.exec('BEGIN IMMEDIATE'),
    commit: () => db.exec('COMMIT'),
    rollBack: () => {
      // Some errors (a full disk) end the transaction by themselves; rolling back again would throw.
      if (db.isTransaction) db.exec('ROLLBACK');
    },
  });
}

/** `work` between begin and commit; a throw from either `work` or the commit rolls back and goes on up. */
function atomically<T>(work: () => T, step: { begin(): void; commit(): void; rollBack(): void }): T {
  step.begin();
  try {
    const result = work();
    step.commit();
    return result;
  } catch (error) {
    step.rollBack();
    throw error;
  }
}
