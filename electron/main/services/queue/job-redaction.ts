import type { Job } from '../../../shared/domain';
import { createApiOutputGate, type ApiOutputGate } from '../api/output-gate';

/**
 * The queue's own layer behind the API client's gate: before a job is stored or announced, its
 * error, request id and link lose the API key the queue last read. The client's gate already does
 * this for what the API said; this layer also covers the queue's own errors (a bug's message, a
 * failure while keeping the image), which quote whatever they met.
 */
export interface JobRedaction {
  /** Remembers the key just read from the keychain, so later jobs are scrubbed of it. */
  learn(apiKey: string): void;
  job(job: Job): Job;
}

export function createJobRedaction(): JobRedaction {
  let known: string | null = null;
  let gate: ApiOutputGate = createApiOutputGate(null);
  return {
    learn(apiKey) {
      if (apiKey === known) return;
      known = apiKey;
      gate = createApiOutputGate(apiKey);
    },
    job(job) {
      if (known === null) return job;
      return { ...gate.provenance(job), ...(job.error === null ? {} : { error: gate.error(job.error) }) };
    },
  };
}
