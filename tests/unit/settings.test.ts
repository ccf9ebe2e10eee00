import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSettingsBackend } from '../../electron/main/adapters/file-settings-backend';
import type { SettingsBackend } from '../../electron/main/services/ports';
import { openSettings, type SettingsRecovery } from '../../electron/main/services/settings/settings';
import { DEFAULT_API_BASE_URL } from '../../electron/shared/domain';
import { useTempDirs } from './support/library-fixtures';

/**
 * An in-memory backend holding an object, as both real backends hand one back; what an unreadable
 * file does is tested on the real backends (settings-recovery.test.ts).
 */
const memoryBackend = (initial: Record<string, unknown> = {}): SettingsBackend & { stored: Record<string, unknown> } => {
  const backend = {
    stored: initial,
    read: () => structuredClone(backend.stored),
    write: async (value: Record<string, unknown>) => {
      backend.stored = structuredClone(value);
    },
    setAside: (): string => {
      throw new Error('nothing to set aside in memory');
    },
  };
  return backend;
};

describe('settings service', () => {
  const tempDir = useTempDirs();

  it('uses the default base URL when nothing is set', async () => {
    const view = (await openSettings(memoryBackend(), {})).view();
    expect(view).toMatchObject({ effectiveApiBaseUrl: DEFAULT_API_BASE_URL, apiBaseUrlSource: 'default', defaultAspectRatio: '3:2' });
  });

  it('stores a base URL override, trimmed of trailing slashes', async () => {
    const backend = memoryBackend();
    const view = await (await openSettings(backend, {})).update({ apiBaseUrl: 'https://proxy.example.com/v1/' });
    expect(view).toMatchObject({
      apiBaseUrl: 'https://proxy.example.com/v1',
      effectiveApiBaseUrl: 'https://proxy.example.com/v1',
      apiBaseUrlSource: 'settings',
    });
    expect(backend.stored).toMatchObject({ apiBaseUrl: 'https://proxy.example.com/v1' });
  });

  it('lets REVERIE_API_BASE_URL win over the setting', async () => {
    const backend = memoryBackend({ apiBaseUrl: 'https://proxy.example.com/v1' });
    const view = (await openSettings(backend, { REVERIE_API_BASE_URL: 'http://127.0.0.1:8787/v1/' })).view();
    expect(view).toMatchObject({ effectiveApiBaseUrl: 'http://127.0.0.1:8787/v1', apiBaseUrlSource: 'environment' });
  });

  it('ignores an environment address that would send the key over plain http to another machine', async () => {
    const warnings: string[] = [];
    const service = await openSettings(memoryBackend(), { REVERIE_API_BASE_URL: 'http://192.0.2.10/v1' }, { warn: (m) => warnings.push(m) });
    expect(service.apiBaseUrl()).toBe(DEFAULT_API_BASE_URL);
    expect(warnings.join()).toMatch(/REVERIE_API_BASE_URL is ignored/);
  });

  it('clears the override when set to null', async () => {
    const backend = memoryBackend({ apiBaseUrl: 'https://proxy.example.com/v1' });
    const view = await (await openSettings(backend, {})).update({ apiBaseUrl: null });
    expect(view.apiBaseUrlSource).toBe('default');
  });

  it('keeps the valid fields of a hand-edited file, sets the file as it was aside, and says which fields went back to defaults', async () => {
    const dir = await tempDir();
    const original = JSON.stringify({
      apiBaseUrl: 'ftp://nope',
      defaultAspectRatio: '16:9',
      concurrency: 'lots',
      libraryLocation: '/mnt/pictures/Reverie Library',
      extra: 1,
    });
    await writeFile(join(dir, 'settings.json'), original);
    const recoveries: SettingsRecovery[] = [];
    const view = (
      await openSettings(createFileSettingsBackend(dir), {}, { now: () => Date.UTC(2025, 2, 1, 12), onRecovered: (r) => recoveries.push(r) })
    ).view();

    expect(view).toMatchObject({ apiBaseUrl: null, defaultAspectRatio: '16:9', concurrency: 3, libraryLocation: '/mnt/pictures/Reverie Library' });
    expect(recoveries).toEqual([
      {
        reason: expect.stringMatching(/apiBaseUrl, concurrency/),
        keptAt: expect.stringMatching(/settings\.unreadable-2025-03-01-\d\d-00-00\.json$/),
        resetFields: ['apiBaseUrl', 'concurrency'],
      },
    ]);
    expect(await readFile(recoveries[0]?.keptAt ?? '', 'utf8')).toBe(original);
    // The file in place now holds the salvaged settings, so a crash before any change loses nothing more.
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      defaultAspectRatio: '16:9',
      libraryLocation: '/mnt/pictures/Reverie Library',
    });
    expect((await readdir(dir)).sort()).toEqual([basename(recoveries[0]?.keptAt ?? ''), 'settings.json'].sort());
  });

  it('tells nobody anything when the file is valid, and leaves it as it is', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ defaultAspectRatio: '1:1' }));
    const recoveries: SettingsRecovery[] = [];
    const view = (await openSettings(createFileSettingsBackend(dir), {}, { onRecovered: (r) => recoveries.push(r) })).view();
    expect(view.defaultAspectRatio).toBe('1:1');
    expect(recoveries).toEqual([]);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });
});
