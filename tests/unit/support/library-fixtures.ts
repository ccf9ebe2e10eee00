import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { afterEach } from 'vitest';
import { openDatabase } from '../../../electron/main/services/library/database';
import { openLibrary, type Library } from '../../../electron/main/services/library/library';
import type { ChannelInput } from '../../../electron/shared/contract';
import { LibraryPageInput, newLibraryItem, type LibraryItem } from '../../../electron/shared/domain';

/** A fresh real folder per test, removed after it. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reverie-test-'));
    made.push(dir);
    return dir;
  };
}

/** Every file under `dir`, as paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Real encoded image bytes; `seed` varies the colour so each call can yield a different hash. */
export async function makeImage(format: 'png' | 'jpeg' | 'webp', width: number, height: number, seed = 0): Promise<Uint8Array> {
  const background = { r: (seed * 37) % 256, g: (seed * 91) % 256, b: 128 };
  const buffer = await sharp({ create: { width, height, channels: 3, background } })
    .toFormat(format)
    .toBuffer();
  return new Uint8Array(buffer);
}

/** A generated image as the library stores it: status ok, in no collection, not in the trash. */
export function makeItem(overrides: Partial<LibraryItem> = {}): LibraryItem {
  return newLibraryItem({
    prompt: 'a lighthouse at dusk, oil painting',
    aspectRatio: '3:2',
    model: 'reve/create-image',
    width: 1248,
    height: 832,
    requestId: 'rsid-test',
    credits: 12000,
    createdAt: 1_750_000_000_000,
    fileHash: 'a'.repeat(64),
    byteSize: 1234,
    mimeType: 'image/png',
    sourceUrl: 'https://cdn.example.com/image.png',
    ...overrides,
  });
}

/** A generation listed without an image: refused by the policy, or paid for but never downloaded. */
export function makeRecord(status: 'refused' | 'download-failed', overrides: Partial<LibraryItem> = {}): LibraryItem {
  return makeItem({
    status,
    width: null,
    height: null,
    fileHash: null,
    byteSize: null,
    mimeType: null,
    sourceUrl: status === 'download-failed' ? 'https://cdn.example.com/lost.png' : null,
    credits: status === 'refused' ? null : 12000,
    ...overrides,
  });
}

/**
 * Fresh SQLite databases (migrated, as the app opens them) in temp folders, closed after each test
 * before their folder is removed. Call inside a describe block.
 */
export function useTempDatabases(): { open(): Promise<{ db: DatabaseSync; path: string }>; openAt(path: string): DatabaseSync } {
  const tempDir = useTempDirs();
  const opened: DatabaseSync[] = [];
  // Registered after useTempDirs, so it runs first: the database closes before its folder goes.
  afterEach(() => {
    for (const db of opened.splice(0)) if (db.isOpen) db.close();
  });
  const openAt = (path: string) => {
    const db = openDatabase(path);
    opened.push(db);
    return db;
  };
  return {
    openAt,
    async open() {
      const path = join(await tempDir(), 'reverie.sqlite');
      return { db: openAt(path), path };
    },
  };
}

/**
 * useTempDatabases for a service that lives on one database (drafts, prompt history, templates):
 * `setup()` opens a fresh database and builds the service on it, handed back under `key`;
 * `openAt` reopens a path, e.g. to check what survives a restart. Call inside a describe block.
 */
export function useTempDatabaseWith<K extends string, S>(key: K, create: (db: DatabaseSync) => S) {
  const databases = useTempDatabases();
  return {
    openAt: databases.openAt,
    async setup(): Promise<{ db: DatabaseSync; path: string } & Record<K, S>> {
      const { db, path } = await databases.open();
      return { db, path, ...({ [key]: create(db) } as Record<K, S>) };
    },
  };
}

/**
 * Libraries on fresh SQLite files in temp folders, closed after each test before their folder is
 * removed. Call inside a describe block. A library opened some other way is pushed onto `open`.
 */
export function useTempLibraries() {
  const tempDir = useTempDirs();
  const open: Library[] = [];
  // Registered after useTempDirs, so vitest (hooks run as a stack) closes before the folder goes.
  afterEach(() => {
    for (const library of open.splice(0)) library.close();
  });
  const openAt = (path: string) => {
    const library = openLibrary(path);
    open.push(library);
    return library;
  };
  const dbPathIn = async () => join(await tempDir(), 'library.sqlite');
  return { open, openAt, dbPathIn, fresh: async () => openAt(await dbPathIn()) };
}

