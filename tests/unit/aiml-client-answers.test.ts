import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ASPECT_RATIO_PIXELS, MODEL_ID } from '../../electron/shared/domain';
import type { ImageProvenance } from '../../electron/main/services/api/provenance';
import { FAKE_VALID_KEY } from '../fake-aiml/server';
import { fake, incomingDir, namesIn, useAimlClientFixture, create, withScenario } from './support/aiml-client-fixture';
import { expectFailure, expectImage } from './support/aiml-client-expect';
import { withCustomApi, json, smallPng } from './support/custom-api';

// What the API answers with: a link, an inline or raw image, and the provenance handed over on the way. Shared setup: support/aiml-client-fixture.ts.
useAimlClientFixture();

describe('createImage: success', () => {
  it('sends one authorised POST with only the default fields and returns the downloaded PNG as a temp file', async () => {
    const result = await create();
    const generated = await expectImage(result);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ authorization: `Bearer ${FAKE_VALID_KEY}`, scenario: 'ok' });
    // Exactly these fields: convert_base64_to_url and output_format are left to the API's defaults.
    expect(fake.requests[0]?.body).toEqual({ model: MODEL_ID, prompt: 'a lighthouse at dusk', aspect_ratio: '3:2' });
    expect(generated.image.mimeType).toBe('image/png');
    expect(generated.requestId).toMatch(/^rsid-[0-9a-f]{32}$/);
    expect(generated.credits).toBe(126000);
    expect(generated.sourceUrl).toMatch(new RegExp(`^${fake.origin}/files/.+\\.png$`));
    expect(await sharp(generated.image.tempPath).metadata()).toMatchObject(ASPECT_RATIO_PIXELS['3:2']);
    expect(fake.downloads).toHaveLength(1);
    expect(await namesIn(incomingDir)).toEqual([basename(generated.image.tempPath)]);
  });

  it('takes the image from b64_json without downloading anything', async () => {
    const { image, sourceUrl } = await expectImage(await withScenario('b64'));
    expect(image.mimeType).toBe('image/png');
    expect(sourceUrl).toBeNull();
    expect(await sharp(image.tempPath).metadata()).toMatchObject({ format: 'png' });
    expect(fake.downloads).toHaveLength(0);
  });

  it('asks for base64 with convert_base64_to_url: false when delivery is base64, and keeps the inline image', async () => {
    const { image, sourceUrl, requestId } = await expectImage(await create({}, { params: { delivery: 'base64' } }));
    expect(fake.requests[0]?.body).toEqual({ model: MODEL_ID, prompt: 'a lighthouse at dusk', aspect_ratio: '3:2', convert_base64_to_url: false });
    expect(fake.requests[0]?.scenario).toBe('ok');
    expect(sourceUrl).toBeNull();
    expect(requestId).toMatch(/^rsid-/);
    expect(await sharp(image.tempPath).metadata()).toMatchObject({ format: 'png', ...ASPECT_RATIO_PIXELS['3:2'] });
    expect(fake.downloads).toHaveLength(0);
  });

  it('sends output_format only when one is chosen, and keeps the image in that format', async () => {
    const { image } = await expectImage(await create({}, { params: { outputFormat: 'jpeg', aspectRatio: '16:9' } }));
    expect(fake.requests[0]?.body).toEqual({ model: MODEL_ID, prompt: 'a lighthouse at dusk', aspect_ratio: '16:9', output_format: 'jpeg' });
    expect(image.mimeType).toBe('image/jpeg');
    expect(await sharp(image.tempPath).metadata()).toMatchObject({ format: 'jpeg', ...ASPECT_RATIO_PIXELS['16:9'] });
  });

  it('reads credits from credits_used as well', async () => {
    expect((await expectImage(await withScenario('credits-used'))).credits).toBe(126000);
  });

  it('waits for a slow answer', async () => {
    expect((await expectImage(await withScenario('slow'))).image.mimeType).toBe('image/png');
  });

  it('accepts a 200 and takes b64_json even when a url is also given', async () => {
    const png = await smallPng();
    await withCustomApi(
      (_req, res, origin) =>
        json(res, 200, {
          data: [{ url: `${origin}/never-fetched.png`, b64_json: png.toString('base64'), request_id: 'rsid-1', content_violation: false, extra: 1 }],
          meta: { usage: { tokens_used: '126000' } },
        }),
      async (api) => {
        const generated = await expectImage(await create({}, { baseUrl: api.baseUrl }));
        expect((await readFile(generated.image.tempPath)).equals(png)).toBe(true);
        expect(generated.credits).toBe(126000);
        expect(generated.sourceUrl).toBe(`${api.origin}/never-fetched.png`);
        expect(api.hits).toEqual(['POST /v1/images/generations']);
      },
    );
  });

  it('reads a JSON body whose Content-Type a proxy lost', async () => {
    const png = await smallPng();
    await withCustomApi(
      (_req, res) => {
        res.writeHead(201, { 'content-type': 'text/plain' });
        res.end(JSON.stringify({ data: [{ b64_json: png.toString('base64'), url: null, request_id: 'rsid-2' }] }));
      },
      async (api) => {
        expect((await expectImage(await create({}, { baseUrl: api.baseUrl }))).requestId).toBe('rsid-2');
      },
    );
  });
});

