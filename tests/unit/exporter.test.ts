import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { readEmbeddedPrompt } from '../../electron/main/services/image-metadata/embedded-metadata';
import { exportImages, type ExportDeps } from '../../electron/main/services/export/exporter';
import { createImageStore } from '../../electron/main/services/library-folder/image-store';
import type { ImageCodec } from '../../electron/main/services/ports';
import { ExportOptions, type LibraryItem } from '../../electron/shared/domain';
import { listFiles, makeImage, makeItem, makeRecord, useTempDirs } from './support/library-fixtures';
import { recordingFs } from './support/recording-fs';
import { parseCsv } from './support/csv';

const tempDir = useTempDirs();
const codec = createSharpImageCodec();
const NOW = new Date(2025, 5, 1, 14, 30, 15).getTime();
const options = (overrides: Partial<ExportOptions> = {}) => ExportOptions.parse({ namingTemplate: '{index}_{prompt}', ...overrides });

async function setup(count: number, { width = 300, height = 200, format = 'png' as 'png' | 'jpeg' | 'webp' } = {}) {
  const root = await tempDir();
  const destination = await tempDir();
  const store = createImageStore(root, codec);
  const items: LibraryItem[] = [];
  for (let i = 0; i < count; i += 1) {
    const stored = await store.save(await makeImage(format, width, height, i + 1));
    items.push(
      makeItem({
        id: randomUUID(),
        prompt: `picture number ${i + 1}, a lighthouse`,
        fileHash: stored.fileHash,
        mimeType: stored.mimeType,
        byteSize: stored.byteSize,
        width: stored.width,
        height: stored.height,
        createdAt: NOW - i * 1000,
      }),
    );
  }
  const deps: ExportDeps = { store, codec, now: () => NOW, concurrency: 4 };
  return { root, destination, store, items, deps };
}

const manifestRows = async (path: string) => parseCsv((await readFile(path, 'utf8')).replace(/^\ufeff/, ''));

