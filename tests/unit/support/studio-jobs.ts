import { vi } from 'vitest';
import type { Job, JobState } from '../../../electron/shared/domain';
import type { HostedStudio } from './studio-host';

/** The states a job ends in (written out here, not taken from the queue, so the tests keep their own view). */
const ENDED: ReadonlySet<JobState> = new Set(['done', 'failed', 'cancelled', 'refused', 'interrupted']);

/** Waits, through the studio's own `queue:list`, until the job has ended, and returns it. */
export async function jobWhenEnded(h: HostedStudio, jobId: string): Promise<Job> {
  return vi.waitFor(
    async () => {
      const snapshot = await h.studio.handlers['queue:list'](undefined);
      const job = snapshot.ok ? snapshot.value.jobs.find((each) => each.id === jobId) : undefined;
      if (!job || !ENDED.has(job.state)) throw new Error(`job still ${job?.state}`);
      return job;
    },
    { timeout: 30_000, interval: 20 },
  );
}
