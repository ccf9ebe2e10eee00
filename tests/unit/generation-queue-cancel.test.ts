import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { TYPICAL_CREDITS_PER_IMAGE, type Job } from '../../electron/shared/domain';
import { listFiles } from './support/library-fixtures';
import { fake, useQueueHarness, openHarness, enqueue, libraryTotal, type Harness } from './support/queue-harness';
import { jobOf, waitForState, settle, payloads, statesOf, pause } from './support/queue-observe';
import { requestLeftHanging } from './support/queue-faults';

// Cancelling waiting and in-flight jobs, and what a job leaves on disk when it ends (receipts, files). Shared setup: support/queue-harness.ts.
useQueueHarness();

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
    await expect
      .poll(() => listFiles(h.libraryRoot))
      .toEqual(
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
