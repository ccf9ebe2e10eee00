import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { inspectWriteAheadLog } from '../../electron/main/services/library/wal-check';
import { useTempDirs } from './support/library-fixtures';

const WAL_HEADER = 32;
const FRAME_HEADER = 24;

/**
 * A real WAL database with `commits` transactions, copied (db, -wal, -shm) while its connection is
 * still open, as a crash leaves it; returns the copy's log path and the log's page size.
 */
async function crashedLog(dir: string, commits: number): Promise<{ wal: string; pageSize: number }> {
  const live = join(dir, 'live.sqlite');
  const db = new DatabaseSync(live);
  // The table itself goes into the main file; only the rows stay in the log.
  db.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (x TEXT); PRAGMA wal_checkpoint(TRUNCATE)');
  for (let i = 0; i < commits; i += 1) db.prepare('INSERT INTO t VALUES (?)').run('row '.repeat(200) + i);
  const copy = join(dir, 'copy.sqlite');
  for (const suffix of ['', '-wal', '-shm']) await cp(live + suffix, copy + suffix);
  const pageSize = Number(db.prepare('PRAGMA page_size').get()?.page_size);
  db.close();
  return { wal: `${copy}-wal`, pageSize };
}

async function patch(path: string, offset: number, bytes: number[]): Promise<void> {
  const content = await readFile(path);
  content.set(bytes, offset);
  await writeFile(path, content);
}

/** Garbles four bytes of the page in the frame `fromEnd` frames before the log's end (1 = the last frame). */
async function garbleFrameFromEnd(wal: string, pageSize: number, fromEnd: number): Promise<void> {
  const frames = Math.floor(((await readFile(wal)).length - WAL_HEADER) / (FRAME_HEADER + pageSize));
  await patch(wal, WAL_HEADER + (frames - fromEnd) * (FRAME_HEADER + pageSize) + FRAME_HEADER + 10, [9, 9, 9, 9]);
}

/** What SQLite itself makes of the copy: how many rows survive its replay of the log. */
function rowsSqliteSees(wal: string): number {
  const db = new DatabaseSync(wal.replace(/-wal$/, ''));
  try {
    return Number(db.prepare('SELECT count(*) AS n FROM t').get()?.n ?? 0);
  } finally {
    db.close();
  }
}

describe('inspectWriteAheadLog', () => {
  const tempDir = useTempDirs();

  it('says none for a missing or empty log', async () => {
    const dir = await tempDir();
    expect(await inspectWriteAheadLog(join(dir, 'absent.sqlite-wal'))).toBe('none');
    await writeFile(join(dir, 'empty.sqlite-wal'), '');
    expect(await inspectWriteAheadLog(join(dir, 'empty.sqlite-wal'))).toBe('none');
  });

  it('passes a log a crash left, every commit intact (and SQLite replays all of it)', async () => {
    const { wal } = await crashedLog(await tempDir(), 5);
    expect(await inspectWriteAheadLog(wal)).toBe('intact');
    expect(rowsSqliteSees(wal)).toBe(5);
  });

  it('finds a garbled page in the first frame, which makes SQLite drop every commit after it silently', async () => {
    const { wal } = await crashedLog(await tempDir(), 5);
    await patch(wal, WAL_HEADER + FRAME_HEADER + 100, [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await inspectWriteAheadLog(wal)).toBe('damaged');
    // Why the check exists: SQLite opens without a word and the rows are gone.
    expect(rowsSqliteSees(wal)).toBe(0);
  });

  it('finds a garbled log header', async () => {
    const { wal } = await crashedLog(await tempDir(), 2);
    await patch(wal, 0, [0xde, 0xad, 0xbe, 0xef]);
    expect(await inspectWriteAheadLog(wal)).toBe('damaged');
  });

  it('passes a broken last transaction (a kill between a frame header and its page, or a power cut under NORMAL): only it is dropped', async () => {
    const { wal, pageSize } = await crashedLog(await tempDir(), 3);
    await garbleFrameFromEnd(wal, pageSize, 1);
    expect(await inspectWriteAheadLog(wal)).toBe('intact');
    expect(rowsSqliteSees(wal)).toBe(2);
  });

  it('finds a broken frame followed by later transactions, which SQLite would drop although they finished', async () => {
    const { wal, pageSize } = await crashedLog(await tempDir(), 3);
    // The second-to-last frame: the last one, a later commit, follows it.
    await garbleFrameFromEnd(wal, pageSize, 2);
    expect(await inspectWriteAheadLog(wal)).toBe('damaged');
  });

  it('passes a torn tail that never committed (a crash mid-write), which SQLite rightly drops', async () => {
    const { wal, pageSize } = await crashedLog(await tempDir(), 3);
    const content = await readFile(wal);
    // A half-written extra frame after the last commit: its header copies the log's salts, its checksum is wrong.
    const frame = Buffer.alloc(FRAME_HEADER + pageSize, 7);
    frame.writeUInt32BE(2, 0); // page 2
    frame.writeUInt32BE(0, 4); // not a commit
    content.copy(frame, 8, 16, 24); // the salts
    await writeFile(wal, Buffer.concat([content, frame]));
    expect(await inspectWriteAheadLog(wal)).toBe('intact');
    expect(rowsSqliteSees(wal)).toBe(3);
  });

  it('passes frames left over from before the log was restarted (another salt)', async () => {
    const { wal, pageSize } = await crashedLog(await tempDir(), 3);
    const content = await readFile(wal);
    const stale = Buffer.alloc(FRAME_HEADER + pageSize, 3);
    stale.writeUInt32BE(1, 0);
    stale.writeUInt32BE(5, 4); // a commit, but of an older generation of the log
    stale.writeUInt32BE((content.readUInt32BE(16) ^ 0xffffffff) >>> 0, 8);
    await writeFile(wal, Buffer.concat([content, stale]));
    expect(await inspectWriteAheadLog(wal)).toBe('intact');
  });
});
