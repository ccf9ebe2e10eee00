import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/main/services/library/database';
import { createLibrary } from '../../electron/main/services/library/library';
import { MIGRATIONS } from '../../electron/main/services/library/migrations';
import { SORT_KEY_SLOTS, sortKeyFloor } from '../../electron/main/services/library/sort-key';
import { listOk, makeItem, useTempLibraries } from './support/library-fixtures';

// sort_key: the grid's order as one integer per row, and the search index keyed by it (migrations.ts, step 7).
describe('library sort key', () => {
  const { open, openAt, dbPathIn } = useTempLibraries();

  /** Every row's (id, created_at, sort_key), and the search index checked whole against the table. */
  function keysAndIndex(path: string) {
    const raw = new DatabaseSync(path);
    try {
      raw.exec("INSERT INTO generations_fts (generations_fts) VALUES ('integrity-check')");
      raw.exec("INSERT INTO generations_fts (generations_fts, rank) VALUES ('integrity-check', 1)");
      return raw.prepare('SELECT id, created_at AS createdAt, sort_key AS sortKey FROM generations ORDER BY sort_key').all() as Array<{
        id: string;
        createdAt: number;
        sortKey: number;
      }>;
    } finally {
      raw.close();
    }
  }

  it('keys a schema-6 library by created_at, equal times by id, and its search finds the same rows', async () => {
    const path = await dbPathIn();
    const old = new DatabaseSync(path);
    for (const step of MIGRATIONS.slice(0, 6)) old.exec(step);
    old.exec('PRAGMA user_version = 6');
    const insert = old.prepare(
      `INSERT INTO generations (id, prompt, aspect_ratio, model, width, height, created_at, file_hash, byte_size, mime_type)
       VALUES (?, ?, '3:2', 'reve/create-image', 1248, 832, ?, ?, 1234, 'image/png')`,
    );
    const items = [30, 10, 20, 10, 30, 10].map((createdAt, i) => makeItem({ prompt: `lighthouse number ${i}`, createdAt, fileHash: String(i).repeat(64) }));
    for (const item of items) insert.run(item.id, item.prompt, item.createdAt, item.fileHash);
    old.close();

    const library = createLibrary(openDatabase(path));
    open.push(library);
    const byCreatedThenId = [...items].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    const rows = keysAndIndex(path);
    expect(rows.map((row) => row.id)).toEqual(byCreatedThenId.map((item) => item.id));
    for (const row of rows) {
      expect(row.sortKey).toBeGreaterThanOrEqual(sortKeyFloor(row.createdAt));
      expect(row.sortKey).toBeLessThan(sortKeyFloor(row.createdAt + 1));
    }
    const newest = [...byCreatedThenId].reverse().map((item) => item.id);
    expect(listOk(library, {}).items.map((item) => item.id)).toEqual(newest);
    expect(listOk(library, { query: { text: 'lighthouse' } }).items.map((item) => item.id)).toEqual(newest);
  });

  it('files a new row after the others of its millisecond, and moves it with an edit of created_at', async () => {
    const path = await dbPathIn();
    const library = openAt(path);
    const first = makeItem({ prompt: 'harbor fog', createdAt: 50 });
    const second = makeItem({ prompt: 'harbor dawn', createdAt: 50 });
    const older = makeItem({ prompt: 'harbor dusk', createdAt: 40 });
    for (const item of [first, second, older]) library.insert(item);
    expect(keysAndIndex(path).map((row) => [row.id, row.sortKey])).toEqual([
      [older.id, sortKeyFloor(40)],
      [first.id, sortKeyFloor(50)],
      [second.id, sortKeyFloor(50) + 1],
    ]);

    // An edit of created_at (a restore that replaces the row) moves its key, and the index with it.
    const raw = new DatabaseSync(path);
    raw.prepare('UPDATE generations SET created_at = 60, prompt = ? WHERE id = ?').run('lighthouse moved', older.id);
    raw.close();
    const rows = keysAndIndex(path);
    expect(rows.map((row) => row.id)).toEqual([first.id, second.id, older.id]);
    expect(rows.at(-1)?.sortKey).toBe(sortKeyFloor(60));
    expect(listOk(library, { query: { text: 'lighthouse' } }).items.map((item) => item.id)).toEqual([older.id]);
    expect(listOk(library, { query: { text: 'harbor' } }).items.map((item) => item.id)).toEqual([second.id, first.id]);
    expect(listOk(library, { query: { text: 'harbor', sort: 'oldest' } }).items.map((item) => item.id)).toEqual([first.id, second.id]);
  });

  it(`keeps every row, each key unique, when more than ${SORT_KEY_SLOTS} share one millisecond`, async () => {
    const path = await dbPathIn();
    const library = openAt(path);
    const crowd = Array.from({ length: SORT_KEY_SLOTS + 3 }, (_, i) => makeItem({ prompt: `crowd ${i}`, createdAt: 7 }));
    const next = makeItem({ prompt: 'next millisecond', createdAt: 8 });
    library.insert(next);
    for (const item of crowd) library.insert(item);

    const rows = keysAndIndex(path);
    expect(rows).toHaveLength(crowd.length + 1);
    expect(new Set(rows.map((row) => row.sortKey)).size).toBe(rows.length);
    // The first SORT_KEY_SLOTS fill the millisecond in arrival order; the rest are kept past the newest.
    expect(rows.slice(0, SORT_KEY_SLOTS).map((row) => row.id)).toEqual(crowd.slice(0, SORT_KEY_SLOTS).map((item) => item.id));
    expect(listOk(library, { query: { text: 'crowd' }, limit: 500 }).total).toBe(crowd.length);
  });
});
