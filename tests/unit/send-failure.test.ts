import { describe, expect, it } from 'vitest';
import { appError, type AppError } from '../../electron/shared/errors';
import { classifySendFailure, type FailedSend, type SendFailure } from '../../electron/main/services/queue/send-failure';

/**
 * What a failed send means for money, for the network monitor and for the job, one row per kind of
 * failure the API client reports. The queue's tests drive the same cases end to end over HTTP.
 */

const NO_JITTER = { jitter: 0, baseDelayMs: 2_000, maxAutoRetries: 3 };

type Row = [what: string, error: AppError, context: Partial<Omit<FailedSend, 'error'>>, expected: SendFailure];

const ROWS: Row[] = [
  [
    'a 5xx may have been charged: failed, the API is there, never resent',
    appError('server-error', 'x', { status: 500, mayHaveBeenCharged: true }),
    {},
    { mayHaveBeenCharged: true, reachability: 'reachable', outcome: { kind: 'failed' } },
  ],
  [
    'a connection refused before sending: not charged, offline, the job waits for the network',
    appError('network', 'x', { mayHaveBeenCharged: false }),
    {},
    { mayHaveBeenCharged: false, reachability: 'unreachable', outcome: { kind: 'wait-for-network' } },
  ],
  [
    'a connection refused once the retries are used up: failed, still not charged',
    appError('network', 'x'),
    { attempts: 4 },
    { mayHaveBeenCharged: false, reachability: 'unreachable', outcome: { kind: 'failed' } },
  ],
  [
    'a connection dropped after sending may have been charged: failed, and the API is probed',
    appError('network', 'x', { mayHaveBeenCharged: true }),
    {},
    { mayHaveBeenCharged: true, reachability: 'probe', outcome: { kind: 'failed' } },
  ],
  [
    'a 429 is resent after the wait the API asked for',
    appError('rate-limited', 'x', { status: 429, retryAfterSeconds: 7 }),
    {},
    { mayHaveBeenCharged: false, reachability: 'reachable', outcome: { kind: 'resend-later', delayMs: 7_000 } },
  ],
  [
    'a 429 without Retry-After backs off as the policy says',
    appError('rate-limited', 'x', { status: 429 }),
    { attempts: 2 },
    { mayHaveBeenCharged: false, reachability: 'reachable', outcome: { kind: 'resend-later', delayMs: 4_000 } },
  ],
  [
    'a download that failed after the API answered 2xx was paid for: failed',
    appError('download-failed', 'x'),
    { sawAnswer: true },
    { mayHaveBeenCharged: true, reachability: 'reachable', outcome: { kind: 'failed' } },
  ],
  [
    'a failure after the API answered is never resent, even of a kind that would be',
    appError('network', 'x'),
    { sawAnswer: true },
    { mayHaveBeenCharged: true, reachability: 'reachable', outcome: { kind: 'failed' } },
  ],
  [
    'a content-policy refusal ends as refused',
    appError('content-violation', 'x', { status: 400, mayHaveBeenCharged: false }),
    {},
    { mayHaveBeenCharged: false, reachability: 'reachable', outcome: { kind: 'refused' } },
  ],
  [
    'a timeout may have been charged and says nothing about the network',
    appError('timeout', 'x', { mayHaveBeenCharged: true }),
    {},
    { mayHaveBeenCharged: true, reachability: 'unknown', outcome: { kind: 'failed' } },
  ],
];

describe('classifySendFailure', () => {
  it.each(ROWS)('%s', (_what, error, context, expected) => {
    expect(classifySendFailure({ error, sawAnswer: false, chargedBefore: false, attempts: 1, ...context }, NO_JITTER)).toEqual(expected);
  });
});
