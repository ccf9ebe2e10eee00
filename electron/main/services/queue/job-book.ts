import type { DatabaseSync } from 'node:sqlite';
import type { Emit } from '../../../shared/contract';
import { ACTIVE_JOB_STATES, type Job, type JobState } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import { interruptedError } from './errors';
import type { JobRedaction } from './job-redaction';
import { createJobStore } from './job-store';

export const isTerminal = (state: JobState) => !ACTIVE_JOB_STATES.includes(state);

/**
 * The queue's jobs in queue order, in memory and in the `jobs` table. Every change is written to
 * the table before it is remembered and announced, so a crash never leaves a request out that the
 * next start does not know about.
 */
export interface JobBook {
  /** True once the queue closed: nothing is written any more. */
  readonly closed: boolean;
  /** Queue order: oldest first. */
  all(): Job[];
  get(jobId: string): Job | undefined;
  /** The job as it is now, or null when the queue closed or the job left the list meanwhile. */
  live(jobId: string): Job | null;
  /** New jobs, stored in one transaction, then announced one by one. */
  add(jobs: readonly Job[]): void;
  /** Persist, then remember, then tell: the row is always at least as new as what anyone was told. */
  commit(unscrubbed: Job): Job;
  /** The job ends unsuccessfully: `state` with `error`, and whether it may have cost money. */
  finish(job: Job, state: 'failed' | 'refused', error: AppError, mayHaveBeenCharged: boolean, itemId?: string | null): Job;
  /** Deletes the jobs (finished ones) and announces that they are gone. */
  remove(jobIds: readonly string[]): void;
  close(): void;
}

export interface JobBookDeps {
  db: DatabaseSync;
  emit: Emit;
  now: () => number;
  redaction: JobRedaction;
  /** A job just reached a final state (called after it was stored and announced). */
  onFinished: (job: Job) => void;
}

/**
 * Opens the book on what the last run left. Restart recovery: whatever was out when the app
 * stopped may have been charged, so it becomes `interrupted` and is never re-sent by itself;
 * whatever was waiting becomes `queued` again and waits for the user to resume.
 */
export function openJobBook({ db, emit, now, redaction, onFinished }: JobBookDeps): JobBook {
  const store = createJobStore(db, (problem) => console.warn(`generation queue: job ${problem.jobId} left out of the list: ${problem.reason}`));
  store.recoverAtStartup(now(), interruptedError());
  const jobs = new Map<string, Job>(); // insertion order is queue order
  for (const job of store.list()) jobs.set(job.id, job);
  let closed = false;

  function commit(unscrubbed: Job): Job {
    const next = redaction.job(unscrubbed);
    const before = jobs.get(next.id);
    store.update(next);
    jobs.set(next.id, next);
    emit('queue:job-updated', next);
    if (before && !isTerminal(before.state) && isTerminal(next.state)) onFinished(next);
    return next;
  }

  return {
    get closed() {
      return closed;
    },
    all: () => [...jobs.values()],
    get: (jobId) => jobs.get(jobId),
    live: (jobId) => (closed ? null : (jobs.get(jobId) ?? null)),

    add(batch) {
      store.insertMany(batch);
      for (const job of batch) {
        jobs.set(job.id, job);
        emit('queue:job-updated', job);
      }
    },

    commit,

    finish(job, state, error, mayHaveBeenCharged, itemId = job.itemId) {
      return commit({
        ...job,
        itemId,
        state,
        error,
        finishedAt: now(),
        retryAt: null,
        requestId: job.requestId ?? error.requestId ?? null,
        mayHaveBeenCharged,
      });
    },

    remove(jobIds) {
      store.delete(jobIds);
      for (const id of jobIds) jobs.delete(id);
      emit('queue:jobs-removed', { jobIds: [...jobIds] });
    },

    close() {
      closed = true;
    },
  };
}
