import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { ImageStore } from '../../electron/main/services/library-folder/image-store';
import { rebuildLibrary } from '../../electron/main/services/library-folder/rebuild';
import { makeImage, makeItem, makeRecord } from './support/library-fixtures';
import { deleteDatabase, fileItem, useLibraryFolders } from './support/library-folder-fixtures';

describe('rebuildLibrary', () => {
  const folders = useLibraryFolders();

  async function image(store: ImageStore, seed: number) {
    return store.save(await makeImage(seed % 2 ? 'png' : 'webp', 24, 16, seed));
  }

  const count = (db: DatabaseSync, table: string) => Number(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.n);

  it('brings back favorites, tags, named collections, the trash, and items without an image after the database is deleted', async () => {
    const first = await folders.create();
    const { store } = first;
    const harbour = randomUUID();
    const names = { [harbour]: 'Harbour at night' };
    const items = [
      await fileItem(first, makeItem({ ...(await image(store, 1)), favorite: true, tags: ['dusk', 'sea'] })),
      await fileItem(first, makeItem({ ...(await image(store, 2)), collectionIds: [harbour] }), names),
      await fileItem(first, makeItem({ ...(await image(store, 3)), trashedAt: 1_760_000_000_000, tags: ['old'] })),
      await fileItem(first, makeRecord('refused', { prompt: 'not allowed' })),
      await fileItem(first, makeRecord('download-failed', { favorite: true, collectionIds: [harbour] }), names),
    ];
    first.library.close();
    await deleteDatabase(first.dbPath);

    const fresh = folders.openAt(first.root);
    const report = await rebuildLibrary(fresh.store, fresh.library);

    expect(report).toEqual({ reindexed: 5, missingFiles: 0, problems: [] });
    for (const item of items) expect(fresh.library.get(item.id)).toEqual(item);
    expect(fresh.library.listCollections()).toEqual([expect.objectContaining({ id: harbour, name: 'Harbour at night' })]);
  });

  it('replaces what the database says with what the folder says, and leaves the queue, spend and history alone', async () => {
    const folder = await folders.create();
    const { db, store, library } = folder;
    const kept = await fileItem(folder, makeItem({ ...(await image(store, 1)) }));
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
  });

  it('reports unreadable sidecars without deleting them, and lists items whose image is gone as missing', async () => {
    const folder = await folders.create();
    const { store, library } = folder;
    const good = await fileItem(folder, makeItem({ ...(await image(store, 1)) }));
    const lost = await fileItem(folder, makeItem({ ...(await image(store, 2)) }));
    await rm(store.originalPath(lost.fileHash ?? '', 'image/webp'));
    const broken = await fileItem(folder, makeRecord('refused'));
    await writeFile(store.sidecarPath(broken), '{ "sidecarVersion": 2');

    const report = await rebuildLibrary(store, library);

    expect(report.reindexed).toBe(2);
    expect(report.missingFiles).toBe(1);
    expect(report.problems).toEqual([expect.stringContaining(`Sidecar ${store.sidecarPath(broken)} could not be read (not valid JSON)`)]);
    expect(library.get(good.id)).toEqual(good);
    expect(library.get(lost.id)).toEqual({ ...lost, fileMissing: true });
    expect(library.has(broken.id)).toBe(false);
    expect(await readFile(store.sidecarPath(broken), 'utf8')).toBe('{ "sidecarVersion": 2');
  });

  it('changes nothing when the folder cannot be listed', async () => {
    const folder = await folders.create();
    const kept = await fileItem(folder, makeRecord('refused'));
    const unlistable: ImageStore = {
      ...folder.store,
      // eslint-disable-next-line require-yield
      listSidecars: async function* () {
        throw new Error('EIO: the disk went away');
      },
    };

    await expect(rebuildLibrary(unlistable, folder.library)).rejects.toThrow('EIO');
    expect(folder.library.get(kept.id)).toEqual(kept);
  });
});
