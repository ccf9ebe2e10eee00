import type { Job, JobState } from '../../../../electron/shared/domain';

/**
 * The renderer imports only types from domain.ts (its values would bundle zod), so the state
 * lists live here as exhaustive records: a new state in the contract fails to compile until it
 * is worded and classified.
 */
const WORDS: Record<Exclude<JobState, 'retry-wait'>, string> = {
  queued: 'Queued',
  sending: 'Sending',
  downloading: 'Downloading',
  saving: 'Saving',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  refused: 'Refused by policy',
  interrupted: 'Interrupted',
};

const ACTIVE: Record<JobState, boolean> = {
  queued: true,
  'retry-wait': true,
  sending: true,
  downloading: true,
  saving: true,
  done: false,
  failed: false,
  cancelled: false,
  refused: false,
  interrupted: false,
};

/** Waiting to be sent: what a paused queue holds back. */
export const isWaiting = (job: Job) => job.state === 'queued' || job.state === 'retry-wait';
export const isActive = (job: Job) => ACTIVE[job.state];
export const isTerminal = (job: Job) => !ACTIVE[job.state];
/** The request is out, or its image is on the way: the elapsed time ticks. */
export const isRunning = (job: Job) => job.state === 'sending' || job.state === 'downloading' || job.state === 'saving';

export const canCancel = (job: Job) => job.state === 'queued' || job.state === 'retry-wait' || job.state === 'sending' || job.state === 'downloading';
export const canRetry = (job: Job) => job.state === 'failed' || job.state === 'cancelled' || job.state === 'refused' || job.state === 'interrupted';
/** A paid image not in the library yet; the job may point at the library's download-failed record, which it completes. */
export const canDownloadAgain = (job: Job) => job.sourceUrl !== null && job.state !== 'done' && !isActive(job);
export const canDismiss = isTerminal;

/** Waiting in the queue because the API cannot be reached: offline now, or put back to queued by main with its network error. */
export function waitsForNetwork(job: Job, offline: boolean): boolean {
  return job.state === 'queued' && (offline || job.error?.code === 'network');
}

export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The state in words; a retry-wait counts down to its next send; a queued job says it waits for
 * the network while the API cannot be reached (main puts such a job back to queued with its network error).
 */
export function stateText(job: Job, now: number, offline = false): string {
  if (waitsForNetwork(job, offline)) return 'Waiting for the network';
  if (job.state === 'retry-wait') {
    if (job.retryAt === null) return 'Waiting to retry';
    const seconds = secondsUntil(job.retryAt, now);
    return seconds > 0 ? `Retrying in ${seconds} s` : 'Retrying now';
  }
  return WORDS[job.state];
}
