import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { sniffImageType } from '../../electron/main/services/image-type';
import { ExportOptions, LibraryPageInput, type ExportFinished } from '../../electron/shared/domain';
import { makeImage } from './support/library-fixtures';
import type { HostedStudio } from './support/studio-host';
import { importPrompted, useHostedStudios } from './support/studio-fixture';

/** Export, clipboard, drag-out and backup through the studio's IPC handlers, with real files behind them. */

const studios = useHostedStudios();
/** Images large enough to scale down, 320 by 200 pixels and up. */
const importImages = (h: HostedStudio, prompts: string[]) => importPrompted(h, prompts, { width: 320, height: 200 });

describe('studio: export', () => {
  it('exports a selection as JPEG to the folder the user picks, reports it, and reveals it', async () => {
    const h = await studios.host();
    const items = await importImages(h, ['a heron at dawn', 'a heron at dusk']);
    const destination = await studios.tempFolder('reverie-export-');
    h.folderAnswers.push(destination);

    const started = await h.studio.handlers['export:start']({
      selection: { ids: items.map((item) => item.id) },
      options: ExportOptions.parse({ format: 'jpeg', quality: 80, longestEdge: 128, manifest: true }),
    });
    if (!started.ok) throw new Error(started.error.message);
    const finished = await vi.waitFor(() => {
      const event = h.events.find((e) => e.event === 'export:finished');
      if (!event) throw new Error('not finished yet');
      return event.payload as ExportFinished;
    });

    expect(finished).toMatchObject({ exportId: started.value.exportId, destination, summary: { failed: [], cancelled: false } });
    const written = await readdir(destination);
    const jpegs = written.filter((name) => name.endsWith('.jpg'));
    expect(jpegs).toHaveLength(2);
    expect(written).toContain('manifest.csv');
    for (const name of jpegs) {
      const meta = await sharp(join(destination, name)).metadata();
      expect(meta.format).toBe('jpeg');
      expect(Math.max(meta.width, meta.height)).toBe(128);
    }
    expect(h.events.some((e) => e.event === 'export:progress')).toBe(true);

    await h.studio.handlers['export:show-in-folder']({ exportId: started.value.exportId });
    expect(h.revealed).toEqual([destination]);
  });

  it('exports nothing when the folder dialog is cancelled', async () => {
    const h = await studios.host();
    const [item] = await importImages(h, ['stays home']);
    const reply = await h.studio.handlers['export:start']({ selection: { ids: [item!.id] }, options: ExportOptions.parse({}) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});

describe('studio: clipboard and drag-out', () => {
  it('puts the image (as PNG) and/or the prompt on the clipboard', async () => {
    const h = await studios.host();
    const [item] = await importImages(h, ['a copied kite']);
    for (const what of ['image', 'prompt', 'both'] as const) {
      expect(await h.studio.handlers['clipboard:copy']({ id: item!.id, what })).toEqual({ ok: true, value: null });
    }
    expect(h.clipboardWrites.map((write) => Object.keys(write).sort())).toEqual([['png'], ['text'], ['png', 'text']]);
    expect(h.clipboardWrites[1]!.text).toBe('a copied kite');
    const meta = await sharp(h.clipboardWrites[2]!.png!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 320, 200]);
  });

  it('copies a WebP item as PNG bytes', async () => {
    const h = await studios.host();
    const imported = await h.studio.handlers['library:import']({ files: [{ name: 'kite.webp', bytes: await makeImage('webp', 120, 80, 3) }] });
    if (!imported.ok) throw new Error(imported.error.message);
    expect(await h.studio.handlers['clipboard:copy']({ id: imported.value.imported[0]!.id, what: 'image' })).toEqual({ ok: true, value: null });
    expect(sniffImageType(h.clipboardWrites[0]!.png!)).toBe('image/png');
  });

  it('hands the OS the original files under their prompts, with a small PNG icon', async () => {
    const h = await studios.host();
    const items = await importImages(h, ['first dragged', 'second dragged']);
    expect(await h.studio.handlers['drag:start']({ ids: items.map((item) => item.id) })).toEqual({
      ok: true,
      value: { files: 2, format: 'original', skipped: 0 },
    });
    const [drag] = h.drags;
    expect(drag!.files.map((file) => basename(file)).sort()).toEqual(['first dragged.png', 'second dragged.png']);
    const original = await h.studio.resolveMedia('original', items[0]!.id);
    expect(await readFile(drag!.files.find((file) => file.endsWith('first dragged.png'))!)).toEqual(await readFile(original!.path));
    const icon = await sharp(drag!.icon).metadata();
    expect(icon.format).toBe('png');
    expect(Math.max(icon.width, icon.height)).toBeLessThanOrEqual(96);
  });

  it('hands over converted copies prepared ahead, and the originals when nothing was prepared', async () => {
    const h = await studios.host();
    const [item] = await importImages(h, ['dragged as webp']);
    await h.studio.handlers['settings:update']({ dragFormat: 'webp' });

    // Pressed and dragged at once: no time to convert, so the originals go, and the reply says so.
    expect(await h.studio.handlers['drag:start']({ ids: [item!.id] })).toMatchObject({ ok: true, value: { format: 'original' } });
    expect(basename(h.drags[0]!.files[0]!)).toBe('dragged as webp.png');

    expect(await h.studio.handlers['drag:prepare']({ ids: [item!.id] })).toEqual({ ok: true, value: { files: 1, format: 'webp', skipped: 0 } });
    expect(await h.studio.handlers['drag:start']({ ids: [item!.id] })).toMatchObject({ ok: true, value: { format: 'webp' } });
    const file = h.drags[1]!.files[0]!;
    expect(basename(file)).toBe('dragged as webp.webp');
    expect(sniffImageType(await readFile(file))).toBe('image/webp');
  });
});

describe('studio: backup and restore', () => {
  it('writes one archive of the library, and a replace-restore opens it as the library', async () => {
    const source = await studios.host();
    await importImages(source, ['kept in the backup', 'also kept']);
    const archive = join(await studios.tempFolder('reverie-backup-'), 'backup.zip');
    source.fileAnswers.push(archive);
    const backup = await source.studio.handlers['library:backup'](undefined);
    expect(backup).toMatchObject({ ok: true, value: { items: 2, archive } });
    expect((await stat(archive)).size).toBeGreaterThan(0);

    const target = await studios.host();
    target.fileAnswers.push(archive);
    const restored = await target.studio.handlers['library:restore-backup']({ mode: 'replace' });
    expect(restored).toMatchObject({ ok: true, value: { mode: 'replace', added: 2 } });
    const page = await target.studio.handlers['library:list'](LibraryPageInput.parse({ limit: 10 }));
    expect(page.ok && page.value.items.map((item) => item.prompt).sort()).toEqual(['also kept', 'kept in the backup']);
  });

  it('merges only what is new', async () => {
    const source = await studios.host();
    await importImages(source, ['from the backup']);
    const archive = join(await studios.tempFolder('reverie-backup-'), 'backup.zip');
    source.fileAnswers.push(archive);
    await source.studio.handlers['library:backup'](undefined);

    const target = await studios.host();
    await importImages(target, ['already here']);
    target.fileAnswers.push(archive, archive);
    expect(await target.studio.handlers['library:restore-backup']({ mode: 'merge' })).toMatchObject({ ok: true, value: { added: 1, skipped: 0 } });
    expect(await target.studio.handlers['library:restore-backup']({ mode: 'merge' })).toMatchObject({ ok: true, value: { added: 0, skipped: 1 } });
    const page = await target.studio.handlers['library:list'](LibraryPageInput.parse({ limit: 10 }));
    expect(page.ok && page.value.total).toBe(2);
  });
});
