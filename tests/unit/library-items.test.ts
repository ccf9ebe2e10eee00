import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { Selection, TagQuery, type LibraryItem } from '../../electron/shared/domain';
import { listOk, makeItem, makeRecord, useTempLibraries } from './support/library-fixtures';

// The library's items: insert, get, update in place, file rows, transactions, clearing everything.
describe('library', () => {
  const { openAt, dbPathIn, fresh } = useTempLibraries();

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
      expect(
        library
          .listTags(TagQuery.parse({}))
          .map((tag) => tag.name)
          .sort(),
      ).toEqual(['new', 'shared']);
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
});
