import { describe, expect, it } from 'vitest';
import { appError, type AppError } from '../../electron/shared/errors';
import { decideAutoRetry, DEFAULT_RETRY_POLICY, isSafeToResend } from '../../electron/main/services/queue/retry-policy';

const midRandom = () => 0.5; // no jitter
const rateLimited = (extra: Partial<AppError> = {}) => appError('rate-limited', 'Slow down.', { status: 429, mayHaveBeenCharged: false, ...extra });
const refused = () => appError('network', 'Could not reach the API.', { mayHaveBeenCharged: false });

describe('decideAutoRetry: what may be resent', () => {
  it('resends a 429 and a connection that failed before the request left', () => {
    expect(decideAutoRetry(rateLimited(), 1, { random: midRandom })).toEqual({ retry: true, delayMs: 2000 });
    expect(decideAutoRetry(refused(), 1, { random: midRandom })).toEqual({ retry: true, delayMs: 2000 });
  });

  it.each([
    ['a 500', appError('server-error', 'x', { status: 500, mayHaveBeenCharged: true })],
    ['a 503 even with Retry-After', appError('unavailable', 'x', { status: 503, mayHaveBeenCharged: true, retryAfterSeconds: 5 })],
    ['a timeout', appError('timeout', 'x', { mayHaveBeenCharged: true })],
    ['a connection dropped after sending', appError('network', 'x', { mayHaveBeenCharged: true })],
    ['an unreadable 2xx', appError('bad-response', 'x', { status: 201, mayHaveBeenCharged: true })],
    ['a content refusal', appError('content-violation', 'x', { mayHaveBeenCharged: true })],
    ['a failed download of a paid image', appError('download-failed', 'x', { mayHaveBeenCharged: true })],
    ['a 401', appError('unauthorized', 'x', { status: 401, mayHaveBeenCharged: false })],
    ['a 403 (out of credits)', appError('out-of-credits', 'x', { status: 403, mayHaveBeenCharged: false })],
    ['a 400', appError('bad-request', 'x', { status: 400, mayHaveBeenCharged: false })],
    ['a cancel', appError('cancelled', 'x', { mayHaveBeenCharged: false })],
    ['a budget refusal', appError('budget-exceeded', 'x')],
    ['a 429 that says it may have been charged', rateLimited({ mayHaveBeenCharged: true })],
  ])('never resends %s', (_name, error) => {
    expect(decideAutoRetry(error, 1)).toEqual({ retry: false });
    expect(isSafeToResend(error)).toBe(false);
  });

  it('treats a network error that does not say whether it was charged as safe (the client marks every risky one)', () => {
    expect(isSafeToResend(appError('network', 'x'))).toBe(true);
  });
});

describe('decideAutoRetry: how often and how long', () => {
  it('allows three automatic resends by default: attempts 1–3 resend, attempt 4 does not', () => {
    expect(DEFAULT_RETRY_POLICY.maxAutoRetries).toBe(3);
    expect(decideAutoRetry(refused(), 3).retry).toBe(true);
    expect(decideAutoRetry(refused(), 4)).toEqual({ retry: false });
    expect(decideAutoRetry(refused(), 1, { maxAutoRetries: 0 })).toEqual({ retry: false });
  });

  it('backs off exponentially from 2 s, doubling, capped at 60 s', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempts) => {
      const decision = decideAutoRetry(refused(), attempts, { random: midRandom, maxAutoRetries: 10 });
      return decision.retry ? decision.delayMs : null;
    });
    expect(delays).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('spreads the backoff by ±20%', () => {
    expect(decideAutoRetry(refused(), 1, { random: () => 0 })).toEqual({ retry: true, delayMs: 1600 });
    expect(decideAutoRetry(refused(), 1, { random: () => 0.999999 })).toEqual({ retry: true, delayMs: 2400 });
    // Never past the cap, even with jitter.
    expect(decideAutoRetry(refused(), 7, { random: () => 0.999999, maxAutoRetries: 10 })).toEqual({ retry: true, delayMs: 60000 });
  });

  it('waits what Retry-After asked, without jitter, capped at 10 minutes', () => {
    expect(decideAutoRetry(rateLimited({ retryAfterSeconds: 7 }), 1, { random: () => 0 })).toEqual({ retry: true, delayMs: 7000 });
    expect(decideAutoRetry(rateLimited({ retryAfterSeconds: 0 }), 1)).toEqual({ retry: true, delayMs: 0 });
    expect(decideAutoRetry(rateLimited({ retryAfterSeconds: 3600 }), 1)).toEqual({ retry: true, delayMs: 600_000 });
    expect(decideAutoRetry(rateLimited({ retryAfterSeconds: 3600 }), 1, { maxRetryAfterMs: 50 })).toEqual({ retry: true, delayMs: 50 });
  });

  it('still counts resends when the API says when to come back', () => {
    expect(decideAutoRetry(rateLimited({ retryAfterSeconds: 1 }), 4)).toEqual({ retry: false });
  });

  it('ignores a nonsensical Retry-After and falls back to the backoff', () => {
    expect(decideAutoRetry(rateLimited({ retryAfterSeconds: -5 }), 1, { random: midRandom })).toEqual({ retry: true, delayMs: 2000 });
    expect(decideAutoRetry(rateLimited({ retryAfterSeconds: Number.NaN }), 1, { random: midRandom })).toEqual({ retry: true, delayMs: 2000 });
  });

  it('takes its numbers from the options', () => {
    const options = { baseDelayMs: 10, factor: 3, maxDelayMs: 50, jitter: 0, maxAutoRetries: 5 };
    const delays = [1, 2, 3].map((attempts) => decideAutoRetry(refused(), attempts, options));
    expect(delays).toEqual([
      { retry: true, delayMs: 10 },
      { retry: true, delayMs: 30 },
      { retry: true, delayMs: 50 },
    ]);
  });
});
