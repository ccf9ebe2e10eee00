import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMediaHandler } from '../../electron/main/protocol/handlers';
import type { MediaVariant } from '../../electron/shared/domain';
import { startRendererServer, type RendererServer } from '../e2e/harness/renderer-server';
import { startFakeAiml, type FakeAiml } from '../fake-aiml/server';
import { makeImage } from './support/library-fixtures';
import { hostStudio, type HostedStudio } from './support/studio-host';

/**
 * The media scheme serves library files by id. A symlink inside the library folder (a file, a shard
 * folder, the images folder) must not make it serve a file from outside: the same realpath
 * containment as app://. Real folders, real links, a real studio, the protocol handler and the
 * browser harness's server (which reuses the studio's lookup).
 */

let fake: FakeAiml;
const cleanup: Array<() => Promise<unknown>> = [];
const temp = async (prefix: string) => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
};

beforeAll(async () => {
  fake = await startFakeAiml();
});
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});
afterAll(async () => {
  await fake.close();
});

interface Setup {
  h: HostedStudio;
  id: string;
  libraryRoot: string;
  /** A file outside the library the page must never get. */
  secret: Uint8Array;
  secretDir: string;
  /** Status and body for a media request, through the protocol handler and through the harness server. */
  fetchBoth(variant: MediaVariant): Promise<Array<{ status: number; body: Uint8Array }>>;
}

async function setup(options: { dataDir?: string } = {}): Promise<Setup> {
  const h = await hostStudio({ apiBaseUrl: fake.baseUrl, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  cleanup.push(() => h.dispose());
  const imported = await h.studio.handlers['library:import']({ files: [{ name: 'kite.png', bytes: await makeImage('png', 64, 48) }] });
  if (!imported.ok) throw new Error(imported.error.message);
  const id = imported.value.imported[0]!.id;

  const secretDir = await temp('reverie-outside-');
  const secret = await makeImage('png', 32, 32, 7);
  await writeFile(join(secretDir, 'id_rsa.png'), secret);

  const rendererRoot = await temp('reverie-renderer-');
  await writeFile(join(rendererRoot, 'index.html'), '<!doctype html><title>Reverie</title>');
  const server: RendererServer = await startRendererServer(rendererRoot, h.studio);
  cleanup.push(() => server.close());
  const handler = createMediaHandler((variant, itemId) => h.studio.resolveMedia(variant, itemId));

  const read = async (response: Response) => ({ status: response.status, body: new Uint8Array(await response.arrayBuffer()) });
  return {
    h,
    id,
    libraryRoot: join(h.dataDir, 'library'),
    secret,
    secretDir,
    fetchBoth: async (variant) => [
      await read(await handler(new Request(`reverie-media://library/${variant}/${id}`))),
      await read(await fetch(`${server.origin}/media/${variant}/${id}`)),
    ],
  };
}

/** Where the studio keeps an item's file now (the real path it resolved before any link was made). */
async function fileOf(s: Setup, variant: MediaVariant): Promise<string> {
  const file = await s.h.studio.resolveMedia(variant, s.id);
  if (!file) throw new Error(`no ${variant} for ${s.id}`);
  return file.path;
}

describe('media scheme: symlinks in the library folder', () => {
  it('serves the original and the thumbnail of an item as a baseline', async () => {
    const s = await setup();
    const original = await readFile(await fileOf(s, 'original'));
    for (const answer of await s.fetchBoth('original')) expect(answer).toEqual({ status: 200, body: new Uint8Array(original) });
    for (const answer of await s.fetchBoth('thumb')) expect(answer.status).toBe(200);
  });

  it('refuses an original replaced by a link to a file outside the library', async () => {
    const s = await setup();
    const original = await fileOf(s, 'original');
    await rm(original);
    await symlink(join(s.secretDir, 'id_rsa.png'), original);
    for (const answer of await s.fetchBoth('original')) expect(answer.status).toBe(404);
    expect(await s.h.studio.resolveMedia('original', s.id)).toBeNull();
    // The clipboard reads the original through the same lookup.
    const copied = await s.h.studio.handlers['clipboard:copy']({ id: s.id, what: 'image' });
    expect(copied).toMatchObject({ ok: false, error: { code: 'not-found-locally' } });
    expect(s.h.clipboardWrites).toEqual([]);
  });

  it('refuses a shard folder (images/ab, thumbs/ab) that is a link to a folder outside', async () => {
    const s = await setup();
    for (const variant of ['original', 'thumb'] as const) {
      const file = await fileOf(s, variant);
      const shard = dirname(file);
      const outside = join(s.secretDir, `${variant}-shard`);
      await rename(shard, outside);
      await symlink(outside, shard, 'dir');
      for (const answer of await s.fetchBoth(variant)) expect(answer.status, variant).toBe(404);
    }
  });

  it('refuses the whole images folder as a link to a folder outside', async () => {
    const s = await setup();
    const images = join(s.libraryRoot, 'images');
    const outside = join(s.secretDir, 'images');
    await rename(images, outside);
    await symlink(outside, images, 'dir');
    for (const answer of await s.fetchBoth('original')) expect(answer.status).toBe(404);
  });

  it('still serves through a link that stays inside the library: containment, not a ban on links', async () => {
    const s = await setup();
    const thumb = await fileOf(s, 'thumb');
    const shard = dirname(thumb);
    const elsewhere = join(s.libraryRoot, 'moved-shard');
    await mkdir(elsewhere);
    await rename(thumb, join(elsewhere, basename(thumb)));
    await rm(shard, { recursive: true });
    await symlink(elsewhere, shard, 'dir');
    for (const answer of await s.fetchBoth('thumb')) expect(answer.status).toBe(200);
  });

  it('serves a library whose own folder is reached through a link (e.g. /var → /private/var)', async () => {
    const real = await temp('reverie-real-data-');
    const linked = join(await temp('reverie-link-'), 'data');
    await symlink(real, linked, 'dir');
    const s = await setup({ dataDir: linked });
    for (const answer of await s.fetchBoth('original')) expect(answer.status).toBe(200);
  });
});
