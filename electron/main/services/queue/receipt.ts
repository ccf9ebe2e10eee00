import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { GenerationParams, ImageMimeType, ItemId } from '../../../shared/domain';
import { syncFolder, writeFileAtomic } from '../atomic-write';
import { IMAGE_EXTENSIONS } from '../image-type';
import type { ReceivedImage } from '../api/incoming-file';
import { codeOf, messageOf } from '../../../shared/errors';

/**
 * A paid image's receipt: its bytes and what the API said about it, sealed together in one folder
 * of `incoming/` before anything else records that the image arrived. Whatever happens next (a
 * kill, a full disk, a codec that cannot read it), the next start finds the receipt and files the
 * image into the library; nothing deletes a sealed receipt but the filing that made it redundant.
 *
 * Layout: `incoming/<receipt id>/image.<ext>` and `incoming/<receipt id>/receipt.json`. Sealing
 * builds them in `incoming/.<job id>.sealing/` and renames that folder: a folder rename is atomic,
 * so a receipt is either whole or not there. A `.sealing` folder left by a kill holds an image that
 * is complete (it was fsynced on arrival, before it moved in), perhaps its record, and in its name
 * the job that paid for it, whose row still has the parameters when the record never landed.
 */
export const ImageReceiptRecord = z.strictObject({
  version: z.literal(1),
  /** The library item this image becomes: filing twice (a kill after the row, before the receipt went) finds it and stops. */
  itemId: ItemId,
  /** The queue job that paid for it; null when none is known. */
  jobId: z.string().nullable(),
  params: GenerationParams,
  requestId: z.string().nullable(),
  credits: z.number().nonnegative().nullable(),
  sourceUrl: z.string().nullable(),
  /** The answer's x-inference-id; receipts sealed before it was kept have none. */
  inferenceId: z.string().max(200).nullable().default(null),
  /** The X-Client-Request-Id the request carried (the job's id); none in older receipts. */
  clientRequestId: z.string().max(128).nullable().default(null),
  fileHash: z.string().regex(/^[0-9a-f]{64}$/),
  byteSize: z.int().nonnegative(),
  mimeType: ImageMimeType,
  /** Epoch milliseconds. */
  receivedAt: z.int().nonnegative(),
});
export type ImageReceiptRecord = z.infer<typeof ImageReceiptRecord>;

/** What the sealer is told; the lineage fields may be left out (older callers), and read back as null. */
export type ReceiptDetails = Omit<z.input<typeof ImageReceiptRecord>, 'version' | 'fileHash' | 'byteSize' | 'mimeType'>;

export interface SealedReceipt {
  dir: string;
  imagePath: string;
  record: ImageReceiptRecord;
  /** The image file's bytes, when the received image came with them (ReceivedImage.bytes). */
  bytes?: Uint8Array;
}

/** What a folder in `incoming/` holds, read without trusting it. */
export interface FoundReceipt {
  dir: string;
  /** True for a `.sealing` folder a kill interrupted. */
  unsealed: boolean;
  /** The job a `.sealing` folder is named after (null for a sealed receipt, or one sealed for no job). */
  sealingJobId: string | null;
  /** The image file in it, if any. */
  imagePath: string | null;
  /** The record, when it is there and valid; `problem` says why not otherwise. */
  record: ImageReceiptRecord | null;
  problem: string | null;
}

export const RECEIPT_FILE = 'receipt.json';
const IMAGE_NAME = /^image\.(png|jpg|webp)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEALED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SEALING_NAME = /^\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.sealing$/i;

/** Sealing failed; `keptAt` is where the image's bytes are now (null when they could not be kept). */
export class ReceiptNotSealedError extends Error {
  constructor(
    cause: unknown,
    readonly keptAt: string | null,
  ) {
    super(messageOf(cause), { cause });
    this.name = 'ReceiptNotSealedError';
  }
}

/**
 * Moves a received temp file into a new sealed receipt with its record. The temp file is fsynced
 * already (receiveImage), the record and the folder's entries are fsynced, the folder renamed and
 * its parent synced: once this returns, the image survives a kill or a power cut together with its provenance.
 * On failure the bytes are never deleted: they stay in the `.sealing` folder (which the next start
 * files as a recovered image) or, when they never got there, in the temp file for the caller.
 */
