import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { LibraryCounts } from '../../electron/shared/domain';
import { fail, ok, appError, type Result } from '../../electron/shared/errors';
import { createCollection } from '../../renderer/src/stores/library-collections-store';
import { followLibraryCountEvents, loadLibraryCounts, RECOUNT_DEBOUNCE_MS, useLibraryCountsStore } from '../../renderer/src/stores/library-counts-store';
import { deferred } from './support/deferred';
import { makeItem } from './support/fake-data';
import { installFakeReverie } from './support/fake-reverie';

/** The sidebar's counts: main's library:counts, mirrored and kept current by the library's events. */

const TRAVEL = '11111111-1111-4111-8111-111111111111';

function sampleLibrary() {
  return installFakeReverie({
    collections: [{ id: TRAVEL, name: 'Travel', createdAt: 1 }],
    library: [
      makeItem({ favorite: true, tags: ['sea'], collectionIds: [TRAVEL] }),
      makeItem({ origin: 'imported', prompt: '', title: 'IMG_1', tags: ['sea', 'dusk'] }),
      makeItem({ status: 'refused', fileHash: null, mimeType: null, byteSize: null }),
      makeItem({ fileMissing: true }),
      makeItem({ trashedAt: 5, favorite: true, tags: ['dusk'], collectionIds: [TRAVEL] }),
    ],
  });
}

const counts = () => useLibraryCountsStore.getState().counts;

/** Lets the debounce run out on the held clock, then lets the reply arrive. */
async function letRecountRun(): Promise<void> {
  await act(() => vi.advanceTimersByTimeAsync(RECOUNT_DEBOUNCE_MS));
  vi.useRealTimers();
  await act(() => (window.reverie as ReturnType<typeof installFakeReverie>).settled());
}

describe('library counts store', () => {
  it("mirrors main's counts: the places without the trash, the trash, each collection and tag", async () => {
    installFakeReverie({});
    expect(counts()).toBeNull();
    const fake = sampleLibrary();

    await loadLibraryCounts();

    expect(fake.callsTo('library:counts')).toEqual([undefined]);
    expect(counts()).toEqual({
      all: 4,
      favorites: 1,
      imported: 1,
      problems: 2,
      trash: 1,
      collections: { [TRAVEL]: 1 },
      tags: [
        { name: 'sea', count: 2 },
        { name: 'dusk', count: 1 },
      ],
    });
  });

  it('counts once after a burst of library events, and again after the next change', async () => {
    const fake = sampleLibrary();
    await loadLibraryCounts();
    const stop = followLibraryCountEvents();

    vi.useFakeTimers();
    for (let n = 0; n < 8; n += 1) {
      const item = makeItem({ prompt: `new ${n}` });
      fake.library.push(item);
      fake.emit('library:item-added', item);
    }
    fake.emit('library:item-updated', fake.library[0]!);
    fake.emit('library:changed', { reason: 'organize' });
    await act(() => vi.advanceTimersByTimeAsync(RECOUNT_DEBOUNCE_MS - 1));
    expect(fake.callsTo('library:counts')).toHaveLength(1);
    await letRecountRun();

    expect(fake.callsTo('library:counts')).toHaveLength(2);
    expect(counts()?.all).toBe(12);

    vi.useFakeTimers();
    fake.library = fake.library.map((item) => ({ ...item, trashedAt: item.trashedAt ?? 9 }));
    fake.emit('library:changed', { reason: 'trash' });
    await letRecountRun();
    expect(counts()).toMatchObject({ all: 0, trash: 13 });

    stop();
    vi.useFakeTimers();
    fake.emit('library:changed', { reason: 'undo' });
    await act(() => vi.advanceTimersByTimeAsync(RECOUNT_DEBOUNCE_MS * 2));
    expect(fake.callsTo('library:counts')).toHaveLength(3);
  });

  it('counts a new collection, which main announces by no library event', async () => {
    const fake = sampleLibrary();
    await loadLibraryCounts();
    const stop = followLibraryCountEvents();

    const created = await createCollection('Summer');
    if (!created.ok) throw new Error(created.error.message);
    await vi.waitFor(() => expect(counts()?.collections).toEqual({ [TRAVEL]: 1, [created.value.id]: 0 }));
    expect(fake.callsTo('library:counts')).toHaveLength(2);
    stop();
  });

  it('keeps following while another follower remains, and keeps only the newest answer', async () => {
    const fake = sampleLibrary();
    const first = followLibraryCountEvents();
    const second = followLibraryCountEvents();
    vi.useFakeTimers();
    fake.emit('library:changed', { reason: 'import' });
    first();
    await letRecountRun();
    expect(fake.callsTo('library:counts')).toHaveLength(1);
    second();

    const older = deferred<Result<LibraryCounts>>();
    const newer = deferred<Result<LibraryCounts>>();
    const replies = [older, newer];
    fake.reply('library:counts', () => replies.shift()!.promise);
    const both = Promise.all([loadLibraryCounts(), loadLibraryCounts()]);
    const answer = (all: number): Result<LibraryCounts> => ok({ all, favorites: 0, imported: 0, problems: 0, trash: 0, collections: {}, tags: [] });
    newer.resolve(answer(2));
    older.resolve(answer(1));
    await act(() => both);
    expect(counts()?.all).toBe(2);
  });

  it('keeps the counts it had when a count fails, and says why', async () => {
    const fake = sampleLibrary();
    await loadLibraryCounts();
    const before = counts();
    fake.reply('library:counts', fail(appError('storage', 'The library database could not be read.')));

    await loadLibraryCounts();

    expect(counts()).toEqual(before);
    expect(useLibraryCountsStore.getState().error).toMatchObject({ code: 'storage' });
  });
});
