import type { ImageMimeType, LibraryItem, MaintenanceReport } from '../../../shared/domain';
import type { ImageStore } from './image-store';
import type { Library } from '../library/library';
import { messageOf } from '../../../shared/errors';

/**
 * `reindexed`: items put back from sidecars that had no row; `missingFiles`: how many of those
 * point at an image that is not on disk (listed, flagged missing); `problems`: one sentence per
 * sidecar that could not be put back, for the log.
 */
export interface ReconcileReport extends MaintenanceReport {
  /** Leftovers of interrupted writes and downloads that were deleted. */
  tempFilesRemoved: number;
}

/** What the background file check changed; the caller refreshes the view when anything did. */
export interface FileCheckReport {
  /** Rows that point at an image file, all checked. */
  checked: number;
  /** Rows newly flagged missing: their file was there at the last check and is gone now. */
  missingFiles: number;
  /** Rows whose file is back, no longer flagged missing. */
  restored: number;
  problems: string[];
}

/** Files checked at once: enough to keep the disk busy, few enough that a thumbnail request never queues long behind them. */
export const FILE_CHECK_BATCH = 128;

/** The image file an item points at, if any. */
export function imageFileOf(item: Pick<LibraryItem, 'fileHash' | 'mimeType'>): { fileHash: string; mimeType: ImageMimeType } | null {
  return item.fileHash && item.mimeType ? { fileHash: item.fileHash, mimeType: item.mimeType } : null;
}

/**
 * Whether each file is on disk, `batchSize` at a time; null where the disk would not say (a
 * permission error, say), which is reported rather than taken for "missing".
 */
export async function checkPresence(
  store: ImageStore,
  files: ReadonlyArray<{ fileHash: string; mimeType: ImageMimeType }>,
  problems: string[],
  batchSize = FILE_CHECK_BATCH,
): Promise<Array<boolean | null>> {
  const present: Array<boolean | null> = [];
  for (let start = 0; start < files.length; start += batchSize) {
    const batch = files.slice(start, start + batchSize);
    present.push(
      ...(await Promise.all(
        batch.map((file) =>
          store.hasOriginal(file.fileHash, file.mimeType).catch((error: unknown) => {
            problems.push(`Could not check the image ${file.fileHash}: ${messageOf(error)}`);
            return null;
          }),
        ),
      )),
    );
  }
  return present;
}

/**
 * Run at startup, before anything writes; cheap enough for 100k items. Files land before rows
 * (image, sidecar, then row), so a crash can leave a sidecar without a row but never the reverse;
 * this puts those rows back, with their collections. Only sidecar names are listed: a sidecar whose
 * item already has a row is never read. Files of existing rows are checked later, off the startup
 * path, by `checkFilesInBackground`. Nothing is ever deleted here but temp files: what cannot be
 * repaired is reported.
 */
export async function reconcileLibrary(store: ImageStore, library: Library): Promise<ReconcileReport> {
  const tempFilesRemoved = await store.removeStaleTempFiles();
  const problems: string[] = [];
  let reindexed = 0;
  let missingFiles = 0;

  for await (const ref of store.listSidecarRefs()) {
    // The common case at every launch: already indexed, so the sidecar need not even be read.
    if (ref.kind === 'record' ? library.has(ref.id) : library.hasFileHash(ref.fileHash)) continue;
    try {
      const { item, collections } = await store.readSidecarAt(ref);
      // A legacy sidecar of an item whose records/ sidecar was indexed just before.
      if (library.has(item.id)) continue;
      const file = imageFileOf(item);
      // Shown as missing rather than left out: the user keeps the prompt, and can fetch the image again.
      const fileMissing = file !== null && !(await store.hasOriginal(file.fileHash, file.mimeType));
      library.insert({ ...item, fileMissing }, collections);
      reindexed += 1;
      if (fileMissing) missingFiles += 1;
    } catch (error) {
      problems.push(`Sidecar ${ref.path} could not be re-indexed: ${messageOf(error)}`);
    }
  }

  return { reindexed, missingFiles, problems, tempFilesRemoved };
}

function take<T>(rows: Iterator<T>, count: number): T[] {
  const batch: T[] = [];
  while (batch.length < count) {
    const next = rows.next();
    if (next.done) break;
    batch.push(next.value);
  }
  return batch;
}

/**
 * Checks, after startup and in batches, that every row pointing at an image still has its file:
 * a file gone is flagged missing (shown as such, never hidden or deleted), a file back is unflagged.
 * Checking 100k files can take a while on a slow or network disk, so nothing waits for it.
 * `onDone` runs once, unless cancelled first; call the returned function before closing the
 * library (after it, this touches the library no more).
 */
export function checkFilesInBackground(
  store: ImageStore,
  library: Library,
  onDone: (report: FileCheckReport) => void,
  options: { batchSize?: number } = {},
): () => void {
  const batchSize = options.batchSize ?? FILE_CHECK_BATCH;
  let cancelled = false;

  async function run(): Promise<FileCheckReport> {
    // Let startup finish first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const problems: string[] = [];
    const report: FileCheckReport = { checked: 0, missingFiles: 0, restored: 0, problems };
    if (cancelled) return report;
    // The library reads these in keyset batches, so pausing between them while the app writes is safe.
    const rows = library.fileRows()[Symbol.iterator]();
    while (!cancelled) {
      const batch = take(rows, batchSize);
      if (batch.length === 0) break;
      const present = await checkPresence(store, batch, problems, batchSize);
      if (cancelled) break;
      // Only flips are written: at a normal start nothing changes, and nothing is written.
      const flips = batch.flatMap((row, i) => {
        const isPresent = present[i];
        // null: the disk would not say (reported); leave the row as it is.
        if (isPresent === null || isPresent === undefined || isPresent !== row.fileMissing) return [];
        return [{ id: row.id, missing: !isPresent }];
      });
      if (flips.length > 0) {
        library.transaction(() => {
          for (const flip of flips) library.setFileMissing(flip.id, flip.missing);
        });
      }
      report.checked += batch.length;
      for (const flip of flips) {
        if (flip.missing) report.missingFiles += 1;
        else report.restored += 1;
      }
    }
    return report;
  }

  run().then(
    (report) => {
      if (!cancelled) onDone(report);
    },
    (error: unknown) => {
      if (!cancelled) onDone({ checked: 0, missingFiles: 0, restored: 0, problems: [`The image files could not be checked: ${messageOf(error)}`] });
    },
  );
  return () => {
    cancelled = true;
  };
}
