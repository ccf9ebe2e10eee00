import type { BrowserWindow } from 'electron';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createElectronClipboard, createElectronDragger } from '../../electron/main/adapters/electron-desktop';
import { createFileSettingsBackend } from '../../electron/main/adapters/file-settings-backend';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { openStudio, type Studio } from '../../electron/main/services/studio/studio';
import { createMemorySecretStore } from '../support/memory-secret-store';
import { createRecordingDesktop } from '../support/recording-ports';
import { makeImage } from './support/library-fixtures';
import { UNREACHABLE_API, useHostedStudios } from './support/studio-fixture';

/**
 * Copy and drag-out of WebP items end to end: the studio's IPC handlers with real files and sharp,
 * and Electron's clipboard and startDrag adapters on a fake Electron that refuses what the real one
 * refuses (empty nativeImage from WebP, silent no-op drag with an empty icon).
 */
const electron = await vi.hoisted(async () => (await import('./support/fake-electron')).createFakeElectron());
vi.mock('electron', () => electron.module);

// Studios hosted here use Electron's desktop adapters, so they are opened (and closed) by hand; the fixture keeps their folders.
const studios = useHostedStudios();
const opened: Studio[] = [];
afterEach(async () => {
  for (const studio of opened.splice(0)) await studio.close();
});

async function openWithElectronDesktop() {
  const dataDir = await studios.tempFolder('reverie-share-');
  const window = new electron.module.BrowserWindow({});
  const studio = await openStudio({
    ...createRecordingDesktop().ports,
    dataDir,
    secretStore: createMemorySecretStore(),
    settingsBackend: createFileSettingsBackend(dataDir),
    imageCodec: createSharpImageCodec(),
    env: { REVERIE_API_BASE_URL: UNREACHABLE_API },
    emit: () => undefined,
    clipboard: createElectronClipboard(),
    dragger: createElectronDragger(() => [window as unknown as BrowserWindow]),
  });
  opened.push(studio);
  return { studio, window };
}

async function importWebp(studio: Studio, names: string[]) {
  const files = await Promise.all(names.map(async (name, index) => ({ name, bytes: await makeImage('webp', 300, 200, index + 1) })));
  const imported = await studio.handlers['library:import']({ files });
  if (!imported.ok) throw new Error(imported.error.message);
  return imported.value.imported.map((item) => item.id);
}

describe('WebP items through the Electron adapters', () => {
  it('drag out: the originals go with a PNG icon Electron accepts, and the drag really starts', async () => {
    const { studio, window } = await openWithElectronDesktop();
    const ids = await importWebp(studio, ['a.webp', 'b.webp']);

    expect(await studio.handlers['drag:prepare']({ ids })).toMatchObject({ ok: true, value: { files: 2, format: 'original' } });
    expect(await studio.handlers['drag:start']({ ids })).toEqual({ ok: true, value: { files: 2, format: 'original', skipped: 0 } });

    const [drag] = window.webContents.drags;
    expect(drag?.icon.kind).toBe('png');
    expect(drag!.files.map((file) => basename(file).split('.').pop())).toEqual(['webp', 'webp']);
    const icon = await sharp(drag!.icon.bytes).metadata();
    expect(Math.max(icon.width, icon.height)).toBeLessThanOrEqual(96);
  });

  it('drag out as PNG copies prepared ahead', async () => {
    const { studio, window } = await openWithElectronDesktop();
    const ids = await importWebp(studio, ['c.webp']);
    await studio.handlers['settings:update']({ dragFormat: 'png' });
    await studio.handlers['drag:prepare']({ ids });
    expect(await studio.handlers['drag:start']({ ids })).toMatchObject({ ok: true, value: { format: 'png' } });
    const file = window.webContents.drags[0]!.files[0]!;
    expect(file.endsWith('.png')).toBe(true);
    expect((await sharp(await readFile(file)).metadata()).format).toBe('png');
  });

  it('copy image: PNG bytes of the WebP land on the clipboard; an import has no prompt to add, so its title is not copied as one', async () => {
    const { studio } = await openWithElectronDesktop();
    const [id] = await importWebp(studio, ['d.webp']);
    expect(await studio.handlers['clipboard:copy']({ id: id!, what: 'both' })).toEqual({ ok: true, value: null });
    const contents = electron.clipboardContents();
    expect(contents?.image).toMatchObject({ kind: 'png', width: 300, height: 200 });
    // The file name became the import's title (issue 11, defect 6), not its prompt.
    expect(contents?.text ?? '').toBe('');
  });
});
