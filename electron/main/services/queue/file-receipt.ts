import type { LibraryItem } from '../../../shared/domain';
import type { ReceivedImage } from '../api/incoming-file';
import { sealReceipt, type ImageReceiptRecord, type ReceiptDetails, type SealedReceipt } from './receipt';
import type { DecodingImage, ImageStore, PreparedImage } from '../library-folder/image-store';
import type { ImageKeeper } from '../library-folder/keep';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * The receipt's image, ready to place: from its own file, or (when an earlier filing got that far
 * before it stopped) from the store, where the original is named by the same hash. A file read back
 * (recovery, or a store's original) is checked against the record while it is decoded, so a torn or
 * swapped file is never filed under a hash that does not match it; a receipt sealed just now brings
 * the bytes its file was written from, hashed as they arrived, and those are decoded instead. Either
 * way the receipt's file is linked in as the original (the fsynced bytes), not copied.
 */
async function prepareReceiptImage(
  imagePath: string | null,
  record: ImageReceiptRecord,
  store: ImageStore,
  received: Uint8Array | DecodingImage | undefined,
): Promise<PreparedImage> {
  const candidates = [imagePath, store.originalPath(record.fileHash, record.mimeType)].filter((path): path is string => path !== null);
  for (const path of candidates) {
    try {
      // The bytes in memory (or their decoding) are the receipt's own file's (sealed just now); another file is read.
      return await store.prepareFile(path, record, path === imagePath ? received : undefined);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  throw new Error(`The image of receipt ${record.itemId} is neither in its folder nor in the library.`);
}

/**
 * Files a sealed receipt's image into the library in the order of rule 7 (the store places the
 * original and thumbnail, then the keeper's sidecar lands, then the row), under the item id the
 * receipt names. The sidecar is written and fsynced while the image's files are, and renamed into
 * place only once they are durable: the order on disk is the same, the waits overlap. Safe to run
 * again on the same receipt: the store does not rewrite a file it has, and the keeper completes the
 * item with that id in place instead of adding a second one. The receipt itself is left alone; the
 * caller removes it once everything that follows (the job saying done) is written.
 */
export async function fileReceipt(
  receipt: { imagePath: string | null; record: ImageReceiptRecord; bytes?: Uint8Array },
  deps: { store: ImageStore; keep: ImageKeeper },
  /** The store's decode of the receipt's bytes, started while it was sealed (sealWhileDecoding); used instead of decoding them again. */
  decoding?: DecodingImage,
): Promise<{ item: LibraryItem; added: boolean }> {
  const { record } = receipt;
  // Only a decoding of the very bytes the receipt came with: anything else is decoded afresh.
  const received = decoding !== undefined && decoding.bytes === receipt.bytes ? decoding : receipt.bytes;
  const { stored, place } = await prepareReceiptImage(receipt.imagePath, record, deps.store, received);
  const placed = place();
  // Handled at once: the keeper awaits other writes (its sidecar) before it awaits this, and a
  // placing that fails meanwhile must not count as an unhandled rejection; both awaits below still see it.
  placed.catch(() => undefined);
  const provenance = {
    requestId: record.requestId,
    credits: record.credits,
    sourceUrl: record.sourceUrl,
    inferenceId: record.inferenceId,
    clientRequestId: record.clientRequestId,
  };
  let kept: { item: LibraryItem; added: boolean };
  try {
    kept = await deps.keep.keepImage(record.params, stored, provenance, record.itemId, placed);
  } catch (error) {
    // Not settled before the placing has (a keeper that failed without waiting for it).
    await placed.catch(() => undefined);
    throw error;
  }
  // Settled already when the keeper waited for it (the sidecar did): whatever the keeper, this
  // never returns, and the caller never removes the receipt, before the original is durable.
  await placed;
  return kept;
}

/**
 * Seals a received image into its receipt (sealReceipt: throws ReceiptNotSealedError as it does)
 * while the store decodes the bytes it arrived with, for fileReceipt to use. The decode writes
 * nothing, so the money rule holds as before: the image is durable in its receipt before anything
 * is placed, recorded or removed, and a seal that fails leaves a decode nobody files. Sealing is
 * mostly waiting for fsyncs, which the decode fills with work.
 */
export async function sealWhileDecoding(
  store: Pick<ImageStore, 'incomingDir' | 'decode'>,
  image: ReceivedImage,
  details: ReceiptDetails,
): Promise<{ receipt: SealedReceipt; decoding?: DecodingImage }> {
  const decoding = image.bytes ? store.decode(image.bytes) : undefined;
  const receipt = await sealReceipt(store.incomingDir, image, details);
  return decoding ? { receipt, decoding } : { receipt };
}
