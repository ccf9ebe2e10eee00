import { describe, expect, it, vi } from 'vitest';
import type { Job } from '../../electron/shared/domain';
import { fake, useQueueHarness, openHarness, enqueue } from './support/queue-harness';
import { jobOf, waitForState, settle, payloads, pause } from './support/queue-observe';

// A restart: requests that were out become interrupted, waiting jobs wait for resume, unreadable rows are left out. Shared setup: support/queue-harness.ts.
useQueueHarness();

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
        db.prepare("INSERT INTO jobs (id, batch_id, params, state, created_at) VALUES ('bad-row', 'b', '{\"prompt\":\"\"}', 'queued', 1)").run();
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
