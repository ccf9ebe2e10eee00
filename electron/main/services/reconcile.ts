import type { ImageStore } from './image-store';
import type { Library } from './library';

export interface ReconcileReport {
  /** Items put back into the database from their sidecars. */
  reindexed: number;
  /** Leftovers of interrupted writes that were deleted. */
  tempFilesRemoved: number;
  /** One sentence per thing that could not be repaired, for the log. */
  problems: string[];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Run at startup, before anything writes. Files land before rows (sidecar, then row), so a crash
 * can leave a file without a row but never the reverse; this puts those rows back from the sidecars.
 * It never deletes an image, a sidecar or a row: what it cannot repair it reports.
 */
export async function reconcileLibrary(store: ImageStore, library: Library): Promise<ReconcileReport> {
  const tempFilesRemoved = await store.removeStaleTempFiles();
  const problems: string[] = [];
  let reindexed = 0;

  for await (const fileHash of store.listSidecarHashes()) {
    // The common case at every launch: already indexed, so the sidecar need not even be read.
    if (library.hasFileHash(fileHash)) continue;
    const path = store.sidecarPath(fileHash);
    try {
      const item = await store.readSidecar(fileHash);
      if (!item || library.has(item.id)) continue;
      if (!(await store.hasOriginal(item.fileHash, item.mimeType))) {
        problems.push(`Sidecar ${path} describes an image whose file is missing; it was not re-indexed.`);
        continue;
      }
      library.insert(item);
      reindexed += 1;
    } catch (error) {
      problems.push(`Sidecar ${path} could not be re-indexed: ${messageOf(error)}`);
    }
  }

  return { reindexed, tempFilesRemoved, problems };
}
