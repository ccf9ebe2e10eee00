import type { ModelId } from '../../../shared/domain';
import { appError, type Result } from '../../../shared/errors';
import type { ReferenceSource } from './references';
import type { AimlClient } from '../api/client';
import type { BatchNotifications } from './batch-notice';
import type { JobBook } from './job-book';
import type { NetworkMonitor } from './network-monitor';
import { discard, type PaidImages } from './paid-image';
import type { RetryPolicyOptions } from './retry-policy';
import type { Scheduler } from './scheduler';
import { classifySendFailure } from './send-failure';
import type { SpendLedger } from './spend-ledger';

export interface SendJobDeps {
  book: JobBook;
  client: AimlClient;
  ledger: SpendLedger;
  network: NetworkMonitor;
  notifications: BatchNotifications;
  paid: PaidImages;
  scheduler: Pick<Scheduler, 'unchargedSends' | 'resendAfter'>;
  baseUrl: () => string;
  now: () => number;
  readKey: () => Promise<Result<string>>;
  retryPolicy?: Partial<RetryPolicyOptions>;
  creditsPerImage: (model: ModelId) => number;
  references?: ReferenceSource | undefined;
}

/**
 * One send of one queued job: key and budget checked, the job written as `sending` before the
 * request leaves, then the answer followed through — the image kept, or the failure classified
 * (send-failure.ts) and acted on. Nothing that may have been charged is ever sent again by itself.
 */
export function createSendJob(deps: SendJobDeps): (jobId: string, signal: AbortSignal) => Promise<void> {
  const { book, network, now } = deps;

  return async function send(jobId, signal) {
    const key = await deps.readKey();
    let job = book.live(jobId);
    if (!job || job.state !== 'queued' || signal.aborted) return;
    if (!key.ok) {
      book.finish(job, 'failed', key.error, job.mayHaveBeenCharged);
      return;
    }
    const budget = deps.ledger.checkBudget(
      deps.creditsPerImage(job.params.model) * (1 + deps.scheduler.unchargedSends(jobId)),
      deps.creditsPerImage(job.params.model),
    );
    if (!budget.ok) {
      book.finish(job, 'failed', budget.error, job.mayHaveBeenCharged);
      return;
    }
    // The sources are read now, before anything leaves: one that went missing fails the job uncharged.
    let references: string[] = [];
    if (job.params.sources.length > 0) {
      const read = deps.references ? await deps.references.read(job.params.sources) : null;
      job = book.live(jobId);
      if (!job || job.state !== 'queued' || signal.aborted) return;
      if (read === null || !read.ok) {
        const error = read?.error ?? appError('internal', 'Reference images cannot be sent from here; nothing was sent.', { mayHaveBeenCharged: false });
        book.finish(job, 'failed', error, job.mayHaveBeenCharged);
        return;
      }
      references = read.value;
    }

    deps.notifications.sent(jobId);
    job = book.commit({ ...job, state: 'sending', attempts: job.attempts + 1, startedAt: now(), retryAt: null, error: null });
    const attempts = job.attempts;
    let sawAnswer = false;
    let inferenceId: string | null = null;
    let recorded = false;
    const result = await deps.client.createImage({
      baseUrl: deps.baseUrl(),
      apiKey: key.value,
      params: job.params,
      references,
      // The job's id (a UUID) goes out as X-Client-Request-Id, to match the account's ledger later.
      clientRequestId: job.id,
      onInferenceId: (id) => (inferenceId = id),
      signal,
      onResponse: (info) => {
        sawAnswer = true;
        recorded = deps.paid.recordPayment(jobId, info);
      },
    });

    if (book.closed && result.ok && !signal.aborted) {
      // The queue closed while the answer was on its way: a paid image is still kept, sealed into
      // its receipt with what the API said, and the next start files it and completes the job.
      const { image, ...provenance } = result.value;
      await deps.paid.keep(job, image, provenance, !recorded);
      return;
    }
    job = book.live(jobId);
    // Dismissed or cancelled meanwhile (only a cancel aborts): the job already says what happened to it.
    if (!job || job.state === 'cancelled' || signal.aborted) {
      if (result.ok) await discard(result.value.image);
      return;
    }
    if (result.ok) {
      network.reportReachable();
      const { image, ...provenance } = result.value;
      // An inline image came with its provenance, unrecorded: it is recorded once it is durable.
      await deps.paid.keep(job, image, provenance, !recorded);
      return;
    }

    // A failure keeps the inference id too: a request that may have been charged is matched by it.
    if (inferenceId !== null && job.inferenceId !== inferenceId) job = book.commit({ ...job, inferenceId });
    const { error } = result;
    const failure = classifySendFailure({ error, sawAnswer, chargedBefore: job.mayHaveBeenCharged, attempts }, deps.retryPolicy);
    if (failure.reachability === 'unreachable') network.reportUnreachable();
    else if (failure.reachability === 'reachable') network.reportReachable();
    else if (failure.reachability === 'probe') void network.check().catch(() => undefined);

    const { outcome } = failure;
    switch (outcome.kind) {
      case 'refused':
      case 'failed':
        await deps.paid.endWithoutImage(job, outcome.kind, error, failure.mayHaveBeenCharged);
        return;
      case 'wait-for-network':
        book.commit({ ...job, state: 'queued', retryAt: null, error });
        return;
      case 'resend-later':
        book.commit({ ...job, state: 'retry-wait', retryAt: now() + outcome.delayMs, error });
        deps.scheduler.resendAfter(jobId, outcome.delayMs);
        return;
    }
  };
}
