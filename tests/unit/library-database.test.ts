import { createHash } from 'node:crypto';
import { cp, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/main/services/library/database';
import { openLibraryDatabase, replaceDamagedDatabase, type DatabaseDamage } from '../../electron/main/services/library/database-file';
import { LibrarySchemaTooNewError } from '../../electron/main/services/library/migrations';
import { useTempDirs } from './support/library-fixtures';

const NOW = Date.UTC(2025, 2, 1, 9, 30, 12, 345);
const now = () => NOW;
const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
const damagedFolder = (root: string) => join(root, 'damaged');

/** The damage report of a database set aside (fails the test for any other). */
function setAside(damage: DatabaseDamage | null): Extract<DatabaseDamage, { kind: 'database' }> {
  if (damage?.kind !== 'database') throw new Error(`expected the database set aside, got ${JSON.stringify(damage)}`);
  return damage;
}

/** A library database with jobs in several states, closed cleanly (everything in the main file). */
function makeDatabase(path: string, states: string[] = []): void {
  const db = openDatabase(path);
  const insert = db.prepare('INSERT INTO jobs (id, batch_id, params, state, created_at) VALUES (?, ?, ?, ?, ?)');
  for (const [i, state] of states.entries()) insert.run(`job-${i}`, 'batch', '{}', state, i);
  db.close();
}

/** A charge committed to the log only, the files copied with the connection open (as a crash leaves them), then a frame garbled. */
async function crashWithDamagedLog(root: string, path: string): Promise<void> {
  makeDatabase(path);
  const writer = openDatabase(path);
  writer.prepare('INSERT INTO spend (job_id, request_id, credits, at) VALUES (?, ?, ?, ?)').run('job', 'rsid', 126000, 1);
  for (const suffix of ['', '-wal', '-shm']) await cp(path + suffix, join(root, `crashed.sqlite${suffix}`));
  writer.close();
  for (const suffix of ['', '-wal', '-shm']) await cp(join(root, `crashed.sqlite${suffix}`), path + suffix);
  const wal = await readFile(`${path}-wal`);
  wal.fill(0x11, 32 + 24 + 50, 32 + 24 + 90);
  await writeFile(`${path}-wal`, wal);
}

describe('openLibraryDatabase', () => {
  const tempDir = useTempDirs();

  it('sets an unreadable file aside, byte for byte, and opens a new database in its place', async () => {
    const root = await tempDir();
    const path = join(root, 'library.sqlite');
    makeDatabase(path, ['queued']);
    const content = await readFile(path);
    content.fill(0x5a, 0, 100);
    await writeFile(path, content);
    const damagedHash = await sha(path);

    const { db, damage } = await openLibraryDatabase(path, now);
    try {
      expect(damage).toEqual({
        kind: 'database',
        reason: 'file is not a database',
        keptAt: join(damagedFolder(root), 'library-2025-03-01T09-30-12-345Z.sqlite'),
        // The header is garbage, so its queue cannot be read either: the notice says so.
        lostJobs: null,
      });
      expect(await sha(setAside(damage).keptAt)).toBe(damagedHash);
      expect(Number(db.prepare('SELECT count(*) AS n FROM jobs').get()?.n)).toBe(0);
    } finally {
      db.close();
    }
  });

  it('counts the jobs lost with a database set aside, from a scratch copy, leaving the kept copy as it was', async () => {
    const root = await tempDir();
    const path = join(root, 'library.sqlite');
    makeDatabase(path, ['queued', 'retry-wait', 'sending', 'interrupted', 'done', 'failed', 'cancelled']);
    const before = await sha(path);

    const { db, damage } = await replaceDamagedDatabase(path, now, 'database disk image is malformed');
    db.close();
    // Waiting (queued, retry-wait), out and maybe charged (sending, interrupted); finished ones are not lost work.
    expect(damage?.lostJobs).toBe(4);
    expect(await sha(damage!.keptAt)).toBe(before);
    expect(await readdir(damagedFolder(root))).toEqual(['library-2025-03-01T09-30-12-345Z.sqlite']);
  });

  it('keeps a zero-length database with its log (SQLite would delete the log of an empty file on open)', async () => {
    const root = await tempDir();
    const path = join(root, 'library.sqlite');
    const live = new DatabaseSync(join(root, 'live.sqlite'));
    live.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    for (const suffix of ['', '-wal', '-shm']) await cp(join(root, 'live.sqlite') + suffix, path + suffix);
    live.close();
    await truncate(path, 0);
    const walHash = await sha(`${path}-wal`);

    const { db, damage } = await openLibraryDatabase(path, now);
    db.close();
    expect(damage).toMatchObject({ kind: 'database', reason: 'the file is empty (0 bytes)' });
    expect((await stat(setAside(damage).keptAt)).size).toBe(0);
    expect(await sha(`${setAside(damage).keptAt}-wal`)).toBe(walHash);
  });

  it('never overwrites an earlier kept copy from the same moment', async () => {
    const root = await tempDir();
    const path = join(root, 'library.sqlite');
    for (const round of [1, 2]) {
      makeDatabase(path);
      await truncate(path, 0);
      const { db } = await openLibraryDatabase(path, now);
      db.close();
      expect((await readdir(damagedFolder(root))).length).toBe(round);
    }
    expect(await readdir(damagedFolder(root))).toEqual(['library-2025-03-01T09-30-12-345Z-1.sqlite', 'library-2025-03-01T09-30-12-345Z.sqlite']);
  });

  it('copies a database whose log is damaged before SQLite drops the log, and keeps using the database', async () => {
    const root = await tempDir();
    const path = join(root, 'library.sqlite');
    await crashWithDamagedLog(root, path);
    const walHash = await sha(`${path}-wal`);

    const { db, damage } = await openLibraryDatabase(path, now);
    try {
      expect(damage).toMatchObject({ kind: 'journal' });
      expect(await sha(`${damage!.keptAt!}-wal`)).toBe(walHash);
      // The database itself stays in use; the charge in the damaged log is gone from it.
      expect(Number(db.prepare('SELECT count(*) AS n FROM spend').get()?.n)).toBe(0);
    } finally {
      db.close();
    }
  });

  it('still opens when a damaged log cannot be copied aside (here damaged/ is a file), and reports no copy', async () => {
    const root = await tempDir();
    const path = join(root, 'library.sqlite');
    await crashWithDamagedLog(root, path);
    await writeFile(damagedFolder(root), 'not a folder');

    const { db, damage } = await openLibraryDatabase(path, now);
    db.close();
    expect(damage).toEqual({ kind: 'journal', reason: 'its journal (library.sqlite-wal) was damaged', keptAt: null });
  });

  it('throws, and touches nothing, for a database from a newer Reverie (that is not damage)', async () => {
    const root = await tempDir();
    const path = join(root, 'library.sqlite');
    makeDatabase(path);
    const db = new DatabaseSync(path);
    db.exec('PRAGMA user_version = 999');
    db.close();
    const before = await sha(path);

    await expect(openLibraryDatabase(path, now)).rejects.toBeInstanceOf(LibrarySchemaTooNewError);
    expect(await sha(path)).toBe(before);
    expect(await readdir(root)).not.toContain('damaged');
  });
});
