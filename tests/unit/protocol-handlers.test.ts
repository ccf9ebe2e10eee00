import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PRODUCTION_CSP } from '../../electron/main/protocol/csp';
import { createAppHandler, createMediaHandler } from '../../electron/main/protocol/handlers';
import type { MediaFile } from '../../electron/main/services/studio/types';
import type { MediaVariant } from '../../electron/shared/domain';

const ID = '3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

let base: string;
let root: string;
let imagePath: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'reverie-protocol-')));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Reverie</title>');
  await writeFile(path.join(root, 'assets', 'index.js'), 'export {};');
  await writeFile(path.join(base, 'secret.txt'), 'top secret');
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'leak.txt'));
  imagePath = path.join(base, 'image.png');
  await writeFile(imagePath, PNG);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('app:// handler', () => {
  const get = (url: string, method = 'GET') => createAppHandler(root)(new Request(url, { method }));

  it('serves index.html with the CSP header and nosniff', async () => {
    const response = await get('app://reverie/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(PRODUCTION_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Reverie</title>');
    expect((await get('app://reverie/')).status).toBe(200);
  });

  it('serves scripts as JavaScript, without a CSP header', async () => {
    const response = await get('app://reverie/assets/index.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(await response.text()).toBe('export {};');
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://reverie/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each([
    ['another host', 'app://evil/index.html'],
    ['a missing file', 'app://reverie/nope.js'],
    ['a directory', 'app://reverie/assets'],
    ['an encoded traversal', 'app://reverie/%2e%2e/secret.txt'],
    ['an encoded slash traversal', 'app://reverie/assets/..%2f..%2fsecret.txt'],
    ['a symlink out of the bundle', 'app://reverie/assets/leak.txt'],
    ['a NUL byte', 'app://reverie/index.html%00.js'],
  ])('answers 404 for %s', async (_label, url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('top secret');
  });

  it('answers 404 to methods other than GET and HEAD', async () => {
    expect((await get('app://reverie/index.html', 'POST')).status).toBe(404);
    expect((await get('app://reverie/index.html', 'PUT')).status).toBe(404);
  });
});

describe('reverie-media:// handler', () => {
  const setup = (answer: MediaFile | null | Error) => {
    const resolveMedia = vi.fn(async (_variant: MediaVariant, _id: string) => {
      if (answer instanceof Error) throw answer;
      return answer;
    });
    const handler = createMediaHandler(resolveMedia);
    return { resolveMedia, get: (url: string, method = 'GET') => handler(new Request(url, { method })) };
  };

  it('serves the file the studio names for an id, with its type', async () => {
    const { get, resolveMedia } = setup({ path: imagePath, mimeType: 'image/png' });
    const response = await get(`reverie-media://library/original/${ID}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
    expect(resolveMedia).toHaveBeenCalledWith('original', ID);
  });

  it('answers 404 when the id is unknown or its file is gone', async () => {
    expect((await setup(null).get(`reverie-media://library/thumb/${ID}`)).status).toBe(404);
    const gone = setup({ path: path.join(base, 'vanished.png'), mimeType: 'image/png' });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect((await gone.get(`reverie-media://library/thumb/${ID}`)).status).toBe(404);
    expect((await setup(new Error('db closed')).get(`reverie-media://library/thumb/${ID}`)).status).toBe(404);
  });

  it.each([
    `reverie-media://library/thumb/../../secret.txt`,
    `reverie-media://library/original/%2Fetc%2Fpasswd`,
    `reverie-media://library/full/${ID}`,
    `reverie-media://elsewhere/thumb/${ID}`,
    `reverie-media://library/thumb/${ID}?path=/etc/passwd`,
  ])('never asks the studio about %s', async (url) => {
    const { get, resolveMedia } = setup({ path: path.join(base, 'secret.txt'), mimeType: 'image/png' });
    expect((await get(url)).status).toBe(404);
    expect(resolveMedia).not.toHaveBeenCalled();
  });

  it('answers 404 to writes', async () => {
    const { get, resolveMedia } = setup({ path: imagePath, mimeType: 'image/png' });
    expect((await get(`reverie-media://library/thumb/${ID}`, 'POST')).status).toBe(404);
    expect(resolveMedia).not.toHaveBeenCalled();
  });
});
