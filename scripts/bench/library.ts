import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { writeFileAtomic } from '../../electron/main/services/atomic-write';
import { openDatabase } from '../../electron/main/services/database';
import { createLibrary, type Library } from '../../electron/main/services/library';
import { LibraryPageInput, type LibraryItem } from '../../electron/shared/domain';
import { seedLibrary, SEED_VOCABULARY } from '../../tests/support/seed-library';
import { percentile, round, timed } from './stats';

export interface LibraryReport {
  items: number;
  /** Opening the database and reading the first page (what a cold start shows). */
  openFirstPageMs: number;
  searchP50Ms: number;
  searchP95Ms: number;
  /** The same full-text query as bare SQL: no validation, no mapping, no tags or count. */
  rawSearchP95Ms: number;
  pageP95Ms: number;
  rawPageP95Ms: number;
  /** One insert into a single JSON file holding the same records (read, parse, add, write), the way an electron-store library would. */
  jsonStoreInsertMs: number;
  sqliteInsertMs: number;
}

const PAGE = 200;

function sampleItem(index: number): LibraryItem {
  return {
    id: randomUUID(),
    prompt: `benchmark insert ${index} ${SEED_VOCABULARY.slice(index % 40, (index % 40) + 8).join(' ')}`,
    aspectRatio: '3:2',
    model: 'reve/create-image',
    status: 'ok',
    origin: 'generated',
    width: 1248,
    height: 832,
    requestId: null,
    credits: 126000,
    createdAt: Date.now() + index,
    fileHash: 'a'.repeat(64),
    byteSize: 2_000_000,
    mimeType: 'image/png',
    sourceUrl: null,
    favorite: false,
    tags: [],
    collectionIds: [],
    trashedAt: null,
    fileMissing: false,
  };
}

/** The bare SQLite work behind one search page: FTS match, newest first, one page. */
function rawSearch(db: DatabaseSync) {
  const statement = db.prepare(
    `SELECT g.* FROM generations_fts f JOIN generations g ON g.seq = f.rowid
     WHERE generations_fts MATCH ? AND g.trashed_at IS NULL
     ORDER BY g.created_at DESC, g.id DESC LIMIT ${PAGE}`,
  );
  return (term: string) => statement.all(`"${term}"*`);
}

function rawPage(db: DatabaseSync) {
  const statement = db.prepare(
    `SELECT * FROM generations WHERE trashed_at IS NULL AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ${PAGE}`,
  );
  return (createdAt: number, id: string) => statement.all(createdAt, id);
}

/**
 * Issue #4's measures on a seeded library of `count` rows. Every app figure stands next to the bare
 * SQLite figure for the same work, measured in the same run, alternating so noise hits both.
 */
export async function benchLibrary(count: number): Promise<LibraryReport> {
  const root = await mkdtemp(join(tmpdir(), 'reverie-bench-library-'));
  try {
    await seedLibrary(root, count);
    const dbPath = join(root, 'library.sqlite');

    let library: Library | null = null;
    const openFirstPageMs = await timed(async () => {
      library = createLibrary(openDatabase(dbPath));
      const first = library.list(LibraryPageInput.parse({ limit: PAGE }));
      if (!first.ok) throw new Error(first.error.message);
    });
    const lib = library as unknown as Library;
    const db = openDatabase(dbPath);
    const raw = { search: rawSearch(db), page: rawPage(db) };

    const search: number[] = [];
    const rawSearchTimes: number[] = [];
    for (let i = 0; i < 60; i += 1) {
      const term = SEED_VOCABULARY[(i * 7) % SEED_VOCABULARY.length]!.slice(0, 4 + (i % 3));
      const app = () => timed(async () => lib.list(LibraryPageInput.parse({ query: { text: term }, limit: PAGE })));
      const bare = () => timed(async () => raw.search(term));
      if (i % 2 === 0) {
        search.push(await app());
        rawSearchTimes.push(await bare());
      } else {
        rawSearchTimes.push(await bare());
        search.push(await app());
      }
    }

    const pages: number[] = [];
    const rawPages: number[] = [];
    let cursor: string | undefined;
    let last: LibraryItem | undefined;
    for (let i = 0; i < 60; i += 1) {
      let next: string | null = null;
      pages.push(
        await timed(async () => {
          const page = lib.list(LibraryPageInput.parse({ limit: PAGE, ...(cursor ? { cursor } : {}) }));
          if (!page.ok) throw new Error(page.error.message);
          next = page.value.nextCursor;
          last = page.value.items.at(-1);
        }),
      );
      if (last) {
        const { createdAt, id } = last;
        rawPages.push(await timed(async () => raw.page(createdAt, id)));
      }
      cursor = next ?? undefined;
    }

    const sqliteInserts: number[] = [];
    for (let i = 0; i < 20; i += 1) sqliteInserts.push(await timed(async () => lib.insert(sampleItem(i))));

    // The same records as one JSON document, the way a settings-store library keeps them.
    const jsonPath = join(root, 'library.json');
    const records = db.prepare('SELECT * FROM generations').all();
    await writeFileAtomic(jsonPath, JSON.stringify({ items: records }));
    const jsonInserts: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      jsonInserts.push(
        await timed(async () => {
          const store = JSON.parse(await readFile(jsonPath, 'utf8')) as { items: unknown[] };
          store.items.push(sampleItem(1000 + i));
          await writeFileAtomic(jsonPath, JSON.stringify(store));
        }),
      );
    }

    db.close();
    lib.close();
    return {
      items: count,
      openFirstPageMs: round(openFirstPageMs),
      searchP50Ms: round(percentile(search, 50)),
      searchP95Ms: round(percentile(search, 95)),
      rawSearchP95Ms: round(percentile(rawSearchTimes, 95)),
      pageP95Ms: round(percentile(pages, 95)),
      rawPageP95Ms: round(percentile(rawPages, 95)),
      jsonStoreInsertMs: round(percentile(jsonInserts, 50)),
      sqliteInsertMs: round(percentile(sqliteInserts, 50), 3),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
