import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { openLibrary } from '../../electron/main/services/library/library';
import { createImageStore } from '../../electron/main/services/library-folder/image-store';
import { createImageKeeper } from '../../electron/main/services/library-folder/keep';
import { EDIT_MODEL_ID, MODEL_ID, REMIX_MODEL_ID } from '../../electron/shared/constants';
import { GenerationParams, type LibraryItem } from '../../electron/shared/domain';
import { makeSampleImages } from '../../scripts/bench/sample-images';

export interface SeededLineage {
  source: LibraryItem;
  edit: LibraryItem;
  remix: LibraryItem;
  other: LibraryItem;
}

/**
 * A small family in a library folder, written as the queue files a finished job: real image bytes
 * in the image store, a sidecar, then the row (the image keeper), each with its model, sources,
 * client request id and inference id. A create, an edit of it, a remix of the edit and the create,
 * and an unrelated create.
 */
export async function seedLineage(root: string, start = Date.UTC(2026, 0, 5, 9)): Promise<SeededLineage> {
  await mkdir(root, { recursive: true });
  const store = createImageStore(root, createSharpImageCodec());
  const library = openLibrary(join(root, 'library.sqlite'));
  let clock = start;
  const keeper = createImageKeeper(store, library, () => (clock += 60_000));
  const images = await makeSampleImages(4, '3:2');
  try {
    const keep = async (index: number, model: string, prompt: string, sources: string[]) => {
      const params = GenerationParams.parse({ model, prompt, aspectRatio: '3:2', sources });
      const stored = await store.save(images[index]!);
      const jobId = `job-${index}-${(start + index).toString(36)}`;
      const provenance = { requestId: `rsid-seed-${index}`, credits: 126_000, sourceUrl: null, clientRequestId: jobId, inferenceId: `inf-seed-${index}` };
      return (await keeper.keepImage(params, stored, provenance)).item;
    };
    const source = await keep(0, MODEL_ID, 'A red bicycle leaning on a brick wall', []);
    const edit = await keep(1, EDIT_MODEL_ID, 'Make the bicycle blue', [source.id]);
    const remix = await keep(2, REMIX_MODEL_ID, 'The blue bicycle on a beach at noon', [edit.id, source.id]);
    const other = await keep(3, MODEL_ID, 'An unrelated teapot on a shelf', []);
    return { source, edit, remix, other };
  } finally {
    library.close();
  }
}