function readZip(path: string): Promise<Map<string, Buffer>> {
  return new Promise((resolvePromise, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolvePromise(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const noTemps = async (dir: string) => expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

describe('exportImages: loose files', () => {
  it('converts to JPEG at the asked size, with the prompt embedded, a sidecar each and a manifest', async () => {
    const { destination, items, deps } = await setup(3);
    const progress: number[] = [];
    const summary = await exportImages(items, options({ format: 'jpeg', longestEdge: 150, sidecars: true }), destination, deps, {
      onProgress: (done, total) => progress.push(done * 100 + total),
    });
    expect(summary).toMatchObject({ skipped: [], failed: [], archive: null, cancelled: false });
    expect(progress).toEqual([103, 203, 303]);
    const names = ['1_picture number 1, a lighthouse.jpg', '2_picture number 2, a lighthouse.jpg', '3_picture number 3, a lighthouse.jpg'];
    const files = [...names.flatMap((name) => [name, `${name}.json`]), 'manifest.csv'].sort();
    // Every file written is listed (images, sidecars, the manifest), and how many of them are images.
    expect([...summary.written].sort()).toEqual(files);
    expect(summary.images).toBe(3);
    expect(await listFiles(destination)).toEqual(files);

    for (const [i, name] of names.entries()) {
      const bytes = await readFile(join(destination, name));
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 150, 100]);
      // The round trip: Reverie's own import reader finds the prompt.
      const found = readEmbeddedPrompt(await codec.readEmbeddedText(new Uint8Array(bytes)), Date.now());
      expect(found.prompt).toBe(items[i]?.prompt);
      // The sidecar describes the file beside it: 150×100 and its own length, not the 300×200 original.
      const sidecar = JSON.parse(await readFile(join(destination, `${name}.json`), 'utf8'));
      expect(sidecar).toMatchObject({ file: name, id: items[i]?.id, prompt: items[i]?.prompt, width: 150, height: 100, bytes: bytes.length, costUsd: 0.006 });
    }
    const [header, ...rows] = await manifestRows(join(destination, 'manifest.csv'));
    expect(header?.slice(0, 5)).toEqual(['file', 'status', 'reason', 'id', 'prompt']);
    expect(header?.slice(7, 10)).toEqual(['width', 'height', 'bytes']);
    const sizes = await Promise.all(names.map(async (name) => String((await readFile(join(destination, name))).length)));
    expect(rows.map((row) => [row[0], row[1], row[3], row[7], row[8], row[9]])).toEqual(
      names.map((name, i) => [name, 'written', items[i]?.id, '150', '100', sizes[i]]),
    );
  });

  it('counts every file it writes: 8 images with sidecars and a manifest are 17 files', async () => {
    const { destination, items, deps } = await setup(8);
    const summary = await exportImages(items, options({ sidecars: true }), destination, deps);
    expect(summary.images).toBe(8);
    expect(summary.written).toHaveLength(17);
    expect((await readdir(destination)).sort()).toEqual([...summary.written].sort());
  });

  it('never upscales, and PNG carries the reverie text chunk', async () => {
    const { destination, items, deps } = await setup(1, { width: 120, height: 80, format: 'jpeg' });
    const summary = await exportImages(items, options({ format: 'png', longestEdge: 2048, manifest: false }), destination, deps);
    const [name] = summary.written;
    const bytes = await readFile(join(destination, name ?? ''));
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 120, 80]);
    const found = readEmbeddedPrompt(await codec.readEmbeddedText(new Uint8Array(bytes)), Date.now());
    expect(found).toMatchObject({ prompt: items[0]?.prompt, source: 'png:reverie', aspectRatio: '3:2', model: 'reve/create-image' });
  });

  it.each(['png', 'jpeg', 'webp'] as const)(
    'original + embed (the dialog’s default), %s: the exported copy carries the prompt and the same picture; the library file is untouched',
    async (format) => {
      const { destination, items, deps, store } = await setup(1, { format });
      const item = items[0] as LibraryItem;
      const libraryFile = store.originalPath(item.fileHash as string, item.mimeType as NonNullable<LibraryItem['mimeType']>);
      const before = await readFile(libraryFile);
      const summary = await exportImages(items, ExportOptions.parse({ sidecars: true }), destination, deps);
      const [name] = summary.written;
      const exported = await readFile(join(destination, name ?? ''));

      // Read back from the file on disk, by Reverie's own import reader.
      const found = readEmbeddedPrompt(await codec.readEmbeddedText(new Uint8Array(exported)), Date.now());
      expect(found).toMatchObject({ prompt: item.prompt, aspectRatio: item.aspectRatio, model: item.model });
      expect(await sharp(exported).raw().toBuffer()).toEqual(await sharp(before).raw().toBuffer());
      expect((await sharp(exported).metadata()).format).toBe(format);
      expect((await readFile(libraryFile)).equals(before)).toBe(true);
      expect(JSON.parse(await readFile(join(destination, `${name}.json`), 'utf8'))).toMatchObject({ width: 300, height: 200, bytes: exported.length });
    },
  );

  it('strip leaves no metadata', async () => {
    const { destination, items, deps } = await setup(2, { format: 'webp' });

    const stripped = await exportImages(items, options({ format: 'jpeg', metadata: 'strip', manifest: false, namingTemplate: 's{index}' }), destination, deps);
    for (const name of stripped.written) {
      const meta = await sharp(await readFile(join(destination, name))).metadata();
      expect([meta.exif, meta.xmp, meta.icc, meta.comments]).toEqual([undefined, undefined, undefined, undefined]);
    }
  });

  it('lists items without an image as failed, with a reason, in the summary and the manifest', async () => {
    const { destination, items, deps } = await setup(1);
    const refused = makeRecord('refused');
    const lost = makeRecord('download-failed');
    const missing = { ...(items[0] as LibraryItem), id: randomUUID(), fileMissing: true };
    const gone = { ...(items[0] as LibraryItem), id: randomUUID(), fileHash: 'b'.repeat(64) };
    const summary = await exportImages([refused, ...items, lost, missing, gone], options(), destination, deps);
    expect(summary.written).toHaveLength(2);
    expect(summary.failed.map((failure) => failure.id)).toEqual([refused.id, lost.id, missing.id, gone.id]);
    expect(summary.failed.every((failure) => failure.reason.length > 0)).toBe(true);
    expect(summary.failed[3]?.reason).toMatch(/missing/);
    const [, ...rows] = await manifestRows(join(destination, 'manifest.csv'));
    expect(rows.map((row) => row[1])).toEqual(['failed', 'written', 'failed', 'failed', 'failed']);
  });

  it('names clashing within the batch get -2, -3', async () => {
    const { destination, items, deps } = await setup(3);
    const summary = await exportImages(items, options({ namingTemplate: 'same', manifest: false }), destination, deps);
    expect([...summary.written].sort()).toEqual(['same-2.png', 'same-3.png', 'same.png']);
  });

  it('conflicts: skip, rename (case-insensitively, sidecars too), overwrite', async () => {
    const { destination, items, deps } = await setup(2);
    const one = items.slice(0, 1);
    await writeFile(join(destination, 'SHOT.png'), 'mine');
    await writeFile(join(destination, 'manifest.csv'), 'my manifest');

    const skipped = await exportImages(one, options({ namingTemplate: 'shot', onConflict: 'skip' }), destination, deps);
    expect(skipped.written).toEqual([]);
    expect(skipped.skipped.map((entry) => entry.name)).toEqual(['shot.png', 'manifest.csv']);
    expect(await readFile(join(destination, 'SHOT.png'), 'utf8')).toBe('mine');

    await writeFile(join(destination, 'shot-2.png.json'), 'taken sidecar');
    const renamed = await exportImages(one, options({ namingTemplate: 'shot', onConflict: 'rename', sidecars: true }), destination, deps);
    expect(renamed.written).toEqual(['shot-3.png', 'shot-3.png.json', 'manifest-2.csv']);
    expect(await readFile(join(destination, 'SHOT.png'), 'utf8')).toBe('mine');
    expect(await readFile(join(destination, 'manifest.csv'), 'utf8')).toBe('my manifest');
    expect(await readFile(join(destination, 'shot-2.png.json'), 'utf8')).toBe('taken sidecar');

    await writeFile(join(destination, 'over.png'), 'old');
    const overwritten = await exportImages(one, options({ namingTemplate: 'over', onConflict: 'overwrite' }), destination, deps);
    expect(overwritten.written).toEqual(['over.png', 'manifest.csv']);
    expect((await sharp(await readFile(join(destination, 'over.png'))).metadata()).format).toBe('png');
    expect((await manifestRows(join(destination, 'manifest.csv')))[1]?.[0]).toBe('over.png');
    await noTemps(destination);
  });

  it('writes nothing outside the destination, whatever the template says', async () => {
    const { destination, items, deps } = await setup(1);
    const parent = join(destination, 'inner');
    await mkdir(parent);
    const summary = await exportImages(items, options({ namingTemplate: '../../{prompt}', manifest: false }), parent, deps);
    expect(summary.written).toEqual(['_.._picture number 1, a lighthouse.png']);
    expect(await listFiles(destination)).toEqual(['inner/_.._picture number 1, a lighthouse.png']);
  });

  it('cancel mid-batch: no new files, no temp files, no manifest; finished files stay and are listed', async () => {
    const { destination, items, deps } = await setup(12);
    const abort = new AbortController();
    const summary = await exportImages(
      items,
      options({ format: 'webp', sidecars: true }),
      destination,
      { ...deps, concurrency: 2 },
      {
        signal: abort.signal,
        onProgress: () => abort.abort(),
      },
    );
    expect(summary.cancelled).toBe(true);
    expect(summary.written.length).toBeGreaterThanOrEqual(1);
    expect(summary.written.length).toBeLessThan(items.length);
    const files = await readdir(destination);
    expect(files.sort()).toEqual([...summary.written].sort());
    expect(summary.images * 2).toBe(files.length);
    expect(files).not.toContain('manifest.csv');
    await noTemps(destination);
  });
});

