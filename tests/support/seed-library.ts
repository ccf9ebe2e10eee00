import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { makePlaceholder } from '../../electron/main/services/image-metadata/placeholder';
import { openDatabase } from '../../electron/main/services/library/database';
import { sortKeyFloor } from '../../electron/main/services/library/sort-key';
import { createImageStore, type StoredImage } from '../../electron/main/services/library-folder/image-store';
import { ASPECT_RATIOS, ASPECT_RATIO_PIXELS, MODEL_ID } from '../../electron/shared/constants';
import { makeSampleImages } from '../../scripts/bench/sample-images';

/** Words prompts are made of: enough variety that full-text search has real work to do. */
export const SEED_VOCABULARY = (
  'lighthouse harbor fog dawn dusk neon city street rain umbrella forest cabin snow mountain lake ' +
  'portrait studio light shadow golden hour desert dune camel market spice lantern river bridge ' +
  'stone castle dragon knight robot garden greenhouse glass paper crane origami ocean wave surfer ' +
  'cat dog fox owl heron whale coral reef jungle temple ruins moss velvet marble bronze statue ' +
  'cyberpunk watercolor charcoal pastel oil painting photograph cinematic macro wide angle aerial'
).split(' ');

export interface SeededLibrary {
  root: string;
  items: number;
  /** The prompt of the newest and of the oldest item, to find them in the grid. */
  newestPrompt: string;
  oldestPrompt: string;
  imageFiles: StoredImage[];
}

/**
 * A library of `count` items in `root`, as the app would find it on disk: a migrated database whose
 * rows point at `images` real image files (many rows share one file, as duplicates would). Rows go
 * in through SQL in one transaction: seeding is setup, not what a benchmark or test measures.
 */
export async function seedLibrary(root: string, count: number, images = 24): Promise<SeededLibrary> {
  await mkdir(root, { recursive: true });
  const codec = createSharpImageCodec();
  const store = createImageStore(root, codec);
  const imageFiles: StoredImage[] = [];
  // Each file's ThumbHash, as ingest gives every item one: a library in use has them all, and
  // without them the app's background backfill would be busy making them through a whole benchmark.
  const placeholders: (string | null)[] = [];
  for (const bytes of await makeSampleImages(images, '3:2')) {
    imageFiles.push(await store.save(bytes));
    placeholders.push(await makePlaceholder(codec, bytes));
  }

  const db = openDatabase(join(root, 'library.sqlite'));
  const insert = db.prepare(
    `INSERT INTO generations (id, prompt, aspect_ratio, model, status, origin, width, height, request_id, credits, created_at,
       file_hash, byte_size, mime_type, source_url, favorite, trashed_at, file_missing, sort_key, placeholder)
     VALUES (?, ?, ?, ?, 'ok', 'generated', ?, ?, ?, 126000, ?, ?, ?, 'image/png', NULL, ?, NULL, 0, ?, ?)`,
  );
  let seed = 12345;
  const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const start = Date.UTC(2024, 0, 1);
  let newestPrompt = '';
  let oldestPrompt = '';

  db.exec('BEGIN');
  // The search index is built once at the end ('rebuild'), not row by row: its insert trigger is set
  // aside for the seeding and put back word for word, so the file is the one the app would have.
  const ftsTrigger = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'generations_fts_after_insert'").get();
  if (typeof ftsTrigger?.sql !== 'string') throw new Error('the library schema has no generations_fts_after_insert trigger');
  db.exec('DROP TRIGGER generations_fts_after_insert');
  try {
    for (let index = 0; index < count; index += 1) {
      const words = Array.from({ length: 6 + Math.floor(random() * 10) }, () => pick(SEED_VOCABULARY));
      const prompt = `${words.join(' ')} #${index}`;
      const ratio = pick(ASPECT_RATIOS);
      const file = imageFiles[index % imageFiles.length]!;
      const { width, height } = ASPECT_RATIO_PIXELS[ratio];
      // One item a minute, oldest first: index 0 is the oldest.
      insert.run(
        randomUUID(),
        prompt,
        ratio,
        MODEL_ID,
        width,
        height,
        `rsid-${index.toString(16).padStart(32, '0')}`,
        start + index * 60_000,
        file.fileHash,
        file.byteSize,
        random() < 0.05 ? 1 : 0,
        // The key the database would give (sort-key.ts): each row has a millisecond of its own.
        // Given here, the insert skips the trigger's look for a free key: seeding a million rows is
        // setup, and this keeps it a few minutes.
        sortKeyFloor(start + index * 60_000),
        placeholders[index % imageFiles.length] ?? null,
      );
      if (index === 0) oldestPrompt = prompt;
      newestPrompt = prompt;
    }
    db.exec("INSERT INTO generations_fts (generations_fts) VALUES ('rebuild')");
    db.exec(ftsTrigger.sql);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  } finally {
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
  }
  return { root, items: count, newestPrompt, oldestPrompt, imageFiles };
}
