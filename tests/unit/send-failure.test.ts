import { describe, expect, it } from 'vitest';
import { appError, type AppError } from '../../electron/shared/errors';
import { classifySendFailure, type FailedSend } from '../../electron/main/services/queue/send-failure';

/**
 * What a failed send means for money, for the network monitor and for the job, one row per kind of
 * failure the API client reports. The queue's tests drive the same cases end to end over HTTP.
 */

const NO_JITTER = { jitter: 0, baseDelayMs: 2_000, maxAutoRetries: 3 };
const failed = (error: AppError, context: Partial<Omit<FailedSend, 'error'>> = {}) =>
  classifySendFailure({ error, sawAnswer: false, chargedBefore: false, attempts: 1, ...context }, NO_JITTER);

describe('classifySendFailure', () => {
  it('a 5xx may have been charged: failed, the API is there, never resent', () => {
    expect(failed(appError('server-error', 'x', { status: 500, mayHaveBeenCharged: true }))).toEqual({
      mayHaveBeenCharged: true,
      reachability: 'reachable',
      outcome: { kind: 'failed' },
    });
  });

  it('a connection refused before sending: not charged, offline, the job waits for the network', () => {
    expect(failed(appError('network', 'x', { mayHaveBeenCharged: false }))).toEqual({
      mayHaveBeenCharged: false,
      reachability: 'unreachable',
      outcome: { kind: 'wait-for-network' },
    });
  });

  it('a connection refused once the retries are used up: failed, still not charged', () => {
    expect(failed(appError('network', 'x'), { attempts: 4 })).toEqual({
      mayHaveBeenCharged: false,
      reachability: 'unreachable',
      outcome: { kind: 'failed' },
    });
  });

  it('a connection dropped after sending may have been charged: failed, and the API is probed', () => {
    expect(failed(appError('network', 'x', { mayHaveBeenCharged: true }))).toEqual({
      mayHaveBeenCharged: true,
      reachability: 'probe',
      outcome: { kind: 'failed' },
    });
  });

  it('a 429 is resent after the wait the API asked for', () => {
    expect(failed(appError('rate-limited', 'x', { status: 429, retryAfterSeconds: 7 }))).toEqual({
      mayHaveBeenCharged: false,
      reachability: 'reachable',
      outcome: { kind: 'resend-later', delayMs: 7_000 },
    });
  });

  it('a 429 without Retry-After backs off from the policy', () => {
    expect(failed(appError('rate-limited', 'x', { status: 429 }), { attempts: 2 }).outcome).toEqual({ kind: 'resend-later', delayMs: 4_000 });
  });

  it('a failure after the API answered 2xx was paid for: failed, never resent, even when its kind would be', () => {
    expect(failed(appError('download-failed', 'x'), { sawAnswer: true })).toEqual({
      mayHaveBeenCharged: true,
      reachability: 'reachable',
      outcome: { kind: 'failed' },
    });
    expect(failed(appError('network', 'x'), { sawAnswer: true }).outcome).toEqual({ kind: 'failed' });
  });

  it('a content-policy refusal ends as refused', () => {
    expect(failed(appError('content-violation', 'x', { status: 400, mayHaveBeenCharged: false }))).toEqual({
      mayHaveBeenCharged: false,
      reachability: 'reachable',
      outcome: { kind: 'refused' },
    });
  });

  it('a timeout may have been charged and says nothing about the network', () => {
    expect(failed(appError('timeout', 'x', { mayHaveBeenCharged: true }))).toEqual({
      mayHaveBeenCharged: true,
      reachability: 'unknown',
      outcome: { kind: 'failed' },
    });
  });
});
