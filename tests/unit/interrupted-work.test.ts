import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { besideTempFolder, mergeTempFolder, removeInterruptedWork } from '../../electron/main/services/interrupted-work';
import { createLibraryLocator } from '../../electron/main/services/library-folder/location';
import { listFiles, useTempDirs } from './support/library-fixtures';
import { hostStudio, type HostedStudio } from './support/studio-host';

/** A temp folder as a crash leaves it: made under the name its maker gives it, with something inside. */
async function leftover(path: string): Promise<string> {
  await mkdir(join(path, 'images', 'ab'), { recursive: true });
  await writeFile(join(path, 'images', 'ab', 'half.png'), 'half an image');
  return path;
}

describe('removeInterruptedWork', () => {
  const tempDir = useTempDirs();

  it('removes the temp folders of a merge, a restore and a move, and nothing else', async () => {
    const parent = await tempDir();
    const root = join(parent, 'Reverie Library');
    await mkdir(join(root, 'records'), { recursive: true });
    await writeFile(join(root, 'library.sqlite'), 'db');
    const removable = [
      await leftover(mergeTempFolder(root)),
      await leftover(besideTempFolder(join(parent, 'Reverie Library (restored 2025-06-01 08-30)'))),
      await leftover(besideTempFolder(join(parent, 'Reverie Library'))),
    ];
    // Look-alikes that Reverie did not make, or that are not folders, stay.
    const kept = ['.backup-merge.notahexname.tmp', '.Holiday.0123456789ab.tmp', 'Reverie Library (restored 2025-06-01 08-30)'];
    for (const name of kept) await mkdir(join(parent, name));
    await writeFile(join(root, '.backup-merge.0123456789ab.tmp'), 'a file, not a folder');
    const outside = await tempDir();
    await symlink(outside, join(parent, '.Reverie Library.abcdefabcdef.tmp'));
    await writeFile(join(outside, 'precious.txt'), 'not ours');

    expect((await removeInterruptedWork(root)).sort()).toEqual(removable.sort());
    expect((await readdir(parent)).sort()).toEqual(['.Reverie Library.abcdefabcdef.tmp', 'Reverie Library', ...kept].sort());
    expect((await readdir(root)).sort()).toEqual(['.backup-merge.0123456789ab.tmp', 'library.sqlite', 'records']);
    expect(await listFiles(outside)).toEqual(['precious.txt']);
  });

  it('also sweeps beside where a move a crash cut short was going', async () => {
    const root = join(await tempDir(), 'library');
    await mkdir(root);
    const elsewhere = await tempDir();
    const copy = await leftover(besideTempFolder(join(elsewhere, 'Reverie Library')));
    expect(await removeInterruptedWork(root, join(elsewhere, 'Reverie Library'))).toEqual([copy]);
    expect(await readdir(elsewhere)).toEqual([]);
  });
});

describe('studio: startup after a crash', () => {
  const hosted: HostedStudio[] = [];
  const tempDir = useTempDirs();
  afterEach(async () => {
    for (const h of hosted.splice(0)) await h.dispose();
  });

  it('sweeps what an interrupted merge, restore and move left, and opens the library as it was', async () => {
    const h = await hostStudio({ apiBaseUrl: 'http://127.0.0.1:9/v1' });
    await h.studio.close();
    const root = join(h.dataDir, 'library');
    const merge = await leftover(mergeTempFolder(root));
    const restore = await leftover(besideTempFolder(join(h.dataDir, 'Reverie Library (restored 2025-06-01 08-30)')));
    // A move across disks, cut short mid-copy: recorded as begun, its copy still under the temp name.
    const destination = await tempDir();
    await createLibraryLocator(h.dataDir).beginMove(join(destination, 'Reverie Library'), root);
    const copy = await leftover(besideTempFolder(join(destination, 'Reverie Library')));

    const reopened = await h.restart();
    hosted.push(reopened);

    for (const path of [merge, restore, copy]) await expect(readdir(path)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await reopened.studio.handlers['library:location'](undefined)).toEqual({ ok: true, value: { path: root } });
    expect(await readdir(destination)).toEqual([]);
    await rm(destination, { recursive: true, force: true });
  });
});
