import type { AppError } from '../../../shared/errors';

/**
 * Which failed sends the queue may send again by itself. Every POST that reached the API may have
 * been charged (5xx, timeouts, a connection dropped after the body left, an unreadable 2xx), so
 * only two kinds qualify: a 429, which the API answers before doing any work, and a connection
 * that failed before the request left this machine. Everything else waits for the user.
 */

export interface RetryPolicyOptions {
  /** Automatic resends of one job, after its first send. */
  maxAutoRetries: number;
  /** Wait before the first automatic resend when the API gave no `Retry-After`. */
  baseDelayMs: number;
  /** Each further resend waits this many times longer. */
  factor: number;
  /** Longest computed backoff. */
  maxDelayMs: number;
  /** Longest wait honoured from `Retry-After`; a longer ask is cut to this. */
  maxRetryAfterMs: number;
  /** Spread of the computed backoff, as a fraction: 0.2 is ±20%, so parallel jobs do not resend in step. */
  jitter: number;
  /** In [0, 1); injectable so tests get exact delays. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicyOptions> = {
  maxAutoRetries: 3,
  baseDelayMs: 2_000,
  factor: 2,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 10 * 60_000,
  jitter: 0.2,
  random: Math.random,
};

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** True only for failures that prove the API did no billable work. */
export function isSafeToResend(error: AppError): boolean {
  if (error.mayHaveBeenCharged === true) return false;
  return error.code === 'rate-limited' || error.code === 'network';
}

/**
 * `attemptsSoFar` counts sends of the job, the one that just failed included (Job.attempts): after
 * the first send it is 1, and `maxAutoRetries` resends are allowed in all.
 */
export function decideAutoRetry(error: AppError, attemptsSoFar: number, options: Partial<RetryPolicyOptions> = {}): RetryDecision {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options };
  if (!isSafeToResend(error)) return { retry: false };
  const retriesSoFar = Math.max(0, attemptsSoFar - 1);
  if (retriesSoFar >= policy.maxAutoRetries) return { retry: false };

  const asked = error.retryAfterSeconds;
  if (asked !== undefined && Number.isFinite(asked) && asked >= 0) {
    // The API said when; waiting less would only earn another 429. No jitter: it asked for this time.
    return { retry: true, delayMs: Math.round(Math.min(asked * 1000, policy.maxRetryAfterMs)) };
  }

  const backoff = Math.min(policy.baseDelayMs * policy.factor ** retriesSoFar, policy.maxDelayMs);
  const spread = 1 + policy.jitter * (2 * policy.random() - 1);
  return { retry: true, delayMs: Math.round(Math.max(0, Math.min(backoff * spread, policy.maxDelayMs))) };
}
