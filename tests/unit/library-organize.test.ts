import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../electron/main/services/library/library';
import { LibraryPageInput, Selection, TagName, TagQuery, type LibraryItem } from '../../electron/shared/domain';
import { makeItem, makeRecord, useTempDirs } from './support/library-fixtures';
import { recordingDispatcher } from './support/recording-handlers';

describe('organizing the library', () => {
  const tempDir = useTempDirs();
  const open: Library[] = [];
  afterEach(() => {
    for (const library of open.splice(0)) library.close();
  });

  async function withItems(count: number, overrides: (i: number) => Partial<LibraryItem> = () => ({})) {
    const library = openLibrary(join(await tempDir(), 'library.sqlite'));
    open.push(library);
    const items = Array.from({ length: count }, (_, i) => makeItem({ createdAt: 1_000 + i, prompt: `picture ${i}`, ...overrides(i) }));
    for (const item of items) library.insert(item);
    const ids = items.map((item) => item.id);
    const get = (index: number) => library.get(ids[index]!)!;
    return { library, items, ids, get };
  }

  const sorted = (ids: readonly string[]) => [...ids].sort();

  describe('favorites', () => {
    it('stars what was not starred, and Undo unstars exactly those', async () => {
      const { library, ids, get } = await withItems(4, (i) => ({ favorite: i === 0 }));
      library.takeChangedIds();

      expect(library.setFavorite({ ids: ids.slice(0, 3) }, true)).toEqual({ changed: 2, undoLabel: 'Starred 2 images' });
      expect([0, 1, 2, 3].map((i) => get(i).favorite)).toEqual([true, true, true, false]);
      expect(sorted(library.takeChangedIds())).toEqual(sorted(ids.slice(1, 3)));

      expect(library.undo()).toEqual({ changed: 2, undoLabel: null });
      expect([0, 1, 2, 3].map((i) => get(i).favorite)).toEqual([true, false, false, false]);
      expect(sorted(library.takeChangedIds())).toEqual(sorted(ids.slice(1, 3)));
      expect(library.undo()).toEqual({ changed: 0, undoLabel: null });
    });

    it('unstars through a query selection minus exceptions', async () => {
      const { library, ids, get } = await withItems(5, () => ({ favorite: true }));
      const summary = library.setFavorite(Selection.parse({ query: { favoritesOnly: true }, except: [ids[4]!] }), false);
      expect(summary).toEqual({ changed: 4, undoLabel: 'Unstarred 4 images' });
      expect([0, 1, 2, 3, 4].map((i) => get(i).favorite)).toEqual([false, false, false, false, true]);
      library.undo();
      expect([0, 1, 2, 3, 4].map((i) => get(i).favorite)).toEqual([true, true, true, true, true]);
    });

    it('keeps the previous Undo when an action changes nothing', async () => {
      const { library, ids } = await withItems(2);
      library.trash({ ids: [ids[0]!] }, 50);
      expect(library.setFavorite({ ids: [ids[1]!] }, false)).toEqual({ changed: 0, undoLabel: 'Moved 1 image to the trash' });
      expect(library.takeChangedIds()).toEqual([ids[0]]);
      expect(library.undo()).toEqual({ changed: 1, undoLabel: null });
      expect(library.get(ids[0]!)?.trashedAt).toBeNull();
    });
  });

  describe('tags', () => {
    it('adds a tag to those without it, and Undo takes it only from them', async () => {
      const { library, ids, get } = await withItems(3, (i) => ({ tags: i === 0 ? ['sunset'] : [] }));
      library.takeChangedIds();

      // An existing tag keeps its spelling whatever case the new use types.
      expect(library.addTag({ ids }, '  Sunset ')).toEqual({ changed: 2, undoLabel: 'Tagged 2 images “sunset”' });
      expect([0, 1, 2].map((i) => get(i).tags)).toEqual([['sunset'], ['sunset'], ['sunset']]);
      expect(sorted(library.takeChangedIds())).toEqual(sorted(ids.slice(1)));

      library.undo();
      expect([0, 1, 2].map((i) => get(i).tags)).toEqual([['sunset'], [], []]);
    });

    it('removes a tag, and Undo gives it back; an unused tag disappears', async () => {
      const { library, ids, get } = await withItems(3, (i) => ({ tags: i < 2 ? ['dusk', 'oil'] : ['oil'] }));
      expect(library.removeTag({ ids: ids.slice(0, 2) }, 'DUSK')).toEqual({ changed: 2, undoLabel: 'Removed the tag “dusk” from 2 images' });
      expect([0, 1, 2].map((i) => get(i).tags)).toEqual([['oil'], ['oil'], ['oil']]);
      expect(library.listTags(TagQuery.parse({}))).toEqual([{ name: 'oil', count: 3 }]);

      library.undo();
      expect([0, 1, 2].map((i) => get(i).tags)).toEqual([['dusk', 'oil'], ['dusk', 'oil'], ['oil']]);
      expect(library.removeTag({ ids }, 'never used')).toEqual({ changed: 0, undoLabel: null });
    });

    it('is never handed an empty or control-character tag: the IPC boundary refuses it', async () => {
      const { dispatch, reached } = recordingDispatcher();
      const selection = { ids: [makeItem().id] };
      for (const tag of ['   ', 'a\u0000b']) {
        expect(await dispatch('library:add-tag', { selection, tag })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
        expect(await dispatch('library:remove-tag', { selection, tag })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
        expect(await dispatch('tags:rename', { from: 'sunset', to: tag })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      }
      expect(reached).toEqual([]);
      // A name with spaces around it is trimmed there, too (the tag store trims again, as a safety net).
      expect(TagName.parse('  Sunset ')).toBe('Sunset');
    });

    it('autocompletes by prefix, ignoring case, most used first, leaving the trash and wildcards out', async () => {
      const { library } = await withItems(6, (i) => ({
        tags: [['sunset', 'Sunrise'], ['sunset'], ['sunset', 'sun_50%'], ['Sunrise'], ['ocean'], ['sunk']][i]!,
        trashedAt: i === 5 ? 9 : null,
      }));
      expect(library.listTags(TagQuery.parse({ prefix: 'SUN' }))).toEqual([
        { name: 'sunset', count: 3 },
        { name: 'Sunrise', count: 2 },
        { name: 'sun_50%', count: 1 },
      ]);
      expect(library.listTags(TagQuery.parse({ prefix: 'sun_' }))).toEqual([{ name: 'sun_50%', count: 1 }]);
      expect(library.listTags(TagQuery.parse({ prefix: 'sun_50%' }))).toEqual([{ name: 'sun_50%', count: 1 }]);
      expect(library.listTags(TagQuery.parse({ prefix: '%' }))).toEqual([]);
      expect(library.listTags(TagQuery.parse({ prefix: '', limit: 2 }))).toEqual([
        { name: 'sunset', count: 3 },
        { name: 'Sunrise', count: 2 },
      ]);
    });

    it('renames a tag on every item, and Undo renames it back', async () => {
      const { library, ids, get } = await withItems(3, (i) => ({ tags: i < 2 ? ['dusk'] : ['other'] }));
      library.takeChangedIds();
      expect(library.renameTag('dusk', 'Twilight')).toEqual({ changed: 2, undoLabel: 'Renamed the tag “dusk” to “Twilight”' });
      expect([0, 1, 2].map((i) => get(i).tags)).toEqual([['Twilight'], ['Twilight'], ['other']]);
      expect(sorted(library.takeChangedIds())).toEqual(sorted(ids.slice(0, 2)));
      expect(library.resolveSelection(Selection.parse({ query: { tags: ['dusk'] } }))).toEqual([]);

      library.undo();
      expect([0, 1, 2].map((i) => get(i).tags)).toEqual([['dusk'], ['dusk'], ['other']]);
      expect(
        library
          .listTags(TagQuery.parse({}))
          .map((tag) => tag.name)
          .sort(),
      ).toEqual(['dusk', 'other']);
    });

    it('changes only the spelling of a tag when the new name differs in case', async () => {
      const { library, get } = await withItems(2, () => ({ tags: ['dusk'] }));
      expect(library.renameTag('dusk', 'Dusk')).toMatchObject({ changed: 2 });
      expect(get(0).tags).toEqual(['Dusk']);
      expect(library.renameTag('dusk', 'Dusk')).toEqual({ changed: 0, undoLabel: 'Renamed the tag “dusk” to “Dusk”' });
      library.undo();
      expect(get(1).tags).toEqual(['dusk']);
      expect(library.renameTag('nope', 'anything')).toEqual({ changed: 0, undoLabel: null });
    });

    it('merges into an existing tag of the new name, and Undo splits them again', async () => {
      // 0: dusk only, 1: both, 2: evening only.
      const { library, ids, get } = await withItems(3, (i) => ({ tags: [['dusk'], ['dusk', 'evening'], ['evening']][i]! }));
      library.takeChangedIds();
      expect(library.renameTag('dusk', 'EVENING')).toEqual({ changed: 2, undoLabel: 'Merged the tag “dusk” into “evening”' });
      expect([0, 1, 2].map((i) => get(i).tags)).toEqual([['evening'], ['evening'], ['evening']]);
      expect(library.listTags(TagQuery.parse({}))).toEqual([{ name: 'evening', count: 3 }]);
      expect(sorted(library.takeChangedIds())).toEqual(sorted(ids.slice(0, 2)));

      library.undo();
      expect([0, 1, 2].map((i) => get(i).tags)).toEqual([['dusk'], ['dusk', 'evening'], ['evening']]);
    });
  });

  describe('collections', () => {
    it('creates, lists, renames and deletes collections; items stay in the library', async () => {
      const { library, ids, get } = await withItems(3);
      const trips = library.createCollection('  Trips ', 10);
      const best = library.createCollection('best of', 20);
      expect(trips).toEqual({ id: trips.id, name: 'Trips', createdAt: 10, count: 0 });
      expect(library.listCollections()).toEqual([
        { ...best, count: 0 },
        { ...trips, count: 0 },
      ]);

      expect(library.renameCollection(trips.id, 'Journeys')).toEqual({ ok: true, value: { ...trips, name: 'Journeys' } });
      expect(library.renameCollection('44444444-4444-4444-8444-444444444444', 'x')).toMatchObject({ ok: false, error: { code: 'not-found-locally' } });
      // An empty name never reaches the library: the IPC boundary refuses it.
      const { dispatch, reached } = recordingDispatcher();
      expect(await dispatch('collections:create', { name: '  ' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(await dispatch('collections:rename', { id: trips.id, name: 'a\u0007b' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(reached).toEqual([]);

      library.addToCollection(trips.id, { ids }, 30);
      library.takeChangedIds();
      expect(library.deleteCollection(trips.id)).toEqual({ changed: 3, undoLabel: 'Deleted the collection “Journeys”' });
      expect(library.listCollections().map((c) => c.id)).toEqual([best.id]);
      expect(get(0)).toMatchObject({ collectionIds: [] });
      expect(library.list(LibraryPageInput.parse({}))).toMatchObject({ ok: true, value: { total: 3 } });
      expect(sorted(library.takeChangedIds())).toEqual(sorted(ids));

      // Undo brings the collection back with its members and their dates.
      library.undo();
      expect(library.listCollections()).toEqual([
        { ...best, count: 0 },
        { ...trips, name: 'Journeys', count: 3 },
      ]);
      expect(get(2).collectionIds).toEqual([trips.id]);
      expect(library.deleteCollection('44444444-4444-4444-8444-444444444444')).toEqual({ changed: 0, undoLabel: null });
    });

    it('adds to and removes from collections, an item in several at once, with Undo for each', async () => {
      const { library, ids, get } = await withItems(4);
      const trips = library.createCollection('Trips', 1);
      const best = library.createCollection('Best', 2);

      expect(library.addToCollection(trips.id, { ids: ids.slice(0, 3) }, 100)).toEqual({
        ok: true,
        value: { changed: 3, undoLabel: 'Added 3 images to “Trips”' },
      });
      // Dated earlier than the Trips membership: `now` is the caller's clock, not insertion order.
      expect(library.addToCollection(best.id, { ids: ids.slice(1, 2) }, 50)).toEqual({ ok: true, value: { changed: 1, undoLabel: 'Added 1 image to “Best”' } });
      expect(library.addToCollection(trips.id, { ids }, 300)).toMatchObject({ ok: true, value: { changed: 1 } });
      // Collections in the order the item joined them.
      expect(get(1).collectionIds).toEqual([best.id, trips.id]);
      expect(library.list(LibraryPageInput.parse({ query: { collectionId: trips.id } }))).toMatchObject({ ok: true, value: { total: 4 } });

      library.undo(); // takes back only the one added last
      expect(get(3).collectionIds).toEqual([]);
      expect(get(0).collectionIds).toEqual([trips.id]);

      library.takeChangedIds();
      expect(library.removeFromCollection(trips.id, Selection.parse({ query: { collectionId: trips.id }, except: [ids[0]!] }))).toEqual({
        ok: true,
        value: { changed: 2, undoLabel: 'Removed 2 images from “Trips”' },
      });
      expect(get(1).collectionIds).toEqual([best.id]);
      expect(sorted(library.takeChangedIds())).toEqual(sorted(ids.slice(1, 3)));
      library.undo();
      // Back with the membership's original date, so the join order is as before.
      expect(get(1).collectionIds).toEqual([best.id, trips.id]);
      expect(library.listCollections().find((c) => c.id === trips.id)?.count).toBe(3);
    });

    it('answers not-found for a collection that does not exist, changing nothing', async () => {
      const { library, ids } = await withItems(1);
      const missing = '55555555-5555-4555-8555-555555555555';
      expect(library.addToCollection(missing, { ids }, 1)).toMatchObject({ ok: false, error: { code: 'not-found-locally' } });
      expect(library.removeFromCollection(missing, { ids })).toMatchObject({ ok: false, error: { code: 'not-found-locally' } });
      expect(library.get(ids[0]!)?.collectionIds).toEqual([]);
    });

    it('counts only items outside the trash', async () => {
      const { library, ids } = await withItems(3);
      const trips = library.createCollection('Trips', 1);
      library.addToCollection(trips.id, { ids }, 2);
      library.trash({ ids: [ids[0]!] }, 3);
      expect(library.listCollections()[0]?.count).toBe(2);
    });
  });

  describe('trash', () => {
    it('moves items to the trash and back, with Undo both ways', async () => {
      const { library, ids, get } = await withItems(4, (i) => ({ trashedAt: i === 3 ? 77 : null }));
      library.takeChangedIds();

      expect(library.trash({ ids }, 500)).toEqual({ changed: 3, undoLabel: 'Moved 3 images to the trash' });
      expect([0, 1, 2, 3].map((i) => get(i).trashedAt)).toEqual([500, 500, 500, 77]); // already trashed keeps its date
      expect(library.list(LibraryPageInput.parse({}))).toMatchObject({ ok: true, value: { total: 0 } });
      expect(sorted(library.takeChangedIds())).toEqual(sorted(ids.slice(0, 3)));

      library.undo();
      expect([0, 1, 2, 3].map((i) => get(i).trashedAt)).toEqual([null, null, null, 77]);

      expect(library.restore(Selection.parse({ query: { view: 'trash' } }))).toEqual({ changed: 1, undoLabel: 'Restored 1 image from the trash' });
      expect(get(3).trashedAt).toBeNull();
      library.undo();
      expect(get(3).trashedAt).toBe(77); // back with its original date
    });

    it('empties the trash for good: returns what it deleted and which files other rows still use', async () => {
      const shared = 'd'.repeat(64);
      const only = 'e'.repeat(64);
      const { library, ids, items } = await withItems(3, (i) => ({
        fileHash: [shared, only, shared][i]!,
        tags: i === 0 ? ['gone'] : ['kept'],
      }));
      const trips = library.createCollection('Trips', 1);
      library.addToCollection(trips.id, { ids: [ids[0]!, ids[2]!] }, 5);
      const refused = makeRecord('refused');
      library.insert(refused);
      library.trash({ ids: [ids[0]!, ids[1]!, refused.id] }, 600);
      library.setFavorite({ ids: [ids[2]!] }, true);

      const { deleted, stillReferencedHashes } = library.emptyTrash();

      expect(deleted.map((item) => item.id).sort()).toEqual(sorted([ids[0]!, ids[1]!, refused.id]));
      expect(deleted.find((item) => item.id === ids[0])).toEqual({ ...items[0], tags: ['gone'], collectionIds: [trips.id], trashedAt: 600 });
      expect(stillReferencedHashes).toEqual(new Set([shared]));
      expect(library.has(ids[0]!)).toBe(false);
      expect(library.has(ids[2]!)).toBe(true);
      expect(library.list(LibraryPageInput.parse({ query: { view: 'trash' } }))).toMatchObject({ ok: true, value: { total: 0 } });
      expect(library.listTags(TagQuery.parse({}))).toEqual([{ name: 'kept', count: 1 }]);
      expect(library.listCollections()[0]?.count).toBe(1);
      // Not undoable, and what Undo held before is gone too.
      expect(library.undo()).toEqual({ changed: 0, undoLabel: null });
      expect(library.get(ids[2]!)?.favorite).toBe(true);
      // Deleted rows have no sidecars left to rewrite.
      expect(library.takeChangedIds()).toEqual([ids[2]]);
      expect(library.emptyTrash()).toEqual({ deleted: [], stillReferencedHashes: new Set() });
    });
  });
});
