import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageStore } from '../../electron/main/services/library-folder/image-store';
import type { Library } from '../../electron/main/services/library/library';
import { checkFilesInBackground, reconcileLibrary, type FileCheckReport } from '../../electron/main/services/library-folder/reconcile';
import type { LibraryItem } from '../../electron/shared/domain';
import { makeImage, makeItem, makeRecord } from './support/library-fixtures';
import { deleteDatabase, fileItem, legacySidecarPath, useLibraryFolders, v1SidecarOf, type OpenLibraryFolder } from './support/library-folder-fixtures';

describe('reconcileLibrary', () => {
  const folders = useLibraryFolders();

  /** What the studio does for each generation: bytes, then sidecar, then row. */
  async function keep(folder: OpenLibraryFolder, seed: number, overrides: Partial<LibraryItem> = {}): Promise<LibraryItem> {
    const stored = await folder.store.save(await makeImage(seed % 2 ? 'png' : 'jpeg', 32, 24, seed));
    return fileItem(folder, makeItem({ ...stored, createdAt: 1_000 + seed, prompt: `picture number ${seed}`, ...overrides }));
  }

  it('puts every item back from the sidecars alone after the database is deleted, records and organization included', async () => {
    const original = await folders.create();
    const album = randomUUID();
    const kept: LibraryItem[] = [];
    for (let seed = 1; seed <= 4; seed += 1) kept.push(await keep(original, seed, { favorite: seed === 2, tags: seed === 3 ? ['dusk'] : [] }));
    const inAlbum = await fileItem(original, makeRecord('download-failed', { collectionIds: [album], trashedAt: 5_000 }), { [album]: 'Harbour' });
    const refused = await fileItem(original, makeRecord('refused'));
    original.library.close();
    await deleteDatabase(original.dbPath);

    const { store, library } = folders.openAt(original.root);
    const report = await reconcileLibrary(store, library);

    expect(report).toEqual({ reindexed: 6, missingFiles: 0, problems: [], tempFilesRemoved: 0 });
    for (const item of [...kept, inAlbum, refused]) expect(library.get(item.id)).toEqual(item);
    expect(library.listCollections()).toEqual([expect.objectContaining({ id: album, name: 'Harbour' })]);
    // A second run finds nothing to do.
    expect(await reconcileLibrary(store, library)).toEqual({ reindexed: 0, missingFiles: 0, problems: [], tempFilesRemoved: 0 });
  });

  it('re-indexes a sidecar whose row never landed, and sweeps temp files, incoming downloads included', async () => {
    const folder = await folders.create();
    const { root, store, library } = folder;
    const indexed = await keep(folder, 1);
    // A crash between the sidecar and the row.
    const stored = await store.save(await makeImage('png', 32, 24, 2));
    const orphan = makeItem({ ...stored, createdAt: 2 });
    await store.writeSidecar(orphan);
    await writeFile(join(root, 'images', stored.fileHash.slice(0, 2), `.${stored.fileHash}.png.abcdef012345.tmp`), 'half');
    await mkdir(store.incomingDir, { recursive: true });
    await writeFile(join(store.incomingDir, '.incoming-0123456789abcdef.tmp'), 'half a download');

    const report = await reconcileLibrary(store, library);

    expect(report).toEqual({ reindexed: 1, missingFiles: 0, problems: [], tempFilesRemoved: 2 });
    expect(library.get(orphan.id)).toEqual(orphan);
    expect(library.get(indexed.id)).toEqual(indexed);
  });

  it('re-indexes version-1 sidecars of an old library folder', async () => {
    const { root, store, library } = await folders.create();
    const stored = await store.save(await makeImage('png', 32, 24, 3));
    // Version 1 knew no placeholder.
    const old = makeItem({ ...stored, placeholder: null });
    await writeFile(legacySidecarPath(root, stored.fileHash), v1SidecarOf(old));

    expect(await reconcileLibrary(store, library)).toMatchObject({ reindexed: 1, problems: [] });
    expect(library.get(old.id)).toEqual(old);
  });

  it('lists a sidecar whose image is gone as missing, and reports an unreadable sidecar, deleting neither', async () => {
    const first = await folders.create();
    const present = await keep(first, 1);
    const lost = await keep(first, 2);
    first.library.close();
    await deleteDatabase(first.dbPath);
    const { store, library } = folders.openAt(first.root);
    await rm(store.originalPath(lost.fileHash ?? '', 'image/jpeg'));
    const broken = makeItem();
    await store.writeSidecar(broken);
    await writeFile(store.sidecarPath(broken), 'not json');

    const report = await reconcileLibrary(store, library);

    expect(report).toMatchObject({ reindexed: 2, missingFiles: 1 });
    expect(report.problems).toEqual([`Sidecar ${store.sidecarPath(broken)} could not be re-indexed: not valid JSON`]);
    expect(library.get(present.id)).toEqual(present);
    expect(library.get(lost.id)).toEqual({ ...lost, fileMissing: true });
    expect(library.has(broken.id)).toBe(false);
    expect(await readFile(store.sidecarPath(broken), 'utf8')).toBe('not json');
  });

  it('never reads the sidecar of an item that already has a row (the cheap path at every launch)', async () => {
    const folder = await folders.create();
    const { store, library } = folder;
    const indexed = await keep(folder, 1);
    const record = await fileItem(folder, makeRecord('refused'));
    // Were these read, they would be reported as problems.
    await writeFile(store.sidecarPath(indexed), 'garbled');
    await writeFile(store.sidecarPath(record), 'garbled');

    expect(await reconcileLibrary(store, library)).toEqual({ reindexed: 0, missingFiles: 0, problems: [], tempFilesRemoved: 0 });
  });
});

