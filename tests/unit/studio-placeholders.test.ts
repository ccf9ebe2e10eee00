import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { thumbHashToAverageRGBA } from 'thumbhash';
import { describe, expect, it, vi } from 'vitest';
import type { LibraryItem } from '../../electron/shared/domain';
import type { HostedStudio } from './support/studio-host';
import { importPrompted, listLibrary, saveKey, useHostedStudios } from './support/studio-fixture';
import { jobWhenEnded } from './support/studio-jobs';

/**
 * The placeholder a tile shows while its thumbnail loads, through the whole studio: made when an
 * image is filed (from the queue or an import), kept in the row and the sidecar, and made later
 * for items that have none (a library from before placeholders, a rebuild from such sidecars).
 */

const studios = useHostedStudios({ fakeApi: true });

const libraryDir = (h: HostedStudio) => join(h.dataDir, 'library');
const sidecarPath = (h: HostedStudio, id: string) => join(libraryDir(h), 'records', id.slice(0, 2), `${id}.json`);
const readSidecar = async (h: HostedStudio, id: string) => JSON.parse(await readFile(sidecarPath(h, id), 'utf8')) as Record<string, unknown>;

/** The item's placeholder, drawn, has the average colour of its original (the fake API's pictures are gradients). */
async function expectPlaceholderOfImage(h: HostedStudio, item: LibraryItem): Promise<void> {
  expect(item.placeholder).toEqual(expect.any(String));
  const original = await h.studio.resolveMedia('original', item.id);
  const { channels } = await sharp(original!.path).stats();
  const average = thumbHashToAverageRGBA(Buffer.from(item.placeholder ?? '', 'base64'));
  const drawn = [average.r, average.g, average.b].map((value) => value * 255);
  drawn.forEach((value, i) => expect(Math.abs(value - channels[i]!.mean), `channel ${i}`).toBeLessThan(16));
}

async function generateOne(h: HostedStudio, prompt: string): Promise<LibraryItem> {
  const queued = await h.studio.handlers['generate:enqueue']({
    model: 'reve/create-image',
    sources: [],
    prompt,
    aspectRatios: ['3:2'],
    count: 1,
    delivery: 'url',
    outputFormat: null,
  });
  if (!queued.ok) throw new Error(queued.error.message);
  const job = await jobWhenEnded(h, queued.value[0]!.id);
  const page = await listLibrary(h);
  const item = page.items.find((candidate) => candidate.id === job.itemId);
  if (!item) throw new Error(`generation failed: ${JSON.stringify(job)}`);
  return item;
}

/** What a build from before placeholders left: sidecars of version 2 (no title, no placeholder). */
async function writeVersion2Sidecar(h: HostedStudio, item: LibraryItem): Promise<void> {
  const { placeholder: _p, title: _t, ...rest } = (await readSidecar(h, item.id)) as Record<string, unknown> & { placeholder: unknown; title: unknown };
  await writeFile(sidecarPath(h, item.id), `${JSON.stringify({ ...rest, sidecarVersion: 2 }, null, 2)}\n`);
}

async function placeholdersListed(h: HostedStudio): Promise<Array<string | null>> {
  return (await listLibrary(h)).items.map((item) => item.placeholder);
}

describe('studio: placeholders', () => {
  it('an image from the queue and an imported one are filed with their placeholder, in the row and the sidecar', async () => {
    const h = await saveKey(await studios.host());

    const generated = await generateOne(h, 'a lighthouse at dusk');
    const [imported] = await importPrompted(h, ['a lamp in the fog'], { width: 120, height: 80 });

    for (const item of [generated, imported!]) {
      await expectPlaceholderOfImage(h, item);
      expect((await readSidecar(h, item.id)).placeholder).toBe(item.placeholder);
    }
    // What the window lists carries it, and so do the events that told it of the new items.
    const listed = new Map((await listLibrary(h)).items.map((item) => [item.id, item.placeholder]));
    expect(listed.get(generated.id)).toBe(generated.placeholder);
    expect(listed.get(imported!.id)).toBe(imported!.placeholder);
    const added = h.events.filter((e) => e.event === 'library:item-added').map((e) => e.payload as LibraryItem);
    expect(added.find((item) => item.id === generated.id)?.placeholder).toBe(generated.placeholder);
  });

  it('a library from before placeholders gets them in the background after it opens, rows and sidecars', async () => {
    const first = await saveKey(await studios.host());
    const items = [await generateOne(first, 'a heron at dawn'), ...(await importPrompted(first, ['a kettle', 'a teapot']))];
    for (const item of items) await writeVersion2Sidecar(first, item);
    // Closed, then its rows lose their placeholders, as a database migrated from before them has none.
    await first.studio.close();
    const db = new DatabaseSync(join(libraryDir(first), 'library.sqlite'));
    db.exec('UPDATE generations SET placeholder = NULL');
    db.close();

    const h = await studios.restart(first);
    // The checks begun at open include the pass that makes them.
    await h.studio.backgroundChecks();
    expect(await placeholdersListed(h)).not.toContain(null);

    const listed = (await listLibrary(h)).items;
    for (const item of listed) await expectPlaceholderOfImage(h, item);
    // Sidecars follow their rows off the reply path; closing waits for them.
    await h.studio.close();
    for (const item of listed) expect((await readSidecar(h, item.id)).placeholder).toBe(item.placeholder);
  });

  it('a rebuild from sidecars that carry no placeholder gives the items theirs again', async () => {
    const h = await studios.host();
    const items = await importPrompted(h, ['a red door', 'a blue door']);
    await h.studio.backgroundChecks();
    for (const item of items) await writeVersion2Sidecar(h, item);

    const rebuilt = await h.studio.handlers['library:rebuild'](undefined);
    expect(rebuilt).toMatchObject({ ok: true, value: { reindexed: 2 } });
    await vi.waitFor(async () => expect(await placeholdersListed(h)).not.toContain(null));

    for (const item of (await listLibrary(h)).items) await expectPlaceholderOfImage(h, item);
    await h.studio.close();
    for (const item of items) expect((await readSidecar(h, item.id)).placeholder).toEqual(expect.any(String));
  });
});
