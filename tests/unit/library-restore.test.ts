import { readdirSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKING_ROOM_BYTES } from '../../electron/main/services/free-space';
import { isBesideTempName, removeInterruptedWork } from '../../electron/main/services/interrupted-work';
import { readBackupManifest } from '../../electron/main/services/backup/archive';
import { mergeBackupInto } from '../../electron/main/services/backup/merge';
import { restoreLibraryTo } from '../../electron/main/services/backup/restore';
import { TagQuery, type LibraryItem } from '../../electron/shared/domain';
import type { Result } from '../../electron/shared/errors';
import { backupOf, buildLibrary, libraryFiles, readArchive, writeArchive } from './support/backup-fixtures';
import { listFiles, makeImage } from './support/library-fixtures';
import { useLibraryFolders } from './support/library-folder-fixtures';

describe('restoring and merging a library backup', () => {
  const folders = useLibraryFolders();
  const tempDir = folders.tempDir;

  it('restores into a new folder: the same items, tags, collections, and byte-identical files', async () => {
    const source = await buildLibrary(folders, 1);
    const archive = await backupOf(folders, source);
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
    const source = await buildLibrary(folders, 1);
    const archive = await backupOf(folders, source);
    const target = await tempDir();
    await writeFile(join(target, 'notes.txt'), 'mine');
    const result = await restoreLibraryTo(archive, target);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid-input' }) });
    expect(await readdir(target)).toEqual(['notes.txt']);
  });

  it('merges only the items the library lacks, with their images, tags and collections; existing items stay as they are', async () => {
    const source = await buildLibrary(folders, 1);
    const target = await buildLibrary(folders, 10);
    // The target already has one of the source's items, changed since.
    const shared = { ...source.items[1]!, prompt: 'changed in the target', collectionIds: [] };
    await target.store.save(await readFile(source.store.originalPath(shared.fileHash!, shared.mimeType!)));
    await target.store.writeSidecar(shared);
    target.library.insert(shared);
    const archive = await backupOf(folders, source);

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
    const source = await buildLibrary(folders, 1);
    const target = await buildLibrary(folders, 10);
    const archive = await backupOf(folders, source);
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
    const source = await buildLibrary(folders, 1);
    const target = await buildLibrary(folders, 10);
    const archive = await backupOf(folders, source);
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
      const source = await buildLibrary(folders, 1);
      const archive = await backupOf(folders, source);
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
      const source = await buildLibrary(folders, 1);
      const target = await buildLibrary(folders, 10);
      const archive = await backupOf(folders, source);
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
      const source = await buildLibrary(folders, 1);
      const target = await buildLibrary(folders, 10);
      const archive = await backupOf(folders, source);
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
      const source = await buildLibrary(folders, 1);
      const archive = await backupOf(folders, source);
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
});