describe('checkFilesInBackground', () => {
  const folders = useLibraryFolders();

  const check = (store: ImageStore, library: Library, batchSize?: number) =>
    new Promise<FileCheckReport>((resolve) => {
      checkFilesInBackground(store, library, resolve, batchSize === undefined ? {} : { batchSize });
    });

  async function fill(count: number): Promise<{ store: ImageStore; library: Library; items: LibraryItem[] }> {
    const { store, library } = await folders.create();
    const items: LibraryItem[] = [];
    for (let seed = 1; seed <= count; seed += 1) {
      const item = makeItem({ ...(await store.save(await makeImage('png', 16, 16, seed))), createdAt: seed });
      library.insert(item);
      items.push(item);
    }
    return { store, library, items };
  }

  it('flags rows whose file is gone as missing, batch by batch, and unflags them when the file is back', async () => {
    const { store, library, items } = await fill(5);
    const record = makeRecord('refused');
    library.insert(record);
    const [, gone, , alsoGone] = items as [LibraryItem, LibraryItem, LibraryItem, LibraryItem];
    const bytes = await readFile(store.originalPath(gone.fileHash ?? '', 'image/png'));
    for (const item of [gone, alsoGone]) await rm(store.originalPath(item.fileHash ?? '', 'image/png'));

    expect(await check(store, library, 2)).toEqual({ checked: 5, missingFiles: 2, restored: 0, problems: [] });
    expect(items.map((item) => library.get(item.id)?.fileMissing)).toEqual([false, true, false, true, false]);
    // Still missing at the next start: nothing new to report, nothing written.
    expect(await check(store, library, 2)).toEqual({ checked: 5, missingFiles: 0, restored: 0, problems: [] });

    await writeFile(store.originalPath(gone.fileHash ?? '', 'image/png'), bytes);
    expect(await check(store, library)).toEqual({ checked: 5, missingFiles: 0, restored: 1, problems: [] });
    expect(items.map((item) => library.get(item.id)?.fileMissing)).toEqual([false, false, false, true, false]);
    expect(library.get(record.id)).toEqual(record);
  });

  it('touches the library no more once cancelled, and never reports', async () => {
    const { store, library, items } = await fill(3);
    for (const item of items) await rm(store.originalPath(item.fileHash ?? '', 'image/png'));
    let release: (present: boolean) => void = () => undefined;
    let asked: () => void = () => undefined;
    const firstAsked = new Promise<void>((resolve) => (asked = resolve));
    let calls = 0;
    const held: ImageStore = {
      ...store,
      hasOriginal: () => {
        calls += 1;
        asked();
        return new Promise<boolean>((resolve) => (release = resolve));
      },
    };
    let reported = false;

    const cancel = checkFilesInBackground(held, library, () => (reported = true), { batchSize: 1 });
    await firstAsked;
    cancel();
    release(false);
    await new Promise((resolve) => setImmediate(resolve));

    expect(calls).toBe(1);
    expect(reported).toBe(false);
    expect(items.map((item) => library.get(item.id)?.fileMissing)).toEqual([false, false, false]);
  });
});
