import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ASPECT_RATIO_PIXELS, MODEL_ID, type GenerationParams } from '../../electron/shared/domain';
import { codeOf, type AppError, type AppErrorCode, type Result } from '../../electron/shared/errors';
import {
  createAimlClient,
  type AimlClientOptions,
  type CreateImageRequest,
  type GeneratedImage,
  type ReceivedImage,
} from '../../electron/main/services/api/client';
import { isTempFileName } from '../../electron/main/services/atomic-write';
import { downloadPermission } from '../../electron/main/services/api/download';
import type { ImageProvenance } from '../../electron/main/services/api/provenance';
import { parseRetryAfter } from '../../electron/main/services/api/retry-after';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml, type ScenarioName } from '../fake-aiml/server';

const OVERSIZED_BYTES = 64 * 1024 * 1024;
const SMALL_CAP = 1024 * 1024;

let fake: FakeAiml;

beforeAll(async () => {
  fake = await startFakeAiml({ slowMs: 200, oversizedBytes: OVERSIZED_BYTES });
});
afterAll(async () => {
  await fake.close();
});

let workDir: string;
/** The folder the client writes into; created by the client on demand, like the store's `incoming/`. */
let incomingDir: string;
/** Temp files handed back by successful calls in this test: the only files allowed in `incomingDir`. */
let handedOut: string[];
/** Backoff waits the client asked for; recorded instead of slept, so retries cost no time. */
let sleeps: number[];

async function namesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return [];
    throw error;
  }
}

beforeEach(async () => {
  fake.reset();
  workDir = await mkdtemp(join(tmpdir(), 'reverie-client-'));
  incomingDir = join(workDir, 'incoming');
  handedOut = [];
  sleeps = [];
});

