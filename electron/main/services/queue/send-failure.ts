import type { AppError } from '../../../shared/errors';
import { decideAutoRetry, type RetryPolicyOptions } from './retry-policy';

/**
 * What a failed send means, decided without touching anything: for money (may it have been
 * charged? then it is never sent again without the user), for the network monitor, and for the
 * job (refused, wait for the network, resend after a backoff, or failed for good).
 */

/** What the failure says about whether the API can be reached. */
export type Reachability =
  /** Nothing left this machine: the monitor goes offline and probes until the API is back. */
  | 'unreachable'
  /** The API answered something. */
  | 'reachable'
  /**
   * A connection lost after sending says nothing about whether the API is still there (Chromium
   * reports a dropped network as INTERNET_DISCONNECTED mid-request too): the monitor probes it, for
   * free, so the jobs still waiting hold while offline instead of each failing in turn.
   */
  | 'probe'
  /** Nothing to learn (e.g. a timeout). */
  | 'unknown';

export type SendOutcome =
  /** The content policy refused the prompt: the job ends `refused`. */
  | { kind: 'refused' }
  /** Offline: the job waits in the queue for the network to come back instead of counting down retries. */
  | { kind: 'wait-for-network' }
  /** Safe to resend (nothing billable happened): `retry-wait`, then queued again after `delayMs`. */
  | { kind: 'resend-later'; delayMs: number }
  /** The job ends `failed`; only the user sends it again. */
  | { kind: 'failed' };

export interface SendFailure {
  mayHaveBeenCharged: boolean;
  reachability: Reachability;
  outcome: SendOutcome;
}

export interface FailedSend {
  error: AppError;
  /** The API had answered 2xx before the failure (e.g. the image download failed): the charge is real. */
  sawAnswer: boolean;
  /** The job was already marked as possibly charged before this send. */
  chargedBefore: boolean;
  /** Sends of the job so far, this one included (Job.attempts). */
  attempts: number;
}

export function classifySendFailure({ error, sawAnswer, chargedBefore, attempts }: FailedSend, retryPolicy?: Partial<RetryPolicyOptions>): SendFailure {
  const mayHaveBeenCharged = error.mayHaveBeenCharged === true || sawAnswer || chargedBefore;
  const unreachable = error.code === 'network' && !mayHaveBeenCharged;
  const reachability: Reachability = unreachable
    ? 'unreachable'
    : error.status !== undefined || sawAnswer
      ? 'reachable'
      : error.code === 'network'
        ? 'probe'
        : 'unknown';
  const outcome = (result: SendOutcome): SendFailure => ({ mayHaveBeenCharged, reachability, outcome: result });

  if (error.code === 'content-violation') return outcome({ kind: 'refused' });
  // Once the API answered, the request was paid for: whatever failed after that is never resent by itself.
  const decision = sawAnswer ? ({ retry: false } as const) : decideAutoRetry(error, attempts, retryPolicy);
  if (!decision.retry) return outcome({ kind: 'failed' });
  return outcome(unreachable ? { kind: 'wait-for-network' } : { kind: 'resend-later', delayMs: decision.delayMs });
}
