import type { MaintenanceReport } from '../../../shared/domain';
import type { ImageStore } from './image-store';
import type { Library } from '../library/library';
import { checkPresence, imageFileOf } from './reconcile';
import type { SidecarRecord } from './sidecar';
import { messageOf } from '../../../shared/errors';

/**
 * "Rebuild library from folder": the library's rows, tags and collections are replaced by what the
 * sidecars in the folder say (records/ and version-1 ones alike). Everything is read and checked
 * first, then swapped in one transaction, so the library is never seen half rebuilt; the queue,
 * spend and prompt history live in other tables and are left alone (that is `clearAll`'s contract).
 * An unreadable sidecar is reported and left on disk for the user to look at. Throws, having
 * changed nothing, when the folder itself cannot be listed.
 *
 * Flush pending sidecar writes before calling: the sidecars must say what the rows say.
 */
export async function rebuildLibrary(store: ImageStore, library: Library): Promise<MaintenanceReport> {
  const problems: string[] = [];
  const records: SidecarRecord[] = [];
  for await (const record of store.listSidecars(({ path, reason }) => problems.push(`Sidecar ${path} could not be read (${reason}); it was left as it is.`))) {
    records.push(record);
  }

  const files = records.flatMap(({ item }) => imageFileOf(item) ?? []);
  const present = await checkPresence(store, files, problems);
  const presentByHash = new Map(files.map((file, i) => [file.fileHash, present[i]]));

  let reindexed = 0;
  let missingFiles = 0;
  library.transaction(() => {
    library.clearAll();
    for (const { item, collections } of records) {
      const file = imageFileOf(item);
      // Unknown (the disk would not say) counts as present; the background check looks again later.
      const fileMissing = file !== null && presentByHash.get(file.fileHash) === false;
      try {
        library.insert({ ...item, fileMissing }, collections);
      } catch (error) {
        problems.push(`The item ${item.id} from its sidecar could not be added: ${messageOf(error)}`);
        continue;
      }
      reindexed += 1;
      if (fileMissing) missingFiles += 1;
    }
  });
  return { reindexed, missingFiles, problems };
}
