import type { DatabaseSync } from 'node:sqlite';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Emit, EventName, Events } from '../../../electron/shared/contract';
import { LibraryPageInput, type EnqueueInput, type Job, type ModelId } from '../../../electron/shared/domain';
import { createSharpImageCodec } from '../../../electron/main/adapters/sharp-image-codec';
import { createAimlClient } from '../../../electron/main/services/api/client';
import { openDatabase } from '../../../electron/main/services/library/database';
import { openGenerationQueue, type GenerationQueue } from '../../../electron/main/services/queue/generation-queue';
import { createImageStore, type ImageStore } from '../../../electron/main/services/library-folder/image-store';
import { createImageKeeper, type ImageKeeper } from '../../../electron/main/services/library-folder/keep';
import { createNetworkMonitor, type NetworkMonitor } from '../../../electron/main/services/queue/network-monitor';
import { createLibrary, type Library } from '../../../electron/main/services/library/library';
import type { RetryPolicyOptions } from '../../../electron/main/services/queue/retry-policy';
import { createReferenceSource } from '../../../electron/main/services/queue/references';
import type { ReferenceLimits } from '../../../electron/main/services/api/reference-image';
import { createSpendLedger, type SpendLedger } from '../../../electron/main/services/queue/spend-ledger';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml } from '../../fake-aiml/server';
import { createRecordingNotifier } from '../../support/recording-ports';
import { useTempDirs } from './library-fixtures';

/**
 * What the generation-queue-*.test.ts files share: the queue against the real fake API over HTTP, a
 * real library folder (sharp thumbnails), real SQLite and the real spend ledger. Retry delays are
 * shrunk through the policy options, so nothing waits for seconds except the one test that checks
 * Retry-After is honoured. A test file calls useQueueHarness() once, at its top.
 */

const SLOW_MS = 500;
const FAST_RETRIES: Partial<RetryPolicyOptions> = { baseDelayMs: 5, maxDelayMs: 20, maxAutoRetries: 2 };

/**
 * The fake API of the test file: started before its tests and reset before each by the hooks
 * useQueueHarness() registers (an ES module binding, so importers always see the current one).
 */
export let fake: FakeAiml;
let tempDir: (() => Promise<string>) | undefined;
const open: Harness[] = [];

/**
 * Registers the file's hooks: one fake API for the file, reset before each test; the harnesses a
 * test opened are closed after it, its folders removed, and no job state was ever announced
 * before it was stored.
 */
export function useQueueHarness(): void {
  beforeAll(async () => {
    fake = await startFakeAiml({ slowMs: SLOW_MS });
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await fake.close();
  });
  tempDir = useTempDirs();
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });
  afterEach(() => {
    for (const h of open) expect(h.unpersisted).toEqual([]);
  });
}

interface RecordedEvent {
  event: EventName;
  payload: Events[EventName];
  at: number;
}

export interface HarnessOptions {
  concurrency?: number;
  budgetUsd?: number | null;
  notify?: boolean;
  apiKey?: string | null;
  baseUrl?: string;
  requestTimeoutMs?: number;
  retryPolicy?: Partial<RetryPolicyOptions>;
  /** Wraps the real keeper, e.g. to hold a job in `saving`. */
  wrapKeep?: (keep: ImageKeeper) => ImageKeeper;
  /** Replaces the real network monitor (which learns from requests and probes the API). */
  network?: NetworkMonitor;
  /** Sees every event as it is emitted, e.g. to look at the disk at that moment. */
  onEvent?: (event: EventName, payload: Events[EventName]) => void;
  /** Reve's input limits for references, shrunk by tests that need an image "over" them cheaply. */
  referenceLimits?: ReferenceLimits;
  creditsPerImage?: (model: ModelId) => number;
  onBatchSettled?: () => void;
}

export interface Harness {
  settings: { concurrency: number; budgetUsd: number | null; notify: boolean; apiKey: string | null; baseUrl: string };
  events: RecordedEvent[];
  /** Emitted job states that did not match the row in the database at that moment (must stay empty). */
  unpersisted: string[];
  notifier: ReturnType<typeof createRecordingNotifier>;
  libraryRoot: string;
  store: ImageStore;
  readonly db: DatabaseSync;
  readonly queue: GenerationQueue;
  readonly library: Library;
  readonly ledger: SpendLedger;
  /** Closes the queue and the database, runs `between` on a fresh connection, then opens everything again. */
  restart(between?: (db: DatabaseSync) => void): Promise<void>;
  close(): Promise<void>;
}

