import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSettingsBackend } from '../../electron/main/adapters/file-settings-backend';

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
    createFileSettingsBackend(folder).write({ defaultAspectRatio: '16:9', apiBaseUrl: null });
    expect(createFileSettingsBackend(folder).read()).toEqual({ defaultAspectRatio: '16:9', apiBaseUrl: null });
    expect(await readdir(folder)).toEqual(['settings.json']);
    expect(JSON.parse(await readFile(path.join(folder, 'settings.json'), 'utf8'))).toEqual({ defaultAspectRatio: '16:9', apiBaseUrl: null });
  });

  it('replaces the whole file on each write', () => {
    const backend = createFileSettingsBackend(folder);
    backend.write({ a: 1, b: 2 });
    backend.write({ b: 3 });
    expect(backend.read()).toEqual({ b: 3 });
  });

  it('creates a missing folder', () => {
    const nested = path.join(folder, 'a', 'b');
    createFileSettingsBackend(nested).write({ x: true });
    expect(createFileSettingsBackend(nested).read()).toEqual({ x: true });
  });

  it('falls back to an empty object for a corrupt file (the settings service applies defaults)', async () => {
    await writeFile(path.join(folder, 'settings.json'), '{"defaultAspectRatio": "16:9"');
    expect(createFileSettingsBackend(folder).read()).toEqual({});
  });

  it('keeps the old file and cleans up when the write cannot complete', async () => {
    const backend = createFileSettingsBackend(folder);
    backend.write({ keep: true });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => backend.write(cyclic)).toThrow();
    expect(backend.read()).toEqual({ keep: true });
    expect(await readdir(folder)).toEqual(['settings.json']);
  });
});
