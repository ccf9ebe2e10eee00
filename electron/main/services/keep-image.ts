import { randomUUID } from 'node:crypto';
import { MODEL_ID, type GenerationParams, type LibraryItem } from '../../shared/domain';
import type { ImageStore, StoredImage } from './image-store';
import type { Library } from './library';

/** What the API said about one paid image, besides the image itself. */
export interface ImageProvenance {
  requestId: string | null;
  credits: number | null;
  sourceUrl: string | null;
}

/** Puts stored image bytes into the library: sidecar, then row, then it exists for the user. */
export type ImageKeeper = (params: GenerationParams, stored: StoredImage, provenance: ImageProvenance) => Promise<LibraryItem>;

/**
 * Order is the crash-safety argument (ARCHITECTURE rule 7): the bytes are already on disk when this
 * runs, the sidecar lands next, the row last. A crash before the row leaves a sidecar that startup
 * reconciliation indexes; nothing ever points at bytes that are not there.
 */
export function createImageKeeper(store: ImageStore, library: Library, now: () => number): ImageKeeper {
  return async (params, stored, provenance) => {
    const item: LibraryItem = {
      id: randomUUID(),
      prompt: params.prompt,
      aspectRatio: params.aspectRatio,
      model: MODEL_ID,
      width: stored.width,
      height: stored.height,
      requestId: provenance.requestId,
      credits: provenance.credits,
      createdAt: now(),
      fileHash: stored.fileHash,
      byteSize: stored.byteSize,
      mimeType: stored.mimeType,
      sourceUrl: provenance.sourceUrl,
    };
    await store.writeSidecar(item);
    library.insert(item);
    return item;
  };
}
