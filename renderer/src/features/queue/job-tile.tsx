import './job-tile.css';
import { Tip } from '../../components/tooltip';
import { X } from 'lucide-react';
import { memo } from 'react';
import { ASPECT_RATIO_PIXELS } from '../../../../electron/shared/constants';
import type { Job } from '../../../../electron/shared/domain';
import { formatDuration, useNow } from '../../components/use-now';
import { useOffline } from '../../stores/network-store';
import { cancelJob, dismissJob } from '../../stores/queue-store';
import { ErrorDetailsButton } from '../errors/error-details';
import { JobProblemActions, JobRefusal, useJobProblem } from './job-actions';
import type { JobProblem } from './job-problem';
import { excerpt } from './job-row';
import { canCancel, canDismiss, isActive, isRunning, stateText } from './job-state';

const TILE_PROMPT_LENGTH = 90;

/** The tile's intrinsic aspect ratio (width / height): the image the job will make, so the tile turns into it in place. */
export function jobTileAspectRatio(job: Job): number {
  const size = ASPECT_RATIO_PIXELS[job.params.aspectRatio];
  return size.width / size.height;
}

/** A running or waiting job: its state, how long it has run, and Cancel. */
function PendingTile({ job }: { job: Job }) {
  const offline = useOffline();
  const ticking = isRunning(job) || job.state === 'retry-wait';
  const now = useNow(ticking);
  const elapsed = job.startedAt !== null ? formatDuration(now - job.startedAt) : null;
  const state = stateText(job, now, offline);
  return (
    <>
      <div className="job-tile-head">
        <span className="job-tile-state" data-state={job.state}>
          {state}
        </span>
        {elapsed !== null ? <span className="job-tile-elapsed">{elapsed}</span> : null}
      </div>
      <div className="job-tile-progress" data-running={isRunning(job)} aria-hidden="true" />
      <p className="job-tile-prompt" dir="auto" title={job.params.prompt}>
        {excerpt(job.params.prompt, TILE_PROMPT_LENGTH)}
      </p>
      {canCancel(job) ? (
        <div className="job-tile-actions">
          <button type="button" className="button button-small" onClick={() => void cancelJob(job.id)}>
            Cancel
          </button>
        </div>
      ) : null}
    </>
  );
}

/** A job that ended without an image (its state word needs no clock): one line saying why, its one primary action, and Details with the rest. */
function EndedTile({ job, problem }: { job: Job; problem: JobProblem | null }) {
  // Where paying again is the only way on, it is shown, but never as the primary button.
  const shown: JobProblem | null = problem === null ? null : { ...problem, secondary: problem.primary === null ? problem.secondary.slice(0, 1) : [] };
  return (
    <>
      <div className="job-tile-head">
        <p className="job-tile-reason" role={problem?.tone === 'error' ? 'alert' : undefined} dir="auto">
          {problem?.reason ?? stateText(job, 0)}
        </p>
        {canDismiss(job) ? (
          <Tip label="Dismiss">
            <button type="button" className="icon-button job-tile-dismiss" aria-label="Dismiss" onClick={() => void dismissJob(job.id)}>
              <X aria-hidden="true" />
            </button>
          </Tip>
        ) : null}
      </div>
      <p className="job-tile-prompt" dir="auto" title={job.params.prompt}>
        {excerpt(job.params.prompt, TILE_PROMPT_LENGTH)}
      </p>
      <div className="job-tile-actions">
        {shown !== null ? <JobProblemActions job={job} problem={shown} /> : null}
        {job.error ? <ErrorDetailsButton error={job.error} requestId={job.requestId} clientRequestId={job.id} inferenceId={job.inferenceId} /> : null}
      </div>
      <JobRefusal jobId={job.id} />
    </>
  );
}

/**
 * Through the CSSOM, not a style attribute: the production CSP (style-src 'self') refuses inline
 * style attributes, and the tile would lose its shape in the packaged app.
 */
function setAspectRatio(node: HTMLElement | null, ratio: number): void {
  node?.style.setProperty('aspect-ratio', String(ratio));
}

/**
 * A job in the gallery, in its image's aspect ratio: pending (state, elapsed time, Cancel) until its
 * image replaces it, or one compact tile when it failed. The gallery places it (see gallery-jobs.ts).
 */
export const JobTile = memo(function JobTile({ job }: { job: Job }) {
  const problem = useJobProblem(job);
  const pending = isActive(job);
  const label = `${pending ? 'Generating' : (problem?.reason ?? 'Not made')}: ${excerpt(job.params.prompt, 60)}`;
  return (
    <div
      className="job-tile"
      role="group"
      aria-label={label}
      data-state={job.state}
      data-tone={problem?.tone ?? (pending ? 'pending' : 'quiet')}
      ref={(node) => setAspectRatio(node, jobTileAspectRatio(job))}
    >
      {pending ? <PendingTile job={job} /> : <EndedTile job={job} problem={problem} />}
    </div>
  );
});
