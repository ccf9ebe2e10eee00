import type { Job } from '../../../shared/domain';
import { appError, fail, ok, type Result } from '../../../shared/errors';
import { cancelledByUser, unknownJobError } from './errors';
import { isTerminal, type JobBook } from './job-book';
import type { Scheduler } from './scheduler';

/**
 * Cancelling: waiting jobs are cancelled at once (never sent, never charged); jobs in flight are
 * aborted down to the socket and say they may still be charged; a job being saved is not
 * cancelled, since its image is paid for and a moment from the library.
 */
export interface Cancellation {
  cancel(jobId: string): Result<Job>;
  /** Every job waiting or out; jobs being saved finish. */
  cancelAll(): void;
}

export function createCancellation({
  book,
  scheduler,
  now,
}: {
  book: JobBook;
  scheduler: Pick<Scheduler, 'abort' | 'cancelResend'>;
  now: () => number;
}): Cancellation {
  function cancelJob(job: Job): Job {
    scheduler.cancelResend(job.id);
    const stage = job.state === 'sending' ? 'sending' : job.state === 'downloading' ? 'downloading' : 'waiting';
    const error = cancelledByUser(stage, job.sourceUrl !== null);
    const cancelled = book.commit({
      ...job,
      state: 'cancelled',
      finishedAt: now(),
      retryAt: null,
      error,
      mayHaveBeenCharged: job.mayHaveBeenCharged || error.mayHaveBeenCharged === true,
    });
    // Written first, aborted second: the row says cancelled before the socket closes.
    scheduler.abort(job.id);
    return cancelled;
  }

  return {
    cancel(jobId) {
      const job = book.get(jobId);
      if (!job) return fail(unknownJobError());
      if (job.state === 'saving') {
        return fail(appError('invalid-input', 'This image is already being saved to the library; it will be there in a moment.'));
      }
      if (isTerminal(job.state)) return fail(appError('invalid-input', 'This job has already finished.'));
      return ok(cancelJob(job));
    },

    cancelAll() {
      const all = book.all();
      // Waiting jobs first, so no slot freed by an abort can start one of them.
      for (const job of all) if (job.state === 'queued' || job.state === 'retry-wait') cancelJob(job);
      for (const job of all) if (job.state === 'sending' || job.state === 'downloading') cancelJob(book.get(job.id) ?? job);
    },
  };
}
