import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ASPECT_RATIO_PIXELS, ASPECT_RATIOS, MODEL_ID, type AspectRatio } from '../../electron/shared/domain';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml } from '../fake-aiml/server';

/** The fake stands in for the real API in every other suite, so its own faithfulness is checked here. */

let fake: FakeAiml;

beforeAll(async () => {
  fake = await startFakeAiml();
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

const generate = (body: unknown, key: string | null = FAKE_VALID_KEY) =>
  fetch(`${fake.baseUrl}/images/generations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
    body: JSON.stringify(body),
  });

interface SuccessBody {
  data: { url: string | null; b64_json: string | null; request_id: string; content_violation: boolean }[];
  meta: { usage: Record<string, number> };
}

describe('fake AI/ML API', () => {
  it('answers 401 with the error envelope when the key is missing or unknown', async () => {
    for (const key of [null, 'not-a-key']) {
      const response = await generate({ model: MODEL_ID, prompt: 'a cat' }, key);
      expect(response.status).toBe(401);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ statusCode: 401, path: '/v1/images/generations' });
      expect(body.message).toMatch(/valid API key/);
      expect(typeof body.requestId).toBe('string');
      expect(Number.isNaN(Date.parse(String(body.timestamp)))).toBe(false);
    }
    expect(fake.requests.map((request) => request.scenario)).toEqual([null, null]);
  });

  it('rejects a 2561-character prompt with a zod-style body validation error', async () => {
    const response = await generate({ model: MODEL_ID, prompt: 'x'.repeat(2561) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; errors: { path: string[]; code: string }[] };
    expect(body.message).toBe('Body validation error!');
    expect(body.errors).toEqual([expect.objectContaining({ path: ['prompt'], code: 'too_big' })]);

    const atLimit = await generate({ model: MODEL_ID, prompt: 'x'.repeat(2560) });
    expect(atLimit.status).toBe(201);

    // Counted in characters (electron/shared/prompt-length.ts): 2560 emoji are 5120 UTF-16 units and still fit.
    expect((await generate({ model: MODEL_ID, prompt: '😀'.repeat(2560) })).status).toBe(201);
    expect((await generate({ model: MODEL_ID, prompt: '😀'.repeat(2561) })).status).toBe(400);
  });

  it('answers 404 for an unknown model and an unknown route', async () => {
    expect((await generate({ model: 'reve/not-a-model', prompt: 'a cat' })).status).toBe(404);
    const route = await fetch(`${fake.baseUrl}/chat/completions`, { method: 'POST' });
    expect(route.status).toBe(404);
    expect(await route.json()).toMatchObject({ statusCode: 404 });
  });

  it.each(ASPECT_RATIOS)('serves an 8-bit RGB PNG of the documented size for %s', async (ratio: AspectRatio) => {
    const response = await generate({ model: MODEL_ID, prompt: 'a cat', aspect_ratio: ratio });
    expect(response.status).toBe(201);
    const body = (await response.json()) as SuccessBody;
    const [item] = body.data;
    expect(item?.request_id).toMatch(/^rsid-[0-9a-f]{32}$/);
    expect(body.meta.usage.tokens_used).toBe(126000);

    const download = await fetch(item?.url ?? 'missing');
    expect(download.headers.get('content-type')).toBe('image/png');
    const metadata = await sharp(Buffer.from(await download.arrayBuffer())).metadata();
    expect(metadata).toMatchObject({ format: 'png', channels: 3, depth: 'uchar', hasAlpha: false, ...ASPECT_RATIO_PIXELS[ratio] });
  });

  it('uses 3:2 when no ratio is given and makes different bytes every time', async () => {
    const images = await Promise.all(
      [1, 2].map(async () => {
        const body = (await (await generate({ model: MODEL_ID, prompt: 'same prompt' })).json()) as SuccessBody;
        return Buffer.from(await (await fetch(body.data[0]?.url ?? 'missing')).arrayBuffer());
      }),
    );
    const [first, second] = images;
    expect(first?.equals(second ?? Buffer.alloc(0))).toBe(false);
    expect(await sharp(first).metadata()).toMatchObject(ASPECT_RATIO_PIXELS['3:2']);
    expect(fake.downloads).toHaveLength(2);
  });

  it('returns base64 instead of a URL when asked, and in the b64 scenario', async () => {
    const asked = (await (await generate({ model: MODEL_ID, prompt: 'a cat', convert_base64_to_url: false })).json()) as SuccessBody;
    fake.setScenario('b64');
    const forced = (await (await generate({ model: MODEL_ID, prompt: 'a cat', aspect_ratio: '1:1' })).json()) as SuccessBody;

    for (const [body, ratio] of [
      [asked, '3:2'],
      [forced, '1:1'],
    ] as const) {
      expect(body.data[0]?.url).toBeNull();
      const png = Buffer.from(body.data[0]?.b64_json ?? '', 'base64');
      expect(await sharp(png).metadata()).toMatchObject({ format: 'png', ...ASPECT_RATIO_PIXELS[ratio] });
    }
    expect(fake.downloads).toHaveLength(0);
  });

  it('serves a scenario the set number of times, then ok again', async () => {
    fake.setScenario('429', { times: 2, retryAfterSeconds: 7 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await generate({ model: MODEL_ID, prompt: 'a cat' });
      if (response.status === 429) expect(response.headers.get('retry-after')).toBe('7');
      statuses.push(response.status);
    }
    expect(statuses).toEqual([429, 429, 201]);
    expect(fake.requests.map((request) => request.scenario)).toEqual(['429', '429', 'ok']);
  });

  it('encodes the image as output_format asks, in the link and inline', async () => {
    const linked = (await (await generate({ model: MODEL_ID, prompt: 'a cat', output_format: 'jpeg' })).json()) as SuccessBody;
    const download = await fetch(linked.data[0]?.url ?? 'missing');
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(await sharp(Buffer.from(await download.arrayBuffer())).metadata()).toMatchObject({ format: 'jpeg', ...ASPECT_RATIO_PIXELS['3:2'] });

    const inline = (await (await generate({ model: MODEL_ID, prompt: 'a cat', output_format: 'webp', convert_base64_to_url: false })).json()) as SuccessBody;
    expect(await sharp(Buffer.from(inline.data[0]?.b64_json ?? '', 'base64')).metadata()).toMatchObject({ format: 'webp' });

    const json = (await (await generate({ model: MODEL_ID, prompt: 'a cat', output_format: 'json' })).json()) as SuccessBody;
    expect(json.data[0]?.url).toMatch(/\.png$/);
  });

  it('answers raw-image with the image itself as a 201 body', async () => {
    fake.setScenario('raw-image');
    const response = await generate({ model: MODEL_ID, prompt: 'a cat', aspect_ratio: '1:1', output_format: 'png' });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(await sharp(Buffer.from(await response.arrayBuffer())).metadata()).toMatchObject({ format: 'png', ...ASPECT_RATIO_PIXELS['1:1'] });
    expect(fake.requests.map((request) => request.scenario)).toEqual(['raw-image']);
  });

  it('fails the first download of a download-flaky image with 503 (and Retry-After when set), then serves it', async () => {
    fake.setScenario('download-flaky', { retryAfterSeconds: 4 });
    const body = (await (await generate({ model: MODEL_ID, prompt: 'a cat' })).json()) as SuccessBody;
    const url = body.data[0]?.url ?? 'missing';

    const first = await fetch(url);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('4');
    await first.arrayBuffer();
    const second = await fetch(url);
    expect(second.status).toBe(200);
    expect(await sharp(Buffer.from(await second.arrayBuffer())).metadata()).toMatchObject({ format: 'png' });
    expect(fake.downloads.map((download) => [download.status, download.outcome])).toEqual([
      [503, 'complete'],
      [200, 'complete'],
    ]);
  });

  it('breaks the first download of a download-drop image halfway, then serves it whole', async () => {
    fake.setScenario('download-drop');
    const body = (await (await generate({ model: MODEL_ID, prompt: 'a cat' })).json()) as SuccessBody;
    const url = body.data[0]?.url ?? 'missing';

    const first = await fetch(url);
    expect(first.status).toBe(200);
    await expect(first.arrayBuffer()).rejects.toThrow();
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(await sharp(whole).metadata()).toMatchObject({ format: 'png' });
    expect(fake.downloads.map((download) => download.outcome)).toEqual(['aborted', 'complete']);
    expect(fake.downloads[0]?.bytesSent).toBe(Math.floor(whole.length / 2));
    expect(fake.requests).toHaveLength(1);
  });

  it('sends Retry-After with a 503 when asked', async () => {
    fake.setScenario('503', { retryAfterSeconds: 9 });
    const response = await generate({ model: MODEL_ID, prompt: 'a cat' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('9');
  });

  it('can be driven over HTTP by a process that did not start it', async () => {
    const set = await fetch(`${fake.origin}/__fake/scenario`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '503' }),
    });
    expect(set.status).toBe(200);
    expect((await generate({ model: MODEL_ID, prompt: 'a cat' })).status).toBe(503);

    const seen = (await (await fetch(`${fake.origin}/__fake/requests`)).json()) as { requests: { scenario: string }[] };
    expect(seen.requests.map((request) => request.scenario)).toEqual(['503']);

    const unknown = await fetch(`${fake.origin}/__fake/scenario`, { method: 'POST', body: JSON.stringify({ name: 'nope' }) });
    expect(unknown.status).toBe(400);
  });

  it('ends hanging requests when it closes', async () => {
    const own = await startFakeAiml();
    own.setScenario('hang');
    const pending = fetch(`${own.baseUrl}/images/generations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_VALID_KEY}` },
      body: JSON.stringify({ model: MODEL_ID, prompt: 'a cat' }),
    }).then(
      () => 'answered',
      () => 'connection ended',
    );
    await expect.poll(() => own.requests.length).toBe(1);
    await own.close();
    expect(await pending).toBe('connection ended');
  });
});

describe('fake AI/ML API: scripted answers', () => {
  it('answers the next requests with a sequence of scenarios, in arrival order, then ok', async () => {
    const fake = await startFakeAiml();
    try {
      fake.setScenarioSequence(['500', 'ok', '403']);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const response = await fetch(`${fake.baseUrl}/images/generations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${FAKE_VALID_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'reve/create-image', prompt: `request ${i}` }),
        });
        statuses.push(response.status);
        await response.arrayBuffer();
      }
      expect(statuses).toEqual([500, 201, 403, 201]);
      expect(fake.requests.map((r) => r.scenario)).toEqual(['500', 'ok', '403', 'ok']);
    } finally {
      await fake.close();
    }
  });
});
