import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ASPECT_RATIO_PIXELS, MODEL_ID } from '../../electron/shared/domain';
import type { AppError, AppErrorCode, Result } from '../../electron/shared/errors';
import { createAimlClient, type AimlClientOptions, type GeneratedImage } from '../../electron/main/services/aiml-client';
import { downloadPermission } from '../../electron/main/services/image-download';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml, type ScenarioName } from '../fake-aiml/server';

const OVERSIZED_BYTES = 64 * 1024 * 1024;
const SMALL_CAP = 1024 * 1024;

let fake: FakeAiml;

beforeAll(async () => {
  fake = await startFakeAiml({ slowMs: 200, oversizedBytes: OVERSIZED_BYTES });
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

const create = (options: AimlClientOptions = {}, overrides: { apiKey?: string; prompt?: string; baseUrl?: string; signal?: AbortSignal } = {}) =>
  createAimlClient(options).createImage({
    baseUrl: overrides.baseUrl ?? fake.baseUrl,
    apiKey: overrides.apiKey ?? FAKE_VALID_KEY,
    prompt: overrides.prompt ?? 'a lighthouse at dusk',
    aspectRatio: '3:2',
    ...(overrides.signal ? { signal: overrides.signal } : {}),
  });

/** Every failure is checked for the code and for the one thing that must never leak: the key. */
function expectFailure(result: Result<GeneratedImage>, code: AppErrorCode, apiKey = FAKE_VALID_KEY): AppError {
  expect(JSON.stringify(result)).not.toContain(apiKey);
  if (result.ok) throw new Error(`expected a "${code}" failure, got an image`);
  expect(result.error.code).toBe(code);
  expect(result.error.message).toMatch(/^[A-Z].*[.!]$/);
  expect(result.error.detail?.length ?? 0).toBeLessThan(6000);
  return result.error;
}

function expectImage(result: Result<GeneratedImage>): GeneratedImage {
  if (!result.ok) throw new Error(`expected an image, got ${JSON.stringify(result.error)}`);
  return result.value;
}

async function withScenario(name: ScenarioName, options: AimlClientOptions = {}) {
  fake.setScenario(name);
  const result = await create(options);
  expect(fake.requests).toHaveLength(1);
  return result;
}

/** `withScenario` asserts one request since the last reset; this resets first for a second call. */
async function withScenarioAfterReset(name: ScenarioName) {
  fake.reset();
  return withScenario(name);
}

/** A one-off API on 127.0.0.1 for answers the fake has no scenario for (echoed keys, redirects). */
async function startCustomApi(handler: (req: IncomingMessage, res: ServerResponse, origin: string) => void) {
  let origin = '';
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => handler(req, res, origin));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}/v1`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('createImage: success', () => {
  it('sends one authorised POST and returns the downloaded PNG with its request id and credits', async () => {
    const image = expectImage(await create());
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      authorization: `Bearer ${FAKE_VALID_KEY}`,
      body: { model: MODEL_ID, prompt: 'a lighthouse at dusk', aspect_ratio: '3:2' },
      scenario: 'ok',
    });
    expect(image.mimeType).toBe('image/png');
    expect(image.requestId).toMatch(/^rsid-[0-9a-f]{32}$/);
    expect(image.credits).toBe(126000);
    expect(image.sourceUrl).toMatch(new RegExp(`^${fake.origin}/files/.+\\.png$`));
    expect(await sharp(image.bytes).metadata()).toMatchObject(ASPECT_RATIO_PIXELS['3:2']);
    expect(fake.downloads).toHaveLength(1);
  });

  it('takes the image from b64_json without downloading anything', async () => {
    const image = expectImage(await withScenario('b64'));
    expect(image.mimeType).toBe('image/png');
    expect(image.sourceUrl).toBeNull();
    expect(await sharp(image.bytes).metadata()).toMatchObject({ format: 'png' });
    expect(fake.downloads).toHaveLength(0);
  });

  it('reads credits from credits_used as well', async () => {
    expect(expectImage(await withScenario('credits-used')).credits).toBe(126000);
  });

  it('waits for a slow answer', async () => {
    expect(expectImage(await withScenario('slow')).mimeType).toBe('image/png');
  });

  it('accepts a 200 and takes b64_json even when a url is also given', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#336699' } }).png().toBuffer();
    const api = await startCustomApi((_req, res, origin) =>
      json(res, 200, {
        data: [{ url: `${origin}/never-fetched.png`, b64_json: png.toString('base64'), request_id: 'rsid-1', content_violation: false, extra: 1 }],
        meta: { usage: { tokens_used: '126000' } },
      }),
    );
    try {
      const image = expectImage(await create({}, { baseUrl: api.baseUrl }));
      expect(Buffer.from(image.bytes).equals(png)).toBe(true);
      expect(image.credits).toBe(126000);
      expect(image.sourceUrl).toBe(`${api.origin}/never-fetched.png`);
      expect(api.hits).toEqual(['POST /v1/images/generations']);
    } finally {
      await api.close();
    }
  });
});

describe('createImage: API errors', () => {
  it('maps a forced 400 to bad-request, quoting the validation message', async () => {
    const error = expectFailure(await withScenario('400'), 'bad-request');
    expect(error.message).toContain('Body validation error!');
    expect(error.message).toContain('prompt');
    expect(error).toMatchObject({ status: 400, mayHaveBeenCharged: false });
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.detail).toContain('"statusCode":400');
  });

  it('maps the real validation error for a prompt over 2560 characters', async () => {
    const error = expectFailure(await create({}, { prompt: 'x'.repeat(2561) }), 'bad-request');
    expect(error.message).toMatch(/prompt: Too big/);
    expect(fake.requests).toHaveLength(1);
  });

  it('maps an unknown key to unauthorized without leaking the key', async () => {
    const wrongKey = 'wrong-key-that-must-stay-secret';
    const error = expectFailure(await create({}, { apiKey: wrongKey }), 'unauthorized', wrongKey);
    expect(error.message).toMatch(/key in Settings/);
    expect(error).toMatchObject({ status: 401, mayHaveBeenCharged: false });
    expect(expectFailure(await withScenarioAfterReset('401'), 'unauthorized').status).toBe(401);
  });

  it('maps 403 to out-of-credits', async () => {
    expect(expectFailure(await withScenario('403'), 'out-of-credits')).toMatchObject({ status: 403, mayHaveBeenCharged: false });
  });

  it('maps 404 (scenario, unknown route) to not-found', async () => {
    expectFailure(await withScenario('404'), 'not-found');
    const wrongPath = expectFailure(await create({}, { baseUrl: `${fake.origin}/v2` }), 'not-found');
    expect(wrongPath.status).toBe(404);
  });

  it('maps 429 to rate-limited and honours Retry-After in the sentence', async () => {
    fake.setScenario('429', { retryAfterSeconds: 30 });
    const error = expectFailure(await create(), 'rate-limited');
    expect(error.message).toContain('30 seconds');
    expect(error.detail).toContain('Retry-After: 30');
    expect(error).toMatchObject({ status: 429, mayHaveBeenCharged: false });
    expectFailure(await withScenarioAfterReset('429'), 'rate-limited');
  });

  it.each([
    ['500', 'server-error', /internal error/],
    ['500-maintenance', 'server-error', /under maintenance/],
    ['string-status-code', 'server-error', /internal error/],
    ['empty-body', 'server-error', /internal error/],
    ['502', 'unavailable', /unavailable/],
    ['503', 'unavailable', /unavailable/],
    ['504', 'unavailable', /gave up generating/],
    ['html', 'unavailable', /unavailable/],
  ] as const)('maps %s to %s, flagged as maybe charged, after exactly one POST', async (scenario, code, message) => {
    const error = expectFailure(await withScenario(scenario), code);
    expect(error.message).toMatch(message);
    expect(error.mayHaveBeenCharged).toBe(true);
    expect(error.status).toBeGreaterThanOrEqual(500);
  });

  it('keeps a bounded snippet of an HTML gateway page in the detail', async () => {
    const error = expectFailure(await withScenario('html'), 'unavailable');
    expect(error.detail).toContain('502 Bad Gateway');
    expect(error.detail).toContain('HTTP 502');
  });

  it.each(['malformed-json', 'no-data'] as const)('maps a 2xx with %s to bad-response, maybe charged', async (scenario) => {
    expect(expectFailure(await withScenario(scenario), 'bad-response')).toMatchObject({ status: 201, mayHaveBeenCharged: true });
  });

  it('maps content_violation to a policy refusal without downloading', async () => {
    const error = expectFailure(await withScenario('content-violation'), 'content-violation');
    expect(error.message).toMatch(/content-policy/);
    expect(error.requestId).toMatch(/^rsid-/);
    expect(fake.downloads).toHaveLength(0);
  });

  it('reads an error envelope that arrives with a 2xx as the status it names', async () => {
    const api = await startCustomApi((_req, res) => json(res, 200, { statusCode: '403', message: "You've run out of credits.", requestId: 'r-1' }));
    try {
      expect(expectFailure(await create({}, { baseUrl: api.baseUrl }), 'out-of-credits')).toMatchObject({ requestId: 'r-1', status: 200 });
    } finally {
      await api.close();
    }
  });
});

describe('createImage: connection trouble', () => {
  it('gives timeout after a short request limit, after exactly one POST', async () => {
    const error = expectFailure(await withScenario('hang', { requestTimeoutMs: 300 }), 'timeout');
    expect(error.mayHaveBeenCharged).toBe(true);
  });

  it('gives network, maybe charged, when the connection drops after the body was sent', async () => {
    const error = expectFailure(await withScenario('drop-connection'), 'network');
    expect(error.mayHaveBeenCharged).toBe(true);
  });

  it('gives cancelled when the caller aborts mid-request', async () => {
    fake.setScenario('hang');
    const controller = new AbortController();
    const pending = create({}, { signal: controller.signal });
    await expect.poll(() => fake.requests.length).toBe(1);
    controller.abort();
    expect(expectFailure(await pending, 'cancelled').mayHaveBeenCharged).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const error = expectFailure(await create({}, { signal: AbortSignal.abort() }), 'cancelled');
    expect(error.mayHaveBeenCharged).toBe(false);
    expect(fake.requests).toHaveLength(0);
  });

  it('gives network, not charged, when nothing listens at the address', async () => {
    const closed = await startFakeAiml();
    await closed.close();
    const error = expectFailure(await create({}, { baseUrl: closed.baseUrl }), 'network');
    expect(error.mayHaveBeenCharged).toBe(false);
    expect(error.message).toContain(new URL(closed.origin).host);
    expect(error.detail).toContain('ECONNREFUSED');
  });

  it('refuses an API address that would send the key in clear text over the network', async () => {
    const error = expectFailure(await create({}, { baseUrl: 'http://api.example.com/v1' }), 'invalid-input');
    expect(error.mayHaveBeenCharged).toBe(false);
  });

  it('reports a redirect from the API instead of following it with the key', async () => {
    const target = await startCustomApi((_req, res) => json(res, 201, {}));
    const api = await startCustomApi((_req, res) => {
      res.writeHead(307, { location: `${target.baseUrl}/images/generations` });
      res.end();
    });
    try {
      const error = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'bad-response');
      expect(error).toMatchObject({ status: 307, mayHaveBeenCharged: false });
      expect(target.hits).toEqual([]);
    } finally {
      await Promise.all([api.close(), target.close()]);
    }
  });
});

describe('createImage: downloading the image', () => {
  it('refuses a link that is not an image, keeping the link and the charge', async () => {
    const error = expectFailure(await withScenario('download-not-image'), 'download-failed');
    expect(error.mayHaveBeenCharged).toBe(true);
    expect(error.requestId).toMatch(/^rsid-/);
    expect(error.detail).toContain(`${fake.origin}/files/`);
    expect(error.detail).toContain('Credits reported by the API: 126000');
  });

  it('reports a 404 download with the link kept', async () => {
    const error = expectFailure(await withScenario('download-404'), 'download-failed');
    expect(error.message).toContain('HTTP 404');
    expect(error.detail).toContain(`${fake.origin}/files/`);
    expect(fake.downloads).toEqual([expect.objectContaining({ status: 404 })]);
  });

  it('stops streaming an oversized image early', async () => {
    const error = expectFailure(await withScenario('download-oversized', { maxDownloadBytes: SMALL_CAP }), 'download-failed');
    expect(error.message).toContain('larger than 1 MB');
    expect(error.detail).toContain('Stopped after');
    await expect.poll(() => fake.downloads[0]?.outcome, { timeout: 10_000 }).toBe('aborted');
    expect(fake.downloads[0]?.bytesSent).toBeLessThan(OVERSIZED_BYTES / 2);
  });

  it('refuses an oversized image from its Content-Length before reading it', async () => {
    fake.setScenario('download-oversized', { declareLength: true });
    const error = expectFailure(await create({ maxDownloadBytes: SMALL_CAP }), 'download-failed');
    expect(error.detail).toContain(`Content-Length: ${OVERSIZED_BYTES}`);
    await expect.poll(() => fake.downloads[0]?.outcome, { timeout: 10_000 }).toBe('aborted');
  });

  it('refuses an inline image over the cap and one whose bytes are not an image', async () => {
    expectFailure(await withScenario('b64', { maxDownloadBytes: 1024 }), 'bad-response');
    const api = await startCustomApi((_req, res) =>
      json(res, 201, { data: [{ b64_json: Buffer.from('<html>not an image</html>').toString('base64'), url: null }] }),
    );
    try {
      const error = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'bad-response');
      expect(error.detail).toMatch(/not a PNG, JPEG or WebP/);
    } finally {
      await api.close();
    }
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
    const api = await startCustomApi((req, res, origin) => {
      if (req.method === 'POST') return json(res, 201, { data: [{ url: `${origin}/files/a.png`, b64_json: null }] });
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    });
    try {
      const error = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'download-failed');
      expect(error.detail).toContain('file:///etc/passwd');
      expect(api.hits).toEqual(['POST /v1/images/generations', 'GET /files/a.png']);
    } finally {
      await api.close();
    }
  });

  it('gives up on a download that does not finish in time', async () => {
    const api = await startCustomApi((req, res, origin) => {
      if (req.method === 'POST') return json(res, 201, { data: [{ url: `${origin}/files/slow.png`, b64_json: null }] });
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    });
    try {
      const error = expectFailure(await create({ downloadTimeoutMs: 300 }, { baseUrl: api.baseUrl }), 'download-failed');
      expect(error.message).toContain('300 ms');
    } finally {
      await api.close();
    }
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

describe('createImage: the key stays secret', () => {
  it('redacts the key and Bearer tokens that an error body echoes back', async () => {
    const secret = 'sk-echoed-secret-1234567890';
    const api = await startCustomApi((req, res) =>
      json(res, 400, {
        statusCode: 400,
        message: `Bad key ${secret}`,
        echo: { authorization: req.headers.authorization, url: `https://x.test/?key=${encodeURIComponent(secret)}`, other: 'Bearer abc.def' },
      }),
    );
    try {
      const error = expectFailure(await create({}, { baseUrl: api.baseUrl, apiKey: secret }), 'bad-request', secret);
      expect(error.message).toContain('[redacted]');
      expect(error.detail).toContain('Bearer [redacted]');
      expect(error.detail).not.toContain('abc.def');
    } finally {
      await api.close();
    }
  });

  it('never sends an unsendable key and never shows it', async () => {
    const badKey = 'has a space and\nnewline';
    const error = expectFailure(await create({}, { apiKey: badKey }), 'unauthorized', badKey);
    expect(error.mayHaveBeenCharged).toBe(false);
    expect(fake.requests).toHaveLength(0);
  });
});
