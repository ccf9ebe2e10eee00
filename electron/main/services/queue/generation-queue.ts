import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { Emit } from '../../../shared/contract';
import {
  DOC_CREDITS_PER_IMAGE,
  type EnqueueInput,
  type ModelId,
  type GenerationParams,
  type Job,
  type JobState,
  type QueueSnapshot,
} from '../../../shared/domain';
import { appError, fail, ok, type Result } from '../../../shared/errors';
import type { AimlClient } from '../api/client';
import type { ImageStore } from '../library-folder/image-store';
import type { ImageKeeper } from '../library-folder/keep';
import type { Notifier } from '../ports';
import { createBatchNotifications } from './batch-notice';
import { createCancellation } from './cancellation';
import { closedError, unknownJobError } from './errors';
import { isTerminal, openJobBook } from './job-book';
import { createJobRedaction } from './job-redaction';
import { createKeyReader } from './key-reader';
import type { NetworkMonitor } from './network-monitor';
import { newJob } from './new-job';
import { createPaidImages } from './paid-image';
import { runInTransaction } from '../library/transaction';
import type { RetryPolicyOptions } from './retry-policy';
import { createScheduler } from './scheduler';
import { createSendJob } from './send-job';
import type { ReferenceSource } from './references';
import type { SpendLedger } from './spend-ledger';

export interface GenerationQueueDeps {
  db: DatabaseSync;
  client: AimlClient;
  store: ImageStore;
  keep: ImageKeeper;
  /** Whether the API can be reached: while it cannot, jobs wait instead of failing one after another. */
  network: NetworkMonitor;
  ledger: SpendLedger;
  apiKey: () => Promise<string | null>;
  baseUrl: () => string;
  concurrency: () => number;
  notifyWhenDone: () => boolean;
  notifier: Notifier;
  emit: Emit;
  now?: () => number;
  retryPolicy?: Partial<RetryPolicyOptions>;
  /** The library items edits and remixes start from; without it, only creates can be queued. */
  references?: ReferenceSource;
  /** Credits one image of `model` is estimated at (live prices when read); default the docs' figures. */
  creditsPerImage?: (model: ModelId) => number;
  /** Every job of a batch has ended (done, failed, cancelled...): e.g. time to read the balance again. */
  onBatchSettled?: () => void;
}

export interface GenerationQueue {
  /**
   * `count` jobs per ratio, ratio by ratio in the order given. Refused, with nothing queued, when no
   * key is stored or the whole batch's estimate would pass the daily budget. Resumes a paused queue:
   * the user just asked to send. The input is parsed already, where it came in (the IPC dispatcher).
   */
  enqueue(input: EnqueueInput): Promise<Result<Job[]>>;
  snapshot(): QueueSnapshot;
  /** Waiting jobs are cancelled at once; jobs in flight are aborted down to the socket; a job being saved is not. */
  cancel(jobId: string): Result<Job>;
  cancelAll(): QueueSnapshot;
  /**
   * A new job with the exact same parameters; the old one stays, for the record. The new job joins
   * the old one's batch, except when the old one still holds a paid image to download: then both
   * stay listed, and the retry is a batch of its own, so a one-image request never reads "1 of 2".
   */
  retry(jobId: string): Result<Job>;
  /** Fetches a paid image again from the URL the API gave: no new request to the API, no new charge. */
  downloadAgain(jobId: string): Result<Job>;
  resume(): QueueSnapshot;
  /** Stops starting jobs (those out finish); returns whether it was paused already. */
  pause(): boolean;
  /** Jobs with a request or download out right now. */
  activeCount(): number;
  dismiss(jobId: string): Result<QueueSnapshot>;
  /** Removes finished jobs, except those whose paid image can still be downloaded. */
  clearFinished(): QueueSnapshot;
  /** Wakes the scheduler (e.g. after the concurrency setting changed). */
  kick(): void;
  /**
   * Stops scheduling and timers, and resolves once the filings under way have finished. Requests in
   * flight are not waited for: an image one still brings is sealed into its receipt for the next
   * start to file; one that ends with the process reads as interrupted next start.
   */
  close(): Promise<void>;
}

