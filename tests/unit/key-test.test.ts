import { describe, expect, it } from 'vitest';
import { billingUrl, checkApiKey } from '../../electron/main/services/api/key-check';
import { FAKE_VALID_KEY } from '../fake-aiml/server';
import { json, withCustomApi } from './support/custom-api';
import { saveKey, UNREACHABLE_API, useHostedStudios } from './support/studio-fixture';

const studios = useHostedStudios({ fakeApi: true });
const OTHER_KEY = 'sk-not-a-key-the-api-knows-1234';

describe('key:test over real HTTP against the fake API', () => {
  it('says a typed key works, with the balance, without saving it and without a paid request', async () => {
    const h = await studios.host();
    const reply = await h.studio.handlers['key:test']({ key: FAKE_VALID_KEY });
    expect(reply).toEqual({ ok: true, value: { tested: 'typed', balanceUsd: 12.5 } });
    expect(studios.fake.billingChecks).toEqual([{ authorization: `Bearer ${FAKE_VALID_KEY}`, status: 200 }]);
    // Nothing charged: no generation was requested, and the key was not stored.
    expect(studios.fake.requests).toEqual([]);
    expect(await h.studio.handlers['key:status'](undefined)).toMatchObject({ ok: true, value: { stored: false } });
  });

  it('tests the stored key when none is typed', async () => {
    const h = await saveKey(await studios.host());
    expect(await h.studio.handlers['key:test']({})).toEqual({ ok: true, value: { tested: 'stored', balanceUsd: 12.5 } });
    expect(studios.fake.billingChecks).toHaveLength(1);
  });

  it('says a key the API refuses is refused, and never echoes the key', async () => {
    const h = await studios.host();
    const reply = await h.studio.handlers['key:test']({ key: OTHER_KEY });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unauthorized', status: 401, message: expect.stringMatching(/refused this key/) } });
    expect(JSON.stringify(reply)).not.toContain(OTHER_KEY);
    expect(studios.fake.billingChecks).toEqual([{ authorization: `Bearer ${OTHER_KEY}`, status: 401 }]);
  });

  it('asks for a key when none is typed or stored, sending nothing', async () => {
    const h = await studios.host();
    expect(await h.studio.handlers['key:test']({})).toMatchObject({ ok: false, error: { code: 'no-key' } });
    expect(studios.fake.billingChecks).toEqual([]);
  });

  it('says the API could not be reached when nothing listens', async () => {
    const h = await studios.host({ apiBaseUrl: UNREACHABLE_API });
    const reply = await h.studio.handlers['key:test']({ key: FAKE_VALID_KEY });
    expect(reply).toMatchObject({ ok: false, error: { code: 'network', message: expect.stringMatching(/Could not reach the API at 127\.0\.0\.1:9/) } });
  });
});

describe('checkApiKey on answers the fake does not give', () => {
  it('a 403 is a refusal too; a 404 or 500 says it cannot tell; a redirect is not followed', async () => {
    for (const [status, code] of [
      [403, 'unauthorized'],
      [404, 'bad-response'],
      [500, 'bad-response'],
      [429, 'rate-limited'],
      [302, 'bad-response'],
    ] as const) {
      await withCustomApi(
        (_req, res, origin) => {
          if (status === 302) {
            res.writeHead(302, { location: `${origin}/elsewhere` });
            res.end();
          } else json(res, status, { statusCode: status, message: 'no' });
        },
        async (api) => {
          const reply = await checkApiKey({ baseUrl: api.baseUrl, apiKey: OTHER_KEY });
          expect(reply, `HTTP ${status}`).toMatchObject({ ok: false, error: { code, status } });
          expect(api.hits).toEqual(['GET /v2/billing']);
        },
      );
    }
  });

  it('a 2xx of another shape still means the key works, without a balance', async () => {
    await withCustomApi(
      (_req, res) => json(res, 200, { balance: 551564495 }),
      async (api) => expect(await checkApiKey({ baseUrl: api.baseUrl, apiKey: OTHER_KEY })).toEqual({ ok: true, value: { balanceUsd: null } }),
    );
  });

  it('gives up after its time limit and says nothing was charged', async () => {
    await withCustomApi(
      () => undefined,
      async (api) => {
        const reply = await checkApiKey({ baseUrl: api.baseUrl, apiKey: OTHER_KEY, timeoutMs: 50 });
        expect(reply).toMatchObject({ ok: false, error: { code: 'timeout', message: expect.stringMatching(/Nothing was charged/) } });
      },
    );
  });
});

describe('billingUrl', () => {
  it('puts /v2/billing next to the API version, keeps a proxy path, refuses unsafe addresses', () => {
    expect(billingUrl('https://api.aimlapi.com/v1')?.href).toBe('https://api.aimlapi.com/v2/billing');
    expect(billingUrl('https://proxy.example.com/aiml/v1/')?.href).toBe('https://proxy.example.com/aiml/v2/billing');
    expect(billingUrl('https://proxy.example.com/aiml')?.href).toBe('https://proxy.example.com/aiml/v2/billing');
    expect(billingUrl('http://127.0.0.1:8080/v1')?.href).toBe('http://127.0.0.1:8080/v2/billing');
    expect(billingUrl('http://example.com/v1')).toBeNull();
  });
});
