import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ItemLineage, LibraryItem } from '../../electron/shared/domain';
import type { HostedStudio } from './support/studio-host';
import { importPrompted, listLibrary, useHostedStudios } from './support/studio-fixture';

/**
 * `library:lineage` through the studio's handlers, on a real library folder: an item's sources in
 * send order (null for one deleted for good) and its versions, after a rebuild from the folder and
 * after a restart. The items are imported, then their sidecars say what the queue would have written
 * for an edit and a remix (the queue's side is the api helper's, tested with the queue).
 */

const studios = useHostedStudios();

const sidecarPath = (h: HostedStudio, id: string) => join(h.dataDir, 'library', 'records', id.slice(0, 2), `${id}.json`);
/** Deleted for good before the test: a remix still names it. */
const GONE = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';

/** Rewrites the item's sidecar as the queue would have written it; createdAt too, so "newest first" does not hang on the clock. */
async function giveLineage(
  h: HostedStudio,
  item: LibraryItem,
  lineage: Partial<Pick<LibraryItem, 'model' | 'sources' | 'clientRequestId' | 'inferenceId' | 'createdAt'>>,
) {
  const sidecar = JSON.parse(await readFile(sidecarPath(h, item.id), 'utf8')) as Record<string, unknown>;
  expect(sidecar.sidecarVersion).toBe(4);
  await writeFile(sidecarPath(h, item.id), `${JSON.stringify({ ...sidecar, ...lineage, origin: 'generated' }, null, 2)}\n`);
}

async function lineageOf(h: HostedStudio, id: string): Promise<{ sources: Array<[string, string | null]>; versions: string[] }> {
  const answer = await h.studio.handlers['library:lineage']({ id });
  if (!answer.ok) throw new Error(answer.error.message);
  const lineage: ItemLineage = answer.value;
  return { sources: lineage.sources.map((source) => [source.id, source.item?.id ?? null]), versions: lineage.versions.map((item) => item.id) };
}

describe('studio: lineage', () => {
  it('answers sources in send order and versions newest first, after a rebuild from the folder and after a restart', async () => {
    let h = await studios.host();
    const [a, b, c, d] = await importPrompted(h, ['harbour at dusk', 'harbour at night', 'harbour with a moon', 'two harbours']);
    await giveLineage(h, a!, { createdAt: 1_000 });
    await giveLineage(h, b!, { model: 'reve/edit-image', sources: [a!.id], clientRequestId: 'job-b', inferenceId: 'inf-b', createdAt: 2_000 });
    await giveLineage(h, c!, { model: 'reve/edit-image', sources: [b!.id], clientRequestId: 'job-c', inferenceId: null, createdAt: 3_000 });
    await giveLineage(h, d!, {
      model: 'reve/remix-edit-image',
      sources: [c!.id, GONE, a!.id],
      clientRequestId: 'job-d',
      inferenceId: 'inf-d',
      createdAt: 4_000,
    });

    expect(await h.studio.handlers['library:rebuild'](undefined)).toMatchObject({ ok: true, value: { reindexed: 4, problems: [] } });
    // A version in the trash is still listed: it carries its trashedAt for the viewer to show.
    await h.studio.handlers['library:trash']({ selection: { ids: [b!.id] } });

    const expectLineage = async () => {
      expect(await lineageOf(h, d!.id)).toEqual({
        sources: [
          [c!.id, c!.id],
          [GONE, null],
          [a!.id, a!.id],
        ],
        versions: [],
      });
      expect(await lineageOf(h, a!.id)).toEqual({ sources: [], versions: [d!.id, b!.id] });
      expect(await lineageOf(h, b!.id)).toEqual({ sources: [[a!.id, a!.id]], versions: [c!.id] });
      const got = await h.studio.handlers['library:get']({ id: d!.id });
      expect(got.ok && [got.value.model, got.value.clientRequestId, got.value.inferenceId]).toEqual(['reve/remix-edit-image', 'job-d', 'inf-d']);
      expect((await listLibrary(h, { family: c!.id })).items.map((item) => item.id)).toEqual([d!.id, c!.id, a!.id]);
      expect((await listLibrary(h, { family: c!.id, view: 'trash' })).items.map((item) => item.id)).toEqual([b!.id]);
    };
    await expectLineage();
    h = await studios.restart(h);
    await expectLineage();

    expect(await h.studio.handlers['library:lineage']({ id: GONE })).toMatchObject({ ok: false, error: { code: 'not-found-locally' } });
  });
});
