import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../electron/main/services/library-cursor';
import { LATEST_SCHEMA_VERSION, LibrarySchemaTooNewError } from '../../electron/main/services/library-migrations';
import { openLibrary, type Library } from '../../electron/main/services/library';
import type { LibraryItem } from '../../electron/shared/domain';
import { makeItem, useTempDirs } from './support/library-fixtures';

describe('library', () => {
  const tempDir = useTempDirs();
  const open: Library[] = [];
  const openAt = (path: string) => {
    const library = openLibrary(path);
    open.push(library);
    return library;
  };
  const dbPathIn = async () => join(await tempDir(), 'library.sqlite');
  // Registered after useTempDirs, so vitest (hooks run as a stack) closes before the folder goes.
  afterEach(() => {
    for (const library of open.splice(0)) library.close();
  });

  /** Walks every page; fails loudly instead of looping if a cursor ever repeats. */
  function allPages(library: Library, limit: number): LibraryItem[][] {
    const pages: LibraryItem[][] = [];
    let cursor: string | undefined;
    const seen = new Set<string>();
    do {
      const page = library.list({ limit, cursor });
      if (!page.ok) throw new Error(page.error.message);
      pages.push(page.value.items);
      cursor = page.value.nextCursor ?? undefined;
      if (cursor !== undefined && seen.has(cursor)) throw new Error('cursor repeated');
      if (cursor !== undefined) seen.add(cursor);
    } while (cursor !== undefined);
    return pages;
  }

  it('inserts an item and gets it back exactly', async () => {
    const library = openAt(await dbPathIn());
    const item = makeItem();
    const sparse = makeItem({ requestId: null, credits: null, sourceUrl: null, mimeType: 'image/webp' });
    library.insert(item);
    library.insert(sparse);

    expect(library.get(item.id)).toEqual(item);
    expect(library.get(sparse.id)).toEqual(sparse);
    expect(library.has(item.id)).toBe(true);
    expect(library.hasFileHash(item.fileHash)).toBe(true);
    expect(library.has(makeItem().id)).toBe(false);
    expect(library.get(makeItem().id)).toBeNull();
  });

  it('refuses an invalid item and a duplicate id', async () => {
    const library = openAt(await dbPathIn());
    const item = makeItem();
    library.insert(item);
    expect(() => library.insert(item)).toThrow();
    expect(() => library.insert({ ...makeItem(), width: 0 })).toThrow();
    expect(library.list({ limit: 10 })).toMatchObject({ ok: true, value: { total: 1 } });
  });

  it('pages newest first across equal timestamps with no duplicates and no gaps', async () => {
    const library = openAt(await dbPathIn());
    // Three timestamps, seven items each: every page boundary falls inside a run of equal createdAt.
    const items = Array.from({ length: 21 }, (_, i) => makeItem({ createdAt: 1_000 + Math.floor(i / 7) * 10, prompt: `prompt ${i}` }));
    for (const item of items) library.insert(item);

    const pages = allPages(library, 5);

    expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 1]);
    const expected = [...items].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).map((item) => item.id);
    expect(pages.flat().map((item) => item.id)).toEqual(expected);
    const first = library.list({ limit: 5 });
    expect(first.ok && first.value.total).toBe(21);
  });

  it('ends with a null cursor when the last page is exactly full', async () => {
    const library = openAt(await dbPathIn());
    for (let i = 0; i < 4; i += 1) library.insert(makeItem({ createdAt: i }));
    expect(allPages(library, 2).map((page) => page.length)).toEqual([2, 2]);
    expect(library.list({ limit: 100 })).toMatchObject({ ok: true, value: { nextCursor: null, total: 4 } });
  });

  it('lists an empty library', async () => {
    const library = openAt(await dbPathIn());
    expect(library.list({ limit: 100 })).toEqual({ ok: true, value: { items: [], nextCursor: null, total: 0 } });
  });

  it.each([
    ['not base64', '!!!'],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
    ['a cursor of the wrong shape', Buffer.from(JSON.stringify({ createdAt: 1 })).toString('base64url')],
    ['a negative timestamp', Buffer.from(JSON.stringify([-1, makeItem().id])).toString('base64url')],
  ])('answers invalid-input for %s', async (_, cursor) => {
    const library = openAt(await dbPathIn());
    const page = library.list({ limit: 10, cursor });
    expect(page).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('accepts a well-formed cursor for a row that no longer exists', async () => {
    const library = openAt(await dbPathIn());
    const older = makeItem({ createdAt: 5 });
    library.insert(older);
    const page = library.list({ limit: 10, cursor: encodeCursor({ createdAt: 10, id: makeItem().id }) });
    expect(page).toMatchObject({ ok: true, value: { items: [older], nextCursor: null } });
  });

  it('keeps rows across a reopen and does not migrate twice', async () => {
    const path = await dbPathIn();
    const first = openLibrary(path);
    const item = makeItem();
    first.insert(item);
    first.close();

    const again = openAt(path);
    expect(again.get(item.id)).toEqual(item);
    const raw = new DatabaseSync(path, { readOnly: true });
    try {
      expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: LATEST_SCHEMA_VERSION });
      // Running migration 1 again would have failed on CREATE TABLE, so one table proves one run.
      expect(raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'generations'").get()).toEqual({ n: 1 });
    } finally {
      raw.close();
    }
  });

  it('refuses a database from a newer version and leaves it untouched', async () => {
    const path = await dbPathIn();
    const future = new DatabaseSync(path);
    future.exec('CREATE TABLE something_new (x INTEGER); PRAGMA user_version = 99;');
    future.close();
    const before = await readFile(path);

    expect(() => openLibrary(path)).toThrow(LibrarySchemaTooNewError);
    expect(() => openLibrary(path)).toThrow(/newer version of Reverie/);
    expect((await readFile(path)).equals(before)).toBe(true);
  });

  it('runs in WAL mode', async () => {
    const path = await dbPathIn();
    openAt(path);
    const raw = new DatabaseSync(path);
    try {
      // WAL is a property of the file, so a second connection sees what openLibrary set.
      expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    } finally {
      raw.close();
    }
  });

  it('keeps the prompt search index in step with the table', async () => {
    const path = await dbPathIn();
    const library = openAt(path);
    const lighthouse = makeItem({ prompt: 'A lighthouse at dusk, oil painting' });
    const cafe = makeItem({ prompt: 'Neon café in the rain' });
    library.insert(lighthouse);
    library.insert(cafe);

    const raw = new DatabaseSync(path);
    try {
      const search = (query: string) =>
        raw
          .prepare(
            `SELECT g.id FROM generations_fts JOIN generations g ON g.seq = generations_fts.rowid
             WHERE generations_fts MATCH ? ORDER BY g.id`,
          )
          .all(query)
          .map((row) => row.id);
      expect(search('lighthouse')).toEqual([lighthouse.id]);
      // remove_diacritics: typing "cafe" finds "café".
      expect(search('cafe')).toEqual([cafe.id]);

      raw.prepare('UPDATE generations SET prompt = ? WHERE id = ?').run('A windmill at dawn', lighthouse.id);
      expect(search('lighthouse')).toEqual([]);
      expect(search('windmill')).toEqual([lighthouse.id]);

      raw.prepare('DELETE FROM generations WHERE id = ?').run(cafe.id);
      expect(search('cafe')).toEqual([]);
      // The FTS integrity check compares the index with the content table row by row.
      expect(() => raw.exec("INSERT INTO generations_fts (generations_fts) VALUES ('integrity-check')")).not.toThrow();
    } finally {
      raw.close();
    }
  });
});
