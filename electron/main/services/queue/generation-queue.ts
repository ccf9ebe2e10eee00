import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { DatabaseSync } from 'node:sqlite';
import type { z } from 'zod';
import type { Emit } from '../../../shared/contract';
import {
  ACTIVE_JOB_STATES,
  DEFAULT_CONCURRENCY,
  EnqueueInput,
  MAX_CONCURRENCY,
  TYPICAL_CREDITS_PER_IMAGE,
  type GenerationParams,
  type Job,
  type JobState,
  type LibraryItem,
  type QueueSnapshot,
} from '../../../shared/domain';
import { appError, fail, ok, type AppError, type Result } from '../../../shared/errors';
import type { AimlClient, ReceivedImage } from '../api/client';
import { describeBatch } from './batch-notice';
import { fileReceipt } from './file-receipt';
import { ReceiptNotSealedError, removeReceipt, sealReceipt, type SealedReceipt } from './receipt';
import type { ImageStore } from '../library-folder/image-store';
import { createJobStore } from './job-store';
import { createJobRedaction } from './job-redaction';
import type { ImageProvenance } from '../api/provenance';
import type { ImageKeeper } from '../library-folder/keep';
import type { Notifier } from '../ports';
import {
  bugError,
  cancelledByUser,
  closedError,
  interruptedError,
  keychainError,
  noKeyError,
  receiptKeptError,
  storageError,
  unknownJobError,
} from './errors';
import type { NetworkMonitor } from './network-monitor';
import { decideAutoRetry, type RetryPolicyOptions } from './retry-policy';
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
}

/** EnqueueInput before or after parsing: the queue parses it again, so defaults may be left out. */
export type EnqueueRequest = z.input<typeof EnqueueInput>;

export interface GenerationQueue {
  /**
   * `count` jobs per ratio, ratio by ratio in the order given. Refused, with nothing queued, when no
   * key is stored or the whole batch's estimate would pass the daily budget. Resumes a paused queue:
   * the user just asked to send.
   */
  enqueue(input: EnqueueRequest): Promise<Result<Job[]>>;
  snapshot(): QueueSnapshot;
  /** Waiting jobs are cancelled at once; jobs in flight are aborted down to the socket; a job being saved is not. */
  cancel(jobId: string): Result<Job>;
  cancelAll(): QueueSnapshot;
  /** A new job in the same batch with the exact same parameters; the old one stays, for the record. */
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
  /** Stops scheduling and timers. Requests in flight end with the process and read as interrupted next start. */
  close(): Promise<void>;
}

const RESENDABLE_STATES: ReadonlySet<JobState> = new Set(['failed', 'cancelled', 'refused', 'interrupted']);
const isTerminal = (state: JobState) => !ACTIVE_JOB_STATES.includes(state);
/** A paid image not in the library yet (its job may hold the id of a download-failed record waiting for it). */
const canDownloadAgain = (job: Job) => job.sourceUrl !== null && job.state !== 'done';

/** A send holds one of the `concurrency` slots; a download-again is a plain GET and holds none. */
interface Flight {
  controller: AbortController;
  kind: 'send' | 'download';
}

function newJob(batchId: string, params: GenerationParams, createdAt: number): Job {
  return {
    id: randomUUID(),
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
    credits: null,
    sourceUrl: null,
    mayHaveBeenCharged: false,
  };
}

async function discard(image: ReceivedImage): Promise<void> {
  await rm(image.tempPath, { force: true }).catch(() => undefined);
}

/**
 * The generation queue. Every job lives in the `jobs` table, and every state change is written
 * there before the step it announces, so a crash never leaves a request out that the next start
 * does not know about. Nothing that may have been charged is ever sent again without the user.
 */
