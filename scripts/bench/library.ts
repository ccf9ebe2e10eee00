import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { writeFileAtomic } from '../../electron/main/services/atomic-write';
import { openDatabase } from '../../electron/main/services/library/database';
import { startIntegrityCheck } from '../../electron/main/services/library/integrity-check';
import { refreshPlannerStats } from '../../electron/main/services/library/planner-stats';
import { createLibrary, type Library } from '../../electron/main/services/library/library';
import { openLibraryDatabase } from '../../electron/main/services/library/database-file';
import { decodeCursor, type PagePosition } from '../../electron/main/services/library/cursor';
import { toFtsQuery } from '../../electron/main/services/library/fts-query';
import { pageSql, type Sql } from '../../electron/main/services/library/query';
import { LibraryPageInput, newLibraryItem, type LibraryItem, type LibraryQuery } from '../../electron/shared/domain';
import { seedLibrary, SEED_VOCABULARY } from '../../tests/support/seed-library';
import { percentile, round, timed } from './stats';

export interface LibraryReport {
  items: number;
  /** Opening the database and reading the first page (what a cold start shows). */
  openFirstPageMs: number;
  /** The whole-file `PRAGMA quick_check` that runs in a worker after open (off the startup path). */
  integrityCheckMs: number;
  /** The query planner's statistics, made as the session makes them after its background checks (also off the startup path). */
  plannerStatsMs: number;
  /** The first page of a search the library has not seen, with its total, as the window asks for it. */
  searchP50Ms: number;
  searchP95Ms: number;
  /** The same page SQL the library runs for that search, bare: no validation, no mapping, no tags (the library does not count a search's first page; it counts when the window asks). */
  rawSearchP95Ms: number;
  /** The floor: FTS5 alone handing back one page of matching ids for the same words (`SELECT rowid … MATCH ? LIMIT 200`). */
  engineSearchP95Ms: number;
  /** The next page by cursor, newest first. */
  pageP95Ms: number;
  /** Its page SQL, bare (the total is known from the first page, so neither counts). */
  rawPageP95Ms: number;
  /** The database file (with its WAL checkpointed) divided by the rows. */
  dbBytesPerItem: number;
  /** One insert into a single JSON file holding the same records (read, parse, add, write), the way an electron-store library would. Not measured at scale. */
  jsonStoreInsertMs: number | null;
  sqliteInsertMs: number;
  /** Seeding the rows (setup, not a figure of the app): one transaction, 24 image files shared by all rows. */
  seedMs: number;
}

const PAGE = 200;

function sampleItem(index: number): LibraryItem {
  return newLibraryItem({
    prompt: `benchmark insert ${index} ${SEED_VOCABULARY.slice(index % 40, (index % 40) + 8).join(' ')}`,
    aspectRatio: '3:2',
    model: 'reve/create-image',
    width: 1248,
    height: 832,
    credits: 126000,
    createdAt: Date.now() + index,
    fileHash: 'a'.repeat(64),
    byteSize: 2_000_000,
    mimeType: 'image/png',
  });
}

/**
 * The bare SQLite cost of one page as the app asks for it: the very page SQL the library builds,
 * prepared once and run, without validation, row mapping or the page's tags and collections. No
 * count: the library answers a search's first page without one and keeps a total for later pages.
 */
function bareQuery(db: DatabaseSync) {
  const prepared = new Map<string, StatementSync>();
  const run = (sql: Sql) => {
    let statement = prepared.get(sql.text);
    if (!statement) {
      statement = db.prepare(sql.text);
      prepared.set(sql.text, statement);
    }
    return statement.all(...sql.params);
  };
  return (query: LibraryQuery, after: PagePosition | null) => run(pageSql(query, { limit: PAGE, after, offset: 0 }));
}

/**
 * Searches timed per run: enough that p95 is the 10th slowest, not the 3rd, so one stall of a
 * shared machine does not decide it (the vocabulary makes about 230 distinct ones).
 */
const SEARCHES = 200;

/**
 * Distinct searches a person might type: one or two words of the seed vocabulary, whole or as the
 * prefix being typed. Distinct, because the library keeps a query's total until the data changes, and
 * a repeated search would measure that memory instead of the search.
 */
function searchTerms(count: number): string[] {
  const terms = new Set<string>();
  for (let i = 0; terms.size < count; i += 1) {
    if (i > 100 * count) throw new Error(`The seed vocabulary makes fewer than ${count} distinct searches.`);
    const word = SEED_VOCABULARY[(i * 7) % SEED_VOCABULARY.length]!;
    const typed = word.slice(0, 4 + (i % 3));
    terms.add(i < SEED_VOCABULARY.length ? typed : `${typed} ${SEED_VOCABULARY[(i * 13) % SEED_VOCABULARY.length]!.slice(0, 3)}`);
  }
  return [...terms];
}

