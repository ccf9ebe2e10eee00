import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emit, EventName, Events } from '../../electron/shared/contract';
import type { AppErrorCode } from '../../electron/shared/errors';
import { LibraryPageInput, TYPICAL_CREDITS_PER_IMAGE, type EnqueueInput, type Job, type JobState, type LibraryItem, type NetworkStatus } from '../../electron/shared/domain';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { createAimlClient } from '../../electron/main/services/api/client';
import { openDatabase } from '../../electron/main/services/library/database';
import { openGenerationQueue, type GenerationQueue } from '../../electron/main/services/queue/generation-queue';
import { createImageStore, type ImageStore } from '../../electron/main/services/library-folder/image-store';
import { createImageKeeper, type ImageKeeper } from '../../electron/main/services/library-folder/keep';
import { createNetworkMonitor, type NetworkMonitor } from '../../electron/main/services/queue/network-monitor';
import { createLibrary, type Library } from '../../electron/main/services/library/library';
import type { RetryPolicyOptions } from '../../electron/main/services/queue/retry-policy';
import { createSpendLedger, type SpendLedger } from '../../electron/main/services/queue/spend-ledger';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml } from '../fake-aiml/server';
import { createRecordingNotifier } from '../support/recording-ports';
import { listFiles, useTempDirs } from './support/library-fixtures';

/**
 * The queue against the real fake API over HTTP, a real library folder (sharp thumbnails), real
 * SQLite and the real spend ledger. Retry delays are shrunk through the policy options, so nothing
 * here waits for seconds except the one test that checks Retry-After is honoured.
 */

const SLOW_MS = 500;
const FAST_RETRIES: Partial<RetryPolicyOptions> = { baseDelayMs: 5, maxDelayMs: 20, maxAutoRetries: 2 };
const TERMINAL: ReadonlySet<JobState> = new Set(['done', 'failed', 'cancelled', 'refused', 'interrupted']);
const IN_FLIGHT: ReadonlySet<JobState> = new Set(['sending', 'downloading', 'saving']);

