import { describe, expect, it, vi } from 'vitest';
import type { Job, NetworkStatus } from '../../electron/shared/domain';
import { fake, useQueueHarness, openHarness, enqueue, libraryTotal } from './support/queue-harness';
import { settle, statesOf, pause } from './support/queue-observe';
import { closedPortUrl, alwaysOnline, expectGivesUpUncharged } from './support/queue-faults';

// Failures: what may have been charged is never resent; rate limits, network loss and policy refusals. Shared setup: support/queue-harness.ts.
useQueueHarness();

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
