import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sniffImageType } from '../../electron/main/services/image-type';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml } from '../fake-aiml/server';
import { hostStudio, type HostedStudio } from './support/studio-host';

let fake: FakeAiml;
const hosted: HostedStudio[] = [];
const host = async (apiBaseUrl = fake.baseUrl) => {
  const h = await hostStudio({ apiBaseUrl });
  hosted.push(h);
  return h;
};
const withKey = async (h: HostedStudio) => {
  const saved = await h.studio.handlers['key:save']({ key: FAKE_VALID_KEY, sessionOnly: false });
  expect(saved.ok).toBe(true);
  return h;
};

/** Every file under a folder, relative, so tests can prove what was (not) written. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

beforeAll(async () => {
  fake = await startFakeAiml();
});
afterEach(async () => {
  for (const h of hosted.splice(0)) await h.dispose();
  fake.reset();
});
afterAll(async () => {
  await fake.close();
});

describe('studio: generate → image on disk → library', () => {
  it('asks for a key before sending anything', async () => {
    const { studio } = await host();
    const reply = await studio.handlers['generate:create']({ prompt: 'a lighthouse', aspectRatio: '3:2' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'no-key' } });
    expect(fake.requests).toHaveLength(0);
  });

  it('generates, keeps the original byte-for-byte with thumbnail and sidecar, and lists it', async () => {
    const h = await withKey(await host());
    const reply = await h.studio.handlers['generate:create']({ prompt: 'a T-Rex on a beach', aspectRatio: '16:9' });
    if (!reply.ok) throw new Error(`generation failed: ${reply.error.message}`);
    const item = reply.value;

    expect(item).toMatchObject({ prompt: 'a T-Rex on a beach', aspectRatio: '16:9', model: 'reve/create-image', width: 1360, height: 768, credits: 126000, mimeType: 'image/png' });
    expect(item.requestId).toMatch(/^rsid-[0-9a-f]{32}$/);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.body).toMatchObject({ model: 'reve/create-image', prompt: 'a T-Rex on a beach', aspect_ratio: '16:9' });

    const original = await h.studio.resolveMedia('original', item.id);
    const thumb = await h.studio.resolveMedia('thumb', item.id);
    expect(original?.mimeType).toBe('image/png');
    expect(thumb?.mimeType).toBe('image/webp');
    const bytes = await readFile(original!.path);
    expect(sniffImageType(bytes)).toBe('image/png');
    expect(original!.path).toContain(item.fileHash);
    expect((await stat(thumb!.path)).size).toBeLessThan(bytes.length);

    const sidecar = JSON.parse(await readFile(original!.path.replace(/\.png$/, '.json'), 'utf8'));
    expect(sidecar).toMatchObject({ id: item.id, prompt: item.prompt, requestId: item.requestId });

    const page = await h.studio.handlers['library:list']({ limit: 10 });
    expect(page).toMatchObject({ ok: true, value: { total: 1, nextCursor: null } });
    expect(page.ok && page.value.items[0]?.id).toBe(item.id);
    expect(h.events).toEqual([{ event: 'library:item-added', payload: item }]);
  });

  it('takes the image from b64_json when the API sends it inline', async () => {
    const h = await withKey(await host());
    fake.setScenario('b64');
    const reply = await h.studio.handlers['generate:create']({ prompt: 'inline please', aspectRatio: '1:1' });
    expect(reply).toMatchObject({ ok: true, value: { width: 1024, height: 1024, sourceUrl: null } });
    expect(fake.downloads).toHaveLength(0);
  });

  it('writes nothing to the library when the API fails, and sends the POST once', async () => {
    const h = await withKey(await host());
    const before = await filesUnder(h.dataDir);
    fake.setScenario('500');
    const reply = await h.studio.handlers['generate:create']({ prompt: 'will fail', aspectRatio: '3:2' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'server-error', mayHaveBeenCharged: true } });
    expect(fake.requests).toHaveLength(1);
    expect(await filesUnder(h.dataDir)).toEqual(before);
    const page = await h.studio.handlers['library:list']({ limit: 10 });
    expect(page.ok && page.value.total).toBe(0);
  });

  it('reports a content violation as a policy refusal and keeps no image', async () => {
    const h = await withKey(await host());
    fake.setScenario('content-violation');
    const reply = await h.studio.handlers['generate:create']({ prompt: 'refused', aspectRatio: '3:2' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'content-violation' } });
    const page = await h.studio.handlers['library:list']({ limit: 10 });
    expect(page.ok && page.value.total).toBe(0);
  });

  it('shows the same library after a restart with the API unreachable', async () => {
    const h = await withKey(await host());
    const reply = await h.studio.handlers['generate:create']({ prompt: 'kept forever', aspectRatio: '4:3' });
    expect(reply.ok).toBe(true);

    const reopened = await h.restart({ apiBaseUrl: 'http://127.0.0.1:9/v1' });
    hosted.push(reopened);
    const page = await reopened.studio.handlers['library:list']({ limit: 10 });
    expect(page.ok && page.value.items.map((i) => i.prompt)).toEqual(['kept forever']);
    const id = page.ok ? page.value.items[0]!.id : '';
    expect(await reopened.studio.resolveMedia('thumb', id)).not.toBeNull();
    expect(await reopened.studio.handlers['key:status'](undefined)).toMatchObject({ ok: true, value: { stored: true, storage: 'keychain' } });
  });

  it('rebuilds the library database from the image folder alone', async () => {
    const h = await withKey(await host());
    await h.studio.handlers['generate:create']({ prompt: 'first', aspectRatio: '3:2' });
    await h.studio.handlers['generate:create']({ prompt: 'second', aspectRatio: '2:3' });
    await h.studio.close();
    const { rm } = await import('node:fs/promises');
    for (const name of await readdir(join(h.dataDir, 'library'))) {
      if (name.startsWith('library.sqlite')) await rm(join(h.dataDir, 'library', name));
    }
    const reopened = await hostStudio({ apiBaseUrl: fake.baseUrl, dataDir: h.dataDir });
    hosted.push(reopened);
    const page = await reopened.studio.handlers['library:list']({ limit: 10 });
    expect(page.ok && page.value.items.map((i) => i.prompt).sort()).toEqual(['first', 'second']);
  });

  it('serves media only for known ids', async () => {
    const { studio } = await host();
    expect(await studio.resolveMedia('original', '../../etc/passwd')).toBeNull();
    expect(await studio.resolveMedia('thumb', '00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
