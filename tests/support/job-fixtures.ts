import { randomUUID } from 'node:crypto';
import type { AspectRatio, GenerationParams, Job } from '../../electron/shared/domain';
import { newJob } from '../../electron/main/services/queue/new-job';

/** The parameters of a test job unless it says otherwise. */
export const TEST_JOB_PARAMS: GenerationParams = {
  model: 'reve/create-image',
  sources: [],
  prompt: 'A lighthouse in fog',
  aspectRatio: '3:2',
  delivery: 'url',
  outputFormat: null,
};

/** Any field of a job; `prompt` and `aspectRatio` are shorthands for its params. */
export type JobOverrides = Partial<Job> & { prompt?: string; aspectRatio?: AspectRatio };

/**
 * A job for a test: a fresh queued job as the queue makes it (newJob), with `overrides` on top, so
 * every field a test does not care about has the value a real new job has.
 */
export function makeJob(overrides: JobOverrides = {}): Job {
  const { prompt, aspectRatio, ...fields } = overrides;
  const params: GenerationParams = {
    ...(fields.params ?? TEST_JOB_PARAMS),
    ...(prompt === undefined ? {} : { prompt }),
    ...(aspectRatio === undefined ? {} : { aspectRatio }),
  };
  return { ...newJob({ id: randomUUID(), batchId: 'batch-1', params, createdAt: 1_700_000_000_000 }), ...fields, params };
}
