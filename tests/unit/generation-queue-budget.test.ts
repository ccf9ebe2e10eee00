import { describe, expect, it, vi } from 'vitest';
import { TYPICAL_CREDITS_PER_IMAGE } from '../../electron/shared/domain';
import { fake, useQueueHarness, openHarness, input, enqueue } from './support/queue-harness';
import { jobOf, waitForState, settle, payloads, pause } from './support/queue-observe';

// The queue and the daily budget: checked per batch, again at send time, and for a retry. Shared setup: support/queue-harness.ts.
useQueueHarness();

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
