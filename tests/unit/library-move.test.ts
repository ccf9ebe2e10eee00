import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBesideTempName } from '../../electron/main/services/interrupted-work';
import { LIBRARY_FOLDER_NAME, moveLibraryFolder, type MoveFileOps } from '../../electron/main/services/backup/move';
import type { LibraryItem } from '../../electron/shared/domain';
import type { Result } from '../../electron/shared/errors';
import { listFiles, makeImage, makeItem, makeRecord } from './support/library-fixtures';
import { fileItem, useLibraryFolders } from './support/library-folder-fixtures';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every file under `root` with a hash of its content, to compare folders before and after. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const path of await listFiles(root)) files[path] = sha256(await readFile(join(root, path)));
  return files;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** The folder a crossing between disks sees: no rename, so every file is copied. */
const acrossDisks = (copy: MoveFileOps['copyFile'] = (from, to) => copyFile(from, to)): MoveFileOps => ({
  rename: () => Promise.reject(Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' })),
  copyFile: copy,
});

describe('moveLibraryFolder', () => {
  const folders = useLibraryFolders();
  const tempDir = folders.tempDir;

  /** A library folder as the app leaves it after closing: images, thumbnails, sidecars, a checkpointed database. */
  async function makeLibrary(): Promise<{ root: string; items: LibraryItem[] }> {
    const root = join(await tempDir(), 'library');
    await mkdir(root);
    const folder = folders.openAt(root);
    const { store } = folder;
    const items = [
      makeItem({ ...(await store.save(await makeImage('png', 40, 30, 1))) }),
      makeItem({ ...(await store.save(await makeImage('jpeg', 30, 40, 2))), favorite: true }),
      makeRecord('refused'),
    ];
    for (const item of items) await fileItem(folder, item);
    folder.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    folder.library.close();
    return { root, items };
  }

  async function expectLibraryAt(root: string, items: LibraryItem[]): Promise<void> {
    const { library } = folders.openAt(root);
    for (const item of items) expect(library.get(item.id)).toEqual(item);
    library.close();
  }

  /** The move went through: the library is whole in `<parent>/Reverie Library`, file for file, and its old folder is gone. */
  async function expectMoved(moved: Result<string>, from: string, parent: string, before: Record<string, string>, items: LibraryItem[]): Promise<void> {
    const target = join(parent, LIBRARY_FOLDER_NAME);
    expect(moved).toEqual({ ok: true, value: target });
    expect(await exists(from)).toBe(false);
    expect(await snapshot(target)).toEqual(before);
    await expectLibraryAt(target, items);
  }

  it('moves the whole folder on the same disk, and the library opens from there', async () => {
    const { root, items } = await makeLibrary();
    const before = await snapshot(root);
    const parent = await tempDir();

    const moved = await moveLibraryFolder(root, parent);

    await expectMoved(moved, root, parent, before, items);
  });

  it('copies and checks every file across disks, then removes the old folder', async () => {
    const { root, items } = await makeLibrary();
    const before = await snapshot(root);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^images\//), expect.stringMatching(/^thumbs\//), expect.stringMatching(/^records\//), 'library.sqlite']),
    );
    const parent = await tempDir();
    // A folder of that name that is empty is fine to fill.
    await mkdir(join(parent, LIBRARY_FOLDER_NAME));

    const moved = await moveLibraryFolder(root, parent, { ops: acrossDisks() });

    await expectMoved(moved, root, parent, before, items);
  });

  it('refuses a folder that already holds a library, a folder inside the library, and the folder it is already in', async () => {
    const { root } = await makeLibrary();
    const before = await snapshot(root);
    const occupied = await tempDir();
    await mkdir(join(occupied, LIBRARY_FOLDER_NAME));
    await writeFile(join(occupied, LIBRARY_FOLDER_NAME, 'notes.txt'), 'mine');
    const home = await tempDir();
    const settled = join(home, LIBRARY_FOLDER_NAME);
    await rename(root, settled);
    // Inside, though its name starts with two dots: the check compares path segments, not strings.
    await mkdir(join(settled, '..dots'));

    const results = [
      await moveLibraryFolder(settled, occupied),
      await moveLibraryFolder(settled, join(settled, 'images')),
      await moveLibraryFolder(settled, join(settled, '..dots')),
      await moveLibraryFolder(settled, home),
      await moveLibraryFolder(settled, join(home, 'no such folder')),
    ];

    expect(results.map((result) => (result.ok ? 'moved' : result.error.message))).toEqual([
      expect.stringContaining('already has a "Reverie Library" that is not a Reverie library'),
      expect.stringContaining('inside itself'),
      expect.stringContaining('inside itself'),
      'The library is already in that folder.',
      expect.stringContaining('could not be opened'),
    ]);
    expect(await snapshot(settled)).toEqual(before);
    expect(await readFile(join(occupied, LIBRARY_FOLDER_NAME, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('leaves the old folder untouched and no partial copy when copying fails midway', async () => {
    const { root } = await makeLibrary();
    const before = await snapshot(root);
    const parent = await tempDir();
    let copied = 0;
    const failing = acrossDisks(async (from, to) => {
      copied += 1;
      if (copied === 4) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      await copyFile(from, to);
    });

    const moved = await moveLibraryFolder(root, parent, { ops: failing });

    expect(moved).toMatchObject({ ok: false, error: { code: 'storage', detail: expect.stringContaining('ENOSPC') } });
    expect(copied).toBe(4);
    expect(await snapshot(root)).toEqual(before);
    expect(await listFiles(parent)).toEqual([]);
    expect(await exists(join(parent, LIBRARY_FOLDER_NAME))).toBe(false);
  });

  it('fails, and cleans up, when a copied file does not check out', async () => {
    const { root } = await makeLibrary();
    const before = await snapshot(root);
    const parent = await tempDir();
    // Keeps an existing empty target folder on failure: it was the user's before the move.
    await mkdir(join(parent, LIBRARY_FOLDER_NAME));
    const shortened = acrossDisks(async (from, to) => {
      await copyFile(from, to);
      if (from.endsWith('.png')) await truncate(to, 10);
    });
    const scrambled = acrossDisks(async (from, to) => {
      const bytes = await readFile(from);
      // Same size, other bytes: only the hash can tell.
      if (/images.*\.jpg$/.test(from)) bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff;
      await writeFile(to, bytes, { flag: 'wx' });
    });

    const short = await moveLibraryFolder(root, parent, { ops: shortened });
    const wrong = await moveLibraryFolder(root, parent, { ops: scrambled });

    expect(short).toMatchObject({ ok: false, error: { detail: expect.stringContaining('copied incompletely') } });
    expect(wrong).toMatchObject({ ok: false, error: { detail: expect.stringContaining('changed while it was copied') } });
    expect(await snapshot(root)).toEqual(before);
    expect(await listFiles(parent)).toEqual([]);
    expect(await exists(join(parent, LIBRARY_FOLDER_NAME))).toBe(true);
  });

  it('refuses to copy a link out of the library folder before copying anything', async () => {
    const { root } = await makeLibrary();
    await symlink(await tempDir(), join(root, 'elsewhere'));
    const parent = await tempDir();

    const moved = await moveLibraryFolder(root, parent, { ops: acrossDisks() });

    expect(moved).toMatchObject({ ok: false, error: { detail: expect.stringContaining('elsewhere is not a plain file or folder') } });
    expect(await exists(join(root, 'library.sqlite'))).toBe(true);
    expect(await listFiles(parent)).toEqual([]);
  });
  it('copies across disks under a temp name, so a crash mid-copy never leaves a folder that looks like a library', async () => {
    const { root, items } = await makeLibrary();
    const parent = await tempDir();
    const seenDuringCopy = new Set<string>();
    const watching = acrossDisks(async (from, to) => {
      for (const name of await readdir(parent)) seenDuringCopy.add(name);
      await copyFile(from, to);
    });

    const moved = await moveLibraryFolder(root, parent, { ops: watching });

    expect(moved).toEqual({ ok: true, value: join(parent, LIBRARY_FOLDER_NAME) });
    expect(seenDuringCopy.size).toBe(1);
    // A name the next start sweeps away (interrupted-work.ts).
    expect([...seenDuringCopy].every(isBesideTempName)).toBe(true);
    expect(await readdir(parent)).toEqual([LIBRARY_FOLDER_NAME]);
    await expectLibraryAt(join(parent, LIBRARY_FOLDER_NAME), items);
  });

  it('refuses a move across disks that does not fit, saying how much it needs and how much is free, before copying anything', async () => {
    const { root } = await makeLibrary();
    const before = await snapshot(root);
    const parent = await tempDir();
    let copied = 0;
    const probed: string[] = [];
    const moved = await moveLibraryFolder(root, parent, {
      ops: acrossDisks(async (from, to) => {
        copied += 1;
        await copyFile(from, to);
      }),
      freeSpace: async (path) => {
        probed.push(path);
        return 20 * 1024 * 1024;
      },
    });

    expect(moved).toMatchObject({
      ok: false,
      error: { code: 'storage', message: expect.stringMatching(/^Moving the library there needs about \d+ MB free on that disk, and only 20 MB is free\./) },
    });
    expect(probed).toEqual([parent]);
    expect(copied).toBe(0);
    expect(await snapshot(root)).toEqual(before);
    expect(await listFiles(parent)).toEqual([]);
  });

  it('needs no free space for a move on the same disk (a rename)', async () => {
    const { root } = await makeLibrary();
    const parent = await tempDir();
    const moved = await moveLibraryFolder(root, parent, { freeSpace: async () => 0 });
    expect(moved).toEqual({ ok: true, value: join(parent, LIBRARY_FOLDER_NAME) });
  });

  it('records the move before anything moves, and moves nothing when that fails', async () => {
    const { root } = await makeLibrary();
    const parent = await tempDir();
    const begun: Array<{ to: string; oldStillThere: boolean }> = [];
    const moved = await moveLibraryFolder(root, parent, {
      onBegin: async (to) => void begun.push({ to, oldStillThere: await exists(join(root, 'library.sqlite')) }),
    });
    expect(moved).toMatchObject({ ok: true });
    expect(begun).toEqual([{ to: join(parent, LIBRARY_FOLDER_NAME), oldStillThere: true }]);

    const { root: second } = await makeLibrary();
    const before = await snapshot(second);
    const refused = await moveLibraryFolder(second, await tempDir(), {
      onBegin: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'storage', detail: expect.stringContaining('ENOSPC') } });
    expect(await snapshot(second)).toEqual(before);
  });
});
