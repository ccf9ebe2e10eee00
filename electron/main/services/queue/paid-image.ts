import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Emit } from '../../../shared/contract';
import type { Job, LibraryItem } from '../../../shared/domain';
import type { AppError, Result } from '../../../shared/errors';
import type { AimlClient, ReceivedImage } from '../api/client';
import type { ImageProvenance } from '../api/provenance';
import type { DecodingImage, ImageStore } from '../library-folder/image-store';
import type { ImageKeeper } from '../library-folder/keep';
import { receiptKeptError, storageError } from './errors';
import { fileReceipt, sealWhileDecoding } from './file-receipt';
import type { JobBook } from './job-book';
import { ReceiptNotSealedError, removeReceipt, sealReceipt, type ReceiptDetails, type SealedReceipt } from './receipt';
import type { SpendLedger } from './spend-ledger';

/**
 * Everything after the API said yes: the charge is recorded, the image is made durable and filed
 * into the library, and a paid image that could not be had is still listed, with its link, so
 * "Download again" can fetch it without a new request or a new charge.
 */
export interface PaidImages {
  /** The API answered 2xx: the charge is real from here on, whatever happens to the image. Returns whether the ledger recorded it. */
  recordPayment(jobId: string, info: ImageProvenance): boolean;
  /**
   * Seals the image into its receipt, files it, and marks the job done. `recordPaid`: an answer
   * that carried the image inline is recorded as paid only once the image is durable.
   */
  keep(job: Job, image: ReceivedImage, provenance: ImageProvenance, recordPaid: boolean): Promise<void>;
  /**
   * Resolves once every `keep` under way has settled, including those that begin meanwhile. Once
   * the queue has closed, a keep only seals its image into its receipt (the next start files it,
   * records its charge and completes its job: recover-received.ts); a filing already past its seal
   * finishes, so its row is written while the database is still open.
   */
  settle(): Promise<void>;
  /**
   * Ends the job as `state` without an image. A refusal, or a paid image whose download failed, is
   * listed in the library first (a record without an image), so whoever reacts to the end finds it.
   */
  endWithoutImage(job: Job, state: 'failed' | 'refused', error: AppError, mayHaveBeenCharged: boolean): Promise<void>;
  /** Fetches the paid image again from `url` (a plain GET: no key sent, nothing charged) for a job in `downloading`. */
  fetchAgain(jobId: string, url: string, signal: AbortSignal): Promise<void>;
}

export interface PaidImageDeps {
  book: JobBook;
  client: AimlClient;
  store: ImageStore;
  keep: ImageKeeper;
  ledger: SpendLedger;
  emit: Emit;
  baseUrl: () => string;
  now: () => number;
  readKey: () => Promise<Result<string>>;
  /** Runs database writes as one transaction (the ledger and the job book share the library database). */
  atomically: <T>(work: () => T) => T;
}

/** What a job learnt from its answer; its id is the X-Client-Request-Id its request carried. */
const jobProvenance = (job: Job): ImageProvenance => ({
  requestId: job.requestId,
  credits: job.credits,
  sourceUrl: job.sourceUrl,
  inferenceId: job.inferenceId,
  clientRequestId: job.id,
});

/** A received image that will not be kept (its job was cancelled or closed meanwhile). */
export async function discard(image: ReceivedImage): Promise<void> {
  await rm(image.tempPath, { force: true }).catch(() => undefined);
}

