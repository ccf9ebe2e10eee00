import type { DatabaseSync } from 'node:sqlite';
import { createDispatcher } from '../../electron/main/ipc/dispatch';
import { describe, expect, it } from 'vitest';
import { createLibraryCounts, LIBRARY_COUNTS_SQL } from '../../electron/main/services/library/counts';
import { createLibrary, type Library } from '../../electron/main/services/library/library';
import type { ChannelInput } from '../../electron/shared/contract';
import { seededRandom } from '../support/seeded-random';
import { listOk, makeImage, makeItem, makeRecord, useTempDatabases } from './support/library-fixtures';
import { recordingDispatcher } from './support/recording-handlers';
import { useHostedStudios } from './support/studio-fixture';

const TRAVEL = '11111111-1111-4111-8111-111111111111';
const EMPTY = '22222222-2222-4222-8222-222222222222';
const NAMES = { [TRAVEL]: 'Travel', [EMPTY]: 'Empty' };

/** The counts next to the sidebar's places, on a real library. */
describe('library counts', () => {
  const databases = useTempDatabases();

  async function library(): Promise<{ db: DatabaseSync; library: Library }> {
    const { db } = await databases.open();
    const opened = createLibrary(db);
    opened.createCollection('Empty', 1);
    return { db, library: opened };
  }

  it('counts each place, leaving the trash out of all but the trash', async () => {
    const { db, library: lib } = await library();
    const items = [
      makeItem({ favorite: true, tags: ['sea', 'Sunset'], collectionIds: [TRAVEL] }),
      makeItem({ tags: ['sea'] }),
      makeItem({ origin: 'imported', prompt: '', title: 'IMG_1', collectionIds: [TRAVEL] }),
      makeRecord('refused', { tags: ['sunset'] }),
      makeRecord('download-failed'),
      makeItem({ fileMissing: true, favorite: true }),
      // In the trash: counted only there, whatever else it is.
      makeItem({ trashedAt: 5, favorite: true, origin: 'imported', tags: ['sea', 'gone'], collectionIds: [TRAVEL] }),
      makeRecord('refused', { trashedAt: 6 }),
    ];
    for (const item of items) lib.insert(item, NAMES);
    const emptyId = lib.listCollections().find((collection) => collection.name === 'Empty')!.id;

    expect(createLibraryCounts(db)()).toEqual({
      all: 6,
      favorites: 2,
      imported: 1,
      problems: 3,
      trash: 2,
      collections: { [TRAVEL]: 2, [emptyId]: 0 },
      // "Sunset" and "sunset" are one tag (the first spelling kept); "gone" is only in the trash.
      tags: [
        { name: 'sea', count: 2 },
        { name: 'Sunset', count: 2 },
      ],
    });
  });

  it("agrees with the total of each place's own list, over random libraries", async () => {
    const random = seededRandom(20_251_101);
    for (let round = 0; round < 5; round += 1) {
      const { db, library: lib } = await library();
      for (let index = 0; index < 60; index += 1) {
        lib.insert(
          makeItem({
            createdAt: index,
            status: random.pick(['ok', 'ok', 'refused', 'download-failed'] as const),
            origin: random.next() < 0.3 ? 'imported' : 'generated',
            favorite: random.next() < 0.3,
            fileMissing: random.next() < 0.15,
            trashedAt: random.next() < 0.2 ? 1_000 + index : null,
            tags: ['red', 'blue', 'green'].filter(() => random.next() < 0.3),
            collectionIds: random.next() < 0.4 ? [TRAVEL] : [],
          }),
          NAMES,
        );
      }
      const total = (query: ChannelInput<'library:list'>['query']) => listOk(lib, { query, limit: 500 }).total;
      const counts = createLibraryCounts(db)();

      expect(counts.all).toBe(total({}));
      expect(counts.favorites).toBe(total({ favoritesOnly: true }));
      expect(counts.imported).toBe(total({ origin: 'imported' }));
      expect(counts.problems).toBe(total({ statuses: ['refused', 'download-failed', 'missing'] }));
      expect(counts.trash).toBe(total({ view: 'trash' }));
      expect(counts.collections[TRAVEL]).toBe(total({ collectionId: TRAVEL }));
      for (const { name, count } of counts.tags) expect(count).toBe(total({ tags: [name] }));
      expect(counts.tags.map((tag) => tag.name).sort()).toEqual(['blue', 'green', 'red'].filter((name) => total({ tags: [name] }) > 0));
    }
  });

  it('never reads the whole table: each place has its index, and tags and collections subtract what the trash holds', async () => {
    const { db } = await databases.open();
    const planOf = (sql: string) =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((row) => String(row.detail));
    const readsTable = (plan: string[]) =>
      plan.some((step) => /^SCAN (generations|g)\b(?! USING)/.test(step) || /SEARCH g USING INTEGER PRIMARY KEY/.test(step));

    const places = planOf(LIBRARY_COUNTS_SQL.places).join(' | ');
    for (const index of ['generations_favorites', 'generations_imported', 'generations_problems', 'generations_trash'])
      expect(places).toContain(`INDEX ${index}`);
    for (const sql of Object.values(LIBRARY_COUNTS_SQL)) expect(readsTable(planOf(sql))).toBe(false);
    // From the trash's own index to each trashed item's links, not from every link to its row.
    expect(planOf(LIBRARY_COUNTS_SQL.tags).join(' | ')).toMatch(
      /SEARCH g USING COVERING INDEX generations_trash .*SEARCH l USING COVERING INDEX item_tags_item/,
    );
    expect(planOf(LIBRARY_COUNTS_SQL.collections).join(' | ')).toMatch(
      /SEARCH g USING COVERING INDEX generations_trash .*SEARCH l USING COVERING INDEX collection_items_item/,
    );
  });

  describe('over IPC', () => {
    const studios = useHostedStudios();

    it("answers library:counts from the studio's open library, through main's dispatcher", async () => {
      const h = await studios.host();
      const imported = await h.studio.handlers['library:import']({ files: [{ name: 'IMG_3.png', bytes: await makeImage('png', 20, 20, 3) }] });
      expect(imported).toMatchObject({ ok: true });
      const dispatch = createDispatcher(h.studio.handlers);
      expect(await dispatch('library:counts', undefined)).toEqual({
        ok: true,
        value: { all: 1, favorites: 0, imported: 1, problems: 0, trash: 0, collections: {}, tags: [] },
      });
    });

    it('refuses any input before the handler is reached', async () => {
      const { dispatch, reached } = recordingDispatcher();
      for (const hostile of [{}, { all: 1 }, 'counts', [1], null, 0]) {
        expect(await dispatch('library:counts', hostile)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      }
      expect(reached).toEqual([]);
    });
  });
});
