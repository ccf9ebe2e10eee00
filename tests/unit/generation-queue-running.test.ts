import { describe, expect, it, vi } from 'vitest';
import { TYPICAL_CREDITS_PER_IMAGE, type Job, type JobState, type LibraryItem } from '../../electron/shared/domain';
import { fake, useQueueHarness, openHarness, input, enqueue, libraryTotal } from './support/queue-harness';
import { IN_FLIGHT, jobOf, waitForState, settle, settleAll, payloads, statesOf, pause } from './support/queue-observe';

// Running jobs (fan-out, order, concurrency, no key) and closing the queue. Shared setup: support/queue-harness.ts.
useQueueHarness();

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
