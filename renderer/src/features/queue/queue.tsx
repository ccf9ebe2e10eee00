import './queue.css';
import { useShallow } from 'zustand/react/shallow';
import { RetryAlert } from '../../components/retry-alert';
import { cancelAllJobs, clearFinishedJobs, loadQueue, resumeQueue, useQueueStore } from '../../stores/queue-store';
import { AppErrorAlert } from '../errors/app-error-alert';
import { isActive, isRunning, isTerminal, isWaiting } from './job-state';
import { KeyRefusals } from './key-refusals';
import { QueueBatch } from './queue-batch';

interface QueueCounts {
  running: number;
  waiting: number;
  active: number;
  finished: number;
}

function countsText({ running, waiting }: QueueCounts): string {
  const parts: string[] = [];
  if (running > 0) parts.push(`${running} running`);
  if (waiting > 0) parts.push(`${waiting} waiting`);
  return parts.join(' · ');
}

/** Jobs newest batch first; within a batch, in the order main created them. Shown in the queue drawer. */
export function Queue() {
  const batches = useQueueStore((state) => state.batches);
  const paused = useQueueStore((state) => state.paused);
  const status = useQueueStore((state) => state.status);
  const loadError = useQueueStore((state) => state.loadError);
  // A refusal about one job is shown at that job; here only those about the whole queue (or a job no longer listed).
  const actionError = useQueueStore((state) => (state.actionErrorJobId === null || !state.jobs.has(state.actionErrorJobId) ? state.actionError : null));
  const counts = useQueueStore(
    useShallow((state): QueueCounts => {
      const counts = { running: 0, waiting: 0, active: 0, finished: 0 };
      for (const job of state.jobs.values()) {
        if (isRunning(job)) counts.running += 1;
        if (isWaiting(job)) counts.waiting += 1;
        if (isActive(job)) counts.active += 1;
        if (isTerminal(job)) counts.finished += 1;
      }
      return counts;
    }),
  );
  const showBanner = paused && counts.waiting > 0;

  return (
    // The drawer's title says "Queue"; the region keeps the name the suites and assistive tech know.
    <section className="queue" aria-label="Queue">
      <div className="section-head">
        <span className="section-count">{countsText(counts)}</span>
        <div className="section-actions">
          {counts.active > 0 && !showBanner ? (
            <button type="button" className="button button-small" onClick={() => void cancelAllJobs()}>
              Cancel all
            </button>
          ) : null}
          {counts.finished > 0 ? (
            <button type="button" className="button button-small button-quiet" onClick={() => void clearFinishedJobs()}>
              Clear finished
            </button>
          ) : null}
        </div>
      </div>

      {showBanner ? (
        <div className="notice queue-banner">
          <p>
            {counts.waiting === 1 ? '1 job from your last session is waiting' : `${counts.waiting} jobs from your last session are waiting`}. Nothing is sent
            until you resume.
          </p>
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={() => void resumeQueue()}>
              Resume queue
            </button>
            <button type="button" className="button" onClick={() => void cancelAllJobs()}>
              Cancel all
            </button>
          </div>
        </div>
      ) : null}

      <KeyRefusals />

      {loadError ? <RetryAlert error={loadError} title="The queue could not be loaded" onRetry={loadQueue} /> : null}
      {actionError ? <AppErrorAlert error={actionError} /> : null}

      {status === 'ready' && batches.length === 0 ? <p className="queue-empty">Nothing in the queue. Each click of Generate adds its images here.</p> : null}
      {batches.map((batch) => (
        <QueueBatch key={batch.id} batch={batch} />
      ))}
    </section>
  );
}
