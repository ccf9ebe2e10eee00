import { copyFile, mkdir, mkdtemp, open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ACTIVE_JOB_STATES } from '../../../shared/domain';
import { codeOf } from '../../../shared/errors';

/** Where damaged databases are kept, inside the library folder (so a move or a backup takes them along). */
export const DAMAGED_FOLDER = 'damaged';

/**
 * The companions SQLite keeps beside a WAL database. They are moved before the main file: a new
 * database must never meet an old log under its name, or SQLite would replay the old frames into it.
 */
const COMPANIONS = ['-wal', '-shm'] as const;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** `2025-03-01T09-30-12-345Z`: sorts by time and is a valid file name everywhere. */
const stampOf = (at: number) => new Date(at).toISOString().replace(/[:.]/g, '-');

/**
 * Picks the kept copy's name, `damaged/library-<stamp>.sqlite`: `-wal` and `-shm` go beside it
 * under the same name, so SQLite opens the three together again. Claimed by creating the main
 * copy's name exclusively, so two damages in one millisecond never overwrite each other.
 */
async function claimKeptName(dbPath: string, now: () => number): Promise<string> {
  const folder = join(dirname(dbPath), DAMAGED_FOLDER);
  await mkdir(folder, { recursive: true });
  const stem = basename(dbPath).replace(/\.sqlite$/, '');
  const stamp = stampOf(now());
  for (let attempt = 0; ; attempt += 1) {
    const name = join(folder, `${stem}-${stamp}${attempt === 0 ? '' : `-${attempt}`}.sqlite`);
    try {
      // An empty placeholder, replaced by the rename or the copy below: only the claim is exclusive.
      await (await open(name, 'wx')).close();
      return name;
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw error;
    }
  }
}

/**
 * Moves a damaged database out of the way, with its log and shared-memory file, into `damaged/`,
 * and returns where the database went. Nothing is deleted: whatever can still be read out of it
 * stays there for the user. The caller has closed every connection to it.
 */
export async function setDatabaseAside(dbPath: string, now: () => number): Promise<string> {
  const kept = await claimKeptName(dbPath, now);
  for (const suffix of COMPANIONS) {
    await rename(dbPath + suffix, kept + suffix).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
  }
  await rename(dbPath, kept).catch((error: unknown) => {
    if (!isMissing(error)) throw error;
  });
  return kept;
}

/**
 * Copies the database, its log and shared-memory file into `damaged/` as they are on disk (before
 * SQLite opens them and drops what it cannot replay), and returns where the database's copy went
 * (the log's is beside it, with `-wal` appended).
 */
export async function copyDatabaseAside(dbPath: string, now: () => number): Promise<string> {
  const kept = await claimKeptName(dbPath, now);
  for (const suffix of ['', ...COMPANIONS]) {
    await copyFile(dbPath + suffix, kept + suffix).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
  }
  return kept;
}

/** Deletes a database whose copy is kept: the log and shared-memory file first, for the reason in COMPANIONS. */
export async function removeDatabaseFiles(dbPath: string): Promise<void> {
  for (const suffix of [...COMPANIONS, '']) await rm(dbPath + suffix, { force: true });
}

/**
 * How many jobs the copy set aside still had waiting or out (and so maybe charged): they are lost
 * with it, and the user must hear so. null when its queue cannot be read at all. Read from a
 * throwaway copy: even a read-only connection changes what it opens (SQLite deletes the log of a
 * zero-length database, and rebuilds the shared-memory index), and the kept copy stays as found.
 */
export async function countUnfinishedJobs(keptPath: string): Promise<number | null> {
  const scratch = await mkdtemp(join(tmpdir(), 'reverie-damaged-'));
  const copy = join(scratch, 'library.sqlite');
  let db: DatabaseSync | null = null;
  try {
    for (const suffix of ['', ...COMPANIONS]) {
      await copyFile(keptPath + suffix, copy + suffix).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      });
    }
    db = new DatabaseSync(copy, { readOnly: true });
    const states = [...ACTIVE_JOB_STATES, 'interrupted'];
    const row = db.prepare(`SELECT count(*) AS n FROM jobs WHERE state IN (${states.map(() => '?').join(', ')})`).get(...states);
    return Number(row?.n ?? 0);
  } catch {
    return null;
  } finally {
    db?.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
