import { readFile } from 'node:fs/promises';
import { makePlaceholder } from '../image-metadata/placeholder';
import type { PlaceholderlessRow } from '../library/placeholders';
import type { Library } from '../library/library';
import type { ImageCodec } from '../ports';
import type { ImageStore } from './image-store';
import { messageOf } from '../../../shared/errors';

/** Placeholders made at once: a few decodes on libvips' threads, leaving the rest to whatever the user is doing. */
export const BACKFILL_BATCH = 4;
/** Rows of the table looked through per query (a primary-key range), so no single step blocks main for long at 100k items. */
export const BACKFILL_SPAN = 2_000;
/** The pause between batches: a first start after an upgrade fills a large library over minutes, not in one burst. */
export const BACKFILL_PAUSE_MS = 25;

export interface PlaceholderBackfill {
  /** Starts a pass over the whole library; during a pass, another follows it (after a rebuild, say). */
  start(): void;
  /** Resolves once no pass is running (or due to run): the tests' and the rebuild's way to wait for one. */
  idle(): Promise<void>;
  /** Ends the pass after the batch in flight, which writes nothing more; resolves when it has. Call before closing the library. */
  stop(): Promise<void>;
}

export interface PlaceholderBackfillDeps {
  store: ImageStore;
  library: Library;
  codec: ImageCodec;
  /** Rows that got their placeholder, for their sidecars to be rewritten (rows first, like every organize action). */
  onFilled(ids: readonly string[]): void;
  /** Waited for between batches; BACKFILL_PAUSE_MS by default. */
  pause?: () => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Gives the items of a library that have none their placeholder, in the background: items filed
 * before placeholders existed, put back from sidecars that carry none (a rebuild, an older backup),
 * or whose placeholder could not be made when filed. Made from the thumbnail (a 512 px WebP decodes
 * far faster than the original), or the original when the thumbnail is gone; an item whose image
 * cannot be read is passed over until the next pass (the next start). Never throws: a placeholder
 * is a nicety.
 */
export function createPlaceholderBackfill(deps: PlaceholderBackfillDeps): PlaceholderBackfill {
  const { store, library, codec } = deps;
  const pause = deps.pause ?? (() => sleep(BACKFILL_PAUSE_MS));
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function placeholderFor(row: PlaceholderlessRow): Promise<string | null> {
    for (const path of [store.thumbnailPath(row.fileHash), store.originalPath(row.fileHash, row.mimeType)]) {
      const bytes = await readFile(path).catch(() => null);
      if (bytes) return makePlaceholder(codec, new Uint8Array(bytes));
    }
    return null;
  }

  async function fill(rows: readonly PlaceholderlessRow[]): Promise<void> {
    const made = await Promise.all(rows.map(async (row) => ({ id: row.id, placeholder: await placeholderFor(row) })));
    if (stopped) return;
    const filled = library.transaction(() =>
      made.flatMap(({ id, placeholder }) => (placeholder !== null && library.setPlaceholder(id, placeholder) ? [id] : [])),
    );
    if (filled.length > 0) deps.onFilled(filled);
  }

  async function pass(): Promise<void> {
    let after = 0;
    while (!stopped) {
      await pause();
      if (stopped) return;
      const { rows, next } = library.rowsWithoutPlaceholder(after, BACKFILL_SPAN);
      for (let start = 0; start < rows.length && !stopped; start += BACKFILL_BATCH) {
        if (start > 0) await pause();
        await fill(rows.slice(start, start + BACKFILL_BATCH));
      }
      if (next === null) return;
      after = next;
    }
  }

  function run(): void {
    running = pass()
      .catch((error: unknown) => console.warn(`library: placeholders could not be made: ${messageOf(error)}`))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          run();
        }
      });
  }

  return {
    start() {
      if (stopped) return;
      if (running) again = true;
      else run();
    },
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      while (running) await running;
    },
  };
}
