import { useId } from 'react';
import type { Job } from '../../../../electron/shared/domain';
import { useShallow } from 'zustand/react/shallow';
import { downloadJobAgain, retryJob, useQueueStore } from '../../stores/queue-store';
import { useCostStore } from '../../stores/cost-store';
import { useOffline } from '../../stores/network-store';
import { GuideActionButton, useOpenLink } from '../errors/guide-action';
import { describeJobProblem, type JobAction, type JobContext, type JobProblem } from './job-problem';

/** The job's problem as things stand now (online or not, the budget now, Download again tried or not, the key accepted since or not). */
export function useJobProblem(job: Job): JobProblem | null {
  const offline = useOffline();
  const budgetReached = useCostStore((state) => state.summary?.budgetReached ?? false);
  const downloadTries = useQueueStore((state) => state.downloadTries.get(job.id) ?? 0);
  const keyAcceptedAt = useQueueStore((state) => state.keyAcceptedAt);
  const context: JobContext = { offline, budgetReached, downloadTries, keyAcceptedAt };
  return describeJobProblem(job, context);
}

/** What main said when it refused an action on this job (Download again, Retry, Dismiss …), shown where the click was. */
export function JobRefusal({ jobId }: { jobId: string }) {
  const message = useQueueStore(useShallow((state) => (state.actionErrorJobId === jobId ? (state.actionError?.message ?? null) : null)));
  if (message === null) return null;
  return (
    <p role="alert" className="job-refusal" dir="auto">
      {message}
    </p>
  );
}

interface JobActionButtonProps {
  job: Job;
  action: JobAction;
  primary: boolean;
  retryCharges: boolean;
  openLink: ReturnType<typeof useOpenLink>['openLink'];
}

function JobActionButton({ job, action, primary, retryCharges, openLink }: JobActionButtonProps) {
  const noteId = useId();
  const className = ['button', 'button-small', primary ? 'button-primary' : null].filter(Boolean).join(' ');
  if (action === 'retry') {
    // A new charge is said on the button itself, so it is never mistaken for the free way out.
    return (
      <button type="button" className={className} data-charges={retryCharges} onClick={() => void retryJob(job.id)}>
        {retryCharges ? 'Retry (new charge)' : 'Retry'}
      </button>
    );
  }
  if (action === 'download-again') {
    return (
      <>
        <button type="button" className={className} aria-describedby={noteId} onClick={() => void downloadJobAgain(job.id)}>
          Download again
        </button>
        <span id={noteId} className="visually-hidden">
          No new charge: fetches the image already paid for.
        </span>
      </>
    );
  }
  return <GuideActionButton action={action} primary={primary} small openLink={openLink} />;
}

/** The problem's primary action first (the easier click), then the others, quieter. */
export function JobProblemActions({ job, problem }: { job: Job; problem: JobProblem }) {
  const { openLink, linkProblem } = useOpenLink();
  return (
    <>
      {problem.primary !== null ? <JobActionButton job={job} action={problem.primary} primary retryCharges={problem.retryCharges} openLink={openLink} /> : null}
      {problem.secondary.map((action) => (
        <JobActionButton key={action} job={job} action={action} primary={false} retryCharges={problem.retryCharges} openLink={openLink} />
      ))}
      {linkProblem ? (
        <span role="alert" className="job-refusal">
          {linkProblem}
        </span>
      ) : null}
    </>
  );
}
