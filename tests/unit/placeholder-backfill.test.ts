import { rm, writeFile } from 'node:fs/promises';
import { thumbHashToAverageRGBA } from 'thumbhash';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPlaceholderBackfill } from '../../electron/main/services/library-folder/placeholder-backfill';
import { rebuildLibrary } from '../../electron/main/services/library-folder/rebuild';
import { createSidecarSync } from '../../electron/main/services/library-folder/sidecar-sync';
import type { LibraryItem } from '../../electron/shared/domain';
import { makeImage, makeItem, makeRecord } from './support/library-fixtures';
import { fileItem, useLibraryFolders, type OpenLibraryFolder } from './support/library-folder-fixtures';

/** The colour makeImage paints for a seed. */
const colourOf = (seed: number) => [(seed * 37) % 256, (seed * 91) % 256, 128];

function expectPlaceholderOfColour(placeholder: string | null, seed: number): void {
  expect(placeholder).toEqual(expect.any(String));
  const average = thumbHashToAverageRGBA(Buffer.from(placeholder ?? '', 'base64'));
  const drawn = [average.r, average.g, average.b].map((value) => value * 255);
  drawn.forEach((value, i) => expect(Math.abs(value - colourOf(seed)[i]!), `channel ${i}`).toBeLessThan(12));
}

/** A pause the test releases: the pass waits in it until told to go on. */
function gate() {
  let open: () => void = () => undefined;
  let waiting = 0;
  return {
    pause: () => {
      waiting += 1;
      return new Promise<void>((resolve) => (open = resolve));
    },
    waiting: () => waiting,
    release: () => open(),
  };
}

describe('placeholder backfill', () => {
  const folders = useLibraryFolders();
  afterEach(() => vi.restoreAllMocks());

  /** An item as a build from before placeholders filed it: original, thumbnail, sidecar and row, but no placeholder. */
  async function oldItem(folder: OpenLibraryFolder, seed: number): Promise<LibraryItem> {
    const stored = await folder.store.save(await makeImage('png', 96, 64, seed));
    return fileItem(folder, makeItem({ ...stored, placeholder: null }));
  }

  function backfillOf(folder: OpenLibraryFolder, pause: () => Promise<void> = () => Promise.resolve()) {
    const sidecars = createSidecarSync(folder.store, folder.library);
    const filled: string[] = [];
    const backfill = createPlaceholderBackfill({
      store: folder.store,
      library: folder.library,
      codec: folders.codec,
      pause,
      onFilled: (ids) => {
        filled.push(...ids);
        sidecars.schedule(ids);
      },
    });
    return { backfill, sidecars, filled };
  }

  it('gives old items their placeholder from their image, in the row and the sidecar, and passes over one whose image is gone', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const folder = await folders.create();
    const { store, library } = folder;
    const plain = await oldItem(folder, 1);
    const noThumbnail = await oldItem(folder, 2);
    await rm(store.thumbnailPath(noThumbnail.fileHash!));
    // Gone from the disk, and not yet flagged missing (the file check has not looked).
    const gone = await oldItem(folder, 3);
    await rm(store.thumbnailPath(gone.fileHash!));
    await rm(store.originalPath(gone.fileHash!, 'image/png'));
    const unreadable = await oldItem(folder, 4);
    await rm(store.thumbnailPath(unreadable.fileHash!));
    await writeFile(store.originalPath(unreadable.fileHash!, 'image/png'), 'not an image any more');
    const record = await fileItem(folder, makeRecord('download-failed'));
    const current = await store.save(await makeImage('png', 80, 80, 5));
    const alreadyHasOne = await fileItem(folder, makeItem({ ...current }));

    const { backfill, sidecars, filled } = backfillOf(folder);
    backfill.start();
    await backfill.idle();
    await sidecars.flush();

    expect(filled.sort()).toEqual([plain.id, noThumbnail.id].sort());
    for (const [item, seed] of [
      [plain, 1],
      [noThumbnail, 2],
    ] as const) {
      const row = library.get(item.id);
      expectPlaceholderOfColour(row?.placeholder ?? null, seed);
      expect((await store.readSidecar(item.id))?.item).toEqual(row);
    }
    for (const item of [gone, unreadable, record]) {
      expect(library.get(item.id)?.placeholder).toBeNull();
      expect((await store.readSidecar(item.id))?.item.placeholder).toBeNull();
    }
    expect(library.get(alreadyHasOne.id)?.placeholder).toBe(current.placeholder);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/no placeholder for an image that does not decode/));
  });

  it('puts back placeholders a rebuild from sidecars without them could not', async () => {
    const folder = await folders.create();
    const items = [await oldItem(folder, 6), await oldItem(folder, 7)];
    await rebuildLibrary(folder.store, folder.library);
    expect(items.map((item) => folder.library.get(item.id)?.placeholder)).toEqual([null, null]);

    const { backfill, sidecars } = backfillOf(folder);
    backfill.start();
    await backfill.idle();
    await sidecars.flush();

    expectPlaceholderOfColour(folder.library.get(items[0]!.id)?.placeholder ?? null, 6);
    expectPlaceholderOfColour((await folder.store.readSidecar(items[1]!.id))?.item.placeholder ?? null, 7);
  });

  it('runs another pass when started during one, for rows that came back after it looked', async () => {
    const folder = await folders.create();
    const first = await oldItem(folder, 8);
    const stored = await folder.store.save(await makeImage('png', 96, 64, 9));
    const later = makeItem({ ...stored, placeholder: null });
    const backfill = createPlaceholderBackfill({
      store: folder.store,
      library: folder.library,
      codec: folders.codec,
      pause: () => Promise.resolve(),
      onFilled: () => {
        // A rebuild lands while the pass is under way, after it looked for rows, and starts it again.
        if (!folder.library.has(later.id)) {
          folder.library.insert(later);
          backfill.start();
        }
      },
    });

    backfill.start();
    await backfill.idle();

    expectPlaceholderOfColour(folder.library.get(first.id)?.placeholder ?? null, 8);
    expectPlaceholderOfColour(folder.library.get(later.id)?.placeholder ?? null, 9);
  });

  it('stopped, it writes nothing more, and does not start again', async () => {
    const folder = await folders.create();
    const item = await oldItem(folder, 10);
    const paused = gate();
    const { backfill, filled } = backfillOf(folder, paused.pause);

    backfill.start();
    await vi.waitFor(() => expect(paused.waiting()).toBe(1));
    const stopped = backfill.stop();
    paused.release();
    await stopped;
    backfill.start();
    await backfill.idle();

    expect(paused.waiting()).toBe(1);
    expect(filled).toEqual([]);
    expect(folder.library.get(item.id)?.placeholder).toBeNull();
  });
});
