import type { Job } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { errorGuide } from '../errors/error-guide';
import { canDownloadAgain, canRetry, waitsForNetwork } from './job-state';

/** What a job's buttons can do about its problem. */
export type JobAction = 'retry' | 'download-again' | 'open-key-settings' | 'open-settings' | 'open-billing';

/**
 * A job's problem said once, wherever it is shown (a compact tile in the gallery, a row in the
 * queue drawer): a few words, one sentence, one primary action and the others. `tone` tells how
 * loud: an error is an alert; a job that waits (for the network, for its retry) is being handled.
 */
export interface JobProblem {
  tone: 'error' | 'waiting' | 'quiet';
  reason: string;
  sentence: string;
  primary: JobAction | null;
  secondary: readonly JobAction[];
  /** Retry sends a request that is charged again (this one may already have been). */
  retryCharges: boolean;
  error: AppError | null;
}

/** What the job's problem depends on besides the job: the app's state now, not when it failed. */
export interface JobContext {
  offline: boolean;
  budgetReached: boolean;
  /** Download again was tried this many times for this job and it failed again. */
  downloadTries: number;
  /**
   * When the latest request the API accepted was sent (this session), or null: a key refusal
   * that came back before it was the key in use then, and the key now works.
   */
  keyAcceptedAt: number | null;
}

const NETWORK_WAIT = 'Waiting for the network; it is sent as soon as the API can be reached.';
const INTERRUPTED_PAID = 'Reverie stopped while this image was downloading; it was paid for. Download again fetches it without a new charge.';
const INTERRUPTED_OUT = 'Reverie stopped while this request was out, so it may have been charged. Retry sends it again as a new request.';
const BUDGET_LIFTED = 'The daily budget stopped this job; it no longer does, so Retry sends it.';
const KEY_WORKS_NOW = 'The API refused the key in use when this was sent, and accepted a request sent since. Nothing was charged; Retry sends it.';

/**
 * A 401 ("key not accepted") that a later accepted request made stale: the user fixed the key, so
 * the job no longer tells them to, and offers to send it again. A 401 is refused before any work,
 * so it is never charged; still, nothing is sent until the user asks.
 */
export function refusedByOldKey(job: Job, keyAcceptedAt: number | null): boolean {
  return job.state === 'failed' && job.error?.code === 'unauthorized' && keyAcceptedAt !== null && job.finishedAt !== null && keyAcceptedAt >= job.finishedAt;
}

function actionsFor(job: Job, guided: JobAction | null): { primary: JobAction | null; secondary: JobAction[] } {
  const retry = canRetry(job);
  // A paid image waiting at its link is fetched for free: that is always the easier click.
  if (canDownloadAgain(job)) return { primary: 'download-again', secondary: retry ? ['retry'] : [] };
  if (guided === 'retry' || guided === 'download-again' || guided === null) {
    // Paying again is never the primary button: a job that may have been charged gets a plain one.
    return job.mayHaveBeenCharged ? { primary: null, secondary: retry ? ['retry'] : [] } : { primary: retry ? 'retry' : null, secondary: [] };
  }
  return { primary: guided, secondary: retry ? ['retry'] : [] };
}

function downloadSentence(error: AppError, tries: number): string {
  if (tries === 0) return error.message;
  const times = tries === 1 ? 'once more' : `${tries} more times`;
  return `Download again was tried ${times} and failed: ${error.message}`;
}

/** null when the job has nothing to say beyond its state (queued, sending, done, cancelled before it was sent). */
export function describeJobProblem(job: Job, context: JobContext): JobProblem | null {
  const base = { retryCharges: job.mayHaveBeenCharged, error: job.error };
  if (waitsForNetwork(job, context.offline)) {
    return { ...base, tone: 'waiting', reason: 'Waiting for the network', sentence: NETWORK_WAIT, primary: null, secondary: [] };
  }
  if (job.state === 'retry-wait') {
    const sentence = job.error?.message ?? 'It is sent again by itself in a moment.';
    return { ...base, tone: 'waiting', reason: job.error ? errorGuide(job.error).reason : 'Waiting to retry', sentence, primary: null, secondary: [] };
  }
  if (job.state === 'interrupted') {
    const paid = canDownloadAgain(job);
    return {
      ...base,
      retryCharges: true,
      tone: 'error',
      reason: 'Interrupted',
      sentence: paid ? INTERRUPTED_PAID : INTERRUPTED_OUT,
      ...actionsFor({ ...job, mayHaveBeenCharged: true }, null),
    };
  }
  if (job.state === 'cancelled') {
    if (!canDownloadAgain(job) && !job.mayHaveBeenCharged) return null;
    const sentence = job.error?.message ?? 'Cancelled while the request was out; the API may still charge for it.';
    return { ...base, tone: 'quiet', reason: 'Cancelled', sentence, ...actionsFor(job, null) };
  }
  if (job.state !== 'failed' && job.state !== 'refused') return null;

  const error = job.error;
  if (!error) {
    const reason = job.state === 'refused' ? 'Refused by the content policy' : 'Failed';
    return { ...base, tone: 'error', reason, sentence: 'This job did not make an image.', ...actionsFor(job, 'retry') };
  }
  const guide = errorGuide(error);
  if (refusedByOldKey(job, context.keyAcceptedAt)) {
    // Quiet, not an alert: nothing is wrong any more, and the change is not announced as a new problem.
    return { ...base, tone: 'quiet', reason: 'Refused by the key then', sentence: KEY_WORKS_NOW, ...actionsFor(job, 'retry') };
  }
  if (error.code === 'budget-exceeded' && !context.budgetReached) {
    return { ...base, tone: 'error', reason: 'Not sent: budget reached then', sentence: BUDGET_LIFTED, ...actionsFor(job, 'retry') };
  }
  const sentence = error.code === 'download-failed' ? downloadSentence(error, context.downloadTries) : error.message;
  // Sending a refused prompt again is refused again: Retry stays available, but is not offered first.
  if (job.state === 'refused') return { ...base, tone: 'error', reason: guide.reason, sentence, primary: null, secondary: canRetry(job) ? ['retry'] : [] };
  const guided: JobAction | null = guide.action;
  return { ...base, tone: 'error', reason: guide.reason, sentence, ...actionsFor(job, guided) };
}
