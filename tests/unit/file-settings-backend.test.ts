import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSettingsBackend } from '../../electron/main/adapters/file-settings-backend';
import { UnreadableSettingsError } from '../../electron/main/services/settings/file';
import { recordingFs } from './support/recording-fs';

describe('createFileSettingsBackend', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'reverie-settings-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads an empty object before anything was written', () => {
    expect(createFileSettingsBackend(folder).read()).toEqual({});
  });

  it('writes JSON that a fresh backend reads back, leaving no temp files', async () => {
    await createFileSettingsBackend(folder).write({ defaultAspectRatio: '16:9', apiBaseUrl: null });
    expect(createFileSettingsBackend(folder).read()).toEqual({ defaultAspectRatio: '16:9', apiBaseUrl: null });
    expect(await readdir(folder)).toEqual(['settings.json']);
    expect(JSON.parse(await readFile(path.join(folder, 'settings.json'), 'utf8'))).toEqual({ defaultAspectRatio: '16:9', apiBaseUrl: null });
  });

  it('replaces the whole file on each write', async () => {
    const backend = createFileSettingsBackend(folder);
    await backend.write({ a: 1, b: 2 });
    await backend.write({ b: 3 });
    expect(backend.read()).toEqual({ b: 3 });
  });

  it('creates a missing folder', async () => {
    const nested = path.join(folder, 'a', 'b');
    await createFileSettingsBackend(nested).write({ x: true });
    expect(createFileSettingsBackend(nested).read()).toEqual({ x: true });
  });

  it('says a corrupt file is unreadable instead of reading it as empty settings', async () => {
    await writeFile(path.join(folder, 'settings.json'), '{"defaultAspectRatio": "16:9"');
    expect(() => createFileSettingsBackend(folder).read()).toThrow(UnreadableSettingsError);
  });

  it('sets the file aside under a new name, bytes untouched', async () => {
    await writeFile(path.join(folder, 'settings.json'), '{garbled');
    const kept = createFileSettingsBackend(folder).setAside(Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(path.basename(kept)).toMatch(/^settings\.unreadable-2025-01-02-\d\d-04-05\.json$/);
    expect(await readFile(kept, 'utf8')).toBe('{garbled');
    expect(await readdir(folder)).toEqual([path.basename(kept)]);
  });

  it('keeps the old settings, and leaves no temp file, when the disk fills up part-way through a write', async () => {
    await createFileSettingsBackend(folder).write({ libraryLocation: '/mnt/pictures/Reverie Library' });
    const full = createFileSettingsBackend(folder, { fs: recordingFs({ fullDiskAfter: { bytes: 8 } }) });
    await expect(full.write({ libraryLocation: '/elsewhere', note: 'x'.repeat(2000) })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(createFileSettingsBackend(folder).read()).toEqual({ libraryLocation: '/mnt/pictures/Reverie Library' });
    expect(await readdir(folder)).toEqual(['settings.json']);
  });
});
