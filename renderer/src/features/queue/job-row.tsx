import { memo, useId } from 'react';
import type { Job } from '../../../../electron/shared/domain';
import { formatCost } from '../../components/money';
import { formatDuration, useNow } from '../../components/use-now';
import { cancelJob, dismissJob, downloadJobAgain, retryJob, useQueueStore } from '../../stores/queue-store';
import { AppErrorAlert } from '../errors/app-error-alert';
import { canCancel, canDismiss, canDownloadAgain, canRetry, isRunning, stateText } from './job-state';

const EXCERPT_LENGTH = 80;

function excerpt(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}

const INTERRUPTED_HINT = 'Reverie stopped while this request was out. It may have been charged, so it was not sent again by itself.';

function JobProblem({ job }: { job: Job }) {
  if (job.error) {
    const error = job.error.requestId || !job.requestId ? job.error : { ...job.error, requestId: job.requestId };
    // A job that will retry by itself is being handled: shown, but not announced as an alert.
    return <AppErrorAlert error={error} urgent={job.state !== 'retry-wait'} note={job.state === 'interrupted' ? INTERRUPTED_HINT : undefined} />;
  }
  if (job.state === 'interrupted') return <p className="job-note">{INTERRUPTED_HINT}</p>;
  return null;
}

/** One job, selected by id: an event about another job does not re-render this row. */
export const JobRow = memo(function JobRow({ jobId }: { jobId: string }) {
  const job = useQueueStore((state) => state.jobs.get(jobId));
  const ticking = job !== undefined && (isRunning(job) || job.state === 'retry-wait');
  const now = useNow(ticking);
  const retryNoteId = useId();
  if (!job) return null;

  const elapsed = job.startedAt !== null ? formatDuration((job.finishedAt ?? now) - job.startedAt) : null;
  const cost = formatCost(job.credits);
  const retryNote = job.mayHaveBeenCharged ? 'Send again (new charge)' : 'Send again';

  return (
    <li className="job" data-state={job.state}>
      <span className="job-ratio">{job.params.aspectRatio}</span>
      <span className="job-prompt" title={job.params.prompt}>
        {excerpt(job.params.prompt)}
      </span>
      <div className="job-meta">
        <span className="job-state" data-state={job.state}>
          {stateText(job, now)}
        </span>
        {elapsed !== null ? <span className="job-elapsed">{elapsed}</span> : null}
        {cost !== null ? <span className="job-cost">{cost}</span> : null}
        <span className="job-actions">
          {canCancel(job) ? (
            <button type="button" className="button button-small" onClick={() => void cancelJob(job.id)}>
              Cancel
            </button>
          ) : null}
          {canRetry(job) ? (
            <button type="button" className="button button-small" aria-describedby={retryNoteId} onClick={() => void retryJob(job.id)}>
              Retry
            </button>
          ) : null}
          {canRetry(job) ? (
            <span id={retryNoteId} className={job.mayHaveBeenCharged ? 'job-charge-note' : 'visually-hidden'}>
              {retryNote}
            </span>
          ) : null}
          {canDownloadAgain(job) ? (
            <button type="button" className="button button-small" onClick={() => void downloadJobAgain(job.id)}>
              Download again
            </button>
          ) : null}
          {canDismiss(job) ? (
            <button type="button" className="button button-small button-quiet" onClick={() => void dismissJob(job.id)}>
              Dismiss
            </button>
          ) : null}
        </span>
      </div>
      <JobProblem job={job} />
    </li>
  );
});
