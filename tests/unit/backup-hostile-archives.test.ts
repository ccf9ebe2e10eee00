import { execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBackupManifest } from '../../electron/main/services/backup/archive';
import { mergeBackupInto } from '../../electron/main/services/backup/merge';
import { restoreLibraryTo } from '../../electron/main/services/backup/restore';
import { backupOf, buildLibrary, writeArchive, type Entries } from './support/backup-fixtures';
import { listFiles } from './support/library-fixtures';
import { useLibraryFolders } from './support/library-folder-fixtures';

describe('hostile archives are refused whole, writing nothing', () => {
  const folders = useLibraryFolders();
  const tempDir = folders.tempDir;
  const manifest = Buffer.from(JSON.stringify({ format: 'reverie-backup', version: 1, createdAt: 1, items: 0, files: 1 }));

  async function expectRefused(archive: string) {
    const parent = await tempDir();
    const target = join(parent, 'Restored');
    const restored = await restoreLibraryTo(archive, target);
    expect(restored).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid-input' }) });
    expect(await listFiles(parent)).toEqual([]);
    expect(await readdir(parent)).toEqual([]);

    const lib = await buildLibrary(folders, 20);
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

  it('a folder picked as the backup', async () => {
    const path = await archivePath();
    await mkdir(path);
    await expectRefused(path);
  });

  // Opened plainly, a FIFO nobody writes to never answers and the restore would hang; Windows has neither.
  if (process.platform === 'win32') console.info('skipped: no FIFO or /dev/zero on Windows');
  it.skipIf(process.platform === 'win32')('a FIFO or a device picked as the backup', async () => {
    const fifo = await archivePath();
    execFileSync('mkfifo', [fifo]);
    await expectRefused(fifo);
    await expectRefused('/dev/zero');
  });

  it('an entry that unpacks far beyond its size (zip bomb) or beyond the caps', async () => {
    const bomb = await archivePath();
    await writeArchive(bomb, [
      ['reverie-backup.json', manifest],
      ['library.sqlite', Buffer.alloc(32 * 1024 * 1024)],
    ]);
    await expectRefused(bomb);

    const source = await buildLibrary(folders, 1);
    const archive = await backupOf(folders, source);
    const result = await restoreLibraryTo(archive, join(await tempDir(), 'Restored'), { limits: { maxEntryBytes: 100 } });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid-input' }) });
  });
});
