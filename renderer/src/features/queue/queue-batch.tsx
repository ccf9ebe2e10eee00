import { memo, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatCost } from '../../components/money';
import { useQueueStore, type Batch } from '../../stores/queue-store';
import { isActive } from './job-state';
import { JobRow } from './job-row';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

interface BatchSummary {
  total: number;
  done: number;
  active: number;
  credits: number;
  priced: number;
}

/** One click of Generate: its jobs, what is done, and what it has cost so far. */
export const QueueBatch = memo(function QueueBatch({ batch }: { batch: Batch }) {
  const headingId = useId();
  // O(batch size) per queue change, and a re-render only when these numbers move.
  const summary = useQueueStore(
    useShallow((state): BatchSummary => {
      let done = 0;
      let active = 0;
      let credits = 0;
      let priced = 0;
      for (const id of batch.jobIds) {
        const job = state.jobs.get(id);
        if (!job) continue;
        if (job.state === 'done') done += 1;
        if (isActive(job)) active += 1;
        if (job.credits !== null) {
          credits += job.credits;
          priced += 1;
        }
      }
      return { total: batch.jobIds.length, done, active, credits, priced };
    }),
  );

  const cost = summary.priced > 0 ? formatCost(summary.credits) : null;
  const images = summary.total === 1 ? '1 image' : `${summary.total} images`;

  return (
    <div className="batch" role="group" aria-labelledby={headingId}>
      <h3 id={headingId} className="batch-head">
        <span className="batch-title">
          Batch of {images} · {time.format(batch.createdAt)}
        </span>
        <span className="batch-progress">
          {summary.done} of {summary.total} done
        </span>
        {cost !== null ? (
          <span className="batch-cost">
            {cost}
            {summary.active > 0 ? ' so far' : ''}
          </span>
        ) : null}
      </h3>
      <ul className="job-list">
        {batch.jobIds.map((id) => (
          <JobRow key={id} jobId={id} />
        ))}
      </ul>
    </div>
  );
});