export function createPaidImages(deps: PaidImageDeps): PaidImages {
  const { book, emit, now } = deps;

  function recordPayment(jobId: string, info: ImageProvenance): boolean {
    if (book.closed) return false;
    let recorded = false;
    try {
      // The charge and what the job learnt (request id, link) land together or not at all: a kill
      // between them left a charge in the ledger for a job that never knew its answer arrived.
      deps.atomically(() => {
        if (info.credits !== null) deps.ledger.record({ jobId, requestId: info.requestId, credits: info.credits, at: now() });
        const job = book.live(jobId);
        if (!job) return;
        book.commit({
          ...job,
          state: job.state === 'sending' ? 'downloading' : job.state,
          requestId: info.requestId ?? job.requestId,
          inferenceId: info.inferenceId ?? job.inferenceId,
          credits: info.credits ?? job.credits,
          sourceUrl: info.sourceUrl ?? job.sourceUrl,
          mayHaveBeenCharged: true,
        });
      });
      recorded = info.credits !== null;
      if (recorded) emit('cost:changed', deps.ledger.summary());
    } catch (error) {
      console.error('generation queue: could not record what the API answered', error);
    }
    return recorded;
  }

  /**
   * The id of the job's library record without an image (filed now if needed: a refusal, or a paid
   * image with a link, which "Download again" completes in place), or null.
   */
  async function listWithoutImage(job: Job, status: 'refused' | 'download-failed'): Promise<string | null> {
    if (job.itemId !== null || (status === 'download-failed' && job.sourceUrl === null)) return job.itemId;
    try {
      const record = await deps.keep.keepRecord(job.params, status, jobProvenance(job));
      emit('library:item-added', record);
      return record.id;
    } catch (error) {
      // The job itself still says what happened and keeps the link; the listing is the extra.
      console.warn('generation queue: could not list the generation in the library', error);
      return null;
    }
  }

  async function endWithoutImage(job: Job, state: 'failed' | 'refused', error: AppError, mayHaveBeenCharged: boolean): Promise<void> {
    const listing = state === 'refused' ? 'refused' : error.code === 'download-failed' ? 'download-failed' : null;
    const recordId = listing === null ? job.itemId : await listWithoutImage(job, listing);
    const current = book.live(job.id);
    if (current) book.finish(current, state, error, mayHaveBeenCharged, recordId);
  }

  /**
   * A paid image is sealed into its receipt first (bytes and provenance durable together, see
   * receipt.ts); only then is an answer that carried it inline recorded as paid, so whatever says
   * "received" can always be backed by the image. Then it is filed (store, sidecar, row), the job
   * says done, and only then does the receipt go. A kill anywhere in between leaves the receipt,
   * which the next start files (recover-received.ts).
   */
  async function keepNow(job: Job, image: ReceivedImage, provenance: ImageProvenance, recordPaid: boolean): Promise<void> {
    const details: ReceiptDetails = {
      itemId: job.itemId ?? randomUUID(),
      jobId: job.id,
      params: job.params,
      requestId: provenance.requestId ?? job.requestId,
      credits: provenance.credits ?? job.credits,
      sourceUrl: provenance.sourceUrl ?? job.sourceUrl,
      inferenceId: provenance.inferenceId ?? job.inferenceId,
      clientRequestId: provenance.clientRequestId ?? job.id,
      receivedAt: now(),
    };
    if (book.closed) {
      // The answer arrived after the queue closed (a quit, another library folder opened): the
      // image is made durable with its provenance, and nothing else is written; the next start
      // files it. A seal that fails keeps what it could, as below.
      try {
        await sealReceipt(deps.store.incomingDir, image, details);
      } catch (error) {
        console.error('generation queue: an image that arrived after closing could not be sealed', error);
        if (!(error instanceof ReceiptNotSealedError && error.keptAt !== null)) await discard(image);
      }
      return;
    }
    book.commit({ ...job, state: 'saving', mayHaveBeenCharged: true });
    const downloadable = (provenance.sourceUrl ?? job.sourceUrl) !== null;
    let sealed: { receipt: SealedReceipt; decoding?: DecodingImage };
    try {
      // The bytes are decoded while the receipt is sealed; nothing is filed until it is.
      sealed = await sealWhileDecoding(deps.store, image, details);
    } catch (error) {
      // Sealing keeps the bytes it got hold of (in a folder the next start files); the rest is cleaned up.
      const keptAt = error instanceof ReceiptNotSealedError ? error.keptAt : null;
      if (keptAt === null) await discard(image);
      const current = book.live(job.id);
      if (current) book.finish(current, 'failed', storageError(error, downloadable, keptAt), true);
      return;
    }
    const { receipt, decoding } = sealed;
    // Closed while it was sealed: the receipt is filed, its charge recorded and its job completed at the next start.
    if (book.closed) return;
    if (recordPaid) recordPayment(job.id, provenance);
    let kept: { item: LibraryItem; added: boolean };
    try {
      kept = await fileReceipt(receipt, deps, decoding);
    } catch (error) {
      const current = book.live(job.id);
      if (current) book.finish(current, 'failed', receiptKeptError(error, receipt.dir), true);
      return;
    }
    const current = book.live(job.id);
    // Closed meanwhile: the job's row does not say done yet, so the receipt stays for the next start to settle both.
    if (!current) return;
    emit(kept.added ? 'library:item-added' : 'library:item-updated', kept.item);
    book.commit({ ...current, state: 'done', itemId: kept.item.id, finishedAt: now(), error: null, retryAt: null });
    await removeReceipt(receipt.dir, receipt.imagePath).catch((error: unknown) =>
      console.warn('generation queue: a filed receipt could not be removed', error),
    );
  }

  /** Keeps under way, so that closing waits for them (`settle`). */
  const underWay = new Set<Promise<void>>();

  function keep(job: Job, image: ReceivedImage, provenance: ImageProvenance, recordPaid: boolean): Promise<void> {
    const keeping = keepNow(job, image, provenance, recordPaid);
    underWay.add(keeping);
    void keeping.finally(() => underWay.delete(keeping)).catch(() => undefined);
    return keeping;
  }

  async function settle(): Promise<void> {
    while (underWay.size > 0) await Promise.allSettled([...underWay]);
  }

  async function fetchAgain(jobId: string, url: string, signal: AbortSignal): Promise<void> {
    const asked = book.live(jobId);
    // The key only lets the client recognise it in the link and the answers; a GET never sends it.
    const key = await deps.readKey();
    const result = await deps.client.downloadAgain({ url, baseUrl: deps.baseUrl(), signal, apiKey: key.ok ? key.value : null });
    if (book.closed && asked && result.ok && !signal.aborted) {
      // Closed while it downloaded: the image is sealed for the next start to file (keep).
      await keep(asked, result.value, jobProvenance(asked), false);
      return;
    }
    const job = book.live(jobId);
    if (!job || job.state !== 'downloading' || signal.aborted) {
      if (result.ok) await discard(result.value);
      return;
    }
    if (!result.ok) {
      await endWithoutImage(job, 'failed', result.error, true);
      return;
    }
    await keep(job, result.value, jobProvenance(job), false);
  }

  return { recordPayment, keep, settle, endWithoutImage, fetchAgain };
}
