import { memo } from 'react';
import type { Job } from '../../../../electron/shared/domain';
import { formatCost } from '../../components/money';
import { formatDuration, useNow } from '../../components/use-now';
import { useOffline } from '../../stores/network-store';
import { cancelJob, dismissJob, retryJob, useQueueStore } from '../../stores/queue-store';
import { ErrorDetailsButton } from '../errors/error-details';
import { JobProblemActions, JobRefusal, useJobProblem } from './job-actions';
import type { JobProblem } from './job-problem';
import { canCancel, canDismiss, canRetry, isRunning, stateText } from './job-state';

const EXCERPT_LENGTH = 80;

export function excerpt(prompt: string, length = EXCERPT_LENGTH): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** The job's problem, said once: one sentence, its actions (the primary first) and Details. */
function JobProblemLine({ job, problem }: { job: Job; problem: JobProblem }) {
  const hasActions = problem.primary !== null || problem.secondary.length > 0;
  return (
    <div className="job-problem" data-tone={problem.tone} role={problem.tone === 'error' ? 'alert' : undefined}>
      <p className="job-problem-sentence" dir="auto">
        {problem.sentence}
      </p>
      {hasActions || problem.error ? (
        <div className="job-problem-actions">
          <JobProblemActions job={job} problem={problem} />
          {problem.error ? <ErrorDetailsButton error={problem.error} requestId={job.requestId} clientRequestId={job.id} inferenceId={job.inferenceId} /> : null}
        </div>
      ) : null}
    </div>
  );
}

function JobRowBody({ job }: { job: Job }) {
  const offline = useOffline();
  const problem = useJobProblem(job);
  const now = useNow(isRunning(job) || job.state === 'retry-wait');
  const elapsed = job.startedAt !== null ? formatDuration((job.finishedAt ?? now) - job.startedAt) : null;
  const cost = formatCost(job.credits);

  return (
    <li className="job" data-state={job.state}>
      <span className="job-ratio">{job.params.aspectRatio}</span>
      <span className="job-prompt" title={job.params.prompt} dir="auto">
        {excerpt(job.params.prompt)}
      </span>
      <div className="job-meta">
        <span className="job-state" data-state={job.state}>
          {stateText(job, now, offline)}
        </span>
        {elapsed !== null ? <span className="job-elapsed">{elapsed}</span> : null}
        {cost !== null ? <span className="job-cost">{cost}</span> : null}
        <span className="job-actions">
          {canCancel(job) ? (
            <button type="button" className="button button-small" onClick={() => void cancelJob(job.id)}>
              Cancel
            </button>
          ) : null}
          {/* A job cancelled before it was sent has nothing to explain, but can still be sent. */}
          {problem === null && canRetry(job) ? (
            <button type="button" className="button button-small" onClick={() => void retryJob(job.id)}>
              Retry
            </button>
          ) : null}
          {canDismiss(job) ? (
            <button type="button" className="button button-small button-quiet" onClick={() => void dismissJob(job.id)}>
              Dismiss
            </button>
          ) : null}
        </span>
      </div>
      {problem !== null ? <JobProblemLine job={job} problem={problem} /> : null}
      <JobRefusal jobId={job.id} />
    </li>
  );
}

/** One job, selected by id: an event about another job does not re-render this row. */
export const JobRow = memo(function JobRow({ jobId }: { jobId: string }) {
  const job = useQueueStore((state) => state.jobs.get(jobId));
  return job ? <JobRowBody job={job} /> : null;
});
