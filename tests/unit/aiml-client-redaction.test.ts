import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../electron/shared/errors';
import { createAimlClient, type AimlClientOptions, type CreateImageRequest } from '../../electron/main/services/api/client';
import type { ImageProvenance } from '../../electron/main/services/api/provenance';
import { REDACTED, SNIPPET_MAX_CHARS } from '../../electron/main/services/redact';
import { echoText, startEchoApi, type EchoApi, type EchoMode } from './support/echo-api';
import { needlesFor, needlesIn } from './support/secret-needles';

/**
 * The API client's final gate: whatever the API echoes, and whatever an error quotes, nothing the
 * client hands back (result, error, onResponse) holds the key in any spelling. Each layer is tested
 * alone: the gate with failures that have no body (a network error, a bug), the body snippet with a
 * key on the snippet's cut, which the gate sees only half of.
 */

const KEY = 'rvk-SENTINEL/echo+7f3a9c=2e41b8d6';
const NEEDLES = needlesFor(KEY);

let api: EchoApi;
beforeAll(async () => {
  api = await startEchoApi(KEY);
});
afterAll(() => api.close());

let incomingDir: string;
beforeEach(async () => {
  api.requests.length = 0;
  incomingDir = await mkdtemp(join(tmpdir(), 'reverie-redaction-'));
});
afterEach(() => rm(incomingDir, { recursive: true, force: true }));

const client = (options: Partial<AimlClientOptions> = {}) => createAimlClient({ incomingDir, downloadAttempts: 1, sleep: async () => undefined, ...options });

async function create(mode: EchoMode, options: Partial<AimlClientOptions> = {}, request: Partial<CreateImageRequest> = {}) {
  const handed: ImageProvenance[] = [];
  const result = await client(options).createImage({
    baseUrl: api.baseUrl,
    apiKey: KEY,
    params: {
      model: 'reve/create-image',
      sources: [],
      prompt: `echo:${mode} a lighthouse`,
      aspectRatio: '1:1',
      delivery: mode === 'ok-inline' ? 'base64' : 'url',
      outputFormat: null,
    },
    onResponse: (info) => void handed.push(info),
    ...request,
  });
  return { result, handed };
}

/** The forms of the key found anywhere in `value`; the test fails with the list when it is not empty. */
const leaks = (value: unknown) => needlesIn(JSON.stringify(value), NEEDLES).map((needle) => needle.form);

/** Every request after the POST: none may carry the key, in its URL or any header. */
const keyOutsideThePost = () =>
  api.requests
    .filter((request) => request.method !== 'POST')
    .filter((request) => needlesIn(`${request.url} ${request.authorization ?? ''} ${request.otherHeaders}`, NEEDLES).length > 0);

