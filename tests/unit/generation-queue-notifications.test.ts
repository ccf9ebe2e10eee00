import { describe, expect, it } from 'vitest';
import { fake, useQueueHarness, openHarness, enqueue } from './support/queue-harness';
import { settle, settleAll, pause } from './support/queue-observe';

// The notice when a batch has finished. Shared setup: support/queue-harness.ts.
useQueueHarness();

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
