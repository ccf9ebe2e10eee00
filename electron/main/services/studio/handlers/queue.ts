import type { Handlers } from '../../../../shared/contract';
import { ok } from '../../../../shared/errors';
import type { StudioContext } from '../context';

type QueueHandlers = Pick<
  Handlers,
  | 'generate:enqueue'
  | 'queue:list'
  | 'queue:cancel'
  | 'queue:cancel-all'
  | 'queue:retry'
  | 'queue:download-again'
  | 'queue:resume'
  | 'queue:dismiss'
  | 'queue:clear-finished'
  | 'cost:summary'
>;

/** Generating: the queue of jobs sent to the API, and what they cost. */
export function queueHandlers({ session, now }: StudioContext): QueueHandlers {
  return {
    'generate:enqueue': async (input) => {
      const queued = await session().queue.enqueue(input);
      if (queued.ok) session().history.record(input.prompt, now());
      return queued;
    },
    'queue:list': async () => ok(session().queue.snapshot()),
    'queue:cancel': async ({ jobId }) => session().queue.cancel(jobId),
    'queue:cancel-all': async () => ok(session().queue.cancelAll()),
    'queue:retry': async ({ jobId }) => session().queue.retry(jobId),
    'queue:download-again': async ({ jobId }) => session().queue.downloadAgain(jobId),
    'queue:resume': async () => ok(session().queue.resume()),
    'queue:dismiss': async ({ jobId }) => session().queue.dismiss(jobId),
    'queue:clear-finished': async () => ok(session().queue.clearFinished()),
    'cost:summary': async () => ok(session().ledger.summary()),
  };
}