export async function openHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!tempDir) throw new Error('Call useQueueHarness() at the top of the test file first.');
  const root = await tempDir();
  const libraryRoot = join(root, 'library');
  const dbPath = join(root, 'data', 'library.sqlite');
  await mkdir(join(root, 'data'), { recursive: true });
  await mkdir(libraryRoot, { recursive: true });

  const settings = {
    concurrency: options.concurrency ?? 3,
    budgetUsd: options.budgetUsd ?? null,
    notify: options.notify ?? true,
    apiKey: options.apiKey === undefined ? FAKE_VALID_KEY : options.apiKey,
    baseUrl: options.baseUrl ?? fake.baseUrl,
  };
  const events: RecordedEvent[] = [];
  const unpersisted: string[] = [];
  const notifier = createRecordingNotifier();
  const codec = createSharpImageCodec();
  const store = createImageStore(libraryRoot, codec);
  const client = createAimlClient({
    incomingDir: store.incomingDir,
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    downloadAttempts: 1,
    downloadBackoffMs: 1,
  });

  let db = openDatabase(dbPath);
  let dbOpen = true;
  const emit: Emit = (event, payload) => {
    events.push({ event, payload, at: Date.now() });
    options.onEvent?.(event, payload);
    if (event === 'queue:job-updated') {
      // Persisted before announced: the row must already say what the event says.
      const job = payload as Job;
      const row = db.prepare('SELECT state FROM jobs WHERE id = ?').get(job.id);
      if (row?.state !== job.state) unpersisted.push(`${job.id}: emitted ${job.state}, row ${String(row?.state)}`);
    }
  };

  function build() {
    const library = createLibrary(db);
    // Probes quickly, so tests of "the network came back" do not wait the app's 15 s.
    const network = options.network ?? createNetworkMonitor({ baseUrl: () => settings.baseUrl, emit, probeIntervalMs: 20 });
    const ledger = createSpendLedger(db, { now: Date.now, dailyBudgetUsd: () => settings.budgetUsd });
    const realKeep = createImageKeeper(store, library, Date.now);
    const queue = openGenerationQueue({
      db,
      client,
      store,
      keep: options.wrapKeep ? options.wrapKeep(realKeep) : realKeep,
      ledger,
      network,
      apiKey: async () => settings.apiKey,
      baseUrl: () => settings.baseUrl,
      concurrency: () => settings.concurrency,
      notifyWhenDone: () => settings.notify,
      notifier,
      emit,
      retryPolicy: { ...FAST_RETRIES, ...options.retryPolicy },
      references: createReferenceSource({ library, store, codec, ...(options.referenceLimits ? { limits: options.referenceLimits } : {}) }),
      ...(options.creditsPerImage ? { creditsPerImage: options.creditsPerImage } : {}),
      ...(options.onBatchSettled ? { onBatchSettled: options.onBatchSettled } : {}),
    });
    return { library, ledger, queue, network };
  }
  let parts = build();

  const harness: Harness = {
    settings,
    events,
    unpersisted,
    notifier,
    libraryRoot,
    store,
    get db() {
      return db;
    },
    get queue() {
      return parts.queue;
    },
    get library() {
      return parts.library;
    },
    get ledger() {
      return parts.ledger;
    },
    async restart(between) {
      await parts.queue.close();
      parts.network.close();
      db.close();
      db = openDatabase(dbPath);
      between?.(db);
      parts = build();
    },
    async close() {
      await parts.queue.close();
      parts.network.close();
      if (dbOpen) db.close();
      dbOpen = false;
    },
  };
  open.push(harness);
  return harness;
}

/** A Generate click as the IPC dispatcher hands it on: parsed, defaults filled in (the queue does not parse again). */
export const input = (overrides: Partial<EnqueueInput> = {}): EnqueueInput => ({
  model: 'reve/create-image',
  sources: [],
  prompt: 'a lighthouse at dusk, oil painting',
  aspectRatios: ['3:2'],
  count: 1,
  delivery: 'url',
  outputFormat: null,
  ...overrides,
});

export async function enqueue(h: Harness, overrides: Partial<EnqueueInput> = {}): Promise<Job[]> {
  const result = await h.queue.enqueue(input(overrides));
  if (!result.ok) throw new Error(`enqueue refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

export const libraryTotal = (h: Harness) => {
  const page = h.library.list(LibraryPageInput.parse({ limit: 500 }));
  if (!page.ok) throw new Error('library list failed');
  return page.value.total;
};
