import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emit } from '../../electron/shared/contract';
import type { Job } from '../../electron/shared/domain';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { createAimlClient } from '../../electron/main/services/api/client';
import { openDatabase } from '../../electron/main/services/library/database';
import { openGenerationQueue } from '../../electron/main/services/queue/generation-queue';
import { createImageStore } from '../../electron/main/services/library-folder/image-store';
import { createImageKeeper, type ImageKeeper } from '../../electron/main/services/library-folder/keep';
import { createLibrary } from '../../electron/main/services/library/library';
import { createNetworkMonitor } from '../../electron/main/services/queue/network-monitor';
import { REDACTED } from '../../electron/main/services/redact';
import { createSpendLedger } from '../../electron/main/services/queue/spend-ledger';
import { createRecordingNotifier } from '../support/recording-ports';
import { echoText, startEchoApi, type EchoApi } from './support/echo-api';
import { useTempDirs } from './support/library-fixtures';
import { needlesFor, needlesIn } from './support/secret-needles';

/**
 * The queue's own layer behind the client's gate: an error the queue itself makes (here: keeping
 * the image failed, and the failure's message quotes the key) never reaches the jobs table or an
 * event with the key in it. The client never sees this error, so only the queue's layer can help.
 */

const KEY = 'rvk-SENTINEL/queue+7f3a9c=2e41b8d6';
const NEEDLES = needlesFor(KEY);
const tempDir = useTempDirs();

let api: EchoApi;
beforeAll(async () => {
  api = await startEchoApi(KEY);
});
afterAll(() => api.close());

describe('generation queue: its own layer of redaction', () => {
  it('stores and announces a failure that quotes the key without it', async () => {
    const root = await tempDir();
    const db = openDatabase(join(root, 'library.sqlite'));
    const store = createImageStore(join(root, 'library'), createSharpImageCodec());
    const library = createLibrary(db);
    const events: Array<{ event: string; payload: unknown }> = [];
    const emit: Emit = (event, payload) => void events.push({ event, payload });
    const realKeep = createImageKeeper(store, library, Date.now);
    const failingKeep: ImageKeeper = {
      ...realKeep,
      keepImage: async () => {
        throw new Error(`the library refused the row for ${echoText(KEY)}`);
      },
    };
    const network = createNetworkMonitor({ baseUrl: () => api.baseUrl, emit });
    const queue = openGenerationQueue({
      db,
      client: createAimlClient({ incomingDir: store.incomingDir, downloadAttempts: 1 }),
      store,
      keep: failingKeep,
      network,
      ledger: createSpendLedger(db, { now: Date.now, dailyBudgetUsd: () => null }),
      apiKey: async () => KEY,
      baseUrl: () => api.baseUrl,
      concurrency: () => 1,
      notifyWhenDone: () => false,
      notifier: createRecordingNotifier(),
      emit,
    });
    try {
      const queued = await queue.enqueue({
        model: 'reve/create-image',
        sources: [],
        prompt: 'echo:ok a lighthouse',
        aspectRatios: ['1:1'],
        count: 1,
        delivery: 'url',
        outputFormat: null,
      });
      if (!queued.ok) throw new Error(queued.error.message);
      const failed = await vi.waitFor(
        () => {
          const job = queue.snapshot().jobs[0];
          if (job?.state !== 'failed') throw new Error(`job is ${job?.state}`);
          return job;
        },
        { timeout: 15_000, interval: 5 },
      );
      expect(failed.error?.detail).toContain(REDACTED);
      const rows = db.prepare('SELECT * FROM jobs').all();
      const announced = events.filter((entry) => entry.event === 'queue:job-updated').map((entry) => entry.payload as Job);
      expect(announced.length).toBeGreaterThan(0);
      for (const [place, value] of [
        ['the jobs table', rows],
        ['queue:job-updated events', announced],
        ['the queue snapshot', queue.snapshot()],
      ] as const) {
        expect({ place, forms: needlesIn(JSON.stringify(value), NEEDLES).map((needle) => needle.form) }).toEqual({ place, forms: [] });
      }
    } finally {
      await queue.close();
      network.close();
      db.close();
    }
  });
});
