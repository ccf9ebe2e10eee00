import { randomUUID } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as yauzl from 'yauzl';
import { backupLibrary } from '../../electron/main/services/backup/backup';
import { listFiles, makeImage, makeItem, makeRecord } from './support/library-fixtures';
import { fileItem, useLibraryFolders } from './support/library-folder-fixtures';

async function listArchive(path: string): Promise<{ name: string; method: number; text?: string }[]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  const entries: { name: string; method: number; text?: string }[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const row: { name: string; method: number; text?: string } = { name: entry.fileName, method: entry.compressionMethod };
      if (entry.fileName === 'reverie-backup.json') {
        const chunks: Buffer[] = [];
        for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
        row.text = Buffer.concat(chunks).toString('utf8');
      }
      entries.push(row);
    }
  } finally {
    zip.close();
  }
  return entries;
}

describe('backupLibrary', () => {
  const folders = useLibraryFolders();
  const tempDir = folders.tempDir;

  async function buildLibrary() {
    const folder = await folders.create();
    const { root, store, db } = folder;
    const harbour = randomUUID();
    const names = { [harbour]: 'Harbour' };
    const png = await store.save(await makeImage('png', 32, 24, 1));
    const jpeg = await store.save(await makeImage('jpeg', 32, 24, 2));
    const webp = await store.save(await makeImage('webp', 32, 24, 3));
    const items = [
      makeItem({ ...png, favorite: true, tags: ['sea', 'dusk'] }),
      makeItem({ ...jpeg, collectionIds: [harbour] }),
      makeItem({ ...webp, trashedAt: 1_760_000_000_000 }),
      makeRecord('refused'),
    ];
    for (const item of items) await fileItem(folder, item, names);
    // Leftovers a backup must not carry: a download in flight and an interrupted write.
    await mkdir(store.incomingDir, { recursive: true });
    await writeFile(join(store.incomingDir, '.download.abc.tmp'), 'partial');
    await writeFile(join(root, 'images', png.fileHash.slice(0, 2), '.torn.123.tmp'), 'torn');
    return { root, db, items };
  }

  it('writes the manifest first, the snapshot, and every image, thumbnail and sidecar; images stored, sidecars deflated', async () => {
    const { root, db, items } = await buildLibrary();
    const out = await tempDir();
    const archive = join(out, 'backup.zip');
    const progress: [number, number][] = [];
    const result = await backupLibrary(root, db, archive, { onProgress: (done, total) => progress.push([done, total]) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const libraryFiles = (await listFiles(root)).filter((path) => /^(images|thumbs|records)\//.test(path) && !path.endsWith('.tmp'));
    expect(result.value).toEqual({ format: 'reverie-backup', version: 1, createdAt: expect.any(Number), items: items.length, files: libraryFiles.length });

    const entries = await listArchive(archive);
    expect(entries[0]?.name).toBe('reverie-backup.json');
    expect(JSON.parse(entries[0]?.text ?? '')).toEqual(result.value);
    expect(entries[1]?.name).toBe('library.sqlite');
    expect(
      entries
        .slice(2)
        .map((entry) => entry.name)
        .sort(),
    ).toEqual(libraryFiles.sort());
    expect(entries.some((entry) => entry.name.startsWith('incoming/') || entry.name.endsWith('.tmp'))).toBe(false);
    // 3 originals + 3 thumbnails stored as they are; 4 sidecars and the database deflated.
    const stored = entries.filter((entry) => /\.(png|jpg|webp)$/.test(entry.name));
    expect(stored).toHaveLength(6);
    for (const entry of stored) expect(entry.method).toBe(0);
    for (const entry of entries.filter((entry) => entry.name.endsWith('.json') || entry.name.endsWith('.sqlite'))) expect(entry.method).toBe(8);

    expect(await readdir(out)).toEqual(['backup.zip']);
    expect(progress.at(-1)).toEqual([libraryFiles.length + 1, libraryFiles.length + 1]);
  });

  it('leaves neither an archive nor temp files when cancelled midway', async () => {
    const { root, db } = await buildLibrary();
    const out = await tempDir();
    const abort = new AbortController();
    const result = await backupLibrary(root, db, join(out, 'backup.zip'), {
      signal: abort.signal,
      onProgress: (done) => {
        if (done === 3) abort.abort();
      },
    });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'cancelled' }) });
    expect(await readdir(out)).toEqual([]);
  });

  it('fails as data, leaving nothing, when the destination cannot be written', async () => {
    const { root, db } = await buildLibrary();
    const out = await tempDir();
    const result = await backupLibrary(root, db, join(out, 'missing-folder', 'backup.zip'));
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'storage' }) });
    expect(await readdir(out)).toEqual([]);
  });
});