function expectError(result: Result<unknown>, code: string) {
  if (result.ok) throw new Error(`expected ${code}, got ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe(code);
  return result.error;
}

describe('API client: the final gate alone', () => {
  it('takes the key out of a network error whose message quotes it (no body, so no snippet to redact)', async () => {
    const quoting: typeof fetch = async () => {
      const cause = Object.assign(new Error(`proxy refused CONNECT with ${echoText(KEY)}`), { code: 'ECONNRESET' });
      throw new TypeError('fetch failed', { cause });
    };
    const { result } = await create('ok', { fetch: quoting });
    const error = expectError(result, 'network');
    expect(error.detail).toContain(REDACTED);
    expect(leaks(result)).toEqual([]);
  });

  it('takes the key out of an internal error whose message quotes it', async () => {
    const { result } = await create(
      'ok',
      {},
      {
        onResponse: () => {
          throw new Error(`recording failed for ${echoText(KEY)}`);
        },
      },
    );
    const error = expectError(result, 'internal');
    expect(error.detail).toContain(REDACTED);
    expect(leaks(result)).toEqual([]);
  });
});

describe('API client: what a successful answer echoes', () => {
  it.each(['ok', 'ok-inline'] as const)('hands back and hands over (%s) a request id without the key', async (mode) => {
    const { result, handed } = await create(mode);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.requestId).toContain(REDACTED);
    expect(result.value.credits).toBe(126_000);
    expect(leaks(result)).toEqual([]);
    expect(leaks(handed)).toEqual([]);
    expect(keyOutsideThePost()).toEqual([]);
    await rm(result.value.image.tempPath);
  });

  it.each(['link-with-key', 'link-with-encoded-key'] as const)('never fetches an image link that carries the key (%s), and says so', async (mode) => {
    const { result, handed } = await create(mode);
    const error = expectError(result, 'download-failed');
    expect(error.message).toMatch(/contains your API key/);
    expect(error.mayHaveBeenCharged).toBe(true);
    expect(handed[0]?.sourceUrl).toContain(REDACTED);
    expect(leaks(result)).toEqual([]);
    expect(leaks(handed)).toEqual([]);
    expect(api.requests.map((request) => request.method)).toEqual(['POST']);
    expect(await readdir(incomingDir)).toEqual([]);
  });

  it('does not follow a download redirect to a link that carries the key', async () => {
    const { result } = await create('download-redirect');
    expectError(result, 'download-failed');
    expect(leaks(result)).toEqual([]);
    expect(keyOutsideThePost()).toEqual([]);
    expect(api.requests.filter((request) => request.method === 'GET')).toHaveLength(1);
  });
});

describe('API client: errors that echo the key', () => {
  it.each<[EchoMode, string]>([
    ['bad-request', 'bad-request'],
    ['unauthorized-echo', 'unauthorized'],
    ['rate-limited', 'rate-limited'],
    ['server-error', 'server-error'],
    ['gateway-html', 'unavailable'],
    ['error-in-2xx', 'server-error'],
    ['redirect', 'bad-response'],
    ['not-json', 'bad-response'],
    ['download-404', 'download-failed'],
    ['download-not-image', 'download-failed'],
  ])('%s: no spelling of the key in the error', async (mode, code) => {
    const { result, handed } = await create(mode);
    expectError(result, code);
    expect(leaks(result)).toEqual([]);
    expect(leaks(handed)).toEqual([]);
    expect(keyOutsideThePost()).toEqual([]);
  });
});

describe('API client: the body snippet alone', () => {
  it('redacts a key that straddles the snippet cut, which the final gate sees only half of', async () => {
    for (const offset of [12, 20, 30]) {
      const body = `${'x'.repeat(SNIPPET_MAX_CHARS - offset)}${KEY}${'y'.repeat(500)}`;
      const serving: typeof fetch = async () => new Response(body, { status: 500, headers: { 'content-type': 'text/plain' } });
      const { result } = await create('ok', { fetch: serving });
      const error = expectError(result, 'server-error');
      expect(leaks(result)).toEqual([]);
      // Not even the half before the cut.
      expect(error.detail).not.toContain(KEY.slice(0, offset - 2));
    }
  });
});

describe('API client: download again', () => {
  it('refuses a link whose key was taken out, and a link with the key, without contacting anyone', async () => {
    const client_ = client();
    const redactedLink = `${api.origin}/files/x.png?api_key=${REDACTED}`;
    for (const request of [
      { url: redactedLink, baseUrl: api.baseUrl },
      { url: new URL(redactedLink).href, baseUrl: api.baseUrl },
      { url: `${api.origin}/files/x.png?api_key=${encodeURIComponent(KEY)}`, baseUrl: api.baseUrl, apiKey: KEY },
    ]) {
      const result = await client_.downloadAgain(request);
      const error = expectError(result, 'download-failed');
      expect(error.message).toMatch(/contains your API key/);
      expect(error.mayHaveBeenCharged).toBe(false);
      expect(leaks(result)).toEqual([]);
    }
    expect(api.requests).toEqual([]);
  });
});