let fake: FakeAiml;
beforeAll(async () => {
  fake = await startFakeAiml({ slowMs: SLOW_MS });
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

const tempDir = useTempDirs();

interface RecordedEvent {
  event: EventName;
  payload: Events[EventName];
  at: number;
}

interface HarnessOptions {
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
}

interface Harness {
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

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function openHarness(options: HarnessOptions = {}): Promise<Harness> {
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
  const store = createImageStore(libraryRoot, createSharpImageCodec());
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
const input = (overrides: Partial<EnqueueInput> = {}): EnqueueInput => ({
  prompt: 'a lighthouse at dusk, oil painting',
  aspectRatios: ['3:2'],
  count: 1,
  delivery: 'url',
  outputFormat: null,
  ...overrides,
});

async function enqueue(h: Harness, overrides: Partial<EnqueueInput> = {}): Promise<Job[]> {
  const result = await h.queue.enqueue(input(overrides));
  if (!result.ok) throw new Error(`enqueue refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

const jobOf = (h: Harness, id: string): Job => {
  const job = h.queue.snapshot().jobs.find((each) => each.id === id);
  if (!job) throw new Error(`job ${id} is not in the queue`);
  return job;
};

/** Waits until the job satisfies `test`, and returns it. */
async function waitForJob(h: Harness, id: string, test: (job: Job) => boolean, timeout = 15_000): Promise<Job> {
  return vi.waitFor(
    () => {
      const job = jobOf(h, id);
      if (!test(job)) throw new Error(`job ${id} is ${job.state}`);
      return job;
    },
    { timeout, interval: 5 },
  );
}

const waitForState = (h: Harness, id: string, state: JobState, timeout?: number) => waitForJob(h, id, (job) => job.state === state, timeout);
const settle = (h: Harness, id: string, timeout?: number) => waitForJob(h, id, (job) => TERMINAL.has(job.state), timeout);
const settleAll = (h: Harness, jobs: readonly Job[]) => Promise.all(jobs.map((job) => settle(h, job.id)));

const payloads = <E extends EventName>(h: Harness, event: E): Events[E][] =>
  h.events.filter((recorded) => recorded.event === event).map((recorded) => recorded.payload as Events[E]);
const statesOf = (h: Harness, id: string): JobState[] =>
  payloads(h, 'queue:job-updated')
    .filter((job) => job.id === id)
    .map((job) => job.state)
    .filter((state, index, all) => index === 0 || all[index - 1] !== state);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port nothing listens on: connections are refused before anything is sent. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

/** A network monitor whose probe always finds the API (each probe is reported to `onCheck`), and that never goes offline. */
function alwaysOnline(onCheck: () => void = () => undefined): NetworkMonitor {
  const online: NetworkStatus = { online: true, checkedAt: 0 };
  return {
    status: () => online,
    isOnline: () => true,
    check: async () => {
      onCheck();
      return online;
    },
    reportUnreachable: () => undefined,
    reportReachable: () => undefined,
    onChange: () => () => undefined,
    close: () => undefined,
  };
}

/** Queues one job against an API that never answers, and waits until its request is out at the fake. */
async function requestLeftHanging(h: Harness): Promise<Job> {
  fake.setScenario('hang');
  const [hanging] = await enqueue(h);
  await waitForState(h, hanging!.id, 'sending');
  await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
  return hanging!;
}

/** Queues one job and expects it to fail with `code` after its first send and the two automatic resends, never charged. */
async function expectGivesUpUncharged(h: Harness, code: AppErrorCode): Promise<void> {
  const [job] = await enqueue(h);
  const failed = await settle(h, job!.id);
  expect(failed).toMatchObject({ state: 'failed', attempts: 3, mayHaveBeenCharged: false });
  expect(failed.error?.code).toBe(code);
}

const libraryTotal = (h: Harness) => {
  const page = h.library.list(LibraryPageInput.parse({ limit: 500 }));
  if (!page.ok) throw new Error('library list failed');
  return page.value.total;
};

afterEach(() => {
  for (const h of open) expect(h.unpersisted).toEqual([]);
});

describe('generation queue: running jobs', () => {
  it('fans out count per ratio in order, sends them in queue order and files every image', async () => {
    const h = await openHarness({ concurrency: 1 });
    const jobs = await enqueue(h, { aspectRatios: ['16:9', '1:1'], count: 2 });
    expect(jobs.map((job) => job.params.aspectRatio)).toEqual(['16:9', '16:9', '1:1', '1:1']);
    expect(new Set(jobs.map((job) => job.batchId)).size).toBe(1);
    expect(jobs.every((job) => job.state === 'queued' && job.attempts === 0)).toBe(true);

    const done = await settleAll(h, jobs);
    expect(done.map((job) => job.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(fake.requests.map((request) => (request.body as { aspect_ratio: string }).aspect_ratio)).toEqual(['16:9', '16:9', '1:1', '1:1']);

    const firstSends = jobs.map((job) => payloads(h, 'queue:job-updated').findIndex((update) => update.id === job.id && update.state === 'sending'));
    expect([...firstSends].sort((a, b) => a - b)).toEqual(firstSends);

    for (const job of done) {
      expect(statesOf(h, job.id)).toEqual(['queued', 'sending', 'downloading', 'saving', 'done']);
      expect(job).toMatchObject({ attempts: 1, credits: TYPICAL_CREDITS_PER_IMAGE, mayHaveBeenCharged: true, error: null });
      expect(job.requestId).toMatch(/^rsid-/);
      expect(job.sourceUrl).toContain(fake.origin);
      expect(job.startedAt).not.toBeNull();
      expect(job.finishedAt).not.toBeNull();
    }

    const added = payloads(h, 'library:item-added');
    expect(added.map((item) => item.id).sort()).toEqual(done.map((job) => job.itemId).sort());
    expect(libraryTotal(h)).toBe(4);
    const item = h.library.get(done[0]!.itemId!) as LibraryItem;
    expect(item).toMatchObject({ aspectRatio: '16:9', width: 1360, height: 768, requestId: done[0]!.requestId, sourceUrl: done[0]!.sourceUrl });

    expect(h.ledger.summary().todayCredits).toBe(4 * TYPICAL_CREDITS_PER_IMAGE);
    expect(payloads(h, 'cost:changed').at(-1)?.todayCredits).toBe(4 * TYPICAL_CREDITS_PER_IMAGE);
  });

  it('never has more requests out than the concurrency setting', async () => {
    const h = await openHarness({ concurrency: 2 });
    fake.setScenario('slow', { times: Infinity });
    const jobs = await enqueue(h, { count: 5 });

    const states = new Map<string, JobState>();
    let most = 0;
    let cursor = 0;
    const track = () => {
      for (; cursor < h.events.length; cursor += 1) {
        const recorded = h.events[cursor]!;
        if (recorded.event !== 'queue:job-updated') continue;
        const job = recorded.payload as Job;
        states.set(job.id, job.state);
        most = Math.max(most, [...states.values()].filter((state) => IN_FLIGHT.has(state)).length);
      }
    };
    await vi.waitFor(
      () => {
        track();
        if (!jobs.every((job) => jobOf(h, job.id).state === 'done')) throw new Error('not yet');
      },
      { timeout: 15_000, interval: 5 },
    );
    track();
    expect(most).toBe(2);
    expect(fake.requests).toHaveLength(5);
  });

  it('starts waiting jobs when kicked after the concurrency setting went up, and says so', async () => {
    const h = await openHarness({ concurrency: 1 });
    fake.setScenario('hang');
    const jobs = await enqueue(h, { count: 3 });
    await waitForState(h, jobs[0]!.id, 'sending');
    await pause(50);
    expect(jobOf(h, jobs[1]!.id).state).toBe('queued');

    h.settings.concurrency = 3;
    h.queue.kick();
    expect(payloads(h, 'queue:status').at(-1)).toEqual({ paused: false, concurrency: 3 });
    expect(h.queue.snapshot().concurrency).toBe(3);
    // The first still hangs, so the other two can only have run in the two new slots.
    expect((await settle(h, jobs[1]!.id)).state).toBe('done');
    expect((await settle(h, jobs[2]!.id)).state).toBe('done');
    expect(jobOf(h, jobs[0]!.id).state).toBe('sending');
    expect(h.queue.cancel(jobs[0]!.id).ok).toBe(true);
  });

  it('refuses before queueing anything when no key is stored', async () => {
    const h = await openHarness({ apiKey: null });
    const result = await h.queue.enqueue(input({ count: 3 }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('no-key');
    expect(h.queue.snapshot().jobs).toEqual([]);
    expect(payloads(h, 'queue:job-updated')).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('generation queue: the daily budget', () => {
  it('refuses a batch whose estimate passes the budget, before any request', async () => {
    // $0.10 = 200,000 credits: one typical image (126,000) fits, two do not.
    const h = await openHarness({ budgetUsd: 0.1 });
    const tooMany = await h.queue.enqueue(input({ count: 2 }));
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) expect(tooMany.error.code).toBe('budget-exceeded');
    expect(h.queue.snapshot().jobs).toEqual([]);
    expect(fake.requests).toHaveLength(0);

    const [one] = await enqueue(h);
    expect((await settle(h, one!.id)).state).toBe('done');
    expect(h.ledger.summary().todayCredits).toBe(TYPICAL_CREDITS_PER_IMAGE);

    const another = await h.queue.enqueue(input());
    expect(another.ok).toBe(false);
    if (!another.ok) expect(another.error.code).toBe('budget-exceeded');
    expect(fake.requests).toHaveLength(1);
  });

  it('checks again at send time, counting requests already out whose charge is not known yet', async () => {
    const h = await openHarness({ budgetUsd: 0.1, concurrency: 2 });
    fake.setScenario('hang');
    const [first] = await enqueue(h);
    await waitForState(h, first!.id, 'sending');
    // Nothing is spent yet, so the batch check lets it in; at send time the first is counted.
    const [second] = await enqueue(h);
    const refused = await settle(h, second!.id);
    expect(refused.state).toBe('failed');
    expect(refused.error?.code).toBe('budget-exceeded');
    expect(refused.attempts).toBe(0);
    expect(refused.mayHaveBeenCharged).toBe(false);
    expect(jobOf(h, first!.id).state).toBe('sending');
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
    await pause(50);
    expect(fake.requests).toHaveLength(1);
    expect(h.queue.cancel(first!.id).ok).toBe(true);
  });

  it('refuses a retry over the budget up front: no new job is created, stored or announced', async () => {
    const h = await openHarness();
    fake.setScenario('500');
    const [job] = await enqueue(h);
    expect((await settle(h, job!.id)).state).toBe('failed');
    // $0.05 = 100,000 credits: less than one typical image, so the retry's estimate cannot fit.
    h.settings.budgetUsd = 0.05;
    const updatesBefore = payloads(h, 'queue:job-updated').length;

    const retried = h.queue.retry(job!.id);
    expect(retried.ok).toBe(false);
    if (!retried.ok) expect(retried.error.code).toBe('budget-exceeded');
    // Refused before anything exists: the send-time check would otherwise leave a failed job behind.
    expect(h.queue.snapshot().jobs.map((each) => each.id)).toEqual([job!.id]);
    expect(h.db.prepare('SELECT count(*) AS n FROM jobs').get()?.n).toBe(1);
    expect(payloads(h, 'queue:job-updated')).toHaveLength(updatesBefore);
    await pause(50);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('generation queue: cancel', () => {
  it('cancels a waiting job at once, and it is never sent', async () => {
    const h = await openHarness({ concurrency: 1 });
    fake.setScenario('slow');
    const [first, second] = await enqueue(h, { count: 2 });
    await waitForState(h, first!.id, 'sending');

    const cancelled = h.queue.cancel(second!.id);
    expect(cancelled.ok).toBe(true);
    if (cancelled.ok) {
      expect(cancelled.value).toMatchObject({ state: 'cancelled', mayHaveBeenCharged: false, attempts: 0 });
      expect(cancelled.value.error?.code).toBe('cancelled');
    }
    expect((await settle(h, first!.id)).state).toBe('done');
    await pause(50);
    expect(fake.requests).toHaveLength(1);
    expect(statesOf(h, second!.id)).toEqual(['queued', 'cancelled']);

    const again = h.queue.cancel(second!.id);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('invalid-input');
    expect(h.queue.cancel('00000000-0000-4000-8000-000000000000').ok).toBe(false);
  });

  it('aborts a request in flight: cancelled, exactly one POST, no file and no library row', async () => {
    const h = await openHarness({ concurrency: 1 });
    const hanging = await requestLeftHanging(h);

    const cancelled = h.queue.cancel(hanging.id);
    expect(cancelled.ok).toBe(true);
    if (cancelled.ok) expect(cancelled.value).toMatchObject({ state: 'cancelled', mayHaveBeenCharged: true, itemId: null });

    // With one slot, the next job can only start once the aborted request has really ended.
    const [next] = await enqueue(h);
    const nextDone = await settle(h, next!.id);
    expect(nextDone.state).toBe('done');

    expect(fake.requests).toHaveLength(2);
    expect(jobOf(h, hanging.id).state).toBe('cancelled');
    expect(statesOf(h, hanging.id)).toEqual(['queued', 'sending', 'cancelled']);
    expect(libraryTotal(h)).toBe(1);
    const item = h.library.get(nextDone.itemId!)!;
    // Only the second image's three files: original, thumbnail, sidecar. Nothing left in incoming/
    // (its receipt goes right after the job says done).
    await expect.poll(() => listFiles(h.libraryRoot)).toEqual(
      [
        `images/${item.fileHash!.slice(0, 2)}/${item.fileHash!}.png`,
        `thumbs/${item.fileHash!.slice(0, 2)}/${item.fileHash!}.webp`,
        `records/${item.id.slice(0, 2)}/${item.id}.json`,
      ].sort(),
    );
  });

  it('leaves no file at all when the only job is aborted in flight', async () => {
    const h = await openHarness({ concurrency: 1 });
    const hanging = await requestLeftHanging(h);
    expect(h.queue.cancel(hanging.id).ok).toBe(true);
    await pause(100);
    expect(await listFiles(h.libraryRoot)).toEqual([]);
    expect(libraryTotal(h)).toBe(0);
    expect(payloads(h, 'library:item-added')).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('records an inline image as received only once its receipt is sealed, and files it', async () => {
    const sealedWhenRecorded: boolean[] = [];
    const h: Harness = await openHarness({
      onEvent: (event, payload) => {
        const job = payload as Job;
        if (event !== 'queue:job-updated' || job.requestId === null || sealedWhenRecorded.length > 0) return;
        // The moment anything first says which request this was: its receipt must already be on disk.
        const receipts = readdirSync(h.store.incomingDir).filter((name) => !name.startsWith('.'));
        sealedWhenRecorded.push(receipts.some((name) => readFileSync(join(h.store.incomingDir, name, 'receipt.json'), 'utf8').includes(job.requestId!)));
      },
    });
    const [job] = await enqueue(h, { delivery: 'base64' });
    const done = await settle(h, job!.id);
    expect(done.state).toBe('done');
    expect(sealedWhenRecorded).toEqual([true]);
    expect(statesOf(h, job!.id)).toEqual(['queued', 'sending', 'saving', 'done']);
    expect(h.library.get(done.itemId!)).toMatchObject({ requestId: done.requestId, credits: TYPICAL_CREDITS_PER_IMAGE });
    // Filed and the job done, so the receipt has done its work (it goes right after the job says done).
    await expect.poll(() => readdir(h.store.incomingDir)).toEqual([]);
  });

  it('a paid image that cannot be filed stays in its receipt, and the job says where and that the next start adds it', async () => {
    const h = await openHarness({
      wrapKeep: (keep) => ({
        ...keep,
        keepImage: async () => {
          throw new Error('disk full');
        },
      }),
    });
    const [job] = await enqueue(h, { delivery: 'base64' });
    const failed = await settle(h, job!.id);
    expect(failed).toMatchObject({ state: 'failed', mayHaveBeenCharged: true, error: { code: 'storage' } });
    const [receipt] = await readdir(h.store.incomingDir);
    expect(failed.error?.message).toContain(`kept safely at ${join(h.store.incomingDir, receipt!)}`);
    expect(failed.error?.message).toContain('adds it at the next start');
    const record = JSON.parse(await readFile(join(h.store.incomingDir, receipt!, 'receipt.json'), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ jobId: job!.id, requestId: failed.requestId, credits: TYPICAL_CREDITS_PER_IMAGE, params: job!.params });
    expect((await readdir(join(h.store.incomingDir, receipt!))).sort()).toEqual(['image.png', 'receipt.json']);
  });

  it('refuses to cancel a job that is being saved; it finishes', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const h = await openHarness({
      wrapKeep: (keep) => ({
        ...keep,
        keepImage: async (params, stored, provenance, recordId) => {
          await gate;
          return keep.keepImage(params, stored, provenance, recordId);
        },
      }),
    });
    const [job] = await enqueue(h);
    await waitForState(h, job!.id, 'saving');
    const refused = h.queue.cancel(job!.id);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'invalid-input' });
    expect(h.queue.cancelAll().jobs[0]?.state).toBe('saving');
    release();
    expect((await settle(h, job!.id)).state).toBe('done');
  });

  it('cancels everything waiting or out at once', async () => {
    const h = await openHarness({ concurrency: 1 });
    fake.setScenario('hang', { times: Infinity });
    const jobs = await enqueue(h, { count: 3 });
    await waitForState(h, jobs[0]!.id, 'sending');
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));

    const snapshot = h.queue.cancelAll();
    expect(snapshot.jobs.map((job) => job.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    await pause(200);
    expect(fake.requests).toHaveLength(1);
    expect(libraryTotal(h)).toBe(0);
    expect(await listFiles(h.libraryRoot)).toEqual([]);
    // A batch the user cancelled whole is not worth a notification.
    expect(h.notifier.shown).toEqual([]);
  });
});

describe('generation queue: failures', () => {
  it.each(['500', '503', 'drop-connection'] as const)('a %s may have been charged: failed after exactly one POST, never resent', async (scenario) => {
    const h = await openHarness();
    fake.setScenario(scenario, { times: Infinity });
    const [job] = await enqueue(h);
    const failed = await settle(h, job!.id);
    expect(failed.state).toBe('failed');
    expect(failed.mayHaveBeenCharged).toBe(true);
    expect(failed.error?.mayHaveBeenCharged).toBe(true);
    expect(failed.attempts).toBe(1);
    await pause(100);
    expect(fake.requests).toHaveLength(1);
    expect(statesOf(h, job!.id)).toEqual(['queued', 'sending', 'failed']);
  });

  it('a dropped connection after sending probes the API, so a network that is really gone holds the waiting jobs', async () => {
    const probes: string[] = [];
    const h = await openHarness({ network: alwaysOnline(() => probes.push('check')) });
    fake.setScenario('drop-connection', { times: Infinity });
    const [job] = await enqueue(h);
    const failed = await settle(h, job!.id);
    expect(failed).toMatchObject({ state: 'failed', mayHaveBeenCharged: true, attempts: 1 });
    await vi.waitFor(() => expect(probes).toEqual(['check']));
    expect(fake.requests).toHaveLength(1);
  });

  it('a timeout may have been charged: failed after exactly one POST', async () => {
    const h = await openHarness({ requestTimeoutMs: 300 });
    fake.setScenario('hang', { times: Infinity });
    const [job] = await enqueue(h);
    const failed = await settle(h, job!.id);
    expect(failed).toMatchObject({ state: 'failed', mayHaveBeenCharged: true, attempts: 1 });
    expect(failed.error?.code).toBe('timeout');
    await pause(100);
    expect(fake.requests).toHaveLength(1);
  });

  it('a 429 with Retry-After waits that long in retry-wait, then is sent again and done', async () => {
    const h = await openHarness({ retryPolicy: { baseDelayMs: 5 } });
    fake.setScenario('429', { retryAfterSeconds: 1 });
    const [job] = await enqueue(h);
    const done = await settle(h, job!.id);
    expect(done.state).toBe('done');
    expect(done.attempts).toBe(2);
    expect(fake.requests).toHaveLength(2);
    expect(statesOf(h, job!.id)).toEqual(['queued', 'sending', 'retry-wait', 'queued', 'sending', 'downloading', 'saving', 'done']);

    const waiting = h.events.find((recorded) => recorded.event === 'queue:job-updated' && (recorded.payload as Job).state === 'retry-wait')!;
    const waitingJob = waiting.payload as Job;
    expect(waitingJob.error?.code).toBe('rate-limited');
    expect(waitingJob.mayHaveBeenCharged).toBe(false);
    expect(waitingJob.retryAt! - waiting.at).toBeGreaterThanOrEqual(950);
    expect(waitingJob.retryAt! - waiting.at).toBeLessThanOrEqual(1050);
    const resent = h.events.find(
      (recorded) => recorded.event === 'queue:job-updated' && (recorded.payload as Job).state === 'sending' && (recorded.payload as Job).attempts === 2,
    )!;
    expect(resent.at - waiting.at).toBeGreaterThanOrEqual(950);
  });

  it('a 429 without Retry-After backs off and resends, within the bound', async () => {
    const h = await openHarness();
    fake.setScenario('429', { times: 2 });
    const [job] = await enqueue(h);
    expect((await settle(h, job!.id)).state).toBe('done');
    expect(fake.requests).toHaveLength(3);

    fake.reset();
    fake.setScenario('429', { times: Infinity });
    await expectGivesUpUncharged(h, 'rate-limited');
    expect(fake.requests).toHaveLength(3);
  });

  it('a connection refused before sending goes offline: the job waits, and goes out once the API is reachable', async () => {
    const h = await openHarness({ baseUrl: await closedPortUrl(), retryPolicy: { maxAutoRetries: 2, baseDelayMs: 5 } });
    const [job] = await enqueue(h);
    await vi.waitFor(() => expect(h.events.some((e) => e.event === 'network:changed' && !(e.payload as NetworkStatus).online)).toBe(true));
    expect(h.queue.snapshot().jobs[0]).toMatchObject({ state: 'queued', mayHaveBeenCharged: false, error: { code: 'network' } });
    expect(fake.requests).toHaveLength(0);

    // The probe finds the API again: the waiting job is sent, once.
    h.settings.baseUrl = fake.baseUrl;
    const done = await settle(h, job!.id);
    expect(done.state).toBe('done');
    expect(statesOf(h, job!.id).slice(0, 3)).toEqual(['queued', 'sending', 'queued']);
    expect(fake.requests).toHaveLength(1);
  });

  it('a job that cannot reach the API even though the probe can is failed after the bounded retries', async () => {
    const h = await openHarness({ baseUrl: await closedPortUrl(), retryPolicy: { maxAutoRetries: 2, baseDelayMs: 5 }, network: alwaysOnline() });
    await expectGivesUpUncharged(h, 'network');
    expect(fake.requests).toHaveLength(0);
  });

  it('a content-policy refusal ends as refused, with no image', async () => {
    const h = await openHarness();
    fake.setScenario('content-violation');
    const [job] = await enqueue(h);
    const refused = await settle(h, job!.id);
    expect(refused.state).toBe('refused');
    expect(refused.error?.code).toBe('content-violation');
    expect(fake.requests).toHaveLength(1);
    // Listed in the library as a refusal, without an image, so it is never lost from view.
    expect(libraryTotal(h)).toBe(1);
    expect(h.library.get(refused.itemId!)).toMatchObject({ status: 'refused', fileHash: null, prompt: refused.params.prompt });
  });
});

describe('generation queue: retry, download again, dismiss', () => {
  it('retry sends a new job in the same batch with the exact same parameters; the old one stays', async () => {
    const h = await openHarness();
    fake.setScenario('500');
    const [job] = await enqueue(h, { prompt: 'a kite over dunes', aspectRatios: ['9:16'], delivery: 'base64' });
    expect((await settle(h, job!.id)).state).toBe('failed');

    const retried = h.queue.retry(job!.id);
    if (!retried.ok) throw new Error(JSON.stringify(retried.error));
    const fresh = retried.value;
    expect(fresh.id).not.toBe(job!.id);
    expect(fresh.batchId).toBe(job!.batchId);
    expect(fresh.params).toEqual(job!.params);
    expect(fresh.params).toEqual({ prompt: 'a kite over dunes', aspectRatio: '9:16', delivery: 'base64', outputFormat: null });
    expect(fresh).toMatchObject({ state: 'queued', attempts: 0, error: null, mayHaveBeenCharged: false });

    expect((await settle(h, fresh.id)).state).toBe('done');
    expect(jobOf(h, job!.id).state).toBe('failed');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body).toEqual(fake.requests[0]!.body);
    expect(h.queue.snapshot().jobs.map((each) => each.id)).toEqual([job!.id, fresh.id]);

    const doneAgain = h.queue.retry(fresh.id);
    expect(doneAgain.ok).toBe(false);
  });

  it('a failed download keeps the paid image reachable; download again fetches it without a new POST', async () => {
    const h = await openHarness();
    fake.setScenario('download-404');
    const [job] = await enqueue(h);
    const failed = await settle(h, job!.id);
    expect(failed).toMatchObject({ state: 'failed', mayHaveBeenCharged: true, credits: TYPICAL_CREDITS_PER_IMAGE });
    expect(failed.sourceUrl).toContain(`${fake.origin}/files/`);
    // Listed in the library as a record without an image, holding the link.
    expect(h.library.get(failed.itemId!)).toMatchObject({ status: 'download-failed', fileHash: null, sourceUrl: failed.sourceUrl });
    expect(failed.requestId).toMatch(/^rsid-/);
    expect(h.ledger.summary().todayCredits).toBe(TYPICAL_CREDITS_PER_IMAGE);
    expect(fake.requests).toHaveLength(1);
    expect(fake.downloads).toHaveLength(1);

    // Clear finished keeps it: its paid image can still be fetched.
    expect(h.queue.clearFinished().jobs.map((each) => each.id)).toEqual([job!.id]);

    // Still 404: fails again, still no POST.
    const again = h.queue.downloadAgain(job!.id);
    expect(again.ok && again.value.state).toBe('downloading');
    const failedAgain = await settle(h, job!.id);
    expect(failedAgain).toMatchObject({ state: 'failed', sourceUrl: failed.sourceUrl });
    expect(fake.requests).toHaveLength(1);
    expect(fake.downloads).toHaveLength(2);

    // The CDN serves it now: point the job at a URL the fake really serves (as a restart would find it).
    const answer = await fetch(`${fake.baseUrl}/images/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_VALID_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'reve/create-image', prompt: 'x', aspect_ratio: '3:2' }),
    });
    const servedUrl = ((await answer.json()) as { data: Array<{ url: string }> }).data[0]!.url;
    const postsBefore = fake.requests.length;
    await h.restart((db) => db.prepare('UPDATE jobs SET source_url = ? WHERE id = ?').run(servedUrl, job!.id));
    expect(h.queue.snapshot().paused).toBe(false);

    const fetched = h.queue.downloadAgain(job!.id);
    expect(fetched.ok).toBe(true);
    const done = await settle(h, job!.id);
    expect(done).toMatchObject({ state: 'done', sourceUrl: servedUrl, credits: TYPICAL_CREDITS_PER_IMAGE, requestId: failed.requestId });
    expect(fake.requests).toHaveLength(postsBefore);
    expect(fake.downloads).toHaveLength(3);
    // The same library entry, completed in place: one generation, one entry.
    expect(done.itemId).toBe(failed.itemId);
    const item = h.library.get(done.itemId!)!;
    expect(item).toMatchObject({ status: 'ok', mimeType: 'image/png', requestId: failed.requestId, credits: TYPICAL_CREDITS_PER_IMAGE });
    expect(libraryTotal(h)).toBe(1);
    // The charge was recorded once, when the API answered; fetching again costs nothing.
    expect(h.ledger.summary().todayCredits).toBe(TYPICAL_CREDITS_PER_IMAGE);

    const notAgain = h.queue.downloadAgain(job!.id);
    expect(notAgain.ok).toBe(false);
  });

  it('refuses download again for a job with no download address', async () => {
    const h = await openHarness();
    fake.setScenario('500');
    const [job] = await enqueue(h);
    await settle(h, job!.id);
    const result = h.queue.downloadAgain(job!.id);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-input');
  });

  it('dismiss removes one finished job; clear finished removes the rest but keeps paid images still to fetch', async () => {
    const h = await openHarness({ concurrency: 1 });
    fake.setScenario('slow');
    const [slow] = await enqueue(h);
    await waitForState(h, slow!.id, 'sending');
    const active = h.queue.dismiss(slow!.id);
    expect(active.ok).toBe(false);
    await settle(h, slow!.id);

    fake.setScenario('500');
    const [failed] = await enqueue(h);
    await settle(h, failed!.id);
    fake.setScenario('download-404');
    const [unfetched] = await enqueue(h);
    await settle(h, unfetched!.id);
    const [done] = await enqueue(h);
    await settle(h, done!.id);

    const dismissed = h.queue.dismiss(slow!.id);
    expect(dismissed.ok && dismissed.value.jobs.map((job) => job.id)).toEqual([failed!.id, unfetched!.id, done!.id]);
    expect(payloads(h, 'queue:jobs-removed')).toEqual([{ jobIds: [slow!.id] }]);

    const cleared = h.queue.clearFinished();
    expect(cleared.jobs.map((job) => job.id)).toEqual([unfetched!.id]);
    expect(payloads(h, 'queue:jobs-removed').at(-1)).toEqual({ jobIds: [failed!.id, done!.id] });

    await h.restart();
    expect(h.queue.snapshot().jobs.map((job) => job.id)).toEqual([unfetched!.id]);
  });
});