// The file-level promise: whatever a test did (failures, cancels, retries), the incoming folder holds
// exactly the files that were handed back, and not one leftover.
afterEach(async () => {
  try {
    expect(await namesIn(incomingDir)).toEqual(handedOut.map((path) => basename(path)).sort());
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
});

const recordSleep = (ms: number) => {
  sleeps.push(ms);
  return Promise.resolve();
};

const client = (options: Partial<AimlClientOptions> = {}) => createAimlClient({ incomingDir, sleep: recordSleep, ...options });

function track<T extends ReceivedImage | GeneratedImage>(result: Result<T>): Result<T> {
  if (result.ok) handedOut.push('tempPath' in result.value ? result.value.tempPath : result.value.image.tempPath);
  return result;
}

interface Overrides extends Partial<Omit<CreateImageRequest, 'params'>> {
  prompt?: string;
  params?: Partial<GenerationParams>;
}

const create = async (options: Partial<AimlClientOptions> = {}, overrides: Overrides = {}) => {
  const { prompt, params, ...request } = overrides;
  return track(
    await client(options).createImage({
      baseUrl: fake.baseUrl,
      apiKey: FAKE_VALID_KEY,
      ...request,
      params: { prompt: prompt ?? 'a lighthouse at dusk', aspectRatio: '3:2', delivery: 'url', outputFormat: null, ...params },
    }),
  );
};

const downloadAgain = async (url: string, options: Partial<AimlClientOptions> = {}, request: { baseUrl?: string; signal?: AbortSignal } = {}) =>
  track(await client(options).downloadAgain({ url, baseUrl: request.baseUrl ?? fake.baseUrl, ...(request.signal ? { signal: request.signal } : {}) }));

/** Every failure is checked for the code and for the one thing that must never leak: the key. */
function expectFailure(result: Result<unknown>, code: AppErrorCode, apiKey = FAKE_VALID_KEY): AppError {
  expect(JSON.stringify(result)).not.toContain(apiKey);
  if (result.ok) throw new Error(`expected a "${code}" failure, got ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe(code);
  expect(result.error.message).toMatch(/^[A-Z].*[.!]$/);
  expect(result.error.detail?.length ?? 0).toBeLessThan(6000);
  return result.error;
}

/** The received file is where it is said to be, a temp file in the incoming folder, and is what it is said to be. */
async function expectReceived(image: ReceivedImage): Promise<Buffer> {
  expect(dirname(image.tempPath)).toBe(incomingDir);
  expect(isTempFileName(basename(image.tempPath))).toBe(true);
  const bytes = await readFile(image.tempPath);
  expect(bytes.byteLength).toBe(image.byteSize);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(image.fileHash);
  return bytes;
}

async function expectImage(result: Result<GeneratedImage>): Promise<GeneratedImage> {
  if (!result.ok) throw new Error(`expected an image, got ${JSON.stringify(result.error)}`);
  await expectReceived(result.value.image);
  return result.value;
}

async function withScenario(name: ScenarioName, options: Partial<AimlClientOptions> = {}, overrides: Overrides = {}) {
  fake.setScenario(name);
  const result = await create(options, overrides);
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

const smallPng = () => sharp({ create: { width: 4, height: 4, channels: 3, background: '#336699' } }).png().toBuffer();

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
    const api = await startCustomApi((_req, res, origin) =>
      json(res, 200, {
        data: [{ url: `${origin}/never-fetched.png`, b64_json: png.toString('base64'), request_id: 'rsid-1', content_violation: false, extra: 1 }],
        meta: { usage: { tokens_used: '126000' } },
      }),
    );
    try {
      const generated = await expectImage(await create({}, { baseUrl: api.baseUrl }));
      expect((await readFile(generated.image.tempPath)).equals(png)).toBe(true);
      expect(generated.credits).toBe(126000);
      expect(generated.sourceUrl).toBe(`${api.origin}/never-fetched.png`);
      expect(api.hits).toEqual(['POST /v1/images/generations']);
    } finally {
      await api.close();
    }
  });

  it('reads a JSON body whose Content-Type a proxy lost', async () => {
    const png = await smallPng();
    const api = await startCustomApi((_req, res) => {
      res.writeHead(201, { 'content-type': 'text/plain' });
      res.end(JSON.stringify({ data: [{ b64_json: png.toString('base64'), url: null, request_id: 'rsid-2' }] }));
    });
    try {
      expect((await expectImage(await create({}, { baseUrl: api.baseUrl }))).requestId).toBe('rsid-2');
    } finally {
      await api.close();
    }
  });
});

describe('createImage: the image itself as the answer', () => {
  it('keeps a raw image body, with no request id, credits or link, and downloads nothing', async () => {
    const seen: ImageProvenance[] = [];
    const generated = await expectImage(await withScenario('raw-image', {}, { params: { outputFormat: 'png' }, onResponse: (info) => seen.push(info) }));
    expect(generated).toMatchObject({ requestId: null, credits: null, sourceUrl: null });
    expect(generated.image.mimeType).toBe('image/png');
    expect(await sharp(generated.image.tempPath).metadata()).toMatchObject({ format: 'png', ...ASPECT_RATIO_PIXELS['3:2'] });
    expect(seen).toEqual([{ requestId: null, credits: null, sourceUrl: null }]);
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
    const api = await startCustomApi((_req, res) => {
      res.writeHead(201, { 'content-type': 'image/png' });
      res.end('<html>this is not a png at all</html>');
    });
    try {
      const error = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'bad-response');
      expect(error.detail).toMatch(/not a PNG, JPEG or WebP/);
      expect(error.mayHaveBeenCharged).toBe(true);
    } finally {
      await api.close();
    }
  });

  it('refuses a 2xx that is neither JSON nor an image', async () => {
    const api = await startCustomApi((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome to the captive portal</body></html>');
    });
    try {
      const error = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'bad-response');
      expect(error.detail).toContain('text/html, neither JSON nor an image');
    } finally {
      await api.close();
    }
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
      { info: { requestId: generated.requestId, credits: 126000, sourceUrl: generated.sourceUrl }, downloadsSoFar: 0, filesSoFar: -1 },
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
    expect(seen).toEqual([{ requestId: error.requestId, credits: 126000, sourceUrl: expect.stringContaining(`${fake.origin}/files/`) }]);
  });

  it.each(['400', '429', '503', 'content-violation', 'malformed-json', 'drop-connection'] as const)('is not called when the answer (%s) holds no image', async (scenario) => {
    const seen: ImageProvenance[] = [];
    fake.setScenario(scenario);
    const result = await create({}, { onResponse: (info) => seen.push(info) });
    expect(result.ok).toBe(false);
    expect(seen).toEqual([]);
  });

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

  it('maps 429 to rate-limited and honours Retry-After in the sentence and as retryAfterSeconds', async () => {
    fake.setScenario('429', { retryAfterSeconds: 30 });
    const error = expectFailure(await create(), 'rate-limited');
    expect(error.message).toContain('30 seconds');
    expect(error.detail).toContain('Retry-After: 30');
    expect(error).toMatchObject({ status: 429, mayHaveBeenCharged: false, retryAfterSeconds: 30 });
    const without = expectFailure(await withScenarioAfterReset('429'), 'rate-limited');
    expect(without.retryAfterSeconds).toBeUndefined();
  });

  it('gives a 503 its Retry-After, and no other status', async () => {
    fake.setScenario('503', { retryAfterSeconds: 12 });
    expect(expectFailure(await create(), 'unavailable')).toMatchObject({ status: 503, retryAfterSeconds: 12, mayHaveBeenCharged: true });
    const api = await startCustomApi((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json', 'retry-after': '5' });
      res.end(JSON.stringify({ statusCode: 500, message: 'Internal server error' }));
    });
    try {
      expect(expectFailure(await create({}, { baseUrl: api.baseUrl }), 'server-error').retryAfterSeconds).toBeUndefined();
    } finally {
      await api.close();
    }
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    const api = await startCustomApi((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': new Date(Date.now() + 90_000).toUTCString() });
      res.end(JSON.stringify({ statusCode: 429, message: 'Too Many Requests' }));
    });
    try {
      const seconds = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'rate-limited').retryAfterSeconds;
      // Rounded to whole seconds on both ends, and a little time passes between sending and reading.
      expect(seconds).toBeGreaterThanOrEqual(80);
      expect(seconds).toBeLessThanOrEqual(91);
    } finally {
      await api.close();
    }
  });

  it('parses Retry-After as seconds or an HTTP date, and nothing else', () => {
    const now = Date.parse('2025-12-05T13:46:30Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Fri, 05 Dec 2025 13:47:00 GMT', now)).toBe(30);
    expect(parseRetryAfter('Fri, 05 Dec 2025 13:00:00 GMT', now)).toBe(0);
    for (const header of [null, '', 'soon', '-5', '1.5', '2025-13-45']) expect(parseRetryAfter(header, now), String(header)).toBeNull();
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

  it('stops a raw image body at a cancel and leaves no half file', async () => {
    const controller = new AbortController();
    const api = await startCustomApi((_req, res) => {
      res.writeHead(201, { 'content-type': 'image/png' });
      res.write(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    });
    try {
      const pending = create({}, { baseUrl: api.baseUrl, signal: controller.signal });
      // Cancel only once the half image has started landing, so the cleanup is what gets tested.
      await expect.poll(() => namesIn(incomingDir)).toHaveLength(1);
      controller.abort();
      expect(expectFailure(await pending, 'cancelled').mayHaveBeenCharged).toBe(true);
    } finally {
      await api.close();
    }
  });
});

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

  it('gives up on a download that does not finish in time, after the set number of tries', async () => {
    const api = await startCustomApi((req, res, origin) => {
      if (req.method === 'POST') return json(res, 201, { data: [{ url: `${origin}/files/slow.png`, b64_json: null }] });
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    });
    try {
      const error = expectFailure(await create({ downloadTimeoutMs: 300, downloadAttempts: 2 }, { baseUrl: api.baseUrl }), 'download-failed');
      expect(error.message).toContain('300 ms');
      expect(error.detail).toContain('Gave up after 2 attempts.');
      expect(api.hits).toEqual(['POST /v1/images/generations', 'GET /files/slow.png', 'GET /files/slow.png']);
    } finally {
      await api.close();
    }
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
    const api = await startCustomApi((req, res, origin) => {
      if (req.method === 'POST') return json(res, 201, { data: [{ url: `${origin}/files/busy.png`, b64_json: null, request_id: 'rsid-busy' }] });
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    try {
      const error = expectFailure(await create({ downloadAttempts: 4, downloadBackoffMs: 250 }, { baseUrl: api.baseUrl }), 'download-failed');
      expect(error).toMatchObject({ status: 502, requestId: 'rsid-busy', mayHaveBeenCharged: true });
      expect(error.detail).toContain('Gave up after 4 attempts.');
      expect(sleeps).toEqual([250, 500, 1000]);
      expect(api.hits.filter((hit) => hit.startsWith('POST'))).toHaveLength(1);
      expect(api.hits.filter((hit) => hit.startsWith('GET'))).toHaveLength(4);
    } finally {
      await api.close();
    }
  });

  it('retries a 429 on the download but hands a long Retry-After back instead of waiting it out', async () => {
    let gets = 0;
    const api = await startCustomApi((req, res, origin) => {
      if (req.method === 'POST') return json(res, 201, { data: [{ url: `${origin}/files/limited.png`, b64_json: null }] });
      gets += 1;
      res.writeHead(429, { 'retry-after': gets === 1 ? '2' : '3600' });
      res.end();
    });
    try {
      const error = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'download-failed');
      expect(error).toMatchObject({ status: 429, retryAfterSeconds: 3600 });
      expect(sleeps).toEqual([2000]);
      expect(gets).toBe(2);
    } finally {
      await api.close();
    }
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
    const api = await startCustomApi((req, res, origin) => {
      if (req.method === 'POST') return json(res, 201, { data: [{ url: `${origin}/files/stalls.png`, b64_json: null, request_id: 'rsid-c' }] });
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]));
    });
    try {
      const pending = create({}, { baseUrl: api.baseUrl, signal: controller.signal });
      await expect.poll(() => namesIn(incomingDir)).toHaveLength(1);
      controller.abort();
      const error = expectFailure(await pending, 'cancelled');
      expect(error).toMatchObject({ mayHaveBeenCharged: true, requestId: 'rsid-c' });
      expect(error.detail).toContain(`${api.origin}/files/stalls.png`);
      expect(api.hits.filter((hit) => hit.startsWith('GET'))).toHaveLength(1);
      expect(sleeps).toEqual([]);
    } finally {
      await api.close();
    }
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
    const cdn = await startCustomApi((_req, res) => {
      gets += 1;
      if (gets === 1) {
        res.writeHead(503);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(png);
    });
    try {
      const again = await downloadAgain(`${cdn.origin}/files/back.png`, {}, { baseUrl: cdn.baseUrl });
      if (!again.ok) throw new Error(JSON.stringify(again.error));
      expect((await expectReceived(again.value)).equals(png)).toBe(true);
      expect(cdn.hits).toEqual(['GET /files/back.png', 'GET /files/back.png']);
      expect(sleeps).toEqual([1000]);
    } finally {
      await cdn.close();
    }
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