export async function sealReceipt(incomingDir: string, image: ReceivedImage, details: ReceiptDetails): Promise<SealedReceipt> {
  const record = ImageReceiptRecord.parse({ version: 1, ...details, fileHash: image.fileHash, byteSize: image.byteSize, mimeType: image.mimeType });
  const id = randomUUID();
  // Named after the job, so that an image whose record never landed still leads back to its prompt.
  const sealing = join(incomingDir, `.${details.jobId !== null && UUID.test(details.jobId) ? details.jobId : id}.sealing`);
  const imageName = `image.${IMAGE_EXTENSIONS[image.mimeType]}`;
  let moved = false;
  try {
    await mkdir(sealing, { recursive: true });
    await rename(image.tempPath, join(sealing, imageName));
    moved = true;
    await writeSealingRecord(sealing, record);
    const dir = join(incomingDir, id);
    await rename(sealing, dir);
    await syncFolder(incomingDir);
    return { dir, imagePath: join(dir, imageName), record, ...(image.bytes ? { bytes: image.bytes } : {}) };
  } catch (error) {
    if (!moved) await rm(sealing, { recursive: true, force: true }).catch(() => undefined);
    throw new ReceiptNotSealedError(error, moved ? sealing : null);
  }
}

/**
 * The record of a receipt still being sealed, and the folder's entries (the image moved in, the
 * record) on disk before it is renamed. Written in place, not through a temp file and a rename:
 * the `.sealing` folder is not a receipt until its own rename, and a record a kill tore there is
 * read as no record (findReceipts), just as before it landed. So the record's fsync and the
 * folder's can run side by side; both finish before sealReceipt renames the folder. A record
 * already there (a `.sealing` folder an earlier attempt left) is replaced atomically instead.
 */
async function writeSealingRecord(sealing: string, record: ImageReceiptRecord): Promise<void> {
  let handle: FileHandle;
  try {
    // 'wx': never follow or reuse something already sitting at the record's name.
    handle = await open(join(sealing, RECEIPT_FILE), 'wx', 0o644);
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') throw error;
    await writeReceiptRecord(sealing, record);
    return;
  }
  try {
    await handle.writeFile(recordText(record));
    await Promise.all([handle.sync(), syncFolder(sealing)]);
  } finally {
    await handle.close();
  }
}

const recordText = (record: ImageReceiptRecord) => `${JSON.stringify(record, null, 2)}\n`;

/** Writes (or replaces) the record of the receipt in `dir`, atomically, its folder synced. */
export async function writeReceiptRecord(dir: string, record: ImageReceiptRecord): Promise<void> {
  await writeFileAtomic(join(dir, RECEIPT_FILE), recordText(record));
}

async function readRecord(dir: string): Promise<{ record: ImageReceiptRecord | null; problem: string | null }> {
  let text: string;
  try {
    text = await readFile(join(dir, RECEIPT_FILE), 'utf8');
  } catch (error) {
    return { record: null, problem: `no readable ${RECEIPT_FILE} (${messageOf(error)})` };
  }
  try {
    const parsed = ImageReceiptRecord.safeParse(JSON.parse(text));
    return parsed.success ? { record: parsed.data, problem: null } : { record: null, problem: `${RECEIPT_FILE} is not valid: ${parsed.error.message}` };
  } catch (error) {
    return { record: null, problem: `${RECEIPT_FILE} is not JSON: ${messageOf(error)}` };
  }
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Every receipt folder in `incoming/`, sealed or cut short; other entries (temp files) are not receipts. */
export async function findReceipts(incomingDir: string): Promise<FoundReceipt[]> {
  let entries;
  try {
    entries = await readdir(incomingDir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const found: FoundReceipt[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const sealingJobId = SEALING_NAME.exec(entry.name)?.[1] ?? null;
    const unsealed = sealingJobId !== null;
    if (!unsealed && !SEALED_NAME.test(entry.name)) continue;
    const dir = join(incomingDir, entry.name);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      // Removed since the listing: its filing finished (removeReceipt), so there is nothing to settle.
      if (isMissing(error)) continue;
      throw error;
    }
    const imageName = names.find((name) => IMAGE_NAME.test(name)) ?? null;
    found.push({ dir, unsealed, sealingJobId, imagePath: imageName === null ? null : join(dir, imageName), ...(await readRecord(dir)) });
  }
  return found;
}

/**
 * Once the image is in the library (row written), its receipt has done its work. Given the image's
 * path, its two files are unlinked side by side and then the folder (three calls, where a recursive
 * removal lists and checks each entry first); a folder that holds anything else, or a receipt
 * whose image is not known, is removed recursively.
 */
export async function removeReceipt(dir: string, imagePath: string | null = null): Promise<void> {
  if (imagePath !== null && dirname(imagePath) === dir) {
    await Promise.all([unlinkIfThere(imagePath), unlinkIfThere(join(dir, RECEIPT_FILE))]);
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      if (isMissing(error)) return;
      // Anything else in it (not written by Reverie): the recursive removal below takes it too.
    }
  }
  await rm(dir, { recursive: true, force: true });
}

async function unlinkIfThere(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}