const RESENDABLE_STATES: ReadonlySet<JobState> = new Set(['failed', 'cancelled', 'refused', 'interrupted']);
/** A paid image not in the library yet (its job may hold the id of a download-failed record waiting for it). */
const canDownloadAgain = (job: Job) => job.sourceUrl !== null && job.state !== 'done';

/**
 * The generation queue. Every job lives in the `jobs` table, and every state change is written
 * there before the step it announces (job-book.ts), so a crash never leaves a request out that the
 * next start does not know about. Nothing that may have been charged is ever sent again without
 * the user. The parts: the book of jobs, the scheduler (when jobs go out), one send (send-job.ts,
 * whose failures send-failure.ts classifies), what follows a payment (paid-image.ts),
 * cancellation, and the batch notifications.
 */
export function openGenerationQueue(deps: GenerationQueueDeps): GenerationQueue {
  const now = deps.now ?? Date.now;
  const { client, ledger, emit, network } = deps;
  const redaction = createJobRedaction();
  const readKey = createKeyReader(deps.apiKey, redaction);
  const notifications = createBatchNotifications(deps);
  const book = openJobBook({
    db: deps.db,
    emit,
    now,
    redaction,
    onFinished: (job) => {
      const members = book.all().filter((member) => member.batchId === job.batchId);
      notifications.finished(job, members);
      if (members.every((member) => isTerminal(member.state))) deps.onBatchSettled?.();
    },
  });
  const creditsPerImage = deps.creditsPerImage ?? ((model: ModelId) => DOC_CREDITS_PER_IMAGE[model]);
  // The scheduler starts sends, and a send asks the scheduler about the other sends: `send` is
  // bound below, before anything can be scheduled (nothing runs until a method of the queue is called).
  const scheduler = createScheduler({ book, network, emit, concurrency: deps.concurrency, send: (jobId, signal) => send(jobId, signal) });
  const paid = createPaidImages({
    book,
    client,
    store: deps.store,
    keep: deps.keep,
    ledger,
    emit,
    baseUrl: deps.baseUrl,
    now,
    readKey,
    atomically: (work) => runInTransaction(deps.db, work),
  });
  const send = createSendJob({
    book,
    client,
    ledger,
    network,
    notifications,
    paid,
    scheduler,
    baseUrl: deps.baseUrl,
    now,
    readKey,
    retryPolicy: deps.retryPolicy,
    creditsPerImage,
    references: deps.references,
  });
  const cancellation = createCancellation({ book, scheduler, now });

  const snapshot = (): QueueSnapshot => ({ jobs: book.all(), paused: scheduler.isPaused(), concurrency: scheduler.concurrency() });

  function guard<T>(run: () => Result<T>): Result<T> {
    return book.closed ? fail(closedError()) : run();
  }

  function resume(): void {
    scheduler.setPaused(false);
    scheduler.pump();
  }

  return {
    async enqueue({ model, prompt, aspectRatios, count, delivery, outputFormat, sources }) {
      if (book.closed) return fail(closedError());
      const key = await readKey();
      if (book.closed) return fail(closedError());
      if (!key.ok) return key;

      let ratios = aspectRatios;
      if (sources.length > 0) {
        if (!deps.references)
          return fail(appError('internal', 'Reference images cannot be sent from here; nothing was queued.', { mayHaveBeenCharged: false }));
        const found = deps.references.check(sources);
        if (!found.ok) return found;
        // An edit sends no aspect_ratio: its output follows the source, whose ratio the job carries.
        const [source] = found.value;
        if (model === 'reve/edit-image' && source) ratios = [source.aspectRatio];
      }
      const params: GenerationParams[] = ratios.flatMap((aspectRatio) =>
        Array.from({ length: count }, () => ({ model, prompt, aspectRatio, sources: [...sources], delivery, outputFormat })),
      );
      const budget = ledger.checkBudget(creditsPerImage(model) * params.length, creditsPerImage(model));
      if (!budget.ok) return budget;

      const batchId = randomUUID();
      const createdAt = now();
      const batch = params.map((each) => newJob({ id: randomUUID(), batchId, params: each, createdAt }));
      book.add(batch);
      // Choice: a new Generate click resumes a paused queue, restored jobs included. The user just
      // asked to send; holding their new batch behind a Resume button would look like a hang.
      resume();
      return ok(batch);
    },

    snapshot,

    cancel: (jobId) => guard(() => cancellation.cancel(jobId)),

    cancelAll() {
      if (!book.closed) cancellation.cancelAll();
      return snapshot();
    },

    retry: (jobId) =>
      guard(() => {
        const job = book.get(jobId);
        if (!job) return fail(unknownJobError());
        if (job.state === 'done') return fail(appError('invalid-input', 'This image is already in the library.'));
        if (!RESENDABLE_STATES.has(job.state)) return fail(appError('invalid-input', 'This job is still in the queue.'));
        const budget = ledger.checkBudget(creditsPerImage(job.params.model), creditsPerImage(job.params.model));
        if (!budget.ok) return budget;
        // A job holding a paid image is not superseded (its image can still be had): it keeps its
        // place in its batch's count, and the new request, a new charge, is counted on its own.
        const keepsOld = canDownloadAgain(job);
        const batchId = keepsOld ? randomUUID() : job.batchId;
        const fresh = newJob({ id: randomUUID(), batchId, params: structuredClone(job.params), createdAt: now() });
        book.add([fresh]);
        // Otherwise the old job is superseded: the batch's notification counts the new one instead.
        if (!keepsOld) notifications.superseded(job);
        resume();
        return ok(fresh);
      }),

    downloadAgain: (jobId) =>
      guard(() => {
        const job = book.get(jobId);
        if (!job) return fail(unknownJobError());
        if (job.state === 'done') return fail(appError('invalid-input', 'This image is already in the library.'));
        if (!isTerminal(job.state)) return fail(appError('invalid-input', 'This job is still in the queue.'));
        // A cancelled request may still be winding down; its end must not be mistaken for this download's.
        if (scheduler.isFlying(job.id)) return fail(appError('invalid-input', 'This job is still stopping; try again in a moment.'));
        const url = job.sourceUrl;
        if (url === null) {
          return fail(
            appError('invalid-input', 'The API gave no download address for this image, so it cannot be fetched again; Retry sends the request again.'),
          );
        }
        const started = book.commit({ ...job, state: 'downloading', startedAt: now(), finishedAt: null, error: null });
        scheduler.fly(job.id, 'download', (signal) => paid.fetchAgain(job.id, url, signal));
        return ok(started);
      }),

    pause() {
      const was = scheduler.isPaused();
      scheduler.setPaused(true);
      return was;
    },

    activeCount: () => scheduler.activeCount(),

    resume() {
      if (book.closed) return snapshot();
      resume();
      return snapshot();
    },

    dismiss: (jobId) =>
      guard(() => {
        const job = book.get(jobId);
        if (!job) return fail(unknownJobError());
        if (!isTerminal(job.state)) return fail(appError('invalid-input', 'Cancel this job before removing it from the list.'));
        book.remove([job.id]);
        notifications.forget(job);
        return ok(snapshot());
      }),

    clearFinished() {
      if (book.closed) return snapshot();
      const gone = book.all().filter((job) => isTerminal(job.state) && !canDownloadAgain(job));
      if (gone.length === 0) return snapshot();
      book.remove(gone.map((job) => job.id));
      for (const job of gone) notifications.forget(job);
      return snapshot();
    },

    kick: () => scheduler.kick(),

    async close() {
      book.close();
      scheduler.close();
      // Filings under way finish (their rows land while the database is still open); answers still
      // on their way are sealed into receipts when they arrive, for the next start (paid-image.ts).
      await paid.settle();
    },
  };
}
