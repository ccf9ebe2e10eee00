import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { openDatabase } from '../../electron/main/services/library/database';
import { createImageStore, type ImageStore } from '../../electron/main/services/library-folder/image-store';
import { createLibrary, type Library } from '../../electron/main/services/library/library';
import { rebuildLibrary } from '../../electron/main/services/library-folder/rebuild';
import type { LibraryItem } from '../../electron/shared/domain';
import { makeImage, makeItem, makeRecord, useTempDirs } from './support/library-fixtures';

describe('rebuildLibrary', () => {
  const tempDir = useTempDirs();
  const codec = createSharpImageCodec();

  interface Opened {
    db: DatabaseSync;
    library: Library;
  }
  const open = (path: string): Opened => {
    const db = openDatabase(path);
    return { db, library: createLibrary(db) };
  };

  /** What the app does for each item: files, then sidecar (with collection names), then row. */
  async function add(store: ImageStore, library: Library, item: LibraryItem, names: Record<string, string> = {}): Promise<LibraryItem> {
    await store.writeSidecar(item, names);
    library.insert(item, names);
    return item;
  }

  async function image(store: ImageStore, seed: number) {
    return store.save(await makeImage(seed % 2 ? 'png' : 'webp', 24, 16, seed));
  }

  const count = (db: DatabaseSync, table: string) => Number(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.n);

  it('brings back favorites, tags, named collections, the trash, and items without an image after the database is deleted', async () => {
    const root = await tempDir();
    const dbPath = join(root, 'library.sqlite');
    const store = createImageStore(root, codec);
    const first = open(dbPath);
    const harbour = randomUUID();
    const names = { [harbour]: 'Harbour at night' };
    const items = [
      await add(store, first.library, makeItem({ ...(await image(store, 1)), favorite: true, tags: ['dusk', 'sea'] })),
      await add(store, first.library, makeItem({ ...(await image(store, 2)), collectionIds: [harbour] }), names),
      await add(store, first.library, makeItem({ ...(await image(store, 3)), trashedAt: 1_760_000_000_000, tags: ['old'] })),
      await add(store, first.library, makeRecord('refused', { prompt: 'not allowed' })),
      await add(store, first.library, makeRecord('download-failed', { favorite: true, collectionIds: [harbour] }), names),
    ];
    first.db.close();
    for (const suffix of ['', '-wal', '-shm']) await rm(dbPath + suffix, { force: true });

    const fresh = open(dbPath);
    try {
      const report = await rebuildLibrary(store, fresh.library);

      expect(report).toEqual({ reindexed: 5, missingFiles: 0, problems: [] });
      for (const item of items) expect(fresh.library.get(item.id)).toEqual(item);
      expect(fresh.library.listCollections()).toEqual([expect.objectContaining({ id: harbour, name: 'Harbour at night' })]);
    } finally {
      fresh.db.close();
    }
  });

  it('replaces what the database says with what the folder says, and leaves the queue, spend and history alone', async () => {
    const root = await tempDir();
    const store = createImageStore(root, codec);
    const { db, library } = open(join(root, 'library.sqlite'));
    try {
      const kept = await add(store, library, makeItem({ ...(await image(store, 1)) }));
      // A row the folder knows nothing about, and a row the user changed after its sidecar was written.
      library.insert(makeRecord('refused'));
      library.update({ ...kept, favorite: true });
      db.prepare('INSERT INTO spend (job_id, request_id, credits, at) VALUES (?, ?, ?, ?)').run('job', 'rsid-1', 126_000, 1);
      db.prepare('INSERT INTO prompt_history (text, last_used_at) VALUES (?, ?)').run('a harbour', 1);

      expect(await rebuildLibrary(store, library)).toEqual({ reindexed: 1, missingFiles: 0, problems: [] });

      expect(count(db, 'generations')).toBe(1);
      expect(library.get(kept.id)).toEqual(kept);
      expect(count(db, 'spend')).toBe(1);
      expect(count(db, 'prompt_history')).toBe(1);
    } finally {
      db.close();
    }
  });

  it('reports unreadable sidecars without deleting them, and lists items whose image is gone as missing', async () => {
    const root = await tempDir();
    const store = createImageStore(root, codec);
    const { db, library } = open(join(root, 'library.sqlite'));
    try {
      const good = await add(store, library, makeItem({ ...(await image(store, 1)) }));
      const lost = await add(store, library, makeItem({ ...(await image(store, 2)) }));
      await rm(store.originalPath(lost.fileHash ?? '', 'image/webp'));
      const broken = await add(store, library, makeRecord('refused'));
      await writeFile(store.sidecarPath(broken), '{ "sidecarVersion": 2');

      const report = await rebuildLibrary(store, library);

      expect(report.reindexed).toBe(2);
      expect(report.missingFiles).toBe(1);
      expect(report.problems).toEqual([expect.stringContaining(`Sidecar ${store.sidecarPath(broken)} could not be read (not valid JSON)`)]);
      expect(library.get(good.id)).toEqual(good);
      expect(library.get(lost.id)).toEqual({ ...lost, fileMissing: true });
      expect(library.has(broken.id)).toBe(false);
      expect(await readFile(store.sidecarPath(broken), 'utf8')).toBe('{ "sidecarVersion": 2');
    } finally {
      db.close();
    }
  });

  it('changes nothing when the folder cannot be listed', async () => {
    const root = await tempDir();
    const store = createImageStore(root, codec);
    const { db, library } = open(join(root, 'library.sqlite'));
    try {
      const kept = await add(store, library, makeRecord('refused'));
      const unlistable: ImageStore = {
        ...store,
        // eslint-disable-next-line require-yield
        listSidecars: async function* () {
          throw new Error('EIO: the disk went away');
        },
      };

      await expect(rebuildLibrary(unlistable, library)).rejects.toThrow('EIO');
      expect(library.get(kept.id)).toEqual(kept);
    } finally {
      db.close();
    }
  });
});
