import { cp, mkdir, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Delivery } from '../../../electron/shared/constants';
import { LibraryPageInput, type AspectRatio, type LibraryItem } from '../../../electron/shared/domain';
import { withPngText } from '../../../electron/main/services/image-metadata/png-text-chunks';
import { FAKE_VALID_KEY, type FakeAiml } from '../../fake-aiml/server';
import { makeImage } from './library-fixtures';
import { hostStudio, type HostedStudio } from './studio-host';

/** Real damage to real files, and real libraries to damage: built through the studio against the fake API. */

export const libraryOf = (dataDir: string) => join(dataDir, 'library');
export const databaseOf = (dataDir: string) => join(libraryOf(dataDir), 'library.sqlite');

/** What a library holds, read through the studio's own handlers. */
export interface LibraryFacts {
  /** Every item, trash included. */
  ids: string[];
  todayCredits: number;
  monthCredits: number;
}

export async function factsOf(h: HostedStudio): Promise<LibraryFacts> {
  const ids: string[] = [];
  for (const view of ['library', 'trash'] as const) {
    const page = await h.studio.handlers['library:list'](LibraryPageInput.parse({ query: { view }, limit: 500 }));
    if (!page.ok) throw new Error(`library:list failed: ${page.error.message}`);
    ids.push(...page.value.items.map((item) => item.id));
  }
  const cost = await h.studio.handlers['cost:summary'](undefined);
  if (!cost.ok) throw new Error(`cost:summary failed: ${cost.error.message}`);
  return { ids: ids.sort(), todayCredits: cost.value.todayCredits, monthCredits: cost.value.monthCredits };
}

const TERMINAL = new Set(['done', 'failed', 'cancelled', 'refused', 'interrupted']);
/** Polls of the queue before giving up: a bounded loop, each poll one event-loop turn of 10 ms. */
const MAX_POLLS = 3000;