describe('generation queue: restart', () => {
  it('marks requests that were out as interrupted (never resent) and holds waiting jobs until resume', async () => {
    const h = await openHarness({ concurrency: 1 });
    fake.setScenario('hang');
    const jobs = await enqueue(h, { count: 4 });
    const [out, downloading, waiting, queued] = jobs as [Job, Job, Job, Job];
    await waitForState(h, out.id, 'sending');
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));

    // As if the app had stopped with one request out, one image downloading and one job in backoff.
    await h.restart((db) => {
      db.prepare("UPDATE jobs SET state = 'downloading', source_url = 'http://127.0.0.1:9/files/x.png', attempts = 1 WHERE id = ?").run(downloading.id);
      db.prepare("UPDATE jobs SET state = 'retry-wait', retry_at = 1, attempts = 1 WHERE id = ?").run(waiting.id);
    });
    const restored = h.queue.snapshot();
    expect(restored.paused).toBe(true);
    expect(restored.jobs.map((job) => job.state)).toEqual(['interrupted', 'interrupted', 'queued', 'queued']);
    for (const job of restored.jobs.slice(0, 2)) {
      expect(job.mayHaveBeenCharged).toBe(true);
      expect(job.finishedAt).not.toBeNull();
      expect(job.error?.message).toBe(
        'Reverie stopped while this request was out; it may have been charged. Retry sends it again (a new charge); Download again fetches the image if the API had already answered.',
      );
    }
    expect(restored.jobs[1]!.sourceUrl).toBe('http://127.0.0.1:9/files/x.png');
    expect(restored.jobs[2]).toMatchObject({ retryAt: null, attempts: 1 });

    await pause(100);
    expect(fake.requests).toHaveLength(1);

    const statusBefore = payloads(h, 'queue:status').length;
    const resumed = h.queue.resume();
    expect(resumed.paused).toBe(false);
    expect(payloads(h, 'queue:status').slice(statusBefore)).toEqual([{ paused: false, concurrency: 1 }]);
    expect((await settle(h, waiting.id)).state).toBe('done');
    expect((await settle(h, queued.id)).state).toBe('done');
    expect(fake.requests).toHaveLength(3);
    expect(jobOf(h, out.id).state).toBe('interrupted');
    // The notice tells what finished in this session: the two resumed jobs, not the two interrupted ones.
    expect(h.notifier.shown).toEqual([{ title: '2 images ready', body: 'a lighthouse at dusk, oil painting' }]);

    // Interrupted jobs are the user's to resend.
    const resend = h.queue.retry(out.id);
    expect(resend.ok).toBe(true);
    if (resend.ok) expect((await settle(h, resend.value.id)).state).toBe('done');
  });

  it('starts unpaused when nothing was waiting, and a new batch resumes a paused queue', async () => {
    const h = await openHarness();
    expect(h.queue.snapshot().paused).toBe(false);

    h.settings.concurrency = 1;
    fake.setScenario('slow', { times: Infinity });
    const [first, second] = await enqueue(h, { count: 2 });
    await waitForState(h, first!.id, 'sending');
    await h.restart();
    expect(h.queue.snapshot().paused).toBe(true);
    expect(jobOf(h, second!.id).state).toBe('queued');

    const [third] = await enqueue(h);
    expect(h.queue.snapshot().paused).toBe(false);
    expect(payloads(h, 'queue:status').at(-1)).toEqual({ paused: false, concurrency: 1 });
    expect((await settle(h, second!.id)).state).toBe('done');
    expect((await settle(h, third!.id)).state).toBe('done');
  });

  it('leaves out a row whose parameters cannot be read, and reads a garbled error as a plain one', async () => {
    const h = await openHarness();
    fake.setScenario('500');
    const [job] = await enqueue(h);
    await settle(h, job!.id);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await h.restart((db) => {
        db.prepare('UPDATE jobs SET error = ? WHERE id = ?').run('{not json', job!.id);
        db.prepare(
          "INSERT INTO jobs (id, batch_id, params, state, created_at) VALUES ('bad-row', 'b', '{\"prompt\":\"\"}', 'queued', 1)",
        ).run();
      });
      const { jobs, paused } = h.queue.snapshot();
      expect(jobs.map((each) => each.id)).toEqual([job!.id]);
      expect(paused).toBe(false);
      expect(jobs[0]!.error).toMatchObject({ code: 'internal' });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('bad-row'));
    } finally {
      warn.mockRestore();
    }
  });
});