describe('exportImages: writing loose files', () => {
  it('fsyncs each file before its rename and the folder once, after the last rename', async () => {
    const { destination, items, deps } = await setup(3);
    const files = recordingFs();
    const summary = await exportImages(items, options({ format: 'jpeg', sidecars: true }), destination, { ...deps, files });
    expect(summary.written).toHaveLength(7);
    const folderSyncs = files.calls.flatMap((call, at) => (call.op === 'sync' && call.path === destination ? [at] : []));
    const renames = files.calls.flatMap((call, at) => (call.op === 'rename' ? [at] : []));
    // One per file before this change (7 folder syncs); none would leave the names of a finished export to chance.
    expect(folderSyncs).toHaveLength(1);
    expect(renames).toHaveLength(7);
    expect(folderSyncs[0]).toBeGreaterThan(Math.max(...renames));
    for (const at of renames) {
      const temp = files.calls[at]?.path;
      expect(files.calls.findIndex((call) => call.op === 'sync' && call.path === temp)).toBeLessThan(at);
    }
    expect((await readdir(destination)).sort()).toEqual([...summary.written].sort());
  });

  it('touches nothing, not even the folder, when no file is written', async () => {
    const { destination, items, deps } = await setup(2);
    const files = recordingFs();
    const withoutImages = items.map((item) => ({ ...item, status: 'refused' as const, fileHash: null, mimeType: null }));
    const summary = await exportImages(withoutImages, options({ format: 'jpeg', manifest: false }), destination, { ...deps, files });
    expect(summary.failed).toHaveLength(2);
    expect(files.calls).toEqual([]);
    expect(await readdir(destination)).toEqual([]);
  });

  it('converts the next image while the file of the one before is still being written, one waiting at most', async () => {
    const { destination, items, deps } = await setup(3);
    let conversionsStarted = 0;
    let conversionsDone = 0;
    const countingCodec: ImageCodec = {
      ...deps.codec,
      async convert(bytes, convertOptions) {
        conversionsStarted += 1;
        const converted = await deps.codec.convert(bytes, convertOptions);
        conversionsDone += 1;
        return converted;
      },
    };
    // The first image's rename waits until the test lets it go: its file is "being written".
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const recorded = recordingFs();
    let renames = 0;
    const files = {
      ...recorded,
      async rename(from: string, to: string) {
        renames += 1;
        if (renames === 1) await firstHeld;
        await recorded.rename(from, to);
      },
    };
    const exporting = exportImages(items, options({ format: 'jpeg' }), destination, { ...deps, codec: countingCodec, files, concurrency: 1 });
    // With the first file held, the one worker converts the second image (fails without the overlap: it would wait)…
    await vi.waitFor(() => expect(conversionsDone).toBe(2), { timeout: 10_000 });
    // …and then waits for the first write before converting a third.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(conversionsStarted).toBe(2);
    releaseFirst();
    const summary = await exporting;
    expect(conversionsStarted).toBe(3);
    expect(summary).toMatchObject({ images: 3, failed: [], cancelled: false });
    await noTemps(destination);
  });
});

