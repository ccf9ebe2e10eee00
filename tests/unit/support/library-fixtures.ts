import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { afterEach } from 'vitest';
import { openDatabase } from '../../../electron/main/services/database';
import type { LibraryItem } from '../../../electron/shared/domain';

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
export async function makeImage(
  format: 'png' | 'jpeg' | 'webp',
  width: number,
  height: number,
  seed = 0,
): Promise<Uint8Array> {
  const background = { r: (seed * 37) % 256, g: (seed * 91) % 256, b: 128 };
  const buffer = await sharp({ create: { width, height, channels: 3, background } })
    .toFormat(format)
    .toBuffer();
  return new Uint8Array(buffer);
}

export function makeItem(overrides: Partial<LibraryItem> = {}): LibraryItem {
  return {
    id: randomUUID(),
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
  };
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
