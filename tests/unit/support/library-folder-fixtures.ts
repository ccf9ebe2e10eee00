import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach } from 'vitest';
import { createSharpImageCodec } from '../../../electron/main/adapters/sharp-image-codec';
import { openDatabase } from '../../../electron/main/services/library/database';
import { createLibrary, type Library } from '../../../electron/main/services/library/library';
import { createImageStore, type ImageStore } from '../../../electron/main/services/library-folder/image-store';
import type { ImageCodec } from '../../../electron/main/services/ports';
import type { LibraryItem } from '../../../electron/shared/domain';
import { useTempDirs } from './library-fixtures';

/** A library folder as a studio holds it open: the image store over the folder, the index on its database. */
export interface OpenLibraryFolder {
  root: string;
  /** `library.sqlite` in the folder. */
  dbPath: string;
  db: DatabaseSync;
  store: ImageStore;
  library: Library;
}

/**
 * Library folders in fresh temp folders, with the real codec (sharp) and a real, migrated database.
 * Every database opened here is closed after the test, before its folder is removed; close one
 * earlier (`library.close()`) where the test needs the folder at rest. Call inside a describe block.
 */
export function useLibraryFolders(): {
  codec: ImageCodec;
  tempDir: () => Promise<string>;
  /** A new, empty library folder. */
  create(): Promise<OpenLibraryFolder>;
  /** The library folder at `root` as it is on disk (say, after its database was deleted). */
  openAt(root: string): OpenLibraryFolder;
} {
  const tempDir = useTempDirs();
  const codec = createSharpImageCodec();
  const opened: DatabaseSync[] = [];
  // Registered after useTempDirs, so it runs first: the database closes before its folder goes.
  afterEach(() => {
    for (const db of opened.splice(0)) if (db.isOpen) db.close();
  });
  const openAt = (root: string): OpenLibraryFolder => {
    const dbPath = join(root, 'library.sqlite');
    const db = openDatabase(dbPath);
    opened.push(db);
    return { root, dbPath, db, store: createImageStore(root, codec), library: createLibrary(db) };
  };
  return { codec, tempDir, openAt, create: async () => openAt(await tempDir()) };
}

/** Image stores over fresh temp folders (no database), with the real codec unless the test gives another. Call inside a describe block. */
export function useImageStores(): {
  codec: ImageCodec;
  tempDir: () => Promise<string>;
  create(codec?: ImageCodec): Promise<{ root: string; store: ImageStore }>;
} {
  const tempDir = useTempDirs();
  const realCodec = createSharpImageCodec();
  return {
    codec: realCodec,
    tempDir,
    async create(codec = realCodec) {
      const root = await tempDir();
      return { root, store: createImageStore(root, codec) };
    },
  };
}

/** What the app does for each item once its image is stored: its sidecar (with collection names), then its row. */
export async function fileItem(
  { store, library }: Pick<OpenLibraryFolder, 'store' | 'library'>,
  item: LibraryItem,
  collectionNames: Record<string, string> = {},
): Promise<LibraryItem> {
  await store.writeSidecar(item, collectionNames);
  library.insert(item, collectionNames);
  return item;
}

/** Deletes a library's database with its journal, as a user or a failing disk might. */
export async function deleteDatabase(dbPath: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) await rm(dbPath + suffix, { force: true });
}

/** Where version 1 kept an image's sidecar: next to the image, named by its hash. */
export const legacySidecarPath = (root: string, fileHash: string): string => join(root, 'images', fileHash.slice(0, 2), `${fileHash}.json`);

/** A sidecar exactly as version 1 of Reverie wrote it (the fields it knew, nothing of the organisation). */
export function v1SidecarOf(item: LibraryItem): string {
  const {
    status: _s,
    origin: _o,
    title: _ti,
    placeholder: _p,
    favorite: _f,
    tags: _t,
    collectionIds: _c,
    trashedAt: _tr,
    fileMissing: _m,
    sources: _so,
    clientRequestId: _cr,
    inferenceId: _in,
    ...fields
  } = item;
  return `${JSON.stringify({ sidecarVersion: 1, ...fields }, null, 2)}\n`;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