/**
 * Issue #4's and #13's measures on a seeded library of `count` rows. Every app figure stands next to
 * the bare SQLite figure for the same work, measured in the same run, alternating so noise hits both.
 * `scale` leaves out what does not change with size or cannot run at a million rows (the JSON store).
 */
export async function benchLibrary(count: number, { scale = false }: { scale?: boolean } = {}): Promise<LibraryReport> {
  const root = await mkdtemp(join(tmpdir(), 'reverie-bench-library-'));
  try {
    const seedMs = await timed(() => seedLibrary(root, count));
    const dbPath = join(root, 'library.sqlite');
    const dbBytesPerItem = (await stat(dbPath)).size / count;

    let library: Library | null = null;
    let sessionDb: DatabaseSync | null = null;
    const openFirstPageMs = await timed(async () => {
      // As a library session opens: the damage checks at open, the probe of the newest items, then the window's first page.
      const { db: opened } = await openLibraryDatabase(dbPath, Date.now);
      sessionDb = opened;
      library = createLibrary(opened);
      library.list(LibraryPageInput.parse({ limit: 100 }));
      const first = library.list(LibraryPageInput.parse({ limit: PAGE }));
      if (!first.ok) throw new Error(first.error.message);
    });
    // Runs after open in a worker, so it is not part of the figure above; reported on its own.
    const integrityCheckMs = await timed(async () => {
      const result = await startIntegrityCheck(dbPath).result;
      if (result?.ok !== true) throw new Error(`the seeded library failed its integrity check: ${JSON.stringify(result)}`);
    });
    // As the session does once its background checks are done (also off the startup path): the
    // planner's statistics, which every library in use has from then on.
    const plannerStatsMs = await timed(async () => refreshPlannerStats(sessionDb as unknown as DatabaseSync, 'every-table'));
    const lib = library as unknown as Library;
    const db = openDatabase(dbPath);
    const bare = bareQuery(db);
    const engine = db.prepare(`SELECT rowid FROM generations_fts WHERE generations_fts MATCH ? LIMIT ${PAGE}`);
    const queryOf = (text: string): LibraryQuery => LibraryPageInput.parse({ query: { text } }).query;

    const search: number[] = [];
    const rawSearchTimes: number[] = [];
    const engineTimes: number[] = [];
    for (const [i, term] of searchTerms(SEARCHES).entries()) {
      const runs = [
        async () => {
          search.push(
            await timed(async () => {
              const page = lib.list(LibraryPageInput.parse({ query: { text: term }, limit: PAGE }));
              if (!page.ok || page.value.items.length === 0) throw new Error(`the search for "${term}" found nothing`);
            }),
          );
        },
        async () => rawSearchTimes.push(await timed(async () => bare(queryOf(term), null))),
        async () => engineTimes.push(await timed(async () => engine.all(toFtsQuery(term)))),
      ];
      // Rotate which goes first, so neither always runs on caches another warmed.
      for (let k = 0; k < runs.length; k += 1) await runs[(i + k) % runs.length]!();
    }

    const pages: number[] = [];
    const rawPages: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 60; i += 1) {
      let next: string | null = null;
      pages.push(
        await timed(async () => {
          const page = lib.list(LibraryPageInput.parse({ limit: PAGE, ...(cursor ? { cursor } : {}) }));
          if (!page.ok) throw new Error(page.error.message);
          next = page.value.nextCursor;
        }),
      );
      const position = cursor === undefined ? null : decodeCursor(cursor);
      rawPages.push(await timed(async () => bare(queryOf(''), position)));
      cursor = next ?? undefined;
    }

    const sqliteInserts: number[] = [];
    for (let i = 0; i < 20; i += 1) sqliteInserts.push(await timed(async () => lib.insert(sampleItem(i))));

    let jsonStoreInsertMs: number | null = null;
    if (!scale) {
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
      jsonStoreInsertMs = round(percentile(jsonInserts, 50));
    }

    db.close();
    lib.close();
    return {
      items: count,
      openFirstPageMs: round(openFirstPageMs),
      integrityCheckMs: round(integrityCheckMs),
      plannerStatsMs: round(plannerStatsMs),
      searchP50Ms: round(percentile(search, 50)),
      searchP95Ms: round(percentile(search, 95)),
      rawSearchP95Ms: round(percentile(rawSearchTimes, 95)),
      engineSearchP95Ms: round(percentile(engineTimes, 95)),
      pageP95Ms: round(percentile(pages, 95)),
      rawPageP95Ms: round(percentile(rawPages, 95)),
      dbBytesPerItem: Math.round(dbBytesPerItem),
      jsonStoreInsertMs,
      sqliteInsertMs: round(percentile(sqliteInserts, 50), 3),
      seedMs: round(seedMs, 0),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