describe('createImage: the image itself as the answer', () => {
  it('keeps a raw image body, with no request id, credits or link, and downloads nothing', async () => {
    const seen: ImageProvenance[] = [];
    const generated = await expectImage(await withScenario('raw-image', {}, { params: { outputFormat: 'png' }, onResponse: (info) => seen.push(info) }));
    expect(generated).toMatchObject({ requestId: null, credits: null, sourceUrl: null });
    expect(generated.image.mimeType).toBe('image/png');
    expect(await sharp(generated.image.tempPath).metadata()).toMatchObject({ format: 'png', ...ASPECT_RATIO_PIXELS['3:2'] });
    // The raw answer still names its inference in a header; no X-Client-Request-Id was given.
    expect(seen).toEqual([{ requestId: null, credits: null, sourceUrl: null, inferenceId: fake.requests[0]!.inferenceId, clientRequestId: null }]);
    expect(fake.downloads).toHaveLength(0);
  });

  it('names the type of a raw image by its bytes', async () => {
    const generated = await expectImage(await withScenario('raw-image', {}, { params: { outputFormat: 'webp' } }));
    expect(generated.image.mimeType).toBe('image/webp');
  });

  it('refuses a raw body over the cap and leaves no file', async () => {
    const error = expectFailure(await withScenario('raw-image', { maxDownloadBytes: 1024 }, { params: { outputFormat: 'png' } }), 'bad-response');
    expect(error.detail).toContain('stopped after');
    expect(error.mayHaveBeenCharged).toBe(true);
  });

  it('refuses a body declared an image whose bytes are not one', async () => {
    await withCustomApi(
      (_req, res) => {
        res.writeHead(201, { 'content-type': 'image/png' });
        res.end('<html>this is not a png at all</html>');
      },
      async (api) => {
        const error = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'bad-response');
        expect(error.detail).toMatch(/not a PNG, JPEG or WebP/);
        expect(error.mayHaveBeenCharged).toBe(true);
      },
    );
  });

  it('refuses a 2xx that is neither JSON nor an image', async () => {
    await withCustomApi(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Welcome to the captive portal</body></html>');
      },
      async (api) => {
        const error = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'bad-response');
        expect(error.detail).toContain('text/html, neither JSON nor an image');
      },
    );
  });
});

describe('createImage: onResponse', () => {
  it('hands over the provenance before the download starts', async () => {
    const seen: { info: ImageProvenance; downloadsSoFar: number; filesSoFar: number }[] = [];
    let files = -1;
    const generated = await expectImage(
      await create(
        {},
        {
          onResponse: (info) => {
            seen.push({ info, downloadsSoFar: fake.downloads.length, filesSoFar: files });
          },
        },
      ),
    );
    files = (await namesIn(incomingDir)).length;
    expect(seen).toEqual([
      {
        info: {
          requestId: generated.requestId,
          credits: 126000,
          sourceUrl: generated.sourceUrl,
          inferenceId: fake.requests[0]!.inferenceId,
          clientRequestId: null,
        },
        downloadsSoFar: 0,
        filesSoFar: -1,
      },
    ]);
    expect(files).toBe(1);
  });

  it('is not called for an inline base64 image, whose provenance comes back with it for the caller to record once it is kept', async () => {
    const seen: ImageProvenance[] = [];
    fake.setScenario('b64');
    const generated = await expectImage(await create({}, { onResponse: (info) => seen.push(info) }));
    expect(seen).toEqual([]);
    expect(generated).toMatchObject({ requestId: expect.stringMatching(/^rsid-/), credits: 126000, sourceUrl: null });
  });

  it('is called even when the download then fails, so a paid image is never lost track of', async () => {
    const seen: ImageProvenance[] = [];
    fake.setScenario('download-404');
    const error = expectFailure(await create({}, { onResponse: (info) => seen.push(info) }), 'download-failed');
    expect(seen).toEqual([
      {
        requestId: error.requestId,
        credits: 126000,
        sourceUrl: expect.stringContaining(`${fake.origin}/files/`),
        inferenceId: fake.requests[0]!.inferenceId,
        clientRequestId: null,
      },
    ]);
  });

  it.each(['400', '429', '503', 'content-violation', 'malformed-json', 'drop-connection'] as const)(
    'is not called when the answer (%s) holds no image',
    async (scenario) => {
      const seen: ImageProvenance[] = [];
      fake.setScenario(scenario);
      const result = await create({}, { onResponse: (info) => seen.push(info) });
      expect(result.ok).toBe(false);
      expect(seen).toEqual([]);
    },
  );

  it('turns a throwing callback into an internal error without downloading or leaving a file', async () => {
    const error = expectFailure(
      await create(
        {},
        {
          onResponse: () => {
            throw new Error('queue exploded');
          },
        },
      ),
      'internal',
    );
    expect(error).toMatchObject({ mayHaveBeenCharged: true, detail: 'Error: queue exploded' });
    expect(fake.downloads).toHaveLength(0);
    fake.reset();
    fake.setScenario('raw-image');
    const raw = expectFailure(
      await create(
        {},
        {
          params: { outputFormat: 'png' },
          onResponse: () => {
            throw new Error('queue exploded');
          },
        },
      ),
      'internal',
    );
    expect(raw.detail).toBe('Error: queue exploded');
  });
});
