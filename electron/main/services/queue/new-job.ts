import type { GenerationParams, Job } from '../../../shared/domain';

/**
 * A job as it enters the queue: waiting, never sent, nothing known about money yet. The one place
 * a Job record is written out field by field (the job store maps rows; everything else spreads a
 * job it already has). The id comes from the caller, so this stays free of Node and of randomness.
 */
export function newJob({ id, batchId, params, createdAt }: { id: string; batchId: string; params: GenerationParams; createdAt: number }): Job {
  return {
    id,
    batchId,
    params,
    state: 'queued',
    createdAt,
    startedAt: null,
    finishedAt: null,
    attempts: 0,
    retryAt: null,
    error: null,
    itemId: null,
    requestId: null,
    inferenceId: null,
    credits: null,
    sourceUrl: null,
    mayHaveBeenCharged: false,
  };
}
