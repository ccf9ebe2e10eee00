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
