import { describe, expect, it } from 'vitest';
import { TYPICAL_CREDITS_PER_IMAGE } from '../../electron/shared/domain';
import { fake, useQueueHarness, openHarness, enqueue, libraryTotal } from './support/queue-harness';
import { jobOf, waitForState, settle, payloads } from './support/queue-observe';
import { FAKE_VALID_KEY } from '../fake-aiml/server';

// Retry, download again, dismiss and clear finished. Shared setup: support/queue-harness.ts.
useQueueHarness();

describe('generation queue: retry, download again, dismiss', () => {
  it('retry sends a new job in the same batch with the exact same parameters; the old one (no paid image) stays', async () => {
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
    expect(fresh.params).toEqual({
      model: 'reve/create-image',
      prompt: 'a kite over dunes',
      aspectRatio: '9:16',
      sources: [],
      delivery: 'base64',
      outputFormat: null,
    });
    expect(fresh).toMatchObject({ state: 'queued', attempts: 0, error: null, mayHaveBeenCharged: false });

    expect((await settle(h, fresh.id)).state).toBe('done');
    expect(jobOf(h, job!.id).state).toBe('failed');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body).toEqual(fake.requests[0]!.body);
    expect(h.queue.snapshot().jobs.map((each) => each.id)).toEqual([job!.id, fresh.id]);

    const doneAgain = h.queue.retry(fresh.id);
    expect(doneAgain.ok).toBe(false);
  });

  it('retrying a job that still holds a paid image starts a batch of its own; the old job keeps its batch and its link', async () => {
    const h = await openHarness();
    fake.setScenario('download-404');
    const [job] = await enqueue(h, { prompt: 'a heron in fog' });
    const failed = await settle(h, job!.id);
    expect(failed).toMatchObject({ state: 'failed', mayHaveBeenCharged: true });
    expect(failed.sourceUrl).not.toBeNull();

    const retried = h.queue.retry(job!.id);
    if (!retried.ok) throw new Error(JSON.stringify(retried.error));
    const fresh = retried.value;
    // A new request and a new charge: counted apart from the batch whose image is still to fetch.
    expect(fresh.batchId).not.toBe(job!.batchId);
    expect(fresh.params).toEqual(job!.params);
    expect((await settle(h, fresh.id)).state).toBe('done');

    const jobs = h.queue.snapshot().jobs;
    expect(jobs.filter((each) => each.batchId === job!.batchId).map((each) => each.id)).toEqual([job!.id]);
    expect(jobs.filter((each) => each.batchId === fresh.batchId).map((each) => each.id)).toEqual([fresh.id]);
    expect(jobOf(h, job!.id)).toMatchObject({ state: 'failed', sourceUrl: failed.sourceUrl });
    // Written so: a restart reads the two batches back apart.
    await h.restart();
    const restored = h.queue.snapshot().jobs;
    expect(restored.find((each) => each.id === fresh.id)?.batchId).toBe(fresh.batchId);
    expect(restored.find((each) => each.id === job!.id)?.batchId).toBe(job!.batchId);
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
