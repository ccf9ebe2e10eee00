import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as yauzl from 'yauzl';
import { ZipFile } from 'yazl';
import { WORKING_ROOM_BYTES } from '../../electron/main/services/free-space';
import { isBesideTempName, removeInterruptedWork } from '../../electron/main/services/interrupted-work';
import { backupLibrary } from '../../electron/main/services/backup/backup';
import { readBackupManifest } from '../../electron/main/services/backup/archive';
import { mergeBackupInto } from '../../electron/main/services/backup/merge';
import { restoreLibraryTo } from '../../electron/main/services/backup/restore';
import { TagQuery, type LibraryItem } from '../../electron/shared/domain';
import type { Result } from '../../electron/shared/errors';
import { listFiles, makeImage, makeItem, makeRecord } from './support/library-fixtures';
import { fileItem, useLibraryFolders, type OpenLibraryFolder } from './support/library-folder-fixtures';

type Entries = [string, Buffer][];

async function readArchive(path: string): Promise<Entries> {
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
async function writeArchive(path: string, entries: Entries, options: { rename?: [string, string]; mode?: Record<string, number> } = {}) {
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

describe('restoring and merging a library backup', () => {
  const folders = useLibraryFolders();
  const tempDir = folders.tempDir;

  interface Built extends OpenLibraryFolder {
    items: LibraryItem[];
    collection: string;
  }

  async function buildLibrary(seed: number): Promise<Built> {
    const folder = await folders.create();
    const { store } = folder;
    const collection = randomUUID();
    const names = { [collection]: `Harbour ${seed}` };
    const png = await store.save(await makeImage('png', 32, 24, seed));
    const jpeg = await store.save(await makeImage('jpeg', 32, 24, seed + 1));
    const webp = await store.save(await makeImage('webp', 32, 24, seed + 2));
    const items = [
      makeItem({ ...png, favorite: true, tags: ['dusk', 'sea'], createdAt: 1 }),
      makeItem({ ...jpeg, collectionIds: [collection], tags: ['harbour'], createdAt: 2 }),
      makeItem({ ...webp, trashedAt: 1_760_000_000_000, createdAt: 3 }),
      makeItem({ ...png, prompt: 'same image, second item', collectionIds: [collection], createdAt: 4 }),
      makeRecord('refused', { createdAt: 5 }),
    ];
    for (const item of items) await fileItem(folder, item, names);
    return { ...folder, items, collection };
  }

  async function backupOf(built: Built): Promise<string> {
    const archive = join(await tempDir(), 'backup.zip');
    const result = await backupLibrary(built.root, built.db, archive);
    expect(result.ok).toBe(true);
    return archive;
  }

  const libraryFiles = async (root: string) => (await listFiles(root)).filter((path) => /^(images|thumbs|records)\//.test(path));

  it('restores into a new folder: the same items, tags, collections, and byte-identical files', async () => {
    const source = await buildLibrary(1);
    const archive = await backupOf(source);
    expect(await readBackupManifest(archive)).toEqual({ ok: true, value: expect.objectContaining({ items: 5, format: 'reverie-backup' }) });
    const parent = await tempDir();
    const target = join(parent, 'Restored');

    const result = await restoreLibraryTo(archive, target);

    expect(result).toEqual({ ok: true, value: { items: 5, problems: [] } });
    expect(await readdir(parent)).toEqual(['Restored']);
    const files = await libraryFiles(source.root);
    expect(await libraryFiles(target)).toEqual(files);
    for (const path of files) expect(await readFile(join(target, path))).toEqual(await readFile(join(source.root, path)));
    const restored = folders.openAt(target).library;
    for (const item of source.items) expect(restored.get(item.id)).toEqual(item);
    expect(restored.listCollections()).toEqual([expect.objectContaining({ id: source.collection, name: 'Harbour 1' })]);
  });

  it('refuses to restore into a folder that is not empty, and leaves it alone', async () => {
    const source = await buildLibrary(1);
    const archive = await backupOf(source);
    const target = await tempDir();
    await writeFile(join(target, 'notes.txt'), 'mine');
    const result = await restoreLibraryTo(archive, target);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid-input' }) });
    expect(await readdir(target)).toEqual(['notes.txt']);
  });

  it('merges only the items the library lacks, with their images, tags and collections; existing items stay as they are', async () => {
    const source = await buildLibrary(1);
    const target = await buildLibrary(10);
    // The target already has one of the source's items, changed since.
    const shared = { ...source.items[1]!, prompt: 'changed in the target', collectionIds: [] };
    await target.store.save(await readFile(source.store.originalPath(shared.fileHash!, shared.mimeType!)));
    await target.store.writeSidecar(shared);
    target.library.insert(shared);
    const archive = await backupOf(source);

    const result = await mergeBackupInto(archive, target);

    expect(result).toEqual({ ok: true, value: { added: 4, skipped: 1, problems: [] } });
    expect(target.library.get(shared.id)).toEqual(shared);
    for (const item of source.items.filter((item) => item.id !== shared.id)) {
      expect(target.library.get(item.id)).toEqual(item);
      expect(await target.store.readSidecar(item.id)).toEqual(expect.objectContaining({ item }));
      if (item.fileHash && item.mimeType) {
        expect(await readFile(target.store.originalPath(item.fileHash, item.mimeType))).toEqual(
          await readFile(source.store.originalPath(item.fileHash, item.mimeType)),
        );
        expect(await target.store.hasOriginal(item.fileHash, item.mimeType)).toBe(true);
      }
    }
    for (const item of target.items) expect(target.library.get(item.id)).toEqual(item);
    expect(
      target.library
        .listCollections()
        .map(({ id, name }) => [id, name])
        .sort(),
    ).toEqual(
      [
        [source.collection, 'Harbour 1'],
        [target.collection, 'Harbour 10'],
      ].sort(),
    );
    expect(
      target.library
        .listTags(TagQuery.parse({ prefix: '' }))
        .map((tag) => tag.name)
        .sort(),
    ).toEqual(['dusk', 'harbour', 'sea']);
    expect((await readdir(target.root)).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(await readdir(target.store.incomingDir)).toEqual([]);
  });

  it('refuses an image whose bytes do not match its name, and reports it', async () => {
    const source = await buildLibrary(1);
    const target = await buildLibrary(10);
    const archive = await backupOf(source);
    const victim = source.items[0]!;
    const tampered = join(await tempDir(), 'tampered.zip');
    const other = Buffer.from(await makeImage('png', 32, 24, 99));
    await writeArchive(
      tampered,
      (await readArchive(archive)).map(([name, bytes]) => [name, name.endsWith(`${victim.fileHash}.png`) && name.startsWith('images/') ? other : bytes]),
    );

    const merged = await mergeBackupInto(tampered, target);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.value.problems.join('\n')).toContain(victim.fileHash);
    expect(await target.store.hasOriginal(victim.fileHash!, 'image/png')).toBe(false);
    expect(target.library.get(victim.id)?.fileMissing).toBe(true);

    const restoredTo = join(await tempDir(), 'Restored');
    const restored = await restoreLibraryTo(tampered, restoredTo);
    expect(restored.ok && restored.value.problems.join('\n')).toContain(victim.fileHash);
    expect((await listFiles(restoredTo)).some((path) => path.includes(victim.fileHash!))).toBe(false);
  });

  it('refuses an image in another shard than its name says, or of another type than its extension says, and reports each', async () => {
    const source = await buildLibrary(1);
    const target = await buildLibrary(10);
    const archive = await backupOf(source);
    const [misplaced, mistyped] = [source.items[0]!, source.items[1]!];
    const shardOf = (item: LibraryItem) => item.fileHash!.slice(0, 2);
    const elsewhere = `images/${shardOf(misplaced) === '00' ? '01' : '00'}/${misplaced.fileHash}.png`;
    // The JPEG's bytes under a name that says WebP: its hash and its folder are right, its type is not.
    const renamed = `images/${shardOf(mistyped)}/${mistyped.fileHash}.webp`;
    const tampered = join(await tempDir(), 'tampered.zip');
    await writeArchive(
      tampered,
      (await readArchive(archive)).map(([name, bytes]): [string, Buffer] => {
        if (name === `images/${shardOf(misplaced)}/${misplaced.fileHash}.png`) return [elsewhere, bytes];
        if (name === `images/${shardOf(mistyped)}/${mistyped.fileHash}.jpg`) return [renamed, bytes];
        return [name, bytes];
      }),
    );
    const expectedProblems = [
      `The image ${elsewhere} in the backup was left out: it is in the wrong folder.`,
      `The image ${renamed} in the backup was left out: it is not the image type its name says.`,
    ];
    // In the order of the archive, which follows the images' hashes.
    const sortedProblems = <T extends { problems: string[] }>(result: Result<T>) =>
      result.ok ? { ...result, value: { ...result.value, problems: result.value.problems.toSorted() } } : result;

    const merged = await mergeBackupInto(tampered, target);
    expect(sortedProblems(merged)).toEqual({ ok: true, value: { added: 5, skipped: 0, problems: expectedProblems.toSorted() } });
    for (const item of [misplaced, mistyped]) expect(target.library.get(item.id)?.fileMissing).toBe(true);

    const restoredTo = join(await tempDir(), 'Restored');
    expect(sortedProblems(await restoreLibraryTo(tampered, restoredTo))).toEqual({ ok: true, value: { items: 5, problems: expectedProblems.toSorted() } });
    const restoredFiles = await listFiles(restoredTo);
    for (const item of [misplaced, mistyped]) expect(restoredFiles.filter((path) => path.includes(item.fileHash!))).toEqual([]);
  });

  describe('free space', () => {
    /** A disk with exactly `free` bytes left, recording where it was asked about. */
    const diskWith = (free: number, asked: string[]) => async (path: string) => {
      asked.push(path);
      return free;
    };
    const unpackedSize = async (archive: string, keep: (name: string) => boolean) =>
      (await readArchive(archive)).filter(([name]) => keep(name)).reduce((sum, [, bytes]) => sum + bytes.length, 0);

    it('refuses a restore the disk cannot hold, saying how much it needs and how much is free, and writes nothing', async () => {
      const source = await buildLibrary(1);
      const archive = await backupOf(source);
      // Everything but the manifest, which is read, not unpacked.
      const needed = (await unpackedSize(archive, (name) => name !== 'reverie-backup.json')) + WORKING_ROOM_BYTES;
      const parent = await tempDir();
      const asked: string[] = [];

      const refused = await restoreLibraryTo(archive, join(parent, 'Restored'), { freeSpace: diskWith(needed - 1, asked) });

      expect(refused).toEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'storage',
          message: expect.stringMatching(/^Restoring this backup needs about \d+ MB free on that disk, and only \d+ MB is free\./),
        }),
      });
      expect(asked).toEqual([parent]);
      expect(await readdir(parent)).toEqual([]);
      // One byte more and it fits: the estimate is the archive's unpacked size plus the working room.
      expect(await restoreLibraryTo(archive, join(parent, 'Restored'), { freeSpace: diskWith(needed, []) })).toMatchObject({ ok: true });
    });

    it('refuses a merge the disk of the library cannot hold, and leaves the library as it was', async () => {
      const source = await buildLibrary(1);
      const target = await buildLibrary(10);
      const archive = await backupOf(source);
      const needed = (await unpackedSize(archive, (name) => /^(images|records|thumbs)\//.test(name))) + WORKING_ROOM_BYTES;
      const before = await listFiles(target.root);
      const asked: string[] = [];

      const refused = await mergeBackupInto(archive, target, { freeSpace: diskWith(needed - 1, asked) });

      expect(refused).toEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'storage',
          message: expect.stringMatching(/^Merging this backup needs about .* Free up some space on the disk that holds the library\.$/),
        }),
      });
      expect(asked).toEqual([target.root]);
      expect(await listFiles(target.root)).toEqual(before);
      for (const item of source.items) expect(target.library.has(item.id)).toBe(false);
      expect(await mergeBackupInto(archive, target, { freeSpace: diskWith(needed, []) })).toMatchObject({ ok: true, value: { added: 5 } });
    });

    it('unpacks a merge into a temp folder the next start sweeps away, should a crash stop it there', async () => {
      const source = await buildLibrary(1);
      const target = await buildLibrary(10);
      const archive = await backupOf(source);
      const seen = new Set<string>();
      await mergeBackupInto(archive, target, {
        onProgress: () => {
          for (const name of readdirSync(target.root)) if (name.startsWith('.')) seen.add(name);
        },
      });
      expect(seen.size).toBe(1);
      const [leftover] = [...seen];
      await mkdir(join(target.root, leftover!, 'images'), { recursive: true });
      await writeFile(join(target.root, leftover!, 'images', 'half.png'), 'half an image');
      expect(await removeInterruptedWork(target.root)).toEqual([join(target.root, leftover!)]);
      expect((await readdir(target.root)).filter((name) => name.startsWith('.'))).toEqual([]);
    });

    it('unpacks a restore into a temp folder the next start sweeps away, should a crash stop it there', async () => {
      const source = await buildLibrary(1);
      const archive = await backupOf(source);
      const parent = await tempDir();
      const library = join(parent, 'Reverie Library');
      const restoredName = 'Reverie Library (restored 2025-06-01 08-30)';
      const seen = new Set<string>();
      await restoreLibraryTo(archive, join(parent, restoredName), {
        onProgress: () => {
          for (const name of readdirSync(parent)) seen.add(name);
        },
      });
      expect(seen.size).toBe(1);
      const [leftover] = [...seen];
      expect(isBesideTempName(leftover!)).toBe(true);
      await mkdir(join(parent, leftover!, 'records'), { recursive: true });
      expect(await removeInterruptedWork(library)).toEqual([join(parent, leftover!)]);
      expect(await readdir(parent)).toEqual([restoredName]);
    });
  });

  describe('hostile archives are refused whole, writing nothing', () => {
    const manifest = Buffer.from(JSON.stringify({ format: 'reverie-backup', version: 1, createdAt: 1, items: 0, files: 1 }));

    async function expectRefused(archive: string) {
      const parent = await tempDir();
      const target = join(parent, 'Restored');
      const restored = await restoreLibraryTo(archive, target);
      expect(restored).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid-input' }) });
      expect(await listFiles(parent)).toEqual([]);
      expect(await readdir(parent)).toEqual([]);

      const lib = await buildLibrary(20);
      const before = await listFiles(lib.root);
      const merged = await mergeBackupInto(archive, lib);
      expect(merged).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid-input' }) });
      expect(await listFiles(lib.root)).toEqual(before);
      expect(await readdir(lib.root)).not.toContainEqual(expect.stringMatching(/^\./));
      expect((await readBackupManifest(archive)).ok).toBe(false);
    }

    const archivePath = async () => join(await tempDir(), 'hostile.zip');

    it('zip-slip: ../evil', async () => {
      const path = await archivePath();
      await writeArchive(
        path,
        [
          ['reverie-backup.json', manifest],
          ['records/QQQevil.json', Buffer.from('{}')],
        ],
        {
          rename: ['records/QQQevil.json', 'records/../evil.json'],
        },
      );
      await expectRefused(path);
      await expect(readdir(join(path, '..', '..'))).resolves.not.toContain('evil.json');
    });

    it('an absolute path', async () => {
      const path = await archivePath();
      await writeArchive(
        path,
        [
          ['reverie-backup.json', manifest],
          ['Ztmp/evil.json', Buffer.from('{}')],
        ],
        { rename: ['Ztmp/evil.json', '/tmp/evil.json'] },
      );
      await expectRefused(path);
    });

    it('a backslash in a name', async () => {
      const path = await archivePath();
      await writeArchive(
        path,
        [
          ['reverie-backup.json', manifest],
          ['records/aaQevil.json', Buffer.from('{}')],
        ],
        {
          rename: ['records/aaQevil.json', 'records/aa\\evil.json'],
        },
      );
      await expectRefused(path);
    });

    it('a symlink entry', async () => {
      const path = await archivePath();
      await writeArchive(
        path,
        [
          ['reverie-backup.json', manifest],
          ['records/aa/link.json', Buffer.from('/etc/passwd')],
        ],
        {
          mode: { 'records/aa/link.json': 0o120777 },
        },
      );
      await expectRefused(path);
    });

    it('a wrong or missing manifest', async () => {
      for (const entries of [
        [['reverie-backup.json', Buffer.from(JSON.stringify({ format: 'something-else', version: 1, createdAt: 1, items: 0, files: 0 }))]],
        [['reverie-backup.json', Buffer.from(JSON.stringify({ format: 'reverie-backup', version: 2, createdAt: 1, items: 0, files: 0 }))]],
        [['reverie-backup.json', Buffer.from('not json')]],
        [
          ['records/aa/x.json', Buffer.from('{}')],
          ['reverie-backup.json', manifest],
        ],
      ] as Entries[]) {
        const path = await archivePath();
        await writeArchive(path, entries);
        await expectRefused(path);
      }
    });

    it('a file that is not a ZIP at all', async () => {
      const path = await archivePath();
      await writeFile(path, 'hello');
      await expectRefused(path);
    });

    it('an entry that unpacks far beyond its size (zip bomb) or beyond the caps', async () => {
      const bomb = await archivePath();
      await writeArchive(bomb, [
        ['reverie-backup.json', manifest],
        ['library.sqlite', Buffer.alloc(32 * 1024 * 1024)],
      ]);
      await expectRefused(bomb);

      const source = await buildLibrary(1);
      const archive = await backupOf(source);
      const result = await restoreLibraryTo(archive, join(await tempDir(), 'Restored'), { limits: { maxEntryBytes: 100 } });
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid-input' }) });
    });
  });
});
