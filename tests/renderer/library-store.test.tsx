import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { encodeCursor } from '../../electron/main/services/library/cursor';
import type { LibraryPage } from '../../electron/shared/domain';
import { ok, type Result } from '../../electron/shared/errors';
import {
  addLibraryItem,
  DEFAULT_LIBRARY_QUERY,
  ensureLibraryRange,
  LIBRARY_PAGE_SIZE,
  libraryIndexOf,
  libraryItemAt,
  loadLibrary,
  patchLibraryItem,
  setLibraryQuery,
  setLibraryViewport,
  useLibraryStore,
  useLibraryTotal,
} from '../../renderer/src/stores/library-store';
import { deferred } from './support/deferred';
import { makeItem, makeLibrary } from './support/fake-data';
import { installFakeReverie } from './support/fake-reverie';

/** The paging logic on its own, against the fake's in-memory library (no grid, no layout). */

const heldItems = () => Object.values(useLibraryStore.getState().pages).reduce((sum, page) => sum + page.items.length, 0);

describe('library store paging', () => {
  it('continues with the keyset cursor, page after page, never by counting rows', async () => {
    const fake = installFakeReverie({ library: makeLibrary(1000) });
    await loadLibrary();
    await ensureLibraryRange(0, 3 * LIBRARY_PAGE_SIZE);

    const calls = fake.callsTo('library:list');
    expect(calls).toHaveLength(3);
    expect(calls[0]).toEqual({ query: DEFAULT_LIBRARY_QUERY, limit: LIBRARY_PAGE_SIZE });
    expect(calls.slice(1).every((input) => input.cursor !== undefined && input.offset === undefined)).toBe(true);
    expect(libraryItemAt(599)?.prompt).toBe('Image 599');
    expect(useLibraryStore.getState().total).toBe(1000);
  });

  it('jumps by offset, then goes on from there with the cursor', async () => {
    const fake = installFakeReverie({ library: makeLibrary(100_000) });
    await loadLibrary();
    await ensureLibraryRange(50_010, 50_020);
    await ensureLibraryRange(50_210, 50_220);

    const [, jump, next] = fake.callsTo('library:list');
    expect(jump).toEqual({ query: DEFAULT_LIBRARY_QUERY, limit: LIBRARY_PAGE_SIZE, offset: 50_000 });
    // Exactly the cursor main handed back with the jumped-to page: the position after its last item.
    const lastOfJump = libraryItemAt(50_000 + LIBRARY_PAGE_SIZE - 1);
    expect(lastOfJump?.prompt).toBe(`Image ${50_000 + LIBRARY_PAGE_SIZE - 1}`);
    const cursor = encodeCursor({ order: 'created-desc', key: lastOfJump!.createdAt, id: lastOfJump!.id });
    expect(next).toEqual({ query: DEFAULT_LIBRARY_QUERY, limit: LIBRARY_PAGE_SIZE, cursor });
    expect(libraryItemAt(50_015)?.prompt).toBe('Image 50015');
    expect(libraryItemAt(50_215)?.prompt).toBe('Image 50215');
    expect(libraryItemAt(30_000)).toBeUndefined();
  });

  it('never asks for the same page twice at once', async () => {
    const fake = installFakeReverie({ library: makeLibrary(1000) });
    await Promise.all([ensureLibraryRange(0, 10), ensureLibraryRange(5, 50), loadLibrary(), ensureLibraryRange(100, 199)]);
    expect(fake.callsTo('library:list')).toHaveLength(1);
    await ensureLibraryRange(0, 200);
    expect(fake.callsTo('library:list')).toHaveLength(1);
  });

  it('holds only the pages near the screen, however far the user travels', async () => {
    installFakeReverie({ library: makeLibrary(100_000) });
    await loadLibrary();
    for (let start = 0; start < 100_000; start += 7_919) {
      setLibraryViewport(start, start + 40);
      await ensureLibraryRange(start, start + 40);
    }
    // Two spans (screen and last request) with three pages either side at most.
    expect(heldItems()).toBeLessThanOrEqual(2 * 7 * LIBRARY_PAGE_SIZE);
    expect(Object.keys(useLibraryStore.getState().pages).length).toBeLessThanOrEqual(14);
  });

  it("keeps the focused position's page, and loads it when missing, however far the view travels", async () => {
    installFakeReverie({ library: makeLibrary(100_000) });
    await loadLibrary();
    // Focused far from anything loaded (the grid keeps that row rendered): its page is asked for at once.
    setLibraryViewport(0, 40, 70_010);
    await vi.waitFor(() => expect(libraryItemAt(70_010)?.prompt).toBe('Image 70010'));
    for (let start = 0; start < 100_000; start += 7_919) {
      setLibraryViewport(start, start + 40, 70_010);
      await ensureLibraryRange(start, start + 40);
    }
    expect(libraryItemAt(70_010)?.prompt).toBe('Image 70010');

    // No longer focused, it is a far page like any other.
    setLibraryViewport(0, 40);
    await ensureLibraryRange(0, 40);
    expect(libraryItemAt(70_010)).toBeUndefined();
  });

  it('drops a reply that arrives after the query changed', async () => {
    const fake = installFakeReverie({ library: [makeItem({ prompt: 'A fox' }), makeItem({ prompt: 'A heron' })] });
    const slow = deferred<Result<LibraryPage>>();
    fake.reply('library:list', (input) => {
      if (input.query?.text === 'fox') return slow.promise;
      const query = { ...DEFAULT_LIBRARY_QUERY, ...input.query };
      const items = fake.matching(query);
      return ok({ items, nextCursor: null, total: items.length });
    });

    setLibraryQuery({ text: 'fox' });
    setLibraryQuery({ text: 'heron' });
    await ensureLibraryRange(0, 10);
    expect(libraryItemAt(0)?.prompt).toBe('A heron');

    // The late reply arrives; act waits until the store has taken it in.
    await act(async () => slow.resolve(ok({ items: [makeItem({ prompt: 'A fox' })], nextCursor: null, total: 1 })));
    expect(libraryItemAt(0)?.prompt).toBe('A heron');
    expect(useLibraryStore.getState().query.text).toBe('heron');
  });

  it('puts a new item on top of the plain view and shifts later offsets by one', async () => {
    const fake = installFakeReverie({ library: makeLibrary(1000) });
    await loadLibrary();
    const added = makeItem({ prompt: 'Brand new', createdAt: 1_800_000_000_000 });
    fake.library.push(added);
    addLibraryItem(added);

    expect(libraryItemAt(0)?.prompt).toBe('Brand new');
    expect(libraryItemAt(1)?.prompt).toBe('Image 0');
    expect(useLibraryStore.getState().total).toBe(1001);

    await ensureLibraryRange(801, 802);
    expect(fake.callsTo('library:list').at(-1)?.offset).toBe(801);
    expect(libraryItemAt(801)?.prompt).toBe('Image 800');
    expect(libraryIndexOf(added.id)).toBe(0);
  });

  it('patches a loaded item and exposes the total as a hook', async () => {
    const items = makeLibrary(3);
    installFakeReverie({ library: items });
    await loadLibrary();
    const { result } = renderHook(() => useLibraryTotal());
    expect(result.current).toBe(3);

    act(() => patchLibraryItem({ ...items[1]!, favorite: true }));
    expect(libraryItemAt(1)?.favorite).toBe(true);
    expect(libraryIndexOf(items[1]!.id)).toBe(1);
    // Unknown items are ignored.
    act(() => patchLibraryItem(makeItem({ prompt: 'Elsewhere' })));
    expect(libraryIndexOf(items[2]!.id)).toBe(2);
  });
});
