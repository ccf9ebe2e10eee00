import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/main/services/library/database';
import { encodeCursor } from '../../electron/main/services/library/cursor';
import { LATEST_SCHEMA_VERSION, LibrarySchemaTooNewError, MIGRATIONS } from '../../electron/main/services/library/migrations';
import { createLibrary, openLibrary, type Library } from '../../electron/main/services/library/library';
import type { ChannelInput } from '../../electron/shared/contract';
import { LibraryPageInput, Selection, TagQuery, type LibraryItem } from '../../electron/shared/domain';
import { makeItem, makeRecord, useTempDirs } from './support/library-fixtures';
import { recordingDispatcher, REACHED } from './support/recording-handlers';

/** Newest first by (createdAt, id), as the library orders; `oldest` reverses it. */
const byNewest = (a: LibraryItem, b: LibraryItem) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1);

describe('library', () => {
  const tempDir = useTempDirs();
  const open: Library[] = [];
  const openAt = (path: string) => {
    const library = openLibrary(path);
    open.push(library);
    return library;
  };
  const dbPathIn = async () => join(await tempDir(), 'library.sqlite');
  const fresh = async () => openAt(await dbPathIn());
  // Registered after useTempDirs, so vitest (hooks run as a stack) closes before the folder goes.
  afterEach(() => {
    for (const library of open.splice(0)) library.close();
  });

  /** Walks every page; fails loudly instead of looping if a cursor ever repeats. */
  function allPages(library: Library, request: Omit<ChannelInput<'library:list'>, 'cursor' | 'offset'>): LibraryItem[][] {
    const pages: LibraryItem[][] = [];
    let cursor: string | undefined;
    const seen = new Set<string>();
    do {
      const page = library.list(LibraryPageInput.parse({ ...request, cursor }));
      if (!page.ok) throw new Error(page.error.message);
      pages.push(page.value.items);
      cursor = page.value.nextCursor ?? undefined;
      if (cursor !== undefined && seen.has(cursor)) throw new Error('cursor repeated');
      if (cursor !== undefined) seen.add(cursor);
    } while (cursor !== undefined);
    return pages;
  }

  /** The request as the renderer writes it, parsed as the IPC boundary does. */
  const listOk = (library: Library, request: ChannelInput<'library:list'>) => {
    const page = library.list(LibraryPageInput.parse(request));
    if (!page.ok) throw new Error(page.error.message);
    return page.value;
  };

  describe('items', () => {
    it('inserts an item with its organization and gets it back exactly', async () => {
      const library = await fresh();
      const collectionA = '11111111-1111-4111-8111-111111111111';
      const collectionB = '22222222-2222-4222-8222-222222222222';
      const item = makeItem({ favorite: true, tags: ['Sunset', 'oil'], collectionIds: [collectionA, collectionB], trashedAt: 5 });
      const sparse = makeItem({ requestId: null, credits: null, sourceUrl: null, mimeType: 'image/webp', origin: 'imported' });
      const refused = makeRecord('refused', { prompt: 'not allowed' });
      const lost = makeRecord('download-failed');
      library.insert(item, { [collectionA]: 'Trips', [collectionB]: 'Best' });
      for (const other of [sparse, refused, lost]) library.insert(other);

      // Tags come back ordered by name (case-insensitive), collections in the order they were joined.
      expect(library.get(item.id)).toEqual({ ...item, tags: ['oil', 'Sunset'] });
      expect(library.get(sparse.id)).toEqual(sparse);
      expect(library.get(refused.id)).toEqual(refused);
      expect(library.get(lost.id)).toEqual(lost);
      expect(library.has(item.id)).toBe(true);
      expect(library.hasFileHash('a'.repeat(64))).toBe(true);
      expect(library.hasFileHash('b'.repeat(64))).toBe(false);
      expect(library.has(makeItem().id)).toBe(false);
      expect(library.get(makeItem().id)).toBeNull();
      expect(library.listCollections().map(({ id, name }) => ({ id, name }))).toEqual([
        { id: collectionB, name: 'Best' },
        { id: collectionA, name: 'Trips' },
      ]);
    });

    it('creates a collection named only by id under a placeholder name, and keeps an existing name', async () => {
      const library = await fresh();
      const known = library.createCollection('Portraits', 1);
      const unknownId = '33333333-3333-4333-8333-333333333333';
      library.insert(makeItem({ collectionIds: [known.id, unknownId] }), { [known.id]: 'Renamed by a sidecar' });
      expect(library.listCollections().map(({ id, name, count }) => ({ id, name, count }))).toEqual([
        { id: known.id, name: 'Portraits', count: 1 },
        { id: unknownId, name: 'Untitled collection', count: 1 },
      ]);
    });

    it('refuses an invalid item and a duplicate id, leaving nothing of the failed insert behind', async () => {
      const library = await fresh();
      const item = makeItem();
      library.insert(item);
      expect(() => library.insert({ ...item, tags: ['ghost'] })).toThrow();
      expect(() => library.insert({ ...makeItem(), width: 0 })).toThrow();
      expect(() => library.insert({ ...makeItem(), tags: ['x'], fileHash: 'not a hash' })).toThrow();
      expect(listOk(library, {}).total).toBe(1);
      expect(library.listTags(TagQuery.parse({}))).toEqual([]);
      expect(library.get(item.id)).toEqual(item);
    });

    it('updates a record in place when its image arrives: same id, fields, tags and collections replaced', async () => {
      const library = await fresh();
      const keep = library.createCollection('Keep', 1);
      const drop = library.createCollection('Drop', 1);
      const record = makeRecord('download-failed', { prompt: 'a windmill at dawn', tags: ['old', 'shared'], collectionIds: [keep.id, drop.id] });
      library.insert(record);
      const other = makeItem({ tags: ['shared'] });
      library.insert(other);

      const arrived: LibraryItem = {
        ...record,
        status: 'ok',
        prompt: 'a windmill at dawn, watercolor',
        width: 1024,
        height: 1024,
        fileHash: 'c'.repeat(64),
        byteSize: 99,
        mimeType: 'image/jpeg',
        tags: ['new', 'shared'],
        collectionIds: [keep.id],
        favorite: true,
      };
      library.update(arrived);

      expect(library.get(record.id)).toEqual(arrived);
      expect(listOk(library, {}).total).toBe(2);
      // The search index follows the new prompt; the tag only the old version had is gone.
      expect(listOk(library, { query: { text: 'watercolor' } }).items.map((item) => item.id)).toEqual([record.id]);
      expect(library.listTags(TagQuery.parse({})).map((tag) => tag.name).sort()).toEqual(['new', 'shared']);
      expect(library.listCollections().find((c) => c.id === drop.id)?.count).toBe(0);
      expect(() => library.update(makeItem())).toThrow(/no library item/);
    });

    it('streams the rows that point at files, in batches, and records missing files', async () => {
      const library = await fresh();
      // More than two batches of 500, with records without a file mixed in.
      const withFiles: LibraryItem[] = [];
      library.transaction(() => {
        for (let i = 0; i < 1203; i += 1) {
          const item = makeItem({ fileHash: i.toString(16).padStart(64, '0'), mimeType: i % 2 ? 'image/png' : 'image/webp', trashedAt: i % 7 ? null : 1 });
          library.insert(item);
          withFiles.push(item);
          if (i % 100 === 0) library.insert(makeRecord('refused'));
        }
      });
      library.setFileMissing(withFiles[600]!.id, true);

      const rows = [...library.fileRows()];
      expect(rows).toHaveLength(1203);
      expect(rows.map((row) => row.id)).toEqual(withFiles.map((item) => item.id));
      expect(rows[1]).toEqual({ id: withFiles[1]!.id, fileHash: withFiles[1]!.fileHash, mimeType: 'image/png', fileMissing: false });
      expect(rows.filter((row) => row.fileMissing).map((row) => row.id)).toEqual([withFiles[600]!.id]);
      expect(library.get(withFiles[600]!.id)?.fileMissing).toBe(true);

      library.setFileMissing(withFiles[600]!.id, false);
      expect(library.get(withFiles[600]!.id)?.fileMissing).toBe(false);
    });

    it('rolls a transaction back as a whole, and a failed inner step alone when the caller catches it', async () => {
      const library = await fresh();
      const lost = makeItem();
      expect(() =>
        library.transaction(() => {
          library.insert(lost);
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(library.has(lost.id)).toBe(false);

      const kept = makeItem();
      const duplicate = makeItem({ tags: ['dup'] });
      library.insert(duplicate);
      library.transaction(() => {
        library.insert(kept);
        // The insert with tags runs as a savepoint inside this transaction; its failure is contained.
        expect(() => library.insert({ ...duplicate, tags: ['other'] })).toThrow();
      });
      expect(library.has(kept.id)).toBe(true);
      expect(library.listTags(TagQuery.parse({})).map((tag) => tag.name)).toEqual(['dup']);
    });

    it('clears every table, the search index included', async () => {
      const path = await dbPathIn();
      const library = openAt(path);
      const collection = library.createCollection('Trips', 1);
      library.insert(makeItem({ tags: ['red'], collectionIds: [collection.id], prompt: 'lighthouse' }));
      library.insert(makeItem({ trashedAt: 3 }));
      library.setFavorite({ ids: [library.resolveSelection(Selection.parse({ query: {} }))[0]!] }, true);

      library.transaction(() => library.clearAll());

      expect(listOk(library, {}).total).toBe(0);
      expect(listOk(library, { query: { view: 'trash' } }).total).toBe(0);
      expect(listOk(library, { query: { text: 'lighthouse' } }).items).toEqual([]);
      expect(library.listTags(TagQuery.parse({}))).toEqual([]);
      expect(library.listCollections()).toEqual([]);
      expect(library.undo()).toEqual({ changed: 0, undoLabel: null });
      expect(library.takeChangedIds()).toEqual([]);
      const raw = new DatabaseSync(path);
      try {
        for (const table of ['generations', 'tags', 'item_tags', 'collections', 'collection_items']) {
          expect(raw.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
        }
        expect(() => raw.exec("INSERT INTO generations_fts (generations_fts) VALUES ('integrity-check')")).not.toThrow();
      } finally {
        raw.close();
      }
    });
  });

  describe('paging', () => {
    // Three timestamps, seven items each: every page boundary falls inside a run of equal createdAt.
    const equalRuns = () => Array.from({ length: 21 }, (_, i) => makeItem({ createdAt: 1_000 + Math.floor(i / 7) * 10, prompt: `prompt ${i}` }));

    it('pages newest first across equal timestamps with no duplicates and no gaps', async () => {
      const library = await fresh();
      const items = equalRuns();
      for (const item of items) library.insert(item);

      const pages = allPages(library, { limit: 5 });

      expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 1]);
      expect(pages.flat().map((item) => item.id)).toEqual([...items].sort(byNewest).map((item) => item.id));
      expect(listOk(library, { limit: 5 }).total).toBe(21);
    });

    it('pages oldest first across equal timestamps with no duplicates and no gaps', async () => {
      const library = await fresh();
      const items = equalRuns();
      for (const item of items) library.insert(item);

      const pages = allPages(library, { limit: 4, query: { sort: 'oldest' } });

      expect(pages.map((page) => page.length)).toEqual([4, 4, 4, 4, 4, 1]);
      expect(pages.flat().map((item) => item.id)).toEqual([...items].sort(byNewest).reverse().map((item) => item.id));
    });

    it('pages the trash by when items were trashed, in both directions, ties split by id', async () => {
      const library = await fresh();
      const trashed = Array.from({ length: 9 }, (_, i) => makeItem({ createdAt: 100 - i, trashedAt: 500 + Math.floor(i / 3) }));
      for (const item of trashed) library.insert(item);
      library.insert(makeItem({ createdAt: 1_000 }));
      const byTrashedNewest = (a: LibraryItem, b: LibraryItem) => b.trashedAt! - a.trashedAt! || (a.id < b.id ? 1 : -1);

      const newest = allPages(library, { limit: 2, query: { view: 'trash' } }).flat();
      const oldest = allPages(library, { limit: 2, query: { view: 'trash', sort: 'oldest' } }).flat();

      expect(newest.map((item) => item.id)).toEqual([...trashed].sort(byTrashedNewest).map((item) => item.id));
      expect(oldest.map((item) => item.id)).toEqual([...trashed].sort(byTrashedNewest).reverse().map((item) => item.id));
      expect(listOk(library, { query: { view: 'trash' } }).total).toBe(9);
      expect(listOk(library, {}).total).toBe(1);
    });

    it('ends with a null cursor when the last page is exactly full', async () => {
      const library = await fresh();
      for (let i = 0; i < 4; i += 1) library.insert(makeItem({ createdAt: i }));
      expect(allPages(library, { limit: 2 }).map((page) => page.length)).toEqual([2, 2]);
      expect(library.list(LibraryPageInput.parse({ limit: 100 }))).toMatchObject({ ok: true, value: { nextCursor: null, total: 4 } });
    });

    it('lists an empty library', async () => {
      const library = await fresh();
      expect(library.list(LibraryPageInput.parse({ limit: 100 }))).toEqual({ ok: true, value: { items: [], nextCursor: null, total: 0 } });
    });

    it('jumps to an offset and lands on the same rows as paging there, then pages on by cursor', async () => {
      const library = await fresh();
      const items = Array.from({ length: 40 }, (_, i) => makeItem({ createdAt: Math.floor(i / 6) }));
      for (const item of items) library.insert(item);

      for (const sort of ['newest', 'oldest'] as const) {
        const walked = allPages(library, { limit: 7, query: { sort } }).flat();
        const jump = listOk(library, { limit: 7, offset: 14, query: { sort } });
        expect(jump.items).toEqual(walked.slice(14, 21));
        expect(jump.total).toBe(40);
        const after = listOk(library, { limit: 7, cursor: jump.nextCursor!, query: { sort } });
        expect(after.items).toEqual(walked.slice(21, 28));
        expect(listOk(library, { limit: 7, offset: 38, query: { sort } })).toMatchObject({ items: walked.slice(38), nextCursor: null });
        expect(listOk(library, { limit: 7, offset: 400, query: { sort } })).toEqual({ items: [], nextCursor: null, total: 40 });
      }
    });

    const wrongOrder = encodeCursor({ order: 'created-asc', key: 1, id: makeItem().id });
    it.each([
      ['base64 of non-JSON', { cursor: Buffer.from('hello').toString('base64url') }],
      ['a cursor of the wrong shape', { cursor: Buffer.from(JSON.stringify({ createdAt: 1 })).toString('base64url') }],
      ['the old cursor format', { cursor: Buffer.from(JSON.stringify([1, makeItem().id])).toString('base64url') }],
      ['a negative key', { cursor: Buffer.from(JSON.stringify(['created-desc', -1, makeItem().id])).toString('base64url') }],
      ['a cursor from the other sort', { cursor: wrongOrder }],
      ['a library cursor in the trash', { cursor: encodeCursor({ order: 'created-desc', key: 1, id: makeItem().id }), query: { view: 'trash' as const } }],
      ['a cursor and an offset together', { cursor: encodeCursor({ order: 'created-desc', key: 1, id: makeItem().id }), offset: 3 }],
    ])('answers invalid-input for %s', async (_, request) => {
      const library = await fresh();
      library.insert(makeItem());
      expect(library.list(LibraryPageInput.parse({ limit: 10, ...request }))).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    });

    it('is never handed a request the schema refuses (a limit out of range): the IPC boundary parses every input, once', async () => {
      const { dispatch, reached } = recordingDispatcher();
      expect(await dispatch('library:list', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      // A cursor that is not base64url text (here with a control character) never reaches the library.
      expect(await dispatch('library:list', { limit: 10, cursor: '!!!\u0007' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(reached).toEqual([]);
      expect(await dispatch('library:list', { limit: 10 })).toEqual(REACHED);
    });

    it('accepts a well-formed cursor for a row that no longer exists', async () => {
      const library = await fresh();
      const older = makeItem({ createdAt: 5 });
      library.insert(older);
      const page = library.list(LibraryPageInput.parse({ limit: 10, cursor: encodeCursor({ order: 'created-desc', key: 10, id: makeItem().id }) }));
      expect(page).toMatchObject({ ok: true, value: { items: [older], nextCursor: null } });
    });
  });

  describe('database', () => {
    it('keeps rows across a reopen and does not migrate twice', async () => {
      const path = await dbPathIn();
      const first = openLibrary(path);
      const item = makeItem({ tags: ['kept'] });
      first.insert(item);
      first.close();

      const again = openAt(path);
      expect(again.get(item.id)).toEqual(item);
      const raw = new DatabaseSync(path, { readOnly: true });
      try {
        expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: LATEST_SCHEMA_VERSION });
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
        expect(search('cafe')).toEqual([cafe.id]);

        raw.prepare('UPDATE generations SET prompt = ? WHERE id = ?').run('A windmill at dawn', lighthouse.id);
        expect(search('lighthouse')).toEqual([]);
        expect(search('windmill')).toEqual([lighthouse.id]);

        raw.prepare('DELETE FROM generations WHERE id = ?').run(cafe.id);
        expect(search('cafe')).toEqual([]);
        expect(() => raw.exec("INSERT INTO generations_fts (generations_fts) VALUES ('integrity-check')")).not.toThrow();
      } finally {
        raw.close();
      }
    });

    it('never edits a step databases in the wild have run: each one keeps the text it shipped with', () => {
      // sha256 of each step's SQL. A new step is appended to MIGRATIONS, and its digest here once it is released.
      const released = [
        '1ac2c08a4e755b4992feb790d3f71cdbef7fc21b6a1138ae3847ea3b586a01f6',
        '17a5a4ab1fc80c9957f678b098e647b47034c20d3f9130402185cc973896c7cd',
        'e860893d93c0ab3d451ad175f8eee8f1f0654d833096233fd2932d6987c5656c',
      ];
      const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
      expect(MIGRATIONS.slice(0, released.length).map(sha256)).toEqual(released);
    });

    it('migrates a schema-2 library with rows: they survive as ok items and search finds them', async () => {
      const path = await dbPathIn();
      // The database release 2 wrote: its two steps, as pinned below.
      const old = new DatabaseSync(path);
      for (const step of MIGRATIONS.slice(0, 2)) old.exec(step);
      const insert = old.prepare(
        `INSERT INTO generations (id, prompt, aspect_ratio, model, width, height, request_id, credits, created_at, file_hash, byte_size, mime_type, source_url)
         VALUES (?, ?, '3:2', 'reve/create-image', 1248, 832, ?, ?, ?, ?, 1234, 'image/png', ?)`,
      );
      const v2 = [
        makeItem({ prompt: 'A lighthouse at dusk', createdAt: 10, fileHash: '1'.repeat(64) }),
        makeItem({ prompt: 'Neon café in the rain', createdAt: 20, fileHash: '2'.repeat(64), requestId: null, credits: null, sourceUrl: null }),
      ];
      for (const item of v2) insert.run(item.id, item.prompt, item.requestId, item.credits, item.createdAt, item.fileHash, item.sourceUrl);
      old.exec('PRAGMA user_version = 2');
      old.close();

      const library = createLibrary(openDatabase(path));
      open.push(library);

      expect(library.get(v2[0]!.id)).toEqual(v2[0]);
      expect(library.get(v2[1]!.id)).toEqual(v2[1]);
      expect(listOk(library, {}).items.map((item) => item.id)).toEqual([v2[1]!.id, v2[0]!.id]);
      expect(listOk(library, { query: { text: 'cafe' } }).items.map((item) => item.id)).toEqual([v2[1]!.id]);
      expect(listOk(library, { query: { text: 'light' } }).items.map((item) => item.id)).toEqual([v2[0]!.id]);
      // New rows continue after the migrated ones and are searchable too.
      const added = makeRecord('refused', { prompt: 'a lighthouse, refused', createdAt: 30 });
      library.insert(added);
      expect(listOk(library, { query: { text: 'lighthouse' } }).items.map((item) => item.id)).toEqual([added.id, v2[0]!.id]);
      const raw = new DatabaseSync(path, { readOnly: true });
      try {
        expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: LATEST_SCHEMA_VERSION });
        expect(() => raw.exec("SELECT * FROM generations_fts WHERE generations_fts MATCH 'x'")).not.toThrow();
      } finally {
        raw.close();
      }
    });
  });
});
