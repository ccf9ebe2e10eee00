import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createElectronSettingsBackend } from '../../electron/main/adapters/electron-settings-backend';
import { createFileSettingsBackend } from '../../electron/main/adapters/file-settings-backend';
import type { SettingsBackend } from '../../electron/main/services/ports';
import { openSettings, type SettingsRecovery } from '../../electron/main/services/settings/settings';
import { Settings } from '../../electron/shared/domain';
import { useTempDirs } from './support/library-fixtures';

/**
 * The garbled-settings rows of the corruption matrix, on both real backends: the JSON file of the
 * preview and tests, and the real electron-store 12 (over conf 16 and atomically) the app uses, on
 * the fake of Electron (it needs only `app.getPath`, `app.getVersion` and `ipcMain` from it; Vitest
 * runs electron-store itself so the mock reaches it, see vitest.config.ts).
 */
const electron = await vi.hoisted(async () => (await import('./support/fake-electron')).createFakeElectron());
vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

const BACKENDS: Record<string, (dir: string) => SettingsBackend> = {
  'JSON file': (dir) => createFileSettingsBackend(dir),
  'electron-store': (dir) => createElectronSettingsBackend(dir),
};

/** Bytes no text editor would save: NULs, invalid UTF-8, control characters. */
const binaryGarbage = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 73 + 11) % 256));

const GARBLED: Record<string, Buffer> = {
  'invalid JSON (cut off)': Buffer.from('{"defaultAspectRatio": "16:9", "libraryLocation": "/mnt/pic'),
  'valid JSON of the wrong shape: a list': Buffer.from('["16:9", 3]'),
  'valid JSON of the wrong shape: a number': Buffer.from('42'),
  'valid JSON of the wrong shape: a string': Buffer.from('"settings"'),
  'valid JSON of the wrong shape: null': Buffer.from('null'),
  'an empty file': Buffer.alloc(0),
  'only white space': Buffer.from('  \n\t'),
  'binary garbage': binaryGarbage,
};

const DEFAULTS = Settings.parse({});

describe.each(Object.entries(BACKENDS))('unreadable settings on the %s backend', (_name, backendIn) => {
  const tempDir = useTempDirs();

  it.each(Object.entries(GARBLED))('%s: starts with defaults, keeps the file aside byte for byte, and says so', async (_case, bytes) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), bytes);
    const recoveries: SettingsRecovery[] = [];
    const settings = await openSettings(backendIn(dir), {}, { now: () => Date.UTC(2025, 5, 1, 8, 30), onRecovered: (r) => recoveries.push(r) });

    expect(settings.view()).toMatchObject(DEFAULTS);
    expect(recoveries).toHaveLength(1);
    const keptAt = recoveries[0]?.keptAt ?? '';
    expect(basename(keptAt)).toMatch(/^settings\.unreadable-2025-06-01-\d\d-30-00\.json$/);
    expect(Buffer.compare(await readFile(keptAt), bytes)).toBe(0);
    expect(recoveries[0]?.resetFields).toEqual(Object.keys(Settings.shape));
    expect(recoveries[0]?.reason).toMatch(/settings file (is empty|is not valid JSON|holds)/);
    // A readable file is in place at once, and nothing else was left in the folder.
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toEqual(DEFAULTS);
    expect((await readdir(dir)).sort()).toEqual([basename(keptAt), 'settings.json'].sort());

    // And it works from here on: a change is stored, and the next start reads it without a word.
    await settings.update({ defaultAspectRatio: '16:9' });
    const again: SettingsRecovery[] = [];
    const reopened = await openSettings(backendIn(dir), {}, { onRecovered: (r) => again.push(r) });
    expect(reopened.view().defaultAspectRatio).toBe('16:9');
    expect(again).toEqual([]);
  });

  it('keeps a second unreadable file beside the first instead of replacing it', async () => {
    const dir = await tempDir();
    const kept: string[] = [];
    for (const bytes of [Buffer.from('{first'), Buffer.from('{second')]) {
      await writeFile(join(dir, 'settings.json'), bytes);
      await openSettings(backendIn(dir), {}, { now: () => 0, onRecovered: (r) => kept.push(r.keptAt ?? '') });
    }
    expect(new Set(kept).size).toBe(2);
    expect(await Promise.all(kept.map((path) => readFile(path, 'utf8')))).toEqual(['{first', '{second']);
  });

  it('reads a file saved with a byte order mark as the settings it holds', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), `\uFEFF${JSON.stringify({ defaultAspectRatio: '1:1' })}`);
    const recoveries: SettingsRecovery[] = [];
    const settings = await openSettings(backendIn(dir), {}, { onRecovered: (r) => recoveries.push(r) });
    expect(settings.view().defaultAspectRatio).toBe('1:1');
    expect(recoveries).toEqual([]);
  });

  it('removes the temp files of an interrupted write, and nothing else', async () => {
    const dir = await tempDir();
    const leftovers = ['.settings.json.0123456789ab.tmp', 'settings.json.tmp-1712345678abcdef'];
    const others = ['settings.json', 'settings.unreadable-2025-01-01-00-00-00.json', 'notes.tmp'];
    for (const name of [...leftovers, ...others]) await writeFile(join(dir, name), '{}');
    backendIn(dir);
    expect((await readdir(dir)).sort()).toEqual(others.sort());
  });
});
