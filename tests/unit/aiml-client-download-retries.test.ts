import { basename } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ASPECT_RATIO_PIXELS } from '../../electron/shared/domain';
import { fake, incomingDir, sleeps, namesIn, useAimlClientFixture, create, downloadAgain, withScenario } from './support/aiml-client-fixture';
import { expectFailure, expectReceived, expectImage } from './support/aiml-client-expect';
import { withCustomApi, json, smallPng } from './support/custom-api';

// Download retries (GET only, never the POST), and downloadAgain. Shared setup: support/aiml-client-fixture.ts.
useAimlClientFixture();

describe('createImage: download retries (GET only, never the POST)', () => {
  it('gets past a 503 on the download with one more GET after the default backoff', async () => {
    const generated = await expectImage(await withScenario('download-flaky'));
    expect(fake.requests).toHaveLength(1);
    expect(fake.downloads.map((download) => download.status)).toEqual([503, 200]);
    expect(sleeps).toEqual([1000]);
    expect(await sharp(generated.image.tempPath).metadata()).toMatchObject(ASPECT_RATIO_PIXELS['3:2']);
  });

  it('waits as long as the download Retry-After asks when that is longer than the backoff', async () => {
    fake.setScenario('download-flaky', { retryAfterSeconds: 7 });
    await expectImage(await create({ downloadBackoffMs: 10 }));
    expect(sleeps).toEqual([7000]);
    expect(fake.requests).toHaveLength(1);
  });

  it('gets past a connection dropped mid-body, leaving only the complete file', async () => {
    const generated = await expectImage(await withScenario('download-drop'));
    expect(fake.requests).toHaveLength(1);
    expect(fake.downloads.map((download) => download.outcome)).toEqual(['aborted', 'complete']);
    expect(fake.downloads[1]?.bytesSent).toBe(generated.image.byteSize);
    expect(await namesIn(incomingDir)).toEqual([basename(generated.image.tempPath)]);
  });

  it('doubles the backoff and gives up after the last try, keeping the link and the charge', async () => {
    await withCustomApi(
      (req, res, origin) => {
        if (req.method === 'POST') return json(res, 201, { data: [{ url: `${origin}/files/busy.png`, b64_json: null, request_id: 'rsid-busy' }] });
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>Bad Gateway</html>');
      },
      async (api) => {
        const error = expectFailure(await create({ downloadAttempts: 4, downloadBackoffMs: 250 }, { baseUrl: api.baseUrl }), 'download-failed');
        expect(error).toMatchObject({ status: 502, requestId: 'rsid-busy', mayHaveBeenCharged: true });
        expect(error.detail).toContain('Gave up after 4 attempts.');
        expect(sleeps).toEqual([250, 500, 1000]);
        expect(api.hits.filter((hit) => hit.startsWith('POST'))).toHaveLength(1);
        expect(api.hits.filter((hit) => hit.startsWith('GET'))).toHaveLength(4);
      },
    );
  });

  it('retries a 429 on the download but hands a long Retry-After back instead of waiting it out', async () => {
    let gets = 0;
    await withCustomApi(
      (req, res, origin) => {
        if (req.method === 'POST') return json(res, 201, { data: [{ url: `${origin}/files/limited.png`, b64_json: null }] });
        gets += 1;
        res.writeHead(429, { 'retry-after': gets === 1 ? '2' : '3600' });
        res.end();
      },
      async (api) => {
        const error = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'download-failed');
        expect(error).toMatchObject({ status: 429, retryAfterSeconds: 3600 });
        expect(sleeps).toEqual([2000]);
        expect(gets).toBe(2);
      },
    );
  });

  it('stops at once when cancelled during the backoff', async () => {
    const controller = new AbortController();
    fake.setScenario('download-flaky');
    const cancelInsteadOfSleeping = (ms: number) => {
      sleeps.push(ms);
      controller.abort();
      return Promise.resolve();
    };
    const error = expectFailure(await create({ sleep: cancelInsteadOfSleeping }, { signal: controller.signal }), 'cancelled');
    expect(error).toMatchObject({ mayHaveBeenCharged: true, requestId: expect.stringMatching(/^rsid-/) });
    expect(fake.downloads).toHaveLength(1);
  });

  it('stops at once when cancelled mid-download and leaves no half file', async () => {
    const controller = new AbortController();
    await withCustomApi(
      (req, res, origin) => {
        if (req.method === 'POST') return json(res, 201, { data: [{ url: `${origin}/files/stalls.png`, b64_json: null, request_id: 'rsid-c' }] });
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]));
      },
      async (api) => {
        const pending = create({}, { baseUrl: api.baseUrl, signal: controller.signal });
        await expect.poll(() => namesIn(incomingDir)).toHaveLength(1);
        controller.abort();
        const error = expectFailure(await pending, 'cancelled');
        expect(error).toMatchObject({ mayHaveBeenCharged: true, requestId: 'rsid-c' });
        expect(error.detail).toContain(`${api.origin}/files/stalls.png`);
        expect(api.hits.filter((hit) => hit.startsWith('GET'))).toHaveLength(1);
        expect(sleeps).toEqual([]);
      },
    );
  });
});

describe('downloadAgain', () => {
  it('fetches a paid image again with a GET and no POST', async () => {
    const first = await expectImage(await create());
    fake.reset();
    const again = await downloadAgain(first.sourceUrl ?? 'missing');
    if (!again.ok) throw new Error(JSON.stringify(again.error));
    await expectReceived(again.value);
    expect(again.value).toMatchObject({ fileHash: first.image.fileHash, byteSize: first.image.byteSize, mimeType: 'image/png' });
    expect(again.value.tempPath).not.toBe(first.image.tempPath);
    expect(fake.requests).toHaveLength(0);
    expect(fake.downloads).toHaveLength(1);
  });

  it('retries a passing failure the same way', async () => {
    const png = await smallPng();
    let gets = 0;
    await withCustomApi(
      (_req, res) => {
        gets += 1;
        if (gets === 1) {
          res.writeHead(503);
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(png);
      },
      async (cdn) => {
        const again = await downloadAgain(`${cdn.origin}/files/back.png`, {}, { baseUrl: cdn.baseUrl });
        if (!again.ok) throw new Error(JSON.stringify(again.error));
        expect((await expectReceived(again.value)).equals(png)).toBe(true);
        expect(cdn.hits).toEqual(['GET /files/back.png', 'GET /files/back.png']);
        expect(sleeps).toEqual([1000]);
      },
    );
  });

  it('reports a link that is gone as download-failed, never charged', async () => {
    const error = expectFailure(await downloadAgain(`${fake.origin}/files/1-gone.png`), 'download-failed');
    expect(error).toMatchObject({ status: 404, mayHaveBeenCharged: false });
    expect(fake.requests).toHaveLength(0);
    expect(sleeps).toEqual([]);
  });

  it('refuses a link outside the allowed places without contacting it', async () => {
    const error = expectFailure(await downloadAgain('http://127.0.0.1:1/files/x.png'), 'download-failed');
    expect(error.mayHaveBeenCharged).toBe(false);
    expect(error.detail).toContain('Refused because');
  });

  it('gives cancelled for an aborted signal and leaves no file', async () => {
    const controller = new AbortController();
    controller.abort();
    const first = await expectImage(await create());
    expectFailure(await downloadAgain(first.sourceUrl ?? 'missing', {}, { signal: controller.signal }), 'cancelled');
  });
});
