import { createHash, randomUUID } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Emit } from '../../../shared/contract';
import { MODEL_ID, newLibraryItem, type LibraryItem } from '../../../shared/domain';
import { embeddedPromptOf } from '../image-metadata/embedded-metadata';
import { fileReceipt } from './file-receipt';
import { findReceipts, removeReceipt, writeReceiptRecord, type FoundReceipt, type ImageReceiptRecord } from './receipt';
import type { ImageStore } from '../library-folder/image-store';
import { namesIn } from '../library-folder/folder-files';
import { IMAGES_FOLDER, isInItsShard, libraryFileAt, SHARD_PATTERN, UNSAVED_FOLDER } from '../library-folder/layout';
import { sniffImageType } from '../image-type';
import type { JobStore } from './job-store';
import type { ImageKeeper } from '../library-folder/keep';
import type { Library } from '../library/library';
import type { NoticeInput } from '../notice-board';
import { nearestAspectRatio } from '../library-folder/import';
import type { ImageCodec } from '../ports';
import type { SpendLedger } from './spend-ledger';
import { messageOf } from '../../../shared/errors';

export interface RecoveryDeps {
  root: string;
  store: ImageStore;
  library: Library;
  keep: ImageKeeper;
  jobs: JobStore;
  ledger: SpendLedger;
  codec: ImageCodec;
  now: () => number;
}

export interface RecoveryReport {
  /** Paid images filed from their receipts, with everything the API said about them. */
  filed: number;
  /** Images that had no record left (a cut-short receipt, `unsaved/`, an unlisted file in `images/`), added back tagged `recovered`. */
  recovered: number;
  /** Queue jobs that now say done, with their item. */
  jobsCompleted: number;
  /** One sentence per image that could not be filed yet; its bytes stay where they are, and the next start tries again. */
  problems: string[];
}

/** The tag on images added back without their prompt, so they can be found together. */
export const RECOVERED_TAG = 'recovered';
const RECOVERED_PROMPT = 'Recovered image (its prompt was not saved)';

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Run at startup, after reconcile (sidecars indexed) and before the queue opens (nothing else
 * writes yet). Every paid image that reached the disk ends up in the library: each receipt in
 * `incoming/` is filed under its own item id and its job marked done (its charge recorded in the
 * ledger if it was not); then images with no record at all (a receipt cut short before its record
 * landed, files set aside in `unsaved/`, files in `images/` that no row points at) are added as
 * items tagged `recovered`. Nothing is deleted until the library holds it; what cannot be filed
 * stays where it is, reported, and is tried again at the next start.
 */