describe('generation queue: notifications', () => {
  it('notifies once when a whole batch has finished', async () => {
    const h = await openHarness();
    const jobs = await enqueue(h, { count: 3 });
    await settleAll(h, jobs);
    await pause(20);
    expect(h.notifier.shown).toEqual([{ title: '3 images ready', body: 'a lighthouse at dusk, oil painting' }]);
  });

  it('counts failures, and a retry that then succeeds is told as a new round', async () => {
    const h = await openHarness({ concurrency: 1 });
    fake.setScenario('500');
    const jobs = await enqueue(h, { count: 3 });
    await settleAll(h, jobs);
    expect(h.notifier.shown).toEqual([{ title: '2 ready, 1 failed', body: 'a lighthouse at dusk, oil painting' }]);

    const retried = h.queue.retry(jobs[0]!.id);
    if (!retried.ok) throw new Error('retry refused');
    await settle(h, retried.value.id);
    expect(h.notifier.shown).toHaveLength(2);
    expect(h.notifier.shown[1]!.title).toBe('1 image ready');
  });

  it('stays quiet when notifications are off', async () => {
    const h = await openHarness({ notify: false });
    const jobs = await enqueue(h, { count: 2 });
    await settleAll(h, jobs);
    expect(h.notifier.shown).toEqual([]);
  });
});

describe('generation queue: close', () => {
  it('stops scheduling: pending timers are cleared and the queue takes no more changes', async () => {
    const h = await openHarness({ retryPolicy: { baseDelayMs: 200, maxDelayMs: 200, jitter: 0 } });
    fake.setScenario('429', { times: Infinity });
    const [job] = await enqueue(h);
    await waitForState(h, job!.id, 'retry-wait');
    await h.queue.close();
    await pause(350);
    expect(fake.requests).toHaveLength(1);
    const refused = await h.queue.enqueue(input());
    expect(refused.ok).toBe(false);
    expect(h.queue.cancel(job!.id).ok).toBe(false);
  });
});
