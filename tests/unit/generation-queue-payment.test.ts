import { describe, expect, it, vi } from 'vitest';
import { fake, useQueueHarness, openHarness, enqueue } from './support/queue-harness';
import { settle } from './support/queue-observe';

// The charge in the spend ledger and what the job learnt from the answer (request id, link) are one
// write: a kill between two separate writes once left a charge for a job that never knew its answer
// had arrived (found by the crash loop). Shared setup: support/queue-harness.ts.
useQueueHarness();

/** Every charge in the ledger, with the request id its job's row knows (null when the row does not know it). */
function chargesWithTheirJobs(h: Awaited<ReturnType<typeof openHarness>>) {
  return h.db
    .prepare('SELECT spend.request_id AS charged, jobs.request_id AS known FROM spend LEFT JOIN jobs ON jobs.id = spend.job_id')
    .all()
    .map((row) => ({ charged: row.charged, known: row.known }));
}

describe('generation queue: recording what the API answered', () => {
  it('writes the charge and the job’s request id and link together', async () => {
    const h = await openHarness();
    const [job] = await enqueue(h);
    expect((await settle(h, job!.id)).state).toBe('done');
    const charges = chargesWithTheirJobs(h);
    expect(charges).toHaveLength(1);
    expect(charges[0]!.known).toBe(charges[0]!.charged);
  });

  it('keeps no charge for a job whose row could not take the answer (as after a kill between the two)', async () => {
    const h = await openHarness();
    // A real SQLite refusal of the job's write that follows the charge: the job turning to
    // `downloading` with the answer's link.
    h.db.exec(`CREATE TEMP TRIGGER refuse_answer BEFORE UPDATE OF state ON jobs WHEN NEW.state = 'downloading'
               BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fake.setScenario('download-404');
    const [job] = await enqueue(h);
    const settled = await settle(h, job!.id);
    expect(error).toHaveBeenCalledWith('generation queue: could not record what the API answered', expect.anything());
    expect(settled.mayHaveBeenCharged).toBe(true);
    expect(chargesWithTheirJobs(h)).toEqual([]);
  });
});
