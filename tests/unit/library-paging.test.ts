import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../electron/main/services/library/cursor';
import { sortKeyFloor } from '../../electron/main/services/library/sort-key';
import type { Library } from '../../electron/main/services/library/library';
import type { ChannelInput } from '../../electron/shared/contract';
import { LibraryPageInput, type LibraryItem } from '../../electron/shared/domain';
import { listOk, makeItem, useTempLibraries } from './support/library-fixtures';
import { recordingDispatcher, REACHED } from './support/recording-handlers';

/**
 * Newest first as the library orders `items` inserted in that order: by createdAt, equal ones the
 * later inserted first (sort-key.ts); `oldest` reverses it.
 */
const newestFirst = (items: readonly LibraryItem[]) =>
  items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.createdAt - a.item.createdAt || b.index - a.index)
    .map(({ item }) => item);

// Paging the library: keyset cursors in both orders and in the trash, offset jumps, and cursors refused.
describe('library', () => {
  const { fresh } = useTempLibraries();

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

  describe('paging', () => {
    // Three timestamps, seven items each: every page boundary falls inside a run of equal createdAt.
    const equalRuns = () => Array.from({ length: 21 }, (_, i) => makeItem({ createdAt: 1_000 + Math.floor(i / 7) * 10, prompt: `prompt ${i}` }));

    it('pages newest first across equal timestamps with no duplicates and no gaps', async () => {
      const library = await fresh();
      const items = equalRuns();
      for (const item of items) library.insert(item);

      const pages = allPages(library, { limit: 5 });

      expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 1]);
      expect(pages.flat().map((item) => item.id)).toEqual(newestFirst(items).map((item) => item.id));
      expect(listOk(library, { limit: 5 }).total).toBe(21);
    });

    it('pages oldest first across equal timestamps with no duplicates and no gaps', async () => {
      const library = await fresh();
      const items = equalRuns();
      for (const item of items) library.insert(item);

      const pages = allPages(library, { limit: 4, query: { sort: 'oldest' } });

      expect(pages.map((page) => page.length)).toEqual([4, 4, 4, 4, 4, 1]);
      expect(pages.flat().map((item) => item.id)).toEqual(
        newestFirst(items)
          .reverse()
          .map((item) => item.id),
      );
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
      expect(oldest.map((item) => item.id)).toEqual(
        [...trashed]
          .sort(byTrashedNewest)
          .reverse()
          .map((item) => item.id),
      );
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
      const page = library.list(
        LibraryPageInput.parse({ limit: 10, cursor: encodeCursor({ order: 'created-desc', key: sortKeyFloor(10), id: makeItem().id }) }),
      );
      expect(page).toMatchObject({ ok: true, value: { items: [older], nextCursor: null } });
    });
  });
});