export async function recoverReceivedImages(deps: RecoveryDeps): Promise<RecoveryReport> {
  const { store, library } = deps;
  const report: RecoveryReport = { filed: 0, recovered: 0, jobsCompleted: 0, problems: [] };
  /** Hashes of receipts that stay for now: their bytes may already be in `images/` and must not come back twice. */
  const pending = new Set<string>();

  /** An image with no record becomes an item of its own (rule 7: bytes, sidecar, row). */
  async function addRecovered(bytes: Uint8Array, createdAt: number): Promise<void> {
    const stored = await store.save(bytes);
    const embedded = await embeddedPromptOf(deps.codec, bytes, deps.now);
    const item = newLibraryItem({
      ...stored,
      prompt: embedded.prompt ?? RECOVERED_PROMPT,
      aspectRatio: embedded.aspectRatio ?? nearestAspectRatio(stored.width, stored.height),
      model: embedded.model ?? MODEL_ID,
      createdAt: Math.max(0, Math.trunc(createdAt)),
      tags: [RECOVERED_TAG],
    });
    await store.writeSidecar(item);
    library.insert(item);
    report.recovered += 1;
  }

  function completeJob(record: ImageReceiptRecord, item: LibraryItem): void {
    if (record.requestId !== null && record.credits !== null) {
      // Keyed by request id: a charge the queue recorded before the kill is not counted twice.
      deps.ledger.record({ jobId: record.jobId, requestId: record.requestId, credits: record.credits, at: record.receivedAt });
    }
    const job = record.jobId === null ? null : deps.jobs.get(record.jobId);
    if (!job || (job.state === 'done' && job.itemId === item.id)) return;
    deps.jobs.update({
      ...job,
      state: 'done',
      itemId: item.id,
      requestId: job.requestId ?? record.requestId,
      credits: job.credits ?? record.credits,
      sourceUrl: job.sourceUrl ?? record.sourceUrl,
      inferenceId: job.inferenceId ?? record.inferenceId,
      error: null,
      retryAt: null,
      finishedAt: job.finishedAt ?? deps.now(),
      mayHaveBeenCharged: true,
    });
    report.jobsCompleted += 1;
  }

  /**
   * The record a receipt cut short before its own landed can still have: the job its folder is
   * named after knows the parameters, and whatever the API's answer had put in its row.
   */
  async function recordFromJob(found: FoundReceipt, bytes: Uint8Array): Promise<ImageReceiptRecord | null> {
    const job = found.sealingJobId === null ? null : deps.jobs.get(found.sealingJobId);
    const mimeType = sniffImageType(bytes);
    if (!job || !mimeType || found.imagePath === null) return null;
    const { mtimeMs } = await stat(found.imagePath);
    return {
      version: 1,
      itemId: job.itemId ?? randomUUID(),
      jobId: job.id,
      params: job.params,
      requestId: job.requestId,
      credits: job.credits,
      sourceUrl: job.sourceUrl,
      inferenceId: job.inferenceId,
      clientRequestId: job.id,
      fileHash: sha256Hex(bytes),
      byteSize: bytes.byteLength,
      mimeType,
      receivedAt: Math.max(0, Math.trunc(mtimeMs)),
    };
  }

  async function settle(found: FoundReceipt): Promise<void> {
    let record = found.record;
    const bytes = record === null && found.imagePath !== null ? new Uint8Array(await readFile(found.imagePath)) : null;
    if (record === null && bytes !== null && !library.hasFileHash(sha256Hex(bytes))) {
      record = await recordFromJob(found, bytes);
      // Written before filing, so the item id chosen here survives a kill: otherwise the next start
      // finds the image in the library under an id nothing records, leaves the job unfinished, and
      // its link would be fetched again into a second item.
      if (record !== null) await writeReceiptRecord(found.dir, record);
    }
    if (record !== null) {
      const existing = library.get(record.itemId);
      let item = existing;
      if (existing?.fileHash !== record.fileHash) {
        item = (await fileReceipt({ imagePath: found.imagePath, record }, { store, keep: deps.keep })).item;
        report.filed += 1;
      }
      if (item) completeJob(record, item);
    } else if (bytes !== null && found.imagePath !== null && !library.hasFileHash(sha256Hex(bytes))) {
      // Cut short before its record landed, with no job to say more: the image is whole (fsynced before it moved in), its provenance unknown.
      await addRecovered(bytes, (await stat(found.imagePath)).mtimeMs);
    }
    await removeReceipt(found.dir, found.imagePath);
  }

  for (const found of await findReceipts(store.incomingDir)) {
    try {
      await settle(found);
    } catch (error) {
      if (found.record) pending.add(found.record.fileHash);
      report.problems.push(`The received image in ${found.dir} could not be filed yet: ${messageOf(error)}`);
    }
  }

  // Set aside by an earlier version when filing failed: bring the bytes back for a row that lost
  // them, or add them as an item of their own.
  const unsaved = join(deps.root, UNSAVED_FOLDER);
  for (const name of await namesIn(unsaved)) {
    const path = join(unsaved, name);
    try {
      const bytes = new Uint8Array(await readFile(path));
      if (sniffImageType(bytes) === null) continue;
      if (library.hasFileHash(sha256Hex(bytes))) await store.save(bytes);
      else await addRecovered(bytes, (await stat(path)).mtimeMs);
      await rm(path, { force: true });
    } catch (error) {
      report.problems.push(`The image ${path} could not be added to the library yet: ${messageOf(error)}`);
    }
  }

  // Originals no row points at: a crash between an image and its sidecar in an earlier version, an
  // import or merge cut short, a delete cut short. Compared by name against every hash the library
  // has, read at once (asking row by row costs seconds at 100,000 items); only the few orphans are read.
  const imagesDir = join(deps.root, IMAGES_FOLDER);
  let known: Set<string> | null = null;
  for (const shard of await namesIn(imagesDir)) {
    if (!SHARD_PATTERN.test(shard)) continue;
    for (const name of await namesIn(join(imagesDir, shard))) {
      const file = libraryFileAt([IMAGES_FOLDER, shard, name]);
      known ??= library.fileHashes();
      if (file?.kind !== 'original' || !isInItsShard(file) || pending.has(file.fileHash) || known.has(file.fileHash)) continue;
      const path = join(imagesDir, shard, name);
      try {
        const bytes = new Uint8Array(await readFile(path));
        // A damaged file would be stored under its real hash and come back at every start; it is reported instead.
        if (sha256Hex(bytes) !== file.fileHash) throw new Error('its bytes do not match its name (the file is damaged)');
        await addRecovered(bytes, (await stat(path)).mtimeMs);
      } catch (error) {
        report.problems.push(`The image ${path} is in no library entry and could not be added: ${messageOf(error)}`);
      }
    }
  }
  return report;
}

/** What the user is told about a recovery (nothing when there was nothing to recover or report). */
export function recoveryNotices(report: RecoveryReport, libraryRoot: string): NoticeInput[] {
  const notices: NoticeInput[] = [];
  const paid = report.filed + report.recovered;
  if (paid > 0) {
    const images = paid === 1 ? '1 paid image was recovered; it is' : `${paid} paid images were recovered; they are`;
    const unknown =
      report.recovered === 0
        ? ''
        : ` ${report.recovered === 1 ? 'One had' : `${report.recovered} had`} lost its prompt and ${report.recovered === 1 ? 'is' : 'are'} tagged “${RECOVERED_TAG}”.`;
    notices.push({ severity: 'info', title: 'Images recovered', message: `${images} in the library.${unknown}` });
  }
  if (report.problems.length > 0) {
    const count = report.problems.length === 1 ? '1 received image' : `${report.problems.length} received images`;
    notices.push({
      severity: 'warning',
      title: 'Images not in the library yet',
      message: `${count} could not be added to the library (check free disk space and permissions). Nothing was deleted; Reverie tries again at the next start.`,
      path: libraryRoot,
    });
  }
  return notices;
}

/** Recovers, then tells the user and the log what was found; the library view reloads when anything came back. */
export async function recoverAndTell(deps: RecoveryDeps, out: { notices: { post(notice: NoticeInput): unknown }; emit: Emit }): Promise<RecoveryReport> {
  const report = await recoverReceivedImages(deps);
  for (const problem of report.problems) console.warn(`library: ${problem}`);
  for (const notice of recoveryNotices(report, deps.root)) out.notices.post(notice);
  if (report.filed + report.recovered > 0) out.emit('library:changed', { reason: 'rebuild' });
  return report;
}