/** Queues one image per entry and waits (bounded) until every job has ended. */
async function generate(h: HostedStudio, jobs: ReadonlyArray<{ prompt: string; aspectRatio: AspectRatio; delivery: Delivery }>) {
  for (const { prompt, aspectRatio, delivery } of jobs) {
    const queued = await h.studio.handlers['generate:enqueue']({
      model: 'reve/create-image',
      sources: [],
      prompt,
      delivery,
      aspectRatios: [aspectRatio],
      count: 1,
      outputFormat: null,
    });
    if (!queued.ok) throw new Error(`enqueue failed: ${queued.error.message}`);
  }
  for (let poll = 0; poll < MAX_POLLS; poll += 1) {
    const snapshot = await h.studio.handlers['queue:list'](undefined);
    if (snapshot.ok && snapshot.value.jobs.every((job) => TERMINAL.has(job.state))) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the queue did not settle');
}

async function importPngs(h: HostedStudio, prompts: string[], seed: number): Promise<LibraryItem[]> {
  const files = await Promise.all(
    prompts.map(async (prompt, index) => ({
      name: `import-${seed + index}.png`,
      bytes: withPngText(await makeImage('png', 40 + index, 30, seed + index), [{ keyword: 'prompt', text: prompt }]),
    })),
  );
  const imported = await h.studio.handlers['library:import']({ files });
  if (!imported.ok) throw new Error(imported.error.message);
  return imported.value.imported;
}

export interface Snapshots {
  /** A data folder whose studio closed cleanly: everything is in library.sqlite, no log. */
  clean: string;
  cleanFacts: LibraryFacts;
  /**
   * The clean library plus more items (generated and imported) whose rows are still only in the
   * write-ahead log, copied while the studio was open: what a crash or a kill leaves on disk.
   */
  crashed: string;
  crashedFacts: LibraryFacts;
  /** The crashed library's `-shm` as it was two transactions before the copy. */
  staleShm: string;
}

/**
 * Builds both snapshots under `base`: generated images (URL and base64 delivery, one refused but
 * charged), imported images, a favorite, a tag and a trashed item, so every kind of row and charge
 * is there to lose.
 */
export async function buildSnapshots(fake: FakeAiml, base: string): Promise<Snapshots> {
  const clean = join(base, 'clean');
  const live = join(base, 'live');
  await mkdir(live, { recursive: true });
  let h = await hostStudio({ apiBaseUrl: fake.baseUrl, dataDir: live });
  await h.studio.handlers['key:save']({ key: FAKE_VALID_KEY, sessionOnly: false });
  await generate(h, [
    { prompt: 'a lighthouse in fog', aspectRatio: '3:2', delivery: 'url' },
    { prompt: 'a fox in the snow', aspectRatio: '1:1', delivery: 'base64' },
    { prompt: 'a harbour at dawn', aspectRatio: '16:9', delivery: 'url' },
  ]);
  fake.setScenario('content-violation');
  await generate(h, [{ prompt: 'something the policy refuses', aspectRatio: '1:1', delivery: 'url' }]);
  const imported = await importPngs(h, ['an imported cabin', 'an imported river'], 10);
  const all = await factsOf(h);
  await h.studio.handlers['library:set-favorite']({ selection: { ids: [all.ids[0]!] }, favorite: true });
  await h.studio.handlers['library:add-tag']({ selection: { ids: all.ids.slice(0, 2) }, tag: 'kept' });
  await h.studio.handlers['library:trash']({ selection: { ids: [imported[1]!.id] } });
  const cleanFacts = await factsOf(h);
  await h.studio.close();
  await cp(live, clean, { recursive: true });

  const crashed = join(base, 'crashed');
  const staleShm = join(base, 'stale.sqlite-shm');
  h = await hostStudio({ apiBaseUrl: fake.baseUrl, dataDir: live, secretStore: h.secretStore });
  await generate(h, [{ prompt: 'a robot in a greenhouse', aspectRatio: '3:2', delivery: 'base64' }]);
  // The shared-memory index as it was a few transactions before the crash.
  await cp(`${databaseOf(live)}-shm`, staleShm);
  await generate(h, [{ prompt: 'a whale under the ice', aspectRatio: '16:9', delivery: 'url' }]);
  await importPngs(h, ['an imported desert'], 20);
  await h.studio.backgroundChecks();
  const crashedFacts = await factsOf(h);
  // Copied with the studio still open, the way a kill leaves the folder: rows in the log, not yet in the file.
  await cp(live, crashed, { recursive: true });
  await h.studio.close();
  return { clean, cleanFacts, crashed, crashedFacts, staleShm };
}

/** A deterministic byte pattern (an LCG), so a run can be repeated exactly. */
export function garbage(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

export async function overwrite(path: string, offset: number, bytes: Buffer): Promise<void> {
  const content = await readFile(path);
  if (offset + bytes.length > content.length) throw new Error(`${path} has ${content.length} bytes; cannot overwrite ${bytes.length} at ${offset}`);
  bytes.copy(content, offset);
  await writeFile(path, content);
}

export const sizeOf = async (path: string) => (await stat(path)).size;

export async function cutInHalf(path: string): Promise<void> {
  await truncate(path, Math.floor((await sizeOf(path)) / 2));
}

/** The pages holding these tables' and indexes' roots, read from a copy before it is damaged. */
export function rootPages(dbPath: string, names: readonly string[]): { pages: number[]; pageSize: number } {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const pageSize = Number(db.prepare('PRAGMA page_size').get()?.page_size);
    const pages = names.map((name) => {
      const row = db.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').get(name);
      if (!row) throw new Error(`no ${name} in the schema`);
      return Number(row.rootpage);
    });
    return { pages, pageSize };
  } finally {
    db.close();
  }
}

/** Garbles whole pages (1-based page numbers, as SQLite counts them). */
export async function garblePages(dbPath: string, pages: readonly number[], pageSize: number, seed: number): Promise<void> {
  for (const [i, page] of pages.entries()) await overwrite(dbPath, (page - 1) * pageSize, garbage(pageSize, seed + i));
}

/** Garbles the page content of the log's first frame (its header and checksums left as they were). */
export async function garbleFirstWalFrame(walPath: string, seed: number): Promise<void> {
  const WAL_HEADER = 32;
  const FRAME_HEADER = 24;
  await overwrite(walPath, WAL_HEADER + FRAME_HEADER + 100, garbage(400, seed));
}

/** The sidecar files of a library (`records/<2 hex>/<id>.json`), by item id. */
export async function sidecarsOf(dataDir: string): Promise<Map<string, string>> {
  const records = join(libraryOf(dataDir), 'records');
  const entries = await readdir(records, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.json')).map((entry) => join(entry.parentPath, entry.name));
  return new Map(files.sort().map((path) => [basename(path, '.json'), path]));
}

/**
 * Whether the log holds a frame for this page (of its current generation): SQLite then reads the
 * page from the log, not from the main file (format: sqlite.org/fileformat2.html#walformat).
 */
export async function walHoldsPage(walPath: string, page: number): Promise<boolean> {
  const wal = await readFile(walPath);
  if (wal.length < 32) return false;
  const pageSize = wal.readUInt32BE(8);
  const salt = wal.subarray(16, 24);
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (!wal.subarray(at + 8, at + 16).equals(salt)) break;
    if (wal.readUInt32BE(at) === page) return true;
  }
  return false;
}

/** The image files of a library (originals), as paths. */
export async function originalsOf(dataDir: string): Promise<string[]> {
  const images = join(libraryOf(dataDir), 'images');
  const entries = await readdir(images, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
