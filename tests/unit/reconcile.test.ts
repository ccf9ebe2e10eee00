import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { createImageStore, type ImageStore } from '../../electron/main/services/image-store';
import { openLibrary, type Library } from '../../electron/main/services/library';
import { reconcileLibrary } from '../../electron/main/services/reconcile';
import type { LibraryItem } from '../../electron/shared/domain';
import { makeImage, makeItem, useTempDirs } from './support/library-fixtures';

describe('reconcileLibrary', () => {
  const tempDir = useTempDirs();
  const codec = createSharpImageCodec();

  /** What the studio does for each generation: bytes, then sidecar, then row. */
  async function keep(store: ImageStore, library: Library, seed: number, createdAt: number): Promise<LibraryItem> {
    const stored = await store.save(await makeImage(seed % 2 ? 'png' : 'jpeg', 32, 24, seed));
    const item = makeItem({ ...stored, createdAt, prompt: `picture number ${seed}` });
    await store.writeSidecar(item);
    library.insert(item);
    return item;
  }

  const allItems = (library: Library) => {
    const page = library.list({ limit: 500 });
    if (!page.ok) throw new Error(page.error.message);
    return page.value.items;
  };

  it('rebuilds every item from the sidecars alone after the database is deleted', async () => {
    const root = await tempDir();
    const dbPath = join(root, 'library.sqlite');
    const store = createImageStore(root, codec);
    const original = openLibrary(dbPath);
    const kept: LibraryItem[] = [];
    for (let seed = 1; seed <= 6; seed += 1) kept.push(await keep(store, original, seed, 1_000 + seed));
    original.close();
    for (const suffix of ['', '-wal', '-shm']) await rm(dbPath + suffix, { force: true });

    const fresh = openLibrary(dbPath);
    try {
      expect(allItems(fresh)).toEqual([]);
      const report = await reconcileLibrary(store, fresh);

      expect(report).toEqual({ reindexed: 6, tempFilesRemoved: 0, problems: [] });
      expect(allItems(fresh)).toEqual([...kept].reverse());
      // A second run finds nothing to do.
      expect(await reconcileLibrary(store, fresh)).toEqual({ reindexed: 0, tempFilesRemoved: 0, problems: [] });
    } finally {
      fresh.close();
    }
  });

  it('re-indexes a file whose row never landed, and sweeps temp files', async () => {
    const root = await tempDir();
    const store = createImageStore(root, codec);
    const library = openLibrary(join(root, 'library.sqlite'));
    try {
      const indexed = await keep(store, library, 1, 1);
      // A crash between the sidecar and the row.
      const stored = await store.save(await makeImage('png', 32, 24, 2));
      const orphan = makeItem({ ...stored, createdAt: 2 });
      await store.writeSidecar(orphan);
      await writeFile(join(root, 'images', stored.fileHash.slice(0, 2), `.${stored.fileHash}.png.abcdef012345.tmp`), 'half');

      const report = await reconcileLibrary(store, library);

      expect(report).toEqual({ reindexed: 1, tempFilesRemoved: 1, problems: [] });
      expect(allItems(library)).toEqual([orphan, indexed]);
    } finally {
      library.close();
    }
  });

  it('reports a sidecar whose image is missing, and an unreadable sidecar, without inserting or deleting', async () => {
    const root = await tempDir();
    const dbPath = join(root, 'library.sqlite');
    const store = createImageStore(root, codec);
    const first = openLibrary(dbPath);
    const present = await keep(store, first, 1, 1);
    const lost = await keep(store, first, 2, 2);
    first.close();
    await rm(dbPath);
    await rm(store.originalPath(lost.fileHash, lost.mimeType));
    const brokenHash = 'f'.repeat(64);
    await store.writeSidecar(makeItem({ fileHash: brokenHash }));
    await writeFile(store.sidecarPath(brokenHash), 'not json');

    const library = openLibrary(dbPath);
    try {
      const report = await reconcileLibrary(store, library);

      expect(report.reindexed).toBe(1);
      expect(report.problems).toHaveLength(2);
      expect(report.problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining(`${store.sidecarPath(lost.fileHash)} describes an image whose file is missing`),
          expect.stringContaining(`${store.sidecarPath(brokenHash)} could not be re-indexed: not valid JSON`),
        ]),
      );
      expect(allItems(library)).toEqual([present]);
      expect(await store.readSidecar(lost.fileHash)).toEqual(lost);
    } finally {
      library.close();
    }
  });
});
