import { lstat, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, messageOf, ok, type Result } from '../../../shared/errors';
import { tempPathFor } from '../atomic-write';
import { diskFreeSpace, requireFreeSpace } from '../free-space';
import { mergeTempFolder } from '../interrupted-work';
import type { ImageStore } from '../library-folder/image-store';
import { IMAGES_FOLDER, isInItsShard, libraryFileAt, originalPlace, RECORDS_FOLDER, THUMBS_FOLDER } from '../library-folder/layout';
import { imageFileOf } from '../library-folder/reconcile';
import { decodeSidecar, type SidecarRecord } from '../library-folder/sidecar';
import type { Library } from '../library/library';
import { failureOf, limitsOf, openArchive, RestoreCancelled, unpack, unpackedSize, type OpenedArchive, type RestoreControl } from './archive';

/** Entries in one of `folders` of the library (archive names are `/`-separated). */
const inFolders = (folders: readonly string[]) => (entry: { fileName: string }) => folders.some((folder) => entry.fileName.startsWith(`${folder}/`));

/** Records first (a legacy sidecar of the same item is older), then by creation time, as they were made. */
async function readSidecars(temp: string, names: readonly string[], problems: string[]): Promise<SidecarRecord[]> {
  const byId = new Map<string, SidecarRecord>();
  const read = async (name: string, expected: { id: string } | { fileHash: string }) => {
    try {
      const record = decodeSidecar(await readFile(join(temp, ...name.split('/')), 'utf8'), expected);
      if (!byId.has(record.item.id)) byId.set(record.item.id, record);
    } catch (error) {
      problems.push(`The sidecar ${name} in the backup could not be read (${messageOf(error)}); it was left out.`);
    }
  };
  const files = names.map((name) => ({ name, file: libraryFileAt(name.split('/')) }));
  for (const { name, file } of files) {
    if (file?.kind === 'record' && isInItsShard(file)) await read(name, { id: file.id });
  }
  for (const { name, file } of files) {
    if (file?.kind === 'legacy-sidecar' && isInItsShard(file)) await read(name, { fileHash: file.fileHash });
  }
  return [...byId.values()].sort((a, b) => a.item.createdAt - b.item.createdAt);
}

/**
 * Into an open library: every item (sidecar) the library does not have yet is added with its image,
 * thumbnail (made afresh by the store), tags and collections; items whose id the library already has
 * are kept as they are, and collections it already has keep their names. Each item lands in the order
 * of rule 7: image into the store (adopted, so its hash is checked again), then sidecar, then row. An
 * item whose image is not in the backup (or was refused) is still added, marked missing, and reported.
 *
 * Unpacks into a temp folder inside the library (same disk, so adopting is a rename), removed at the
 * end whatever happens. A cancel stops between items: the items added so far stay, each one whole.
 */
export async function mergeBackupInto(
  archivePath: string,
  target: { root: string; store: ImageStore; library: Library },
  control: RestoreControl = {},
): Promise<Result<{ added: number; skipped: number; problems: string[] }>> {
  const { store, library } = target;
  let archive: OpenedArchive | null = null;
  const temp = mergeTempFolder(target.root);
  try {
    archive = await openArchive(archivePath, limitsOf(control));
    // The snapshot and the thumbnails are not needed: sidecars describe the items, the store makes thumbnails.
    const wanted = archive.entries.filter(inFolders([IMAGES_FOLDER, RECORDS_FOLDER]));
    const sidecarCount = wanted.filter((entry) => entry.fileName.endsWith('.json')).length;
    // Unpacked images and sidecars, plus thumbnails the store makes afresh (about as large as the backup's).
    const estimate = unpackedSize(archive.entries.filter(inFolders([IMAGES_FOLDER, RECORDS_FOLDER, THUMBS_FOLDER])));
    await requireFreeSpace(
      control.freeSpace ?? diskFreeSpace,
      target.root,
      estimate,
      'Merging this backup',
      'Free up some space on the disk that holds the library.',
    );
    const progress = { done: 0, total: wanted.length + sidecarCount };
    await mkdir(temp, { recursive: true });
    const problems: string[] = [];
    const { refusedHashes } = await unpack(archive, wanted, temp, control, progress, problems);
    archive.zip.close();
    archive = null;

    const records = await readSidecars(
      temp,
      wanted.map((entry) => entry.fileName),
      problems,
    );
    progress.total = wanted.length + records.length;
    let added = 0;
    let skipped = 0;
    for (const { item, collections } of records) {
      if (control.signal?.aborted) throw new RestoreCancelled();
      if (library.has(item.id)) {
        skipped += 1;
      } else if (await addItem(item, collections)) {
        added += 1;
      }
      progress.done += 1;
      control.onProgress?.(progress.done, progress.total);
    }
    return ok({ added, skipped, problems });

    async function addItem(item: SidecarRecord['item'], collections: Record<string, string>): Promise<boolean> {
      const file = imageFileOf(item);
      let fileMissing = false;
      if (file && !(await store.hasOriginal(file.fileHash, file.mimeType))) {
        const unpacked = join(temp, ...originalPlace(file.fileHash, file.mimeType));
        const size = await lstat(unpacked).then(
          (info) => (info.isFile() ? info.size : null),
          () => null,
        );
        if (size === null) {
          fileMissing = true;
          if (!refusedHashes.has(file.fileHash)) problems.push(`The image of item ${item.id} is not in the backup; it was added without it.`);
        } else {
          await mkdir(store.incomingDir, { recursive: true });
          // A temp name by the one rule the startup sweep of incoming/ recognises.
          const tempPath = tempPathFor(join(store.incomingDir, file.fileHash));
          try {
            await rename(unpacked, tempPath);
            await store.adopt({ tempPath, fileHash: file.fileHash, byteSize: size, mimeType: file.mimeType });
          } catch (error) {
            fileMissing = true;
            problems.push(`The image of item ${item.id} could not be added (${messageOf(error)}); the item was added without it.`);
          }
        }
      }
      const row = { ...item, fileMissing };
      try {
        await store.writeSidecar(row, collections);
        library.insert(row, collections);
        return true;
      } catch (error) {
        await store.removeSidecar(row).catch(() => undefined);
        problems.push(`The item ${item.id} could not be added: ${messageOf(error)}`);
        return false;
      }
    }
  } catch (error) {
    return fail(failureOf(error, 'merge'));
  } finally {
    archive?.zip.close();
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
  }
}
