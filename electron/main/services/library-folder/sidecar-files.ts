import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LibraryItem } from '../../../shared/domain';
import { isMissing, namesIn, writeInto, writeIntoAfter } from './folder-files';
import type { ImageStore, SidecarRef } from './image-store';
import { IMAGES_FOLDER, isInItsShard, legacySidecarPlace, libraryFileAt, recordPlace, RECORDS_FOLDER, SHARD_PATTERN } from './layout';
import { decodeSidecar, encodeSidecar, type SidecarRecord } from './sidecar';
import { messageOf } from '../../../shared/errors';

export type SidecarFiles = Pick<
  ImageStore,
  'writeSidecar' | 'readSidecar' | 'readSidecarAt' | 'listSidecarRefs' | 'listSidecars' | 'removeSidecar' | 'sidecarPath'
> & {
  legacySidecarPath(fileHash: string): string;
};

/**
 * The sidecar half of the store: one per item under records/, and version 1's per-image ones next to
 * the originals, read (so an old folder rebuilds) and retired once their item is written again.
 */
export function createSidecarFiles(rootDir: string): SidecarFiles {
  const sidecarPath = ({ id }: Pick<LibraryItem, 'id'>) => join(rootDir, ...recordPlace(id));
  const legacySidecarPath = (fileHash: string) => join(rootDir, ...legacySidecarPlace(fileHash));

  async function readSidecarAt(ref: SidecarRef): Promise<SidecarRecord> {
    const text = await readFile(ref.path, 'utf8');
    return decodeSidecar(text, ref.kind === 'record' ? { id: ref.id } : { fileHash: ref.fileHash });
  }

  async function* listSidecarRefs(): AsyncIterable<SidecarRef> {
    for (const folder of [RECORDS_FOLDER, IMAGES_FOLDER]) {
      for (const shard of await namesIn(join(rootDir, folder))) {
        if (!SHARD_PATTERN.test(shard)) continue;
        for (const name of await namesIn(join(rootDir, folder, shard))) {
          const file = libraryFileAt([folder, shard, name]);
          // A file in the wrong shard was put there by hand; sidecarPath would not find it.
          if (file === null || !isInItsShard(file)) continue;
          const path = join(rootDir, folder, shard, name);
          if (file.kind === 'record') yield { kind: 'record', id: file.id, path };
          else if (file.kind === 'legacy-sidecar') yield { kind: 'legacy', fileHash: file.fileHash, path };
        }
      }
    }
  }

  /** The legacy sidecar of `fileHash` when it describes item `id`; false when absent, unreadable or someone else's. */
  async function legacySidecarIsFor(fileHash: string, id: string): Promise<boolean> {
    try {
      const record = await readSidecarAt({ kind: 'legacy', fileHash, path: legacySidecarPath(fileHash) });
      return record.item.id === id;
    } catch {
      return false;
    }
  }

  return {
    sidecarPath,
    legacySidecarPath,
    readSidecarAt,
    listSidecarRefs,

    async writeSidecar(item, collectionNames = {}, { after, newItem = false } = {}) {
      const text = encodeSidecar(item, collectionNames);
      await (after ? writeIntoAfter(sidecarPath(item), text, after) : writeInto(sidecarPath(item), text));
      // The version-1 sidecar of the same item is now stale; the new one was written first, so a
      // crash in between leaves two (the records/ one wins) rather than none.
      if (!newItem && item.fileHash && (await legacySidecarIsFor(item.fileHash, item.id))) {
        await rm(legacySidecarPath(item.fileHash), { force: true });
      }
    },

    async readSidecar(id) {
      try {
        return await readSidecarAt({ kind: 'record', id, path: sidecarPath({ id }) });
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async *listSidecars(onProblem = () => undefined) {
      // Records come first, so an item already seen there is newer than its legacy sidecar.
      const seen = new Set<string>();
      for await (const ref of listSidecarRefs()) {
        let record: SidecarRecord;
        try {
          record = await readSidecarAt(ref);
        } catch (error) {
          // Deleted between listing and reading: nothing to report.
          if (!isMissing(error)) onProblem({ path: ref.path, reason: messageOf(error) });
          continue;
        }
        if (seen.has(record.item.id)) continue;
        seen.add(record.item.id);
        yield record;
      }
    },

    async removeSidecar(item) {
      await rm(sidecarPath(item), { force: true });
      // Left behind, a legacy sidecar would bring the item back at the next rebuild.
      if (item.fileHash && (await legacySidecarIsFor(item.fileHash, item.id))) await rm(legacySidecarPath(item.fileHash), { force: true });
    },
  };
}
