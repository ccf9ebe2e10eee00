import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTempFileName, placeFileAtomically, writeFileAtomic } from '../../electron/main/services/atomic-write';
import { listFiles, useTempDirs } from './support/library-fixtures';
import { recordingFs, type FsCall } from './support/recording-fs';
import { placeInFolder } from '../../electron/main/services/library-folder/folder-files';

describe('writeFileAtomic', () => {
  const tempDir = useTempDirs();
  /** A file `name` holding `content` in a fresh folder, for a write to replace. */
  async function existingFile(name: string, content: string): Promise<{ dir: string; target: string }> {
    const dir = await tempDir();
    const target = join(dir, name);
    await writeFile(target, content);
    return { dir, target };
  }

  it('creates a file with exactly the given bytes', async () => {
    const dir = await tempDir();
    const target = join(dir, 'data.bin');
    await writeFileAtomic(target, new Uint8Array([0, 1, 2, 255]));
    expect(new Uint8Array(await readFile(target))).toEqual(new Uint8Array([0, 1, 2, 255]));
  });

  it('replaces existing content and leaves no temp file', async () => {
    const { dir, target } = await existingFile('settings.json', 'old content that is longer than the new one');
    await writeFileAtomic(target, '{"new":true}');
    expect(await readFile(target, 'utf8')).toBe('{"new":true}');
    expect(await listFiles(dir)).toEqual(['settings.json']);
  });

  it('keeps the old content, and leaves no temp file, when the disk fills up part-way through the write', async () => {
    const { dir, target } = await existingFile('settings.json', '{"old":"content the user relies on"}');
    // The new content is much longer than what fits: 10 bytes land, then ENOSPC.
    const fs = recordingFs({ fullDiskAfter: { bytes: 10 } });
    await expect(writeFileAtomic(target, JSON.stringify({ replacement: 'x'.repeat(4096) }), fs)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readFile(target, 'utf8')).toBe('{"old":"content the user relies on"}');
    expect(await listFiles(dir)).toEqual(['settings.json']);
    // The partial bytes went to a temp file, never to the target.
    expect(fs.calls.filter((call) => call.op === 'open').map((call) => call.path)).not.toContain(target);
  });

  it('keeps the old content, and removes its temp file, when the rename fails', async () => {
    const { dir, target } = await existingFile('settings.json', 'old content');
    await expect(writeFileAtomic(target, 'new content', recordingFs({ failRename: 'EIO' }))).rejects.toMatchObject({ code: 'EIO' });
    expect(await readFile(target, 'utf8')).toBe('old content');
    expect(await listFiles(dir)).toEqual(['settings.json']);
  });

  it('leaves only the old content and a temp file the sweep recognises when the process dies before the rename', async () => {
    const { dir, target } = await existingFile('record.json', 'old content');
    // A death between fsync and rename: neither the rename nor the cleanup happens.
    await expect(writeFileAtomic(target, 'new content', recordingFs({ failRename: 'EIO', failRm: true }))).rejects.toThrow();
    expect(await readFile(target, 'utf8')).toBe('old content');
    const leftovers = (await listFiles(dir)).filter((name) => name !== 'record.json');
    expect(leftovers).toHaveLength(1);
    expect(isTempFileName(leftovers[0] as string)).toBe(true);
  });

  /** `write` replacing a file's content, the calls it made, and the temp file it made them on. */
  async function recordedWrite(write: typeof writeFileAtomic) {
    const { dir, target } = await existingFile('data.json', 'old');
    const fs = recordingFs();
    await write(target, 'new', fs);
    expect(await readFile(target, 'utf8')).toBe('new');
    const temp = fs.calls[0]?.path ?? '';
    expect(dirname(temp)).toBe(dir);
    expect(isTempFileName(basename(temp))).toBe(true);
    // Dropping the fsync, writing into the target, or skipping the rename each changes this list.
    const placing: FsCall[] = [
      { op: 'open', path: temp, flags: 'wx' },
      { op: 'writeFile', path: temp },
      { op: 'sync', path: temp },
      { op: 'close', path: temp },
      { op: 'rename', path: temp, to: target },
    ];
    return { dir, calls: fs.calls, placing };
  }

  it('writes a temp file beside the target, fsyncs it, renames it over the target, then fsyncs the folder', async () => {
    const { dir, calls, placing } = await recordedWrite(writeFileAtomic);
    expect(calls).toEqual([...placing, { op: 'open', path: dir, flags: 'r' }, { op: 'sync', path: dir }, { op: 'close', path: dir }]);
  });

  it('placeFileAtomically does the same up to the rename and leaves the folder to its caller', async () => {
    // The bytes are on disk before the name: the fsync still comes before the rename.
    const { calls, placing } = await recordedWrite(placeFileAtomically);
    expect(calls).toEqual(placing);
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

describe('placing a file in a shard folder made on demand', () => {
  const tempDir = useTempDirs();

  it('makes the folder only when the file cannot be placed without it, and then places it', async () => {
    const root = await tempDir();
    const attempts: string[] = [];
    const placeText = (path: string, text: string) => () => {
      attempts.push(basename(path));
      return writeFileAtomic(path, text);
    };

    const first = join(root, 'thumbs', 'ab', 'ab12.webp');
    await placeInFolder(first, placeText(first, 'first'));
    expect(attempts).toEqual(['ab12.webp', 'ab12.webp']);
    expect(await readFile(first, 'utf8')).toBe('first');

    // The folder is there now: one call.
    const second = join(root, 'thumbs', 'ab', 'ab34.webp');
    await placeInFolder(second, placeText(second, 'second'));
    expect(attempts).toEqual(['ab12.webp', 'ab12.webp', 'ab34.webp']);
    expect(await readFile(second, 'utf8')).toBe('second');
  });

  it('passes on any other failure without making a folder', async () => {
    const root = await tempDir();
    const full = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });

    await expect(placeInFolder(join(root, 'records', 'cd', 'cd.json'), () => Promise.reject(full))).rejects.toBe(full);
    expect(await readdir(root)).toEqual([]);
  });
});
