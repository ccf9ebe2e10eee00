import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { estimateExportBytes } from '../../electron/main/services/export/space';
import { WORKING_ROOM_BYTES, diskFreeSpace, formatSize } from '../../electron/main/services/free-space';
import { withPngText } from '../../electron/main/services/image-metadata/png-text-chunks';
import { ExportOptions } from '../../electron/shared/domain';
import { makeImage, makeItem, makeRecord } from './support/library-fixtures';
import { hostStudio, type HostedStudio } from './support/studio-host';

const options = (overrides: Partial<ExportOptions>) => ExportOptions.parse({ sidecars: false, manifest: false, ...overrides });

describe('export size estimate', () => {
  const item = makeItem({ width: 1000, height: 500, byteSize: 300_000 });

  it('counts originals at their size (plus room for the embedded prompt), and items without an image not at all', () => {
    const missing = makeItem({ fileMissing: true, byteSize: 999_999 });
    const items = [item, makeRecord('refused'), makeRecord('download-failed'), missing];
    expect(estimateExportBytes(items, options({ format: 'original', metadata: 'strip' }))).toBe(300_000);
    expect(estimateExportBytes(items, options({ format: 'original', metadata: 'embed' }))).toBe(300_000 + 16 * 1024);
  });

  it('counts conversions by their pixels at the output size: PNG 2 bytes a pixel, lossy formats by quality', () => {
    expect(estimateExportBytes([item], options({ format: 'png', longestEdge: null }))).toBe(1_000_000);
    // Shrunk to a longest edge of 500: a quarter of the pixels.
    expect(estimateExportBytes([item], options({ format: 'png', longestEdge: 500 }))).toBe(250_000);
    // Never enlarged.
    expect(estimateExportBytes([item], options({ format: 'png', longestEdge: 4000 }))).toBe(1_000_000);
    expect(estimateExportBytes([item], options({ format: 'jpeg', quality: 100, longestEdge: null }))).toBe(500_000);
    expect(estimateExportBytes([item], options({ format: 'webp', quality: 50, longestEdge: null }))).toBe(250_000);
    expect(estimateExportBytes([item], options({ format: 'avif', quality: 5, longestEdge: null }))).toBe(100_000);
  });

  it('adds sidecars and manifest rows', () => {
    expect(estimateExportBytes([item, item], options({ format: 'original', metadata: 'strip', sidecars: true, manifest: true }))).toBe(
      2 * (300_000 + 4096 + 1024),
    );
  });
});

describe('free space', () => {
  it('reads the real disk, also for a folder that does not exist yet', async () => {
    const free = await diskFreeSpace(join(tmpdir(), 'no', 'such', 'folder'));
    expect(free).toBeGreaterThan(0);
  });

  it('speaks in MB and GB', () => {
    expect(formatSize(1)).toBe('1 MB');
    expect(formatSize(180 * 1024 * 1024)).toBe('180 MB');
    expect(formatSize(2.44 * 1024 ** 3)).toBe('2.4 GB');
  });
});

describe('studio: export onto a full disk', () => {
  const hosted: HostedStudio[] = [];
  const folders: string[] = [];
  afterEach(async () => {
    for (const h of hosted.splice(0)) await h.dispose();
    for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('refuses before writing anything, saying how much it needs and how much is free', async () => {
    const asked: string[] = [];
    let free = 10 * 1024 * 1024;
    const h = await hostStudio({
      apiBaseUrl: 'http://127.0.0.1:9/v1',
      freeSpace: async (path) => {
        asked.push(path);
        return free;
      },
    });
    hosted.push(h);
    const bytes = withPngText(await makeImage('png', 400, 300, 3), [{ keyword: 'prompt', text: 'a heron' }]);
    const imported = await h.studio.handlers['library:import']({ files: [{ name: 'heron.png', bytes }] });
    if (!imported.ok) throw new Error(imported.error.message);
    const destination = await mkdtemp(join(tmpdir(), 'reverie-full-'));
    folders.push(destination);

    h.folderAnswers.push(destination);
    const selection = { ids: imported.value.imported.map((item) => item.id) };
    const exportOptions = options({ format: 'png' });
    const refused = await h.studio.handlers['export:start']({ selection, options: exportOptions });

    const needed = estimateExportBytes(imported.value.imported, exportOptions) + WORKING_ROOM_BYTES;
    expect(refused).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'storage',
        message: `This export needs about ${formatSize(needed)} free on that disk, and only 10 MB is free. Free up some space there, or choose another folder.`,
      }),
    });
    expect(asked).toEqual([destination]);
    expect(await readdir(destination)).toEqual([]);

    free = needed;
    h.folderAnswers.push(destination);
    expect(await h.studio.handlers['export:start']({ selection, options: exportOptions })).toMatchObject({ ok: true });
  });
});
