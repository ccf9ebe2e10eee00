import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import * as yauzl from 'yauzl';
import { ZipFile } from 'yazl';
import { backupLibrary } from '../../../electron/main/services/backup/backup';
import type { LibraryItem } from '../../../electron/shared/domain';
import { listFiles, makeImage, makeItem, makeRecord } from './library-fixtures';
import { fileItem, type OpenLibraryFolder, type useLibraryFolders } from './library-folder-fixtures';

/** Real backup archives, and real libraries to back up: for the restore, merge and hostile-archive tests. */

/** A ZIP's entries in archive order: name and unpacked bytes. */
export type Entries = [string, Buffer][];

/** What useLibraryFolders hands a describe block; the helpers here take only the parts they use. */
type LibraryFolders = ReturnType<typeof useLibraryFolders>;

export async function readArchive(path: string): Promise<Entries> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  const entries: Entries = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.push([entry.fileName, Buffer.concat(chunks)]);
    }
  } finally {
    zip.close();
  }
  return entries;
}

/** Writes `entries` as a ZIP; names are patched afterwards (`rename`) because yazl refuses to write unsafe ones. */
export async function writeArchive(path: string, entries: Entries, options: { rename?: [string, string]; mode?: Record<string, number> } = {}) {
  const zip = new ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name, options.mode?.[name] ? { mode: options.mode[name] } : {});
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let buffer = Buffer.concat(chunks);
  if (options.rename) {
    const [from, to] = options.rename.map((name) => Buffer.from(name));
    expect(from?.length).toBe(to?.length);
    let at = buffer.indexOf(from!);
    while (at !== -1) {
      to!.copy(buffer, at);
      at = buffer.indexOf(from!, at + 1);
    }
    buffer = Buffer.from(buffer);
  }
  await writeFile(path, buffer);
}

/** A library folder built by buildLibrary, with the items filed in it and the id of its one collection. */
export interface BuiltLibrary extends OpenLibraryFolder {
  items: LibraryItem[];
  collection: string;
}

/**
 * A new library folder holding one item of every kind a backup must carry: a favorite with tags, an
 * import (titled, no prompt) in a named collection, one in the trash, a second item on the same image, and a record without an
 * image. `seed` varies the images (so two libraries differ) and the collection's name ("Harbour <seed>").
 */
export async function buildLibrary(folders: Pick<LibraryFolders, 'create'>, seed: number): Promise<BuiltLibrary> {
  const folder = await folders.create();
  const { store } = folder;
  const collection = randomUUID();
  const names = { [collection]: `Harbour ${seed}` };
  const png = await store.save(await makeImage('png', 32, 24, seed));
  const jpeg = await store.save(await makeImage('jpeg', 32, 24, seed + 1));
  const webp = await store.save(await makeImage('webp', 32, 24, seed + 2));
  const items = [
    makeItem({ ...png, favorite: true, tags: ['dusk', 'sea'], createdAt: 1 }),
    // An import: a title (its file name) and no prompt; every stored image also has its placeholder.
    makeItem({
      ...jpeg,
      prompt: '',
      title: 'IMG_0042 harbour',
      origin: 'imported',
      model: 'imported',
      collectionIds: [collection],
      tags: ['harbour'],
      createdAt: 2,
    }),
    makeItem({ ...webp, trashedAt: 1_760_000_000_000, createdAt: 3 }),
    makeItem({ ...png, prompt: 'same image, second item', collectionIds: [collection], createdAt: 4 }),
    makeRecord('refused', { createdAt: 5 }),
  ];
  for (const item of items) await fileItem(folder, item, names);
  return { ...folder, items, collection };
}

/** Backs `built` up with the app's own backup into a fresh temp folder, and hands back the archive's path. */
export async function backupOf(folders: Pick<LibraryFolders, 'tempDir'>, built: BuiltLibrary): Promise<string> {
  const archive = join(await folders.tempDir(), 'backup.zip');
  const result = await backupLibrary(built.root, built.db, archive);
  expect(result.ok).toBe(true);
  return archive;
}

/** The files a library's content is made of (images, thumbnails, sidecars), without its database or anything else. */
export const libraryFiles = async (root: string) => (await listFiles(root)).filter((path) => /^(images|thumbs|records)\//.test(path));
