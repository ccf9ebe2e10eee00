import { z } from 'zod';
import type { AppError } from '../errors';
import type { GenerationParams } from './generation';

/** The generation queue as the renderer sees it: jobs, their states, spend and whether the API can be reached. */

/**
 * queued → sending → downloading → saving → done, or failed / cancelled / refused (policy).
 * retry-wait: a failure that is safe to resend (429, connection refused) waiting for its backoff.
 * interrupted: the app stopped while the request was out; it may have been charged and is never resent by itself.
 */
export const JOB_STATES = ['queued', 'retry-wait', 'sending', 'downloading', 'saving', 'done', 'failed', 'cancelled', 'refused', 'interrupted'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const ACTIVE_JOB_STATES: readonly JobState[] = ['queued', 'retry-wait', 'sending', 'downloading', 'saving'];

export interface Job {
  id: string;
  batchId: string;
  params: GenerationParams;
  state: JobState;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Sends so far, automatic retries included. */
  attempts: number;
  /** When a retry-wait job will be sent again (epoch ms), for the countdown. */
  retryAt: number | null;
  error: AppError | null;
  /** The library item, once done. */
  itemId: string | null;
  requestId: string | null;
  /**
   * The API's `x-inference-id` answer header (the account ledger's reference_id). The request's
   * `X-Client-Request-Id` is the job's `id`: a UUID, within the API's [A-Za-z0-9._:-]{1,128}.
   */
  inferenceId: string | null;
  credits: number | null;
  /** Where the paid image can still be downloaded when the download failed or was cancelled. */
  sourceUrl: string | null;
  mayHaveBeenCharged: boolean;
}

export interface QueueSnapshot {
  jobs: Job[];
  /** Jobs restored from the last session wait for the user to resume them: nothing is sent unasked. */
  paused: boolean;
  concurrency: number;
}

export const JobRef = z.strictObject({ jobId: z.uuid() });
export type JobRef = z.infer<typeof JobRef>;

export interface CostSummary {
  todayCredits: number;
  monthCredits: number;
  dailyBudgetUsd: number | null;
  /** True once today's spend has reached the budget: new jobs are refused before anything is sent. */
  budgetReached: boolean;
}

export interface NetworkStatus {
  /** False after a request could not reach the API at all; generation waits instead of failing. */
  online: boolean;
  checkedAt: number;
}
