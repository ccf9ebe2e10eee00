import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { TYPICAL_CREDITS_PER_IMAGE } from '../../electron/shared/domain';
import type { ImageKeeper } from '../../electron/main/services/library-folder/keep';
import { findReceipts } from '../../electron/main/services/queue/receipt';
import { fake, useQueueHarness, openHarness, enqueue, libraryTotal, type Harness } from './support/queue-harness';
import { pause, waitForState } from './support/queue-observe';

useQueueHarness();

const jobRowState = (h: Harness, id: string) => (h.db.prepare('SELECT state FROM jobs WHERE id = ?').get(id) as { state: string } | undefined)?.state;

describe('closing the generation queue', () => {
  it('waits for a filing under way: its row lands while the database is open, and its receipt stays for the next start', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached: () => void = () => undefined;
    const filing = new Promise<void>((resolve) => (reached = resolve));
    const h = await openHarness({
      wrapKeep: (keep): ImageKeeper => ({
        ...keep,
        keepImage: async (...args) => {
          reached();
          await gate;
          return keep.keepImage(...args);
        },
      }),
    });
    const [job] = await enqueue(h);
    await filing;

    let closed = false;
    const closing = h.queue.close().then(() => {
      closed = true;
    });
    await pause(150);
    expect(closed).toBe(false);
    release();
    await closing;

    const receipts = await findReceipts(h.store.incomingDir);
    expect(receipts).toHaveLength(1);
    const itemId = receipts[0]!.record!.itemId;
    expect(h.library.get(itemId)).toMatchObject({ id: itemId, status: 'ok' });
    // The job could not say done once closed: the next start completes it from the receipt.
    expect(jobRowState(h, job!.id)).toBe('saving');
  });

  it('seals an image that arrives after closing into its receipt instead of throwing it away, and writes nothing else', async () => {
    fake.setScenario('slow');
    const h = await openHarness();
    const [job] = await enqueue(h);
    await waitForState(h, job!.id, 'sending');
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
    await h.queue.close();

    // One receipt, sealed: while it is being sealed its folder is there already under its `.sealing` name.
    await expect.poll(async () => (await findReceipts(h.store.incomingDir)).map((found) => found.unsealed), { timeout: 10_000 }).toEqual([false]);
    const [receipt] = await findReceipts(h.store.incomingDir);
    expect(receipt).toMatchObject({
      unsealed: false,
      problem: null,
      record: { jobId: job!.id, params: job!.params, credits: TYPICAL_CREDITS_PER_IMAGE },
    });
    const bytes = await readFile(receipt!.imagePath!);
    expect(bytes.byteLength).toBe(receipt!.record!.byteSize);
    // Nothing written to the closed queue's database: the next start files the image and completes the job.
    expect(jobRowState(h, job!.id)).toBe('sending');
    expect(libraryTotal(h)).toBe(0);
  });
});
