import { newLibraryItem, type GenerationParams, type LibraryItem } from '../../../shared/domain';
import type { ImageStore, StoredImage } from './image-store';
import type { ImageProvenance } from '../api/provenance';
import type { Library } from '../library/library';

export interface ImageKeeper {
  /**
   * Files stored image bytes in the library under `itemId`: the item with that id completed in place
   * when it exists (a failed download's record that was waiting for this image, or the same image
   * filed before a crash), otherwise a new item with that id (a random one when none is given).
   */
  keepImage(
    params: GenerationParams,
    stored: StoredImage,
    provenance: ImageProvenance,
    itemId?: string | null,
    /** When the image's files are still being placed (ImageStore.prepareFile): the sidecar lands only once this resolves. */
    imagePlaced?: Promise<void>,
  ): Promise<{ item: LibraryItem; added: boolean }>;
  /** Lists a generation that has no image (refused, or its paid download failed), so it is never lost from view. */
  keepRecord(params: GenerationParams, status: 'refused' | 'download-failed', provenance: ImageProvenance): Promise<LibraryItem>;
}

/**
 * Order is the crash-safety argument (ARCHITECTURE rule 7): image bytes are on disk before the
 * sidecar lands (already when this runs, or once `imagePlaced` resolves), the row last. A crash
 * before the row leaves a sidecar that startup reconciliation indexes; nothing ever points at
 * bytes that are not there.
 */
export function createImageKeeper(store: ImageStore, library: Library, now: () => number): ImageKeeper {
  const collectionNames = (item: LibraryItem) =>
    Object.fromEntries(
      library
        .listCollections()
        .filter((c) => item.collectionIds.includes(c.id))
        .map((c) => [c.id, c.name]),
    );

  const baseItem = (params: GenerationParams, provenance: ImageProvenance): LibraryItem =>
    // Lineage: the sources, in the order sent; the X-Client-Request-Id and x-inference-id come with the provenance.
    newLibraryItem({
      ...provenance,
      prompt: params.prompt,
      aspectRatio: params.aspectRatio,
      model: params.model,
      sources: [...params.sources],
      createdAt: now(),
    });

  const withImage = (item: LibraryItem, stored: StoredImage): LibraryItem => ({
    ...item,
    status: 'ok',
    width: stored.width,
    height: stored.height,
    fileHash: stored.fileHash,
    byteSize: stored.byteSize,
    mimeType: stored.mimeType,
    placeholder: stored.placeholder,
    fileMissing: false,
  });

  return {
    async keepImage(params, stored, provenance, itemId = null, imagePlaced) {
      const after = imagePlaced ? { after: imagePlaced } : {};
      const record = itemId ? library.get(itemId) : null;
      if (record) {
        // The record keeps its id, organization and creation time: it is the same generation.
        // Sidecars are named by item id, so this replaces the record's own.
        const item = withImage(record, stored);
        await store.writeSidecar(item, collectionNames(item), after);
        library.update(item);
        return { item, added: false };
      }
      const item = withImage({ ...baseItem(params, provenance), ...(itemId ? { id: itemId } : {}) }, stored);
      // No row has this id: a random one, or a receipt's (made by the queue when the job was).
      await store.writeSidecar(item, {}, { ...after, newItem: true });
      library.insert(item);
      return { item, added: true };
    },

    async keepRecord(params, status, provenance) {
      const item: LibraryItem = { ...baseItem(params, provenance), status };
      await store.writeSidecar(item, {}, { newItem: true });
      library.insert(item);
      return item;
    },
  };
}
