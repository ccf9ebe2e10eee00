import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { exportImages } from '../../electron/main/services/export/exporter';
import { createImageStore, type StoredImage } from '../../electron/main/services/library-folder/image-store';
import { ExportOptions, newLibraryItem, type LibraryItem } from '../../electron/shared/domain';
import { makeSampleImages } from './sample-images';
import { round, timed } from './stats';

export interface ExportReport {
  images: number;
  parallelism: number;
  /** Reverie's export of the batch to JPEG (names, metadata embedding, atomic writes, a manifest per pass), summed over the passes. */
  exportMs: number;
  /** sharp alone converting the same files to JPEG at the same quality and parallelism, file to file. */
  rawExportMs: number;
  /** exportMs / rawExportMs. Goal ≤ 1.3. */
  overheadRatio: number;
}

/** Runs `work` over `items` with at most `limit` at a time: the bare baseline uses all cores, like the exporter. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Images each path exports before the timed runs. */
const WARMUP_IMAGES = 20;
/** The timed batch is exported in this many passes, alternating which path goes first. */
const EXPORT_PASSES = 4;

/**
 * Issue #5's measure: batch export of `count` library images to JPEG, next to bare sharp doing the
 * same conversions in the same run. The batch reuses a few dozen distinct photo-like PNGs so setup
 * stays quick; every export still decodes and encodes its own copy.
 */
export async function benchExport(count: number): Promise<ExportReport> {
  const root = await mkdtemp(join(tmpdir(), 'reverie-bench-export-'));
  try {
    sharp.cache(false);
    const codec = createSharpImageCodec();
    const store = createImageStore(join(root, 'library'), codec);
    const stored: StoredImage[] = [];
    for (const bytes of await makeSampleImages(Math.min(count, 40))) stored.push(await store.save(bytes));

    const items: LibraryItem[] = Array.from({ length: count }, (_, index) =>
      newLibraryItem({
        ...stored[index % stored.length]!,
        prompt: `benchmark export ${index}`,
        aspectRatio: '3:2',
        model: 'reve/create-image',
        credits: 126000,
        createdAt: Date.now() - index * 1000,
      }),
    );
    const parallelism = availableParallelism();
    const options = ExportOptions.parse({ format: 'jpeg', quality: 90, metadata: 'embed', manifest: true });

    const runApp = (batch: LibraryItem[], dir: string) => exportImages(batch, options, dir, { store, codec, now: Date.now, concurrency: parallelism });
    const runRaw = (batch: LibraryItem[], dir: string) =>
      pool(batch, parallelism, (item) =>
        sharp(store.originalPath(item.fileHash!, item.mimeType!))
          .jpeg({ quality: 90 })
          .toFile(join(dir, `${item.id}.jpg`)),
      );
    // Both paths once over a few images first, untimed: the bench runs in a fresh process
    // (section.ts), and whichever went first would otherwise pay alone for loading and optimizing code.
    const warmup = items.slice(0, Math.min(items.length, WARMUP_IMAGES));
    for (const [name, run] of [
      ['warm-app', runApp],
      ['warm-raw', runRaw],
    ] as const) {
      await mkdir(join(root, name));
      await run(warmup, join(root, name));
    }
    // In passes, alternating which path runs first: a slow stretch of the shared disk or cores (or
    // the file system's own background work after the warm-up) then falls on both paths, not on
    // whichever was timed in it. Each path's time is the sum of its passes.
    let exportMs = 0;
    let rawExportMs = 0;
    const passSize = Math.ceil(items.length / EXPORT_PASSES);
    for (let pass = 0; pass * passSize < items.length; pass++) {
      const batch = items.slice(pass * passSize, (pass + 1) * passSize);
      const appDir = join(root, `app-${pass}`);
      const rawDir = join(root, `raw-${pass}`);
      await mkdir(appDir);
      await mkdir(rawDir);
      const timeApp = async () => (exportMs += await timed(() => runApp(batch, appDir)));
      const timeRaw = async () => (rawExportMs += await timed(() => runRaw(batch, rawDir)));
      for (const run of pass % 2 === 0 ? [timeApp, timeRaw] : [timeRaw, timeApp]) await run();
    }
    return { images: count, parallelism, exportMs: round(exportMs), rawExportMs: round(rawExportMs), overheadRatio: round(exportMs / rawExportMs) };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
