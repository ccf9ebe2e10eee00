import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/main/services/library/database';
import { LATEST_SCHEMA_VERSION, LibrarySchemaTooNewError, MIGRATIONS } from '../../electron/main/services/library/migrations';
import { createLibrary, openLibrary } from '../../electron/main/services/library/library';
import { listOk, makeItem, makeRecord, useTempLibraries } from './support/library-fixtures';

// The library's database file: reopening, a newer version, WAL, the search index, and the migrations.
describe('library', () => {
  const { open, openAt, dbPathIn } = useTempLibraries();

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
              `SELECT g.id FROM generations_fts JOIN generations g ON g.sort_key = generations_fts.rowid
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
        'c0bbe4ed4e90217b826f228e142984a0b891e0838a61af97acecf2199e0ae13a',
        'ce0d13e902cf3601bc8a0f4db521b9dc20cd6c853a4c92211707f7aae7dde2ab',
        '80594f13da2d65c516f895a0b00ce50b2c9a627ec0f9868529cd2c48fe208111',
        // 7 is written with sort-key.ts: a change there changes this step, and needs a step of its own.
        '4866a6e1979ed14d5eea1fec87b1501e63d41d36390a676ed2ffbf2d52d59b9e',
      ];
      const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
      expect(MIGRATIONS.slice(0, released.length).map(sha256)).toEqual(released);
    });

    it('migrates a schema-3 library: no title or placeholder, its tags searchable, the index whole', async () => {
      const path = await dbPathIn();
      // The database release 3 wrote, rows and tags included, as its SQL put them there.
      const old = new DatabaseSync(path);
      for (const step of MIGRATIONS.slice(0, 3)) old.exec(step);
      old.exec('PRAGMA user_version = 3');
      const insert = old.prepare(
        `INSERT INTO generations (id, prompt, aspect_ratio, model, origin, width, height, created_at, file_hash, byte_size, mime_type)
         VALUES (?, ?, '3:2', 'reve/create-image', ?, 1248, 832, ?, ?, 1234, 'image/png') RETURNING seq`,
      );
      const generated = makeItem({ prompt: 'A lighthouse at dusk', createdAt: 10, fileHash: '1'.repeat(64), requestId: null, credits: null, sourceUrl: null });
      const imported = makeItem({
        prompt: 'IMG_2041',
        origin: 'imported',
        createdAt: 20,
        fileHash: '2'.repeat(64),
        requestId: null,
        credits: null,
        sourceUrl: null,
      });
      const seqs = [generated, imported].map((item) => Number(insert.get(item.id, item.prompt, item.origin, item.createdAt, item.fileHash)!.seq));
      old.exec(`INSERT INTO tags (id, name) VALUES (1, 'Sunset'), (2, 'sea')`);
      old.prepare('INSERT INTO item_tags (tag_id, item_seq) VALUES (1, ?), (2, ?), (2, ?)').run(seqs[0]!, seqs[0]!, seqs[1]!);
      old.close();

      const library = createLibrary(openDatabase(path));
      open.push(library);

      expect(library.get(generated.id)).toEqual({ ...generated, tags: ['sea', 'Sunset'], title: null, placeholder: null });
      expect(library.get(imported.id)).toEqual({ ...imported, tags: ['sea'], title: null, placeholder: null });
      const found = (text: string) => listOk(library, { query: { text } }).items.map((item) => item.id);
      expect(found('sunset')).toEqual([generated.id]);
      expect(found('sea')).toEqual([imported.id, generated.id]);
      expect(found('lighthouse sun')).toEqual([generated.id]);
      const raw = new DatabaseSync(path);
      try {
        expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: LATEST_SCHEMA_VERSION });
        expect(() => raw.exec("INSERT INTO generations_fts (generations_fts) VALUES ('integrity-check')")).not.toThrow();
      } finally {
        raw.close();
      }
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