describe('exportImages: ZIP', () => {
  it('streams one archive with unique names, the manifest and sidecars inside', async () => {
    const { destination, items, deps } = await setup(3);
    const summary = await exportImages(
      [...items, makeRecord('refused')],
      options({ zip: true, format: 'jpeg', namingTemplate: 'img', sidecars: true }),
      destination,
      deps,
    );
    const archive = 'Reverie export 2025-06-01 14-30-15.zip';
    expect(summary).toMatchObject({ archive, cancelled: false, skipped: [] });
    expect(summary.failed).toHaveLength(1);
    expect(await readdir(destination)).toEqual([archive]);
    const entries = await readZip(join(destination, archive));
    expect([...entries.keys()].sort()).toEqual(
      ['img.jpg', 'img.jpg.json', 'img-2.jpg', 'img-2.jpg.json', 'img-3.jpg', 'img-3.jpg.json', 'manifest.csv'].sort(),
    );
    expect([...summary.written].sort()).toEqual([...entries.keys()].sort());
    expect(summary.images).toBe(3);
    const meta = await sharp(entries.get('img.jpg')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 300, 200]);
    const found = readEmbeddedPrompt(await codec.readEmbeddedText(new Uint8Array(entries.get('img-2.jpg') as Buffer)), Date.now());
    expect(items.map((item) => item.prompt)).toContain(found.prompt);
    const rows = parseCsv((entries.get('manifest.csv') as Buffer).toString('utf8').replace(/^\ufeff/, ''));
    expect(rows.slice(1).map((row) => row[1])).toEqual(['written', 'written', 'written', 'failed']);
    expect(JSON.parse((entries.get('img.jpg.json') as Buffer).toString('utf8')).file).toBe('img.jpg');
  });

  it('an existing archive name is skipped or renamed', async () => {
    const { destination, items, deps } = await setup(1);
    const archive = 'Reverie export 2025-06-01 14-30-15.zip';
    await writeFile(join(destination, archive), 'old');
    const skipped = await exportImages(items, options({ zip: true, onConflict: 'skip' }), destination, deps);
    expect(skipped).toMatchObject({ archive: null, written: [], skipped: [{ name: archive }] });
    const renamed = await exportImages(items, options({ zip: true, onConflict: 'rename' }), destination, deps);
    expect(renamed.archive).toBe('Reverie export 2025-06-01 14-30-15-2.zip');
    expect(await readFile(join(destination, archive), 'utf8')).toBe('old');
  });

  it('cancel mid-batch leaves no archive and no temp file', async () => {
    const { destination, items, deps } = await setup(10);
    const abort = new AbortController();
    const summary = await exportImages(
      items,
      options({ zip: true }),
      destination,
      { ...deps, concurrency: 2 },
      {
        signal: abort.signal,
        onProgress: () => abort.abort(),
      },
    );
    expect(summary).toMatchObject({ cancelled: true, archive: null, written: [], images: 0 });
    expect(await readdir(destination)).toEqual([]);
  });

  it('a conversion failure fails that image only', async () => {
    const { destination, items, deps } = await setup(3);
    let calls = 0;
    const failing: ImageCodec = {
      ...codec,
      convert: async (bytes, convertOptions) => {
        calls += 1;
        if (calls === 2) throw new Error('libvips ran out of memory');
        return codec.convert(bytes, convertOptions);
      },
    };
    const summary = await exportImages(items, options({ zip: true, format: 'png' }), destination, { ...deps, codec: failing, concurrency: 1 });
    expect(summary.failed).toEqual([{ id: items[1]?.id, prompt: items[1]?.prompt, reason: 'libvips ran out of memory' }]);
    expect(summary.written).toHaveLength(3);
    await noTemps(destination);
  });
});
