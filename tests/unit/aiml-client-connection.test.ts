import { describe, expect, it } from 'vitest';
import { startFakeAiml } from '../fake-aiml/server';
import { fake, incomingDir, namesIn, useAimlClientFixture, create, withScenario } from './support/aiml-client-fixture';
import { expectFailure } from './support/aiml-client-expect';
import { startCustomApi, withCustomApi, json } from './support/custom-api';

// Connection trouble: timeouts, dropped connections, cancels, closed ports, clear text and redirects. Shared setup: support/aiml-client-fixture.ts.
useAimlClientFixture();

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
    await withCustomApi(
      (_req, res) => {
        res.writeHead(201, { 'content-type': 'image/png' });
        res.write(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
      },
      async (api) => {
        const pending = create({}, { baseUrl: api.baseUrl, signal: controller.signal });
        // Cancel only once the half image has started landing, so the cleanup is what gets tested.
        await expect.poll(() => namesIn(incomingDir)).toHaveLength(1);
        controller.abort();
        expect(expectFailure(await pending, 'cancelled').mayHaveBeenCharged).toBe(true);
      },
    );
  });
});
