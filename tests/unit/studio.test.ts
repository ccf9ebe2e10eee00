import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibraryPageInput, type AspectRatio, type LibraryItem } from '../../electron/shared/domain';
import { sniffImageType } from '../../electron/main/services/image-type';
import type { HostedStudio } from './support/studio-host';
import { saveKey, UNREACHABLE_API, useHostedStudios } from './support/studio-fixture';
import { jobWhenEnded } from './support/studio-jobs';

const studios = useHostedStudios({ fakeApi: true });

/** Queues one image and waits until its job has ended; returns the job and, when done, its library item. */
async function generate(h: HostedStudio, prompt: string, aspectRatio: AspectRatio) {
  const queued = await h.studio.handlers['generate:enqueue']({
    model: 'reve/create-image',
    sources: [],
    prompt,
    aspectRatios: [aspectRatio],
    count: 1,
    delivery: 'url',
    outputFormat: null,
  });
  if (!queued.ok) return { queued, job: null, item: null };
  const job = await jobWhenEnded(h, queued.value[0]!.id);
  const added = h.events.find((e) => e.event === 'library:item-added' && (e.payload as LibraryItem).id === job.itemId);
  return { queued, job, item: added ? (added.payload as LibraryItem) : null };
}

/** Every file under a folder, relative, so tests can prove what was (not) written. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('studio: generate → image on disk → library', () => {
  it('asks for a key before sending anything', async () => {
    const h = await studios.host();
    const { queued } = await generate(h, 'a lighthouse', '3:2');
    expect(queued).toMatchObject({ ok: false, error: { code: 'no-key' } });
    expect(studios.fake.requests).toHaveLength(0);
  });

  it('generates, keeps the original byte-for-byte with thumbnail and sidecar, and lists it', async () => {
    const h = await saveKey(await studios.host());
    const { job, item } = await generate(h, 'a T-Rex on a beach', '16:9');
    if (!item) throw new Error(`generation failed: ${JSON.stringify(job)}`);
    expect(job).toMatchObject({ state: 'done', itemId: item.id, credits: 126000, requestId: item.requestId });

    expect(item).toMatchObject({
      prompt: 'a T-Rex on a beach',
      aspectRatio: '16:9',
      model: 'reve/create-image',
      width: 1360,
      height: 768,
      credits: 126000,
      mimeType: 'image/png',
    });
    expect(item.requestId).toMatch(/^rsid-[0-9a-f]{32}$/);
    expect(studios.fake.requests).toHaveLength(1);
    expect(studios.fake.requests[0]?.body).toMatchObject({ model: 'reve/create-image', prompt: 'a T-Rex on a beach', aspect_ratio: '16:9' });

    const original = await h.studio.resolveMedia('original', item.id);
    const thumb = await h.studio.resolveMedia('thumb', item.id);
    expect(original?.mimeType).toBe('image/png');
    expect(thumb?.mimeType).toBe('image/webp');
    const bytes = await readFile(original!.path);
    expect(sniffImageType(bytes)).toBe('image/png');
    expect(original!.path).toContain(item.fileHash);
    expect((await stat(thumb!.path)).size).toBeLessThan(bytes.length);

    const sidecar = JSON.parse(await readFile(join(h.dataDir, 'library', 'records', item.id.slice(0, 2), `${item.id}.json`), 'utf8'));
    expect(sidecar).toMatchObject({ id: item.id, prompt: item.prompt, requestId: item.requestId });

    const page = await h.studio.handlers['library:list'](LibraryPageInput.parse({ limit: 10 }));
    expect(page).toMatchObject({ ok: true, value: { total: 1, nextCursor: null } });
    expect(page.ok && page.value.items[0]?.id).toBe(item.id);
    expect(h.events.filter((e) => e.event === 'library:item-added')).toEqual([{ event: 'library:item-added', payload: item }]);
    const history = await h.studio.handlers['history:list']({ query: 'T-Rex', limit: 50 });
    expect(history.ok && history.value.map((entry) => entry.text)).toEqual(['a T-Rex on a beach']);
    const cost = await h.studio.handlers['cost:summary'](undefined);
    expect(cost).toMatchObject({ ok: true, value: { todayCredits: 126000, monthCredits: 126000 } });
  });

  it('takes the image from b64_json when the API sends it inline', async () => {
    const h = await saveKey(await studios.host());
    studios.fake.setScenario('b64');
    const { item } = await generate(h, 'inline please', '1:1');
    expect(item).toMatchObject({ width: 1024, height: 1024, sourceUrl: null });
    expect(studios.fake.downloads).toHaveLength(0);
  });

  it('writes nothing to the library when the API fails, and sends the POST once', async () => {
    const h = await saveKey(await studios.host());
    // The account's balance, read again once the batch has settled, is kept beside the library, not in it.
    const libraryFiles = async () => (await filesUnder(h.dataDir)).filter((name) => !name.includes('account-balance.json'));
    const before = await libraryFiles();
    studios.fake.setScenario('500');
    const { job } = await generate(h, 'will fail', '3:2');
    expect(job).toMatchObject({ state: 'failed', mayHaveBeenCharged: true, error: { code: 'server-error' } });
    expect(studios.fake.requests).toHaveLength(1);
    expect(await libraryFiles()).toEqual(before);
    const page = await h.studio.handlers['library:list'](LibraryPageInput.parse({ limit: 10 }));
    expect(page.ok && page.value.total).toBe(0);
  });

  it('reports a content violation as a policy refusal and lists it without an image', async () => {
    const h = await saveKey(await studios.host());
    studios.fake.setScenario('content-violation');
    const { job } = await generate(h, 'refused', '3:2');
    expect(job).toMatchObject({ state: 'refused', error: { code: 'content-violation' } });
    const page = await h.studio.handlers['library:list'](LibraryPageInput.parse({ limit: 10 }));
    expect(page.ok && page.value.items).toMatchObject([{ id: job!.itemId, status: 'refused', fileHash: null, prompt: 'refused' }]);
    expect(await h.studio.resolveMedia('thumb', job!.itemId!)).toBeNull();
  });

  it('shows the same library after a restart with the API unreachable', async () => {
    const h = await saveKey(await studios.host());
    const { item } = await generate(h, 'kept forever', '4:3');
    expect(item).not.toBeNull();

    const reopened = await studios.restart(h, { apiBaseUrl: UNREACHABLE_API });
    const page = await reopened.studio.handlers['library:list'](LibraryPageInput.parse({ limit: 10 }));
    expect(page.ok && page.value.items.map((i) => i.prompt)).toEqual(['kept forever']);
    const id = page.ok ? page.value.items[0]!.id : '';
    expect(await reopened.studio.resolveMedia('thumb', id)).not.toBeNull();
    expect(await reopened.studio.handlers['key:status'](undefined)).toMatchObject({ ok: true, value: { stored: true, storage: 'keychain' } });
  });

  it('rebuilds the library database from the image folder alone', async () => {
    const h = await saveKey(await studios.host());
    await generate(h, 'first', '3:2');
    await generate(h, 'second', '2:3');
    await h.studio.close();
    for (const name of await readdir(join(h.dataDir, 'library'))) {
      if (name.startsWith('library.sqlite')) await rm(join(h.dataDir, 'library', name));
    }
    const reopened = await studios.host({ dataDir: h.dataDir });
    const page = await reopened.studio.handlers['library:list'](LibraryPageInput.parse({ limit: 10 }));
    expect(page.ok && page.value.items.map((i) => i.prompt).sort()).toEqual(['first', 'second']);
  });

  it('keeps the composer draft across a restart, over-long text included', async () => {
    const h = await studios.host();
    const draft = {
      prompt: 'x'.repeat(3000),
      aspectRatios: ['16:9', '1:1'] as AspectRatio[],
      count: 2,
      delivery: 'base64' as const,
      outputFormat: 'webp' as const,
      references: [],
      mode: null,
    };
    expect(await h.studio.handlers['draft:save'](draft)).toEqual({ ok: true, value: null });
    const reopened = await studios.restart(h);
    expect(await reopened.studio.handlers['draft:get'](undefined)).toEqual({ ok: true, value: draft });
  });

  it('opens only the named billing page, by name', async () => {
    const h = await studios.host();
    expect(await h.studio.handlers['shell:open-link']({ link: 'billing' })).toEqual({ ok: true, value: null });
    expect(h.openedLinks).toEqual(['https://aimlapi.com/app/billing']);
  });

  it('serves media only for known ids', async () => {
    const { studio } = await studios.host();
    expect(await studio.resolveMedia('original', '../../etc/passwd')).toBeNull();
    expect(await studio.resolveMedia('thumb', '00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
