import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { openDatabase } from '../../electron/main/services/library/database';
import { createImageStore, THUMBNAIL_EDGE } from '../../electron/main/services/library-folder/image-store';
import { createImageKeeper } from '../../electron/main/services/library-folder/keep';
import { createLibrary } from '../../electron/main/services/library/library';
import type { GenerationParams } from '../../electron/shared/domain';
import { makeSampleImages } from './sample-images';
import { percentile, round, timed } from './stats';

export interface IngestReport {
  images: number;
  meanImageBytes: number;
  /** Reverie's work from "the response is on disk" to "thumbnail and row in the library", per image. */
  appMsPerImageP50: number;
  appMsPerImageP95: number;
  /** sharp alone decoding the same PNG and encoding the same thumbnail, in memory, per image. */
  rawThumbMsPerImageP50: number;
  rawThumbMsPerImageP95: number;
  /** app p50 / raw p50: what the app adds on top of the unavoidable image work. Goal ≤ 1.3. */
  overheadRatio: number;
  rssGrowthMb: number;
}

const PARAMS: GenerationParams = {
  model: 'reve/create-image',
  sources: [],
  prompt: 'benchmark image',
  aspectRatio: '3:2',
  delivery: 'url',
  outputFormat: null,
};

/**
 * The per-image cost issue #3 asks about. Each image is first written to the store's incoming folder
 * as the API client leaves it (not timed: that is the network's share), then the app path and the
 * bare sharp path run alternately on the same bytes, so machine noise hits both alike.
 */
export async function benchIngest(count: number): Promise<IngestReport> {
  // libvips caches operations by their inputs; a benchmark must pay for every decode it reports.
  sharp.cache(false);
  const root = await mkdtemp(join(tmpdir(), 'reverie-bench-ingest-'));
  const codec = createSharpImageCodec();
  const store = createImageStore(root, codec);
  const db = openDatabase(join(root, 'library.sqlite'));
  const library = createLibrary(db);
  const keeper = createImageKeeper(store, library, Date.now);
  await mkdir(store.incomingDir, { recursive: true });

  const warmup = 3;
  const images = await makeSampleImages(count + warmup);
  const app: number[] = [];
  const raw: number[] = [];
  const rssBefore = process.memoryUsage().rss;

  try {
    for (const [index, bytes] of images.entries()) {
      const tempPath = join(store.incomingDir, `.incoming-${randomBytes(8).toString('hex')}.tmp`);
      await writeFile(tempPath, bytes);
      const received = { tempPath, fileHash: createHash('sha256').update(bytes).digest('hex'), byteSize: bytes.byteLength, mimeType: 'image/png' as const };

      const runApp = () =>
        timed(async () => {
          const stored = await store.adopt(received);
          await keeper.keepImage(PARAMS, stored, { requestId: null, credits: 126_000, sourceUrl: null });
        });
      const runRaw = () =>
        timed(() =>
          sharp(bytes).resize({ width: THUMBNAIL_EDGE, height: THUMBNAIL_EDGE, fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer(),
        );
      // Alternate which goes first, so neither always runs on caches the other warmed.
      let appMs: number;
      let rawMs: number;
      if (index % 2 === 0) {
        appMs = await runApp();
        rawMs = await runRaw();
      } else {
        rawMs = await runRaw();
        appMs = await runApp();
      }
      if (index >= warmup) {
        app.push(appMs);
        raw.push(rawMs);
      }
    }
  } finally {
    db.close();
    await rm(root, { recursive: true, force: true });
  }

  const measured = images.slice(warmup);
  return {
    images: count,
    meanImageBytes: Math.round(measured.reduce((sum, b) => sum + b.byteLength, 0) / measured.length),
    appMsPerImageP50: round(percentile(app, 50)),
    appMsPerImageP95: round(percentile(app, 95)),
    rawThumbMsPerImageP50: round(percentile(raw, 50)),
    rawThumbMsPerImageP95: round(percentile(raw, 95)),
    overheadRatio: round(percentile(app, 50) / percentile(raw, 50)),
    rssGrowthMb: round((process.memoryUsage().rss - rssBefore) / 2 ** 20, 1),
  };
}
