import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openDatabase } from './database';
import { copyDatabaseAside, countUnfinishedJobs, removeDatabaseFiles, setDatabaseAside } from './set-aside';
import { damageReason, isDatabaseDamage } from './damage-codes';
import { inspectWriteAheadLog } from './wal-check';
import { codeOf } from '../../../shared/errors';

/**
 * What was found wrong with a library's database at open, and what was kept of it.
 * `database`: the file could not be read; it was set aside (kept at `keptAt`, its `-wal` and `-shm`
 * beside it under the same name) and a new one made. `lostJobs`: jobs waiting or out (maybe
 * charged) in it, lost with it; null when its queue could not be read.
 * `journal`: its write-ahead log was damaged, so its latest changes were lost; the database stays.
 * `keptAt` is the copy made before SQLite dropped the log, or null when none could be made (a full
 * disk): the app still starts, and says so.
 */
export type DatabaseDamage =
  { kind: 'database'; reason: string; keptAt: string; lostJobs: number | null } | { kind: 'journal'; reason: string; keptAt: string | null };

export interface OpenedDatabase {
  db: DatabaseSync;
  damage: DatabaseDamage | null;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Sets the database at `dbPath` aside (kept, with its log) and opens a new, empty one in its place;
 * the caller fills it from the sidecars. `connection`: the one connection still open on it, if any.
 * Closing it would fold the log into the damaged file (SQLite checkpoints when the last connection
 * closes), so the files are copied as they are first, and only then closed and removed.
 */
export async function replaceDamagedDatabase(
  dbPath: string,
  now: () => number,
  reason: string,
  connection?: DatabaseSync,
): Promise<{ db: DatabaseSync; damage: Extract<DatabaseDamage, { kind: 'database' }> }> {
  let keptAt: string | null = null;
  if (connection?.isOpen) {
    // No room for a copy: the file is still kept, moved aside with its log folded in.
    keptAt = await copyDatabaseAside(dbPath, now).catch(() => null);
    connection.close();
    if (keptAt !== null) await removeDatabaseFiles(dbPath);
  }
  keptAt ??= await setDatabaseAside(dbPath, now);
  const lostJobs = await countUnfinishedJobs(keptAt);
  return { db: openDatabase(dbPath), damage: { kind: 'database', reason, keptAt, lostJobs } };
}

/** SQLite's complaint when the header or schema cannot be read, or null. */
function firstReadFailure(dbPath: string): string | null {
  let db: DatabaseSync | null = null;
  try {
    db = new DatabaseSync(dbPath, { readOnly: true });
    db.prepare('PRAGMA user_version').get();
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return null;
  } catch (error) {
    // Anything else (a lock, a permission) is for the read-write open to meet and report.
    return isDatabaseDamage(error) ? damageReason(error) : null;
  } finally {
    db?.close();
  }
}

/**
 * Opens a library's database, or, when it is damaged, sets it aside and opens a new one. What is
 * checked here is cheap at any size (the cost of opening stays flat at 100,000 items): the log's
 * checksums when a crash left one, a zero-length file, and SQLite's own reading of the header and
 * schema as it opens and migrates. Damage deeper in the file is met later, by the first page read
 * (the caller's probe), by the background integrity check, or by a query at run time.
 */
export async function openLibraryDatabase(dbPath: string, now: () => number): Promise<OpenedDatabase> {
  await mkdir(dirname(dbPath), { recursive: true });
  let journal: Extract<DatabaseDamage, { kind: 'journal' }> | null = null;
  // Before SQLite opens the file: it would replay what it can of a damaged log and drop the rest.
  if ((await inspectWriteAheadLog(`${dbPath}-wal`)) === 'damaged') {
    const keptAt = await copyDatabaseAside(dbPath, now).catch((error: unknown) => {
      console.warn(`library: the damaged journal could not be copied aside: ${String(error)}`);
      return null;
    });
    journal = { kind: 'journal', reason: 'its journal (library.sqlite-wal) was damaged', keptAt };
  }
  // After a crash (a log left behind), a first look through a read-only connection: a read-write
  // connection that fails would fold the log into the damaged file as it closes, and the copy kept
  // would no longer be what was found. A read-only one never checkpoints.
  if ((await sizeOf(`${dbPath}-wal`)) && (await sizeOf(dbPath))) {
    const unreadable = firstReadFailure(dbPath);
    if (unreadable !== null) return replaceDamagedDatabase(dbPath, now, unreadable);
  }
  // SQLite takes an empty file for a new database. Ours never is one once opened: it lost its content
  // (or a first start stopped before its first write, and setting aside an empty file costs nothing).
  if ((await sizeOf(dbPath)) === 0) return replaceDamagedDatabase(dbPath, now, 'the file is empty (0 bytes)');
  let db: DatabaseSync;
  try {
    db = openDatabase(dbPath);
  } catch (error) {
    if (!isDatabaseDamage(error)) throw error;
    return replaceDamagedDatabase(dbPath, now, damageReason(error));
  }
  return { db, damage: journal };
}
