import { DatabaseSync } from 'node:sqlite';
import { assertSchemaNotNewer, migrate } from './migrations';

/** Long enough to ride out a checkpoint or a second window's write, short enough to surface a real lock-up. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The one SQLite connection of the data folder, migrated to the current schema. The library, the
 * generation queue and the prompt stores share it, so a single transaction can span them.
 */
export function openDatabase(dbPath: string): DatabaseSync {
  const db = new DatabaseSync(dbPath);
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Before anything writes (switching to WAL rewrites the header): a newer database stays untouched.
    assertSchemaNotNewer(db);
    db.exec('PRAGMA journal_mode = WAL');
    // NORMAL is durable against crashes in WAL mode; a power cut may drop the last rows, which the
    // sidecars written before them bring back at the next startup.
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
