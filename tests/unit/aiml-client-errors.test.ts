import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../electron/main/services/api/retry-after';
import { fake, useAimlClientFixture, create, withScenario, withScenarioAfterReset } from './support/aiml-client-fixture';
import { expectFailure } from './support/aiml-client-expect';
import { withCustomApi, json } from './support/custom-api';

// API errors mapped to the app's codes, Retry-After, and the key kept out of every error. Shared setup: support/aiml-client-fixture.ts.
useAimlClientFixture();

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
    await withCustomApi(
      (_req, res) => {
        res.writeHead(500, { 'content-type': 'application/json', 'retry-after': '5' });
        res.end(JSON.stringify({ statusCode: 500, message: 'Internal server error' }));
      },
      async (api) => {
        expect(expectFailure(await create({}, { baseUrl: api.baseUrl }), 'server-error').retryAfterSeconds).toBeUndefined();
      },
    );
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    await withCustomApi(
      (_req, res) => {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': new Date(Date.now() + 90_000).toUTCString() });
        res.end(JSON.stringify({ statusCode: 429, message: 'Too Many Requests' }));
      },
      async (api) => {
        const seconds = expectFailure(await create({}, { baseUrl: api.baseUrl }), 'rate-limited').retryAfterSeconds;
        // Rounded to whole seconds on both ends, and a little time passes between sending and reading.
        expect(seconds).toBeGreaterThanOrEqual(80);
        expect(seconds).toBeLessThanOrEqual(91);
      },
    );
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
    await withCustomApi(
      (_req, res) => json(res, 200, { statusCode: '403', message: "You've run out of credits.", requestId: 'r-1' }),
      async (api) => {
        expect(expectFailure(await create({}, { baseUrl: api.baseUrl }), 'out-of-credits')).toMatchObject({ requestId: 'r-1', status: 200 });
      },
    );
  });
});

describe('createImage: the key stays secret', () => {
  it('redacts the key and Bearer tokens that an error body echoes back', async () => {
    const secret = 'sk-echoed-secret-1234567890';
    await withCustomApi(
      (req, res) =>
        json(res, 400, {
          statusCode: 400,
          message: `Bad key ${secret}`,
          echo: { authorization: req.headers.authorization, url: `https://x.test/?key=${encodeURIComponent(secret)}`, other: 'Bearer abc.def' },
        }),
      async (api) => {
        const error = expectFailure(await create({}, { baseUrl: api.baseUrl, apiKey: secret }), 'bad-request', secret);
        expect(error.message).toContain('[redacted]');
        expect(error.detail).toContain('Bearer [redacted]');
        expect(error.detail).not.toContain('abc.def');
      },
    );
  });

  it('never sends an unsendable key and never shows it', async () => {
    const badKey = 'has a space and\nnewline';
    const error = expectFailure(await create({}, { apiKey: badKey }), 'unauthorized', badKey);
    expect(error.mayHaveBeenCharged).toBe(false);
    expect(fake.requests).toHaveLength(0);
  });
});
