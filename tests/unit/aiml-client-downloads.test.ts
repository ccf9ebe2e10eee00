import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadPermission } from '../../electron/main/services/api/download';
import { startFakeAiml } from '../fake-aiml/server';
import { OVERSIZED_BYTES, fake, workDir, incomingDir, sleeps, namesIn, useAimlClientFixture, create, withScenario } from './support/aiml-client-fixture';
import { expectFailure } from './support/aiml-client-expect';
import { withCustomApi, json } from './support/custom-api';

// Downloading the image: caps, refused origins and redirect hops, timeouts and a disk that cannot be written. Shared setup: support/aiml-client-fixture.ts.
useAimlClientFixture();

/** A download cap far below the fake's oversized image. */
const SMALL_CAP = 1024 * 1024;

describe('createImage: downloading the image', () => {
  it('refuses a link that is not an image, keeping the link and the charge, without retrying', async () => {
    const error = expectFailure(await withScenario('download-not-image'), 'download-failed');
    expect(error.mayHaveBeenCharged).toBe(true);
    expect(error.requestId).toMatch(/^rsid-/);
    expect(error.detail).toContain(`${fake.origin}/files/`);
    expect(error.detail).toContain('Credits reported by the API: 126000');
    expect(fake.downloads).toHaveLength(1);
  });

  it('reports a 404 download with the link kept, without retrying', async () => {
    const error = expectFailure(await withScenario('download-404'), 'download-failed');
    expect(error.message).toContain('HTTP 404');
    expect(error.detail).toContain(`${fake.origin}/files/`);
    expect(fake.downloads).toEqual([expect.objectContaining({ status: 404 })]);
    expect(sleeps).toEqual([]);
  });

  it('stops streaming an oversized image early, leaves no file and does not retry', async () => {
    const error = expectFailure(await withScenario('download-oversized', { maxDownloadBytes: SMALL_CAP }), 'download-failed');
    expect(error.message).toContain('larger than 1 MB');
    expect(error.detail).toContain('Stopped after');
    await expect.poll(() => fake.downloads[0]?.outcome, { timeout: 10_000 }).toBe('aborted');
    expect(fake.downloads[0]?.bytesSent).toBeLessThan(OVERSIZED_BYTES / 2);
    expect(fake.downloads).toHaveLength(1);
    expect(await namesIn(incomingDir)).toEqual([]);
  });

  it('refuses an oversized image from its Content-Length before reading it', async () => {
    fake.setScenario('download-oversized', { declareLength: true });
    const error = expectFailure(await create({ maxDownloadBytes: SMALL_CAP }), 'download-failed');
    expect(error.detail).toContain(`Content-Length: ${OVERSIZED_BYTES}`);
    await expect.poll(() => fake.downloads[0]?.outcome, { timeout: 10_000 }).toBe('aborted');
  });

  it('refuses an inline image over the cap and one whose bytes are not an image', async () => {
    expectFailure(await withScenario('b64', { maxDownloadBytes: 1024 }), 'bad-response');
    await withCustomApi(
      (_req, res) => json(res, 201, { data: [{ b64_json: Buffer.from('<html>not an image</html>').toString('base64'), url: null }] }),
      async (api) => {
        const error = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'bad-response');
        expect(error.detail).toMatch(/not a PNG, JPEG or WebP/);
      },
    );
  });

  it('refuses to download from an origin other than the API without contacting it', async () => {
    const elsewhere = await startFakeAiml();
    const api = await startFakeAiml({ filesOrigin: elsewhere.origin });
    try {
      const error = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'download-failed');
      expect(error.detail).toContain(elsewhere.origin);
      expect(error.mayHaveBeenCharged).toBe(true);
      expect(api.requests).toHaveLength(1);
      expect(elsewhere.downloads).toHaveLength(0);
      expect(api.downloads).toHaveLength(0);
    } finally {
      await Promise.all([api.close(), elsewhere.close()]);
    }
  });

  it('checks every redirect hop of a download against the same rule', async () => {
    await withCustomApi(
      (req, res, origin) => {
        if (req.method === 'POST') return json(res, 201, { data: [{ url: `${origin}/files/a.png`, b64_json: null }] });
        res.writeHead(302, { location: 'file:///etc/passwd' });
        res.end();
      },
      async (api) => {
        const error = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'download-failed');
        expect(error.detail).toContain('file:///etc/passwd');
        expect(api.hits).toEqual(['POST /v1/images/generations', 'GET /files/a.png']);
      },
    );
  });

  it('gives up on a download that does not finish in time, after the set number of tries', async () => {
    await withCustomApi(
      (req, res, origin) => {
        if (req.method === 'POST') return json(res, 201, { data: [{ url: `${origin}/files/slow.png`, b64_json: null }] });
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      },
      async (api) => {
        const error = expectFailure(await create({ downloadTimeoutMs: 300, downloadAttempts: 2 }, { baseUrl: api.baseUrl }), 'download-failed');
        expect(error.message).toContain('300 ms');
        expect(error.detail).toContain('Gave up after 2 attempts.');
        expect(api.hits).toEqual(['POST /v1/images/generations', 'GET /files/slow.png', 'GET /files/slow.png']);
      },
    );
  });

  it('reports a disk it cannot write to as storage, without retrying the download', async () => {
    // A file where the incoming folder should be: nothing can be created inside it.
    await writeFile(join(workDir, 'blocked'), 'not a folder');
    const error = expectFailure(await create({ incomingDir: join(workDir, 'blocked') }), 'storage');
    expect(error).toMatchObject({ mayHaveBeenCharged: true, requestId: expect.stringMatching(/^rsid-/) });
    expect(error.detail).toContain(`${fake.origin}/files/`);
    expect(fake.downloads).toHaveLength(1);
  });

  it('allows https anywhere and http only on the API origin', () => {
    const base = 'http://127.0.0.1:8787/v1';
    expect(downloadPermission('https://cdn.aimlapi.com/generations/x.png', base).allowed).toBe(true);
    expect(downloadPermission('http://127.0.0.1:8787/files/x.png', base).allowed).toBe(true);
    for (const url of [
      'http://cdn.aimlapi.com/x.png',
      'http://127.0.0.1:8788/files/x.png',
      'http://localhost:8787/files/x.png',
      'file:///etc/passwd',
      'data:image/png;base64,iVBORw0KGgo=',
      'ftp://example.com/x.png',
      'not a url',
    ]) {
      expect(downloadPermission(url, base), url).toMatchObject({ allowed: false });
    }
  });
});