export function openGenerationQueue(deps: GenerationQueueDeps): GenerationQueue {
  const now = deps.now ?? Date.now;
  const { client, ledger, emit } = deps;
  const jobStore = createJobStore(deps.db, (problem) =>
    console.warn(`generation queue: job ${problem.jobId} left out of the list: ${problem.reason}`),
  );
  const redaction = createJobRedaction();

  const jobs = new Map<string, Job>(); // insertion order is queue order
  const flights = new Map<string, Flight>();
  const retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Jobs sent at least once since this queue opened: only their batches earn a notification. */
  const sentThisSession = new Set<string>();
  /** Per batch, the final state of each job that finished since the batch's last notification. */
  const rounds = new Map<string, Map<string, JobState>>();
  let closed = false;

  const concurrencyNow = () => {
    const wanted = Math.floor(deps.concurrency());
    return Number.isFinite(wanted) ? Math.min(MAX_CONCURRENCY, Math.max(1, wanted)) : DEFAULT_CONCURRENCY;
  };
  let lastConcurrency = concurrencyNow();

  // Startup: whatever was out when the app stopped may have been charged, so it is never re-sent
  // by itself; whatever was waiting waits for the user to resume.
  jobStore.recoverAtStartup(now(), interruptedError());
  for (const job of jobStore.list()) jobs.set(job.id, job);
  let paused = [...jobs.values()].some((job) => job.state === 'queued');

  const stopWatchingNetwork = deps.network.onChange((status) => {
    if (status.online) pump();
  });

  const snapshot = (): QueueSnapshot => ({ jobs: [...jobs.values()], paused, concurrency: concurrencyNow() });

  function setPaused(value: boolean): void {
    if (paused === value) return;
    paused = value;
    emit('queue:status', { paused, concurrency: concurrencyNow() });
  }

  /** Persist, then remember, then tell: the row is always at least as new as what anyone was told. */
  function commit(unscrubbed: Job): Job {
    const next = redaction.job(unscrubbed);
    const before = jobs.get(next.id);
    jobStore.update(next);
    jobs.set(next.id, next);
    emit('queue:job-updated', next);
    if (before && !isTerminal(before.state) && isTerminal(next.state)) noteFinished(next);
    return next;
  }

  /** The job as it is now, or null when the queue closed or the job left the list meanwhile. */
  const live = (jobId: string): Job | null => (closed ? null : (jobs.get(jobId) ?? null));

  function finish(job: Job, state: 'failed' | 'refused', error: AppError, mayHaveBeenCharged: boolean, itemId: string | null = job.itemId): Job {
    return commit({
      ...job,
      itemId,
      state,
      error,
      finishedAt: now(),
      retryAt: null,
      requestId: job.requestId ?? error.requestId ?? null,
      mayHaveBeenCharged,
    });
  }

  // ---- batch notifications ----

  function noteFinished(job: Job): void {
    const round = rounds.get(job.batchId) ?? new Map<string, JobState>();
    round.set(job.id, job.state);
    rounds.set(job.batchId, round);
    const members = [...jobs.values()].filter((member) => member.batchId === job.batchId);
    if (members.some((member) => !isTerminal(member.state))) return;
    rounds.delete(job.batchId);
    if (![...round.keys()].some((id) => sentThisSession.has(id))) return;
    if (!deps.notifyWhenDone()) return;
    const notice = describeBatch([...round.values()], job.params.prompt);
    if (!notice) return;
    try {
      deps.notifier.notify(notice.title, notice.body);
    } catch (error) {
      // A notification is a courtesy; failing to show one must not disturb the job that triggered it.
      console.warn('generation queue: could not show the batch notification', error);
    }
  }

  // ---- scheduling ----

  const sendSlotsInUse = () => [...flights.values()].filter((flight) => flight.kind === 'send').length;

  /** Sends out whose charge the ledger does not know yet: the budget check counts them as typical. */
  function unchargedSends(except: string): number {
    let count = 0;
    for (const [id, flight] of flights) {
      const job = jobs.get(id);
      if (id === except || flight.kind !== 'send' || !job) continue;
      if (job.state === 'sending' || ((job.state === 'downloading' || job.state === 'saving') && job.credits === null)) count += 1;
    }
    return count;
  }

  function pump(): void {
    if (closed || paused || !deps.network.isOnline()) return;
    const free = concurrencyNow() - sendSlotsInUse();
    if (free <= 0) return;
    const next = [...jobs.values()].filter((job) => job.state === 'queued' && !flights.has(job.id)).slice(0, free);
    for (const job of next) fly(job.id, 'send', (signal) => send(job.id, signal));
  }

  function fly(jobId: string, kind: Flight['kind'], run: (signal: AbortSignal) => Promise<void>): void {
    const flight: Flight = { controller: new AbortController(), kind };
    flights.set(jobId, flight);
    run(flight.controller.signal)
      .catch((error: unknown) => onBug(jobId, error))
      .finally(() => {
        if (flights.get(jobId) === flight) flights.delete(jobId);
        pump();
      });
  }

  function onBug(jobId: string, error: unknown): void {
    console.error('generation queue: a job failed unexpectedly', error);
    const job = live(jobId);
    if (!job || isTerminal(job.state)) return;
    try {
      const charged = job.mayHaveBeenCharged || job.state !== 'queued';
      finish(job, 'failed', bugError(error, charged), charged);
    } catch (secondError) {
      console.error('generation queue: could not record the failure', secondError);
    }
  }

  async function readKey(): Promise<Result<string>> {
    try {
      const key = await deps.apiKey();
      if (key) redaction.learn(key);
      return key ? ok(key) : fail(noKeyError());
    } catch (error) {
      return fail(keychainError(error));
    }
  }

  function scheduleResend(jobId: string, delayMs: number): void {
    const timer = setTimeout(() => {
      retryTimers.delete(jobId);
      const job = live(jobId);
      if (job?.state !== 'retry-wait') return;
      commit({ ...job, state: 'queued', retryAt: null });
      pump();
    }, delayMs);
    retryTimers.set(jobId, timer);
  }

  function clearRetryTimer(jobId: string): void {
    const timer = retryTimers.get(jobId);
    if (timer !== undefined) clearTimeout(timer);
    retryTimers.delete(jobId);
  }

  /** The API answered 2xx: the charge is real from here on, whatever happens to the image. */
  function onPaid(jobId: string, info: ImageProvenance): boolean {
    if (closed) return false;
    let recorded = false;
    try {
      if (info.credits !== null) {
        ledger.record({ jobId, requestId: info.requestId, credits: info.credits, at: now() });
        recorded = true;
        emit('cost:changed', ledger.summary());
      }
      const job = live(jobId);
      if (!job) return recorded;
      commit({
        ...job,
        state: job.state === 'sending' ? 'downloading' : job.state,
        requestId: info.requestId ?? job.requestId,
        credits: info.credits ?? job.credits,
        sourceUrl: info.sourceUrl ?? job.sourceUrl,
        mayHaveBeenCharged: true,
      });
    } catch (error) {
      console.error('generation queue: could not record what the API answered', error);
    }
    return recorded;
  }

  async function send(jobId: string, signal: AbortSignal): Promise<void> {
    const key = await readKey();
    let job = live(jobId);
    if (!job || job.state !== 'queued' || signal.aborted) return;
    if (!key.ok) {
      finish(job, 'failed', key.error, job.mayHaveBeenCharged);
      return;
    }
    const budget = ledger.checkBudget(TYPICAL_CREDITS_PER_IMAGE * (1 + unchargedSends(jobId)));
    if (!budget.ok) {
      finish(job, 'failed', budget.error, job.mayHaveBeenCharged);
      return;
    }

    sentThisSession.add(jobId);
    job = commit({ ...job, state: 'sending', attempts: job.attempts + 1, startedAt: now(), retryAt: null, error: null });
    const attempts = job.attempts;
    let sawAnswer = false;
    let recorded = false;
    const result = await client.createImage({
      baseUrl: deps.baseUrl(),
      apiKey: key.value,
      params: job.params,
      signal,
      onResponse: (info) => {
        sawAnswer = true;
        recorded = onPaid(jobId, info);
      },
    });

    job = live(jobId);
    // Closed, dismissed or cancelled meanwhile (only a cancel aborts): the job already says what happened to it.
    if (!job || job.state === 'cancelled' || signal.aborted) {
      if (result.ok) await discard(result.value.image);
      return;
    }
    if (result.ok) {
      deps.network.reportReachable();
      const { image, ...provenance } = result.value;
      // An inline image came with its provenance, unrecorded: it is recorded once it is durable.
      await keepImage(job, image, provenance, !recorded);
      return;
    }

    const error = result.error;
    const charged = error.mayHaveBeenCharged === true || sawAnswer || job.mayHaveBeenCharged;
    const unreachable = error.code === 'network' && !charged;
    if (unreachable) deps.network.reportUnreachable();
    else if (error.status !== undefined || sawAnswer) deps.network.reportReachable();
    // A connection lost after sending says nothing about whether the API is still there (Chromium
    // reports a dropped network as INTERNET_DISCONNECTED mid-request too): probe it, for free, so the
    // jobs still waiting hold while offline instead of each failing in turn.
    else if (error.code === 'network') void deps.network.check().catch(() => undefined);
    if (error.code === 'content-violation') {
      const recordId = await listWithoutImage(job, 'refused');
      const current = live(jobId);
      if (current) finish(current, 'refused', error, charged, recordId);
      return;
    }
    const decision = sawAnswer ? ({ retry: false } as const) : decideAutoRetry(error, attempts, deps.retryPolicy);
    if (decision.retry && unreachable) {
      // Offline: wait in the queue for the network to come back instead of counting down retries.
      commit({ ...job, state: 'queued', retryAt: null, error });
      return;
    }
    if (decision.retry) {
      commit({ ...job, state: 'retry-wait', retryAt: now() + decision.delayMs, error });
      scheduleResend(jobId, decision.delayMs);
      return;
    }
    const recordId = error.code === 'download-failed' ? await listWithoutImage(job, 'download-failed') : job.itemId;
    const current = live(jobId);
    if (current) finish(current, 'failed', error, charged, recordId);
  }

  /**
   * A refused prompt, or a paid image whose download failed, still belongs in the library: listed as
   * a record without an image, which "Download again" completes in place.
   */
  async function listWithoutImage(job: Job, status: 'refused' | 'download-failed'): Promise<string | null> {
    // Filed before the job says how it ended, so whoever reacts to the end finds the entry.
    if (job.itemId !== null || (status === 'download-failed' && job.sourceUrl === null)) return job.itemId;
    try {
      const record = await deps.keep.keepRecord(job.params, status, {
        requestId: job.requestId,
        credits: job.credits,
        sourceUrl: job.sourceUrl,
      });
      emit('library:item-added', record);
      return record.id;
    } catch (error) {
      // The job itself still says what happened and keeps the link; the listing is the extra.
      console.warn('generation queue: could not list the generation in the library', error);
      return null;
    }
  }

  /**
   * A paid image is sealed into its receipt first (bytes and provenance durable together, see
   * image-receipt.ts); only then is an answer that carried it inline recorded as paid (`recordPaid`),
   * so whatever says "received" can always be backed by the image. Then it is filed (store, sidecar,
   * row), the job says done, and only then does the receipt go. A kill anywhere in between leaves
   * the receipt, which the next start files (recover-received.ts).
   */
  async function keepImage(job: Job, image: ReceivedImage, provenance: ImageProvenance, recordPaid: boolean): Promise<void> {
    commit({ ...job, state: 'saving', mayHaveBeenCharged: true });
    const downloadable = (provenance.sourceUrl ?? job.sourceUrl) !== null;
    let receipt: SealedReceipt;
    try {
      receipt = await sealReceipt(deps.store.incomingDir, image, {
        itemId: job.itemId ?? randomUUID(),
        jobId: job.id,
        params: job.params,
        requestId: provenance.requestId ?? job.requestId,
        credits: provenance.credits ?? job.credits,
        sourceUrl: provenance.sourceUrl ?? job.sourceUrl,
        receivedAt: now(),
      });
    } catch (error) {
      // Sealing keeps the bytes it got hold of (in a folder the next start files); the rest is cleaned up.
      const keptAt = error instanceof ReceiptNotSealedError ? error.keptAt : null;
      if (keptAt === null) await discard(image);
      const current = live(job.id);
      if (current) finish(current, 'failed', storageError(error, downloadable, keptAt), true);
      return;
    }
    if (recordPaid) onPaid(job.id, provenance);
    let kept: { item: LibraryItem; added: boolean };
    try {
      kept = await fileReceipt(receipt, deps);
    } catch (error) {
      const current = live(job.id);
      if (current) finish(current, 'failed', receiptKeptError(error, receipt.dir), true);
      return;
    }
    const current = live(job.id);
    // Closed meanwhile: the job's row does not say done yet, so the receipt stays for the next start to settle both.
    if (!current) return;
    emit(kept.added ? 'library:item-added' : 'library:item-updated', kept.item);
    commit({ ...current, state: 'done', itemId: kept.item.id, finishedAt: now(), error: null, retryAt: null });
    await removeReceipt(receipt.dir).catch((error: unknown) => console.warn('generation queue: a filed receipt could not be removed', error));
  }

  async function fetchAgain(jobId: string, url: string, signal: AbortSignal): Promise<void> {
    // The key only lets the client recognise it in the link and the answers; a GET never sends it.
    const key = await readKey();
    const result = await client.downloadAgain({ url, baseUrl: deps.baseUrl(), signal, apiKey: key.ok ? key.value : null });
    const job = live(jobId);
    if (!job || job.state !== 'downloading' || signal.aborted) {
      if (result.ok) await discard(result.value);
      return;
    }
    if (!result.ok) {
      const recordId = result.error.code === 'download-failed' ? await listWithoutImage(job, 'download-failed') : job.itemId;
      const current = live(jobId);
      if (current) finish(current, 'failed', result.error, true, recordId);
      return;
    }
    await keepImage(job, result.value, { requestId: job.requestId, credits: job.credits, sourceUrl: job.sourceUrl }, false);
  }

  function cancelJob(job: Job): Job {
    clearRetryTimer(job.id);
    const stage = job.state === 'sending' ? 'sending' : job.state === 'downloading' ? 'downloading' : 'waiting';
    const error = cancelledByUser(stage, job.sourceUrl !== null);
    const cancelled = commit({
      ...job,
      state: 'cancelled',
      finishedAt: now(),
      retryAt: null,
      error,
      mayHaveBeenCharged: job.mayHaveBeenCharged || error.mayHaveBeenCharged === true,
    });
    // Written first, aborted second: the row says cancelled before the socket closes.
    flights.get(job.id)?.controller.abort();
    return cancelled;
  }

  function guard<T>(run: () => Result<T>): Result<T> {
    return closed ? fail(closedError()) : run();
  }

  return {
    async enqueue(input) {
      if (closed) return fail(closedError());
      const parsed = EnqueueInput.safeParse(input);
      if (!parsed.success) {
        return fail(appError('invalid-input', parsed.error.issues[0]?.message ?? 'The request is not valid.', { detail: parsed.error.message }));
      }
      const key = await readKey();
      if (closed) return fail(closedError());
      if (!key.ok) return key;

      const { prompt, aspectRatios, count, delivery, outputFormat } = parsed.data;
      const params: GenerationParams[] = aspectRatios.flatMap((aspectRatio) =>
        Array.from({ length: count }, () => ({ prompt, aspectRatio, delivery, outputFormat })),
      );
      const budget = ledger.checkBudget(TYPICAL_CREDITS_PER_IMAGE * params.length);
      if (!budget.ok) return budget;

      const batchId = randomUUID();
      const createdAt = now();
      const batch = params.map((each) => newJob(batchId, each, createdAt));
      jobStore.insertMany(batch);
      for (const job of batch) {
        jobs.set(job.id, job);
        emit('queue:job-updated', job);
      }
      // Choice: a new Generate click resumes a paused queue, restored jobs included. The user just
      // asked to send; holding their new batch behind a Resume button would look like a hang.
      setPaused(false);
      pump();
      return ok(batch);
    },

    snapshot,

    cancel: (jobId) =>
      guard(() => {
        const job = jobs.get(jobId);
        if (!job) return fail(unknownJobError());
        if (job.state === 'saving') {
          return fail(appError('invalid-input', 'This image is already being saved to the library; it will be there in a moment.'));
        }
        if (isTerminal(job.state)) return fail(appError('invalid-input', 'This job has already finished.'));
        return ok(cancelJob(job));
      }),

    cancelAll() {
      if (closed) return snapshot();
      const all = [...jobs.values()];
      // Waiting jobs first, so no slot freed by an abort can start one of them.
      for (const job of all) if (job.state === 'queued' || job.state === 'retry-wait') cancelJob(job);
      for (const job of all) if (job.state === 'sending' || job.state === 'downloading') cancelJob(jobs.get(job.id) ?? job);
      return snapshot();
    },

    retry: (jobId) =>
      guard(() => {
        const job = jobs.get(jobId);
        if (!job) return fail(unknownJobError());
        if (job.state === 'done') return fail(appError('invalid-input', 'This image is already in the library.'));
        if (!RESENDABLE_STATES.has(job.state)) return fail(appError('invalid-input', 'This job is still in the queue.'));
        const budget = ledger.checkBudget(TYPICAL_CREDITS_PER_IMAGE);
        if (!budget.ok) return budget;
        const fresh = newJob(job.batchId, structuredClone(job.params), now());
        jobStore.insert(fresh);
        jobs.set(fresh.id, fresh);
        emit('queue:job-updated', fresh);
        // The old job is superseded: the batch's notification counts the new one instead.
        rounds.get(job.batchId)?.delete(job.id);
        setPaused(false);
        pump();
        return ok(fresh);
      }),

    downloadAgain: (jobId) =>
      guard(() => {
        const job = jobs.get(jobId);
        if (!job) return fail(unknownJobError());
        if (job.state === 'done') return fail(appError('invalid-input', 'This image is already in the library.'));
        if (!isTerminal(job.state)) return fail(appError('invalid-input', 'This job is still in the queue.'));
        // A cancelled request may still be winding down; its end must not be mistaken for this download's.
        if (flights.has(job.id)) return fail(appError('invalid-input', 'This job is still stopping; try again in a moment.'));
        const url = job.sourceUrl;
        if (url === null) {
          return fail(appError('invalid-input', 'The API gave no download address for this image, so it cannot be fetched again; Retry sends the request again.'));
        }
        const started = commit({ ...job, state: 'downloading', startedAt: now(), finishedAt: null, error: null });
        fly(job.id, 'download', (signal) => fetchAgain(job.id, url, signal));
        return ok(started);
      }),

    pause() {
      const was = paused;
      setPaused(true);
      return was;
    },

    activeCount: () => flights.size,

    resume() {
      if (closed) return snapshot();
      setPaused(false);
      pump();
      return snapshot();
    },

    dismiss: (jobId) =>
      guard(() => {
        const job = jobs.get(jobId);
        if (!job) return fail(unknownJobError());
        if (!isTerminal(job.state)) return fail(appError('invalid-input', 'Cancel this job before removing it from the list.'));
        jobStore.delete([job.id]);
        jobs.delete(job.id);
        sentThisSession.delete(job.id);
        rounds.get(job.batchId)?.delete(job.id);
        emit('queue:jobs-removed', { jobIds: [job.id] });
        return ok(snapshot());
      }),

    clearFinished() {
      if (closed) return snapshot();
      const gone = [...jobs.values()].filter((job) => isTerminal(job.state) && !canDownloadAgain(job)).map((job) => job.id);
      if (gone.length === 0) return snapshot();
      jobStore.delete(gone);
      for (const id of gone) {
        const job = jobs.get(id);
        if (job) rounds.get(job.batchId)?.delete(id);
        jobs.delete(id);
        sentThisSession.delete(id);
      }
      emit('queue:jobs-removed', { jobIds: gone });
      return snapshot();
    },

    kick() {
      if (closed) return;
      const concurrency = concurrencyNow();
      if (concurrency !== lastConcurrency) {
        lastConcurrency = concurrency;
        emit('queue:status', { paused, concurrency });
      }
      pump();
    },

    async close() {
      closed = true;
      stopWatchingNetwork();
      for (const timer of retryTimers.values()) clearTimeout(timer);
      retryTimers.clear();
    },
  };
}
