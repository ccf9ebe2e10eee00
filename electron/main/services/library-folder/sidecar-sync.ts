import type { ImageStore } from './image-store';
import type { Library } from '../library/library';

export interface SidecarSync {
  /** Rewrites these items' sidecars soon, in order, off the IPC reply's path. */
  schedule(ids: readonly string[]): void;
  /** Resolves once everything scheduled so far is written (before a move, a rebuild or closing). */
  flush(): Promise<void>;
}

/**
 * Keeps each sidecar in step with its row after organize actions (star, tag, collection, trash), so
 * "Rebuild library from folder" brings organization back too. A bulk action over many thousands of
 * items answers at once; their sidecars follow one by one in the background.
 */
export function createSidecarSync(store: ImageStore, library: Library): SidecarSync {
  const pending: string[] = [];
  let running: Promise<void> | null = null;

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending.splice(0, 200);
      // Collection names change rarely; read them once per batch rather than once per item.
      const names = new Map(library.listCollections().map((collection) => [collection.id, collection.name]));
      for (const id of batch) {
        const item = library.get(id);
        if (!item) continue;
        const collectionNames = Object.fromEntries(item.collectionIds.map((cid) => [cid, names.get(cid) ?? '']));
        try {
          await store.writeSidecar(item, collectionNames);
        } catch (error) {
          // The row is the live truth; a stale sidecar only matters for a rebuild, and the next change rewrites it.
          console.warn(`library: could not update the sidecar of ${id}`, error);
        }
      }
    }
  }

  function start(): void {
    running ??= drain().finally(() => {
      running = null;
      if (pending.length > 0) start();
    });
  }

  return {
    schedule(ids) {
      if (ids.length === 0) return;
      pending.push(...ids);
      start();
    },
    async flush() {
      while (running) await running;
    },
  };
}
