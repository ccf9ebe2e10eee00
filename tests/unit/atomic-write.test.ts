import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTempFileName, writeFileAtomic } from '../../electron/main/services/atomic-write';
import { listFiles, useTempDirs } from './support/library-fixtures';

describe('writeFileAtomic', () => {
  const tempDir = useTempDirs();

  it('creates a file with exactly the given bytes', async () => {
    const dir = await tempDir();
    const target = join(dir, 'data.bin');
    await writeFileAtomic(target, new Uint8Array([0, 1, 2, 255]));
    expect(new Uint8Array(await readFile(target))).toEqual(new Uint8Array([0, 1, 2, 255]));
  });

  it('replaces existing content and leaves no temp file', async () => {
    const dir = await tempDir();
    const target = join(dir, 'settings.json');
    await writeFile(target, 'old content that is longer than the new one');
    await writeFileAtomic(target, '{"new":true}');
    expect(await readFile(target, 'utf8')).toBe('{"new":true}');
    expect(await listFiles(dir)).toEqual(['settings.json']);
  });

  it('removes its temp file and keeps the old content when the rename fails', async () => {
    const dir = await tempDir();
    // A non-empty folder at the target path makes the final rename fail, even for root.
    const target = join(dir, 'occupied');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'still here');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(await listFiles(dir)).toEqual(['occupied/keep.txt']);
  });

  it('fails cleanly when the folder does not exist', async () => {
    const dir = await tempDir();
    await expect(writeFileAtomic(join(dir, 'missing', 'file.txt'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await listFiles(dir)).toEqual([]);
  });

  it('names temp files so a startup sweep can recognise them', () => {
    expect(isTempFileName('.abc.json.0123456789ab.tmp')).toBe(true);
    expect(isTempFileName('abc.json')).toBe(false);
    expect(isTempFileName('.hidden')).toBe(false);
  });
});