/** One page of the library for a request as the renderer writes it, parsed as the IPC boundary does. */
/**
 * One page, with its total as the window ends up with it: a search's page leaves the total to
 * library:count until it is counted (LibraryPage.total), so this asks, as the window does.
 */
export function listOk(library: Library, request: ChannelInput<'library:list'>) {
  const parsed = LibraryPageInput.parse(request);
  const page = library.list(parsed);
  if (!page.ok) throw new Error(page.error.message);
  return { ...page.value, total: page.value.total ?? library.count(parsed.query) };
}

/** The words seeded prompts are made of; prompt i uses four of them, chosen from i. */
export const SEED_WORDS = [
  'lighthouse',
  'dusk',
  'oil',
  'painting',
  'neon',
  'cafe',
  'rain',
  'forest',
  'mountain',
  'river',
  'portrait',
  'city',
  'night',
  'sunset',
  'cat',
  'dog',
  'robot',
  'castle',
  'ocean',
  'desert',
] as const;

/**
 * Fills `generations` with `count` rows in one SQL statement (the FTS triggers run as for any
 * insert), far faster than inserting item by item. Row i (0-based) has:
 * - id `${hex8(i)}-0000-4000-8000-${hex12(i)}`, createdAt 1_700_000_000_000 + floor(i / 4) * 1000
 *   (runs of four equal timestamps),
 * - a prompt of SEED_WORDS[(7i + 13k) % 20] for k = 0..3, plus "zebra" when i % 100 = 7,
 * - aspect ratio 1:1 / 3:2 / 16:9 by i % 3, favorite when i % 7 = 0, in the trash (trashedAt
 *   1_800_000_000_000 + i) when i % 20 = 0, file hash shared by every 5,000th row.
 * Tags: "red" on i % 3 = 0, "rare" on i % 89 = 0. Collection `SEED_COLLECTION` holds i % 10 = 0.
 * The rates are chosen so that at 100,000 rows even the narrowest query shape of library-query.test.ts
 * (a word, a tag and favorites: about 700 rows) matches enough rows to page past a deep offset.
 */
export function seedGenerations(db: DatabaseSync, count: number): void {
  db.exec('BEGIN');
  try {
    db.prepare(
      `WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1),
            words (w) AS (SELECT ?)
       INSERT INTO generations (id, prompt, aspect_ratio, model, status, origin, created_at, file_hash, byte_size, mime_type,
                                width, height, favorite, trashed_at)
       SELECT printf('%08x-0000-4000-8000-%012x', i, i),
              (SELECT group_concat(w ->> ((i * 7 + k * 13) % 20), ' ') FROM words,
                 (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3))
                || CASE WHEN i % 100 = 7 THEN ' zebra' ELSE '' END,
              CASE i % 3 WHEN 0 THEN '1:1' WHEN 1 THEN '3:2' ELSE '16:9' END,
              'reve/create-image', 'ok', CASE WHEN i % 50 = 3 THEN 'imported' ELSE 'generated' END, 1700000000000 + (i / 4) * 1000,
              printf('%064x', i % 5000), 1000, 'image/png', 1024, 1024,
              i % 7 = 0, CASE WHEN i % 20 = 0 THEN 1800000000000 + i END
       FROM n`,
    ).run(count, JSON.stringify(SEED_WORDS));
    db.exec(`INSERT INTO tags (name) VALUES ('red'), ('rare')`);
    db.exec(`INSERT INTO item_tags (tag_id, item_seq) SELECT (SELECT id FROM tags WHERE name = 'red'), seq FROM generations WHERE (seq - 1) % 3 = 0`);
    db.exec(`INSERT INTO item_tags (tag_id, item_seq) SELECT (SELECT id FROM tags WHERE name = 'rare'), seq FROM generations WHERE (seq - 1) % 89 = 0`);
    db.prepare('INSERT INTO collections (id, name, created_at) VALUES (?, ?, 0)').run(SEED_COLLECTION, 'Seeded');
    db.prepare('INSERT INTO collection_items (collection_id, item_seq, added_at) SELECT ?, seq, 0 FROM generations WHERE (seq - 1) % 10 = 0').run(
      SEED_COLLECTION,
    );
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

export const SEED_COLLECTION = '0c0c0c0c-0000-4000-8000-000000000000';

/** The id seedGenerations gives row i. */
export const seededId = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
