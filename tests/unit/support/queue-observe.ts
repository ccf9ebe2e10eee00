import { vi } from 'vitest';
import type { EventName, Events } from '../../../electron/shared/contract';
import type { Job, JobState } from '../../../electron/shared/domain';
import type { Harness } from './queue-harness';

// Reading a queue harness: a job as the queue holds it now, waiting for a state, and the events it announced.

const TERMINAL: ReadonlySet<JobState> = new Set(['done', 'failed', 'cancelled', 'refused', 'interrupted']);
export const IN_FLIGHT: ReadonlySet<JobState> = new Set(['sending', 'downloading', 'saving']);

export const jobOf = (h: Harness, id: string): Job => {
  const job = h.queue.snapshot().jobs.find((each) => each.id === id);
  if (!job) throw new Error(`job ${id} is not in the queue`);
  return job;
};

/** Waits until the job satisfies `test`, and returns it. */
export async function waitForJob(h: Harness, id: string, test: (job: Job) => boolean, timeout = 15_000): Promise<Job> {
  return vi.waitFor(
    () => {
      const job = jobOf(h, id);
      if (!test(job)) throw new Error(`job ${id} is ${job.state}`);
      return job;
    },
    { timeout, interval: 5 },
  );
}

export const waitForState = (h: Harness, id: string, state: JobState, timeout?: number) => waitForJob(h, id, (job) => job.state === state, timeout);
export const settle = (h: Harness, id: string, timeout?: number) => waitForJob(h, id, (job) => TERMINAL.has(job.state), timeout);
export const settleAll = (h: Harness, jobs: readonly Job[]) => Promise.all(jobs.map((job) => settle(h, job.id)));

export const payloads = <E extends EventName>(h: Harness, event: E): Events[E][] =>
  h.events.filter((recorded) => recorded.event === event).map((recorded) => recorded.payload as Events[E]);
export const statesOf = (h: Harness, id: string): JobState[] =>
  payloads(h, 'queue:job-updated')
    .filter((job) => job.id === id)
    .map((job) => job.state)
    .filter((state, index, all) => index === 0 || all[index - 1] !== state);

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
