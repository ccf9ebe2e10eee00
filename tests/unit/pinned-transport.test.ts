import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressRefusedError, createProxyAwareTransport, resolveAllowed, type DownloadTransport } from '../../electron/main/services/api/download-transport';
import { createPinnedTransport } from '../../electron/main/services/api/pinned-transport';
import { loopbackResolver, startHttpsHost, TEST_CERT, type HttpsHost } from './support/loopback-tls';

/**
 * The direct download transport against a real HTTPS server on 127.0.0.1. Names resolve through a
 * stub that only ever answers loopback, so every byte stays on this machine; "not allowed" is played
 * by a policy without loopback (as when the API is a public address).
 */

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const LOCAL = { allowLoopback: true };
const PUBLIC_ONLY = { allowLoopback: false };

let host: HttpsHost;
beforeAll(async () => {
  host = await startHttpsHost((req, res) => {
    switch (req.url) {
      case '/image.png':
        return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      case '/hop':
        return res.writeHead(302, { location: '/image.png' }).end();
      case '/gzip':
        return res.writeHead(200, { 'content-type': 'image/png', 'content-encoding': 'gzip' }).end(gzipSync(PNG));
      case '/endless':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(PNG);
        return;
      case undefined:
      default:
        return res.writeHead(404).end();
    }
  });
});
afterAll(async () => {
  await host.close();
});

const get = (transport: DownloadTransport, url: string, policy = LOCAL, signal = new AbortController().signal) =>
  transport({ url: new URL(url), policy, signal });

describe('pinned transport', () => {
  it('connects to the address it checked, resolving the name once: a second answer (rebinding) is never used', async () => {
    // First answer: the server. Any later one: a loopback address where nothing listens.
    const stub = loopbackResolver((_name, call) => (call === 1 ? '127.0.0.1' : '127.0.0.2'));
    const transport = createPinnedTransport({ resolve: stub.resolve, ca: [TEST_CERT] });
    const response = await get(transport, `${host.origin('images.test')}/image.png`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
    expect(stub.asked).toEqual(['images.test']);
  });

  it('refuses a name that resolves to an address the policy does not allow, before connecting', async () => {
    const stub = loopbackResolver();
    const transport = createPinnedTransport({ resolve: stub.resolve, ca: [TEST_CERT] });
    const before = host.hits.length;
    const error = await get(transport, `${host.origin('images.test')}/image.png`, PUBLIC_ONLY).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AddressRefusedError);
    expect(String(error)).toContain('images.test resolves to 127.0.0.1, not a public address (loopback)');
    expect(host.hits).toHaveLength(before);
  });

  it('refuses a literal address without asking the resolver', async () => {
    const stub = loopbackResolver();
    const transport = createPinnedTransport({ resolve: stub.resolve, ca: [TEST_CERT] });
    const before = host.hits.length;
    await expect(get(transport, `${host.origin('127.0.0.1')}/image.png`, PUBLIC_ONLY)).rejects.toBeInstanceOf(AddressRefusedError);
    expect(stub.asked).toEqual([]);
    expect(host.hits).toHaveLength(before);
  });

  it('refuses a name when any one of its addresses is not allowed', async () => {
    const mixed = async () => [
      { address: '8.8.8.8', family: 4 as const },
      { address: '10.1.2.3', family: 4 as const },
    ];
    // resolveAllowed alone: it never connects, so the public address here is never contacted.
    await expect(resolveAllowed(new URL('https://mixed.example/x.png'), LOCAL, mixed)).rejects.toThrow(
      'mixed.example resolves to 10.1.2.3, not a public address (private-network)',
    );
    await expect(resolveAllowed(new URL('https://none.example/x.png'), LOCAL, async () => [])).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('still verifies the certificate against the name, not the pinned address', async () => {
    const transport = createPinnedTransport({ resolve: loopbackResolver().resolve, ca: [TEST_CERT] });
    const untrusting = createPinnedTransport({ resolve: loopbackResolver().resolve, ca: [] });
    await expect(get(untrusting, `${host.origin('images.test')}/image.png`)).rejects.toMatchObject({ code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO/) });
    const ok = await get(transport, `${host.origin('rebind.test')}/image.png`);
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
  });

  it('hands redirects back, asks for no compression and decompresses nothing, and sends no credentials', async () => {
    const transport = createPinnedTransport({ resolve: loopbackResolver().resolve, ca: [TEST_CERT] });
    const hop = await get(transport, `${host.origin('images.test')}/hop`);
    expect([hop.status, hop.headers.get('location')]).toEqual([302, '/image.png']);
    await hop.body?.cancel();
    const gzip = await get(transport, `${host.origin('images.test')}/gzip`);
    expect(Buffer.from(await gzip.arrayBuffer())).toEqual(gzipSync(PNG));
    const sent = host.headers.at(-1)!;
    expect(sent['accept-encoding']).toBe('identity');
    expect(sent.authorization).toBeUndefined();
    expect(sent.cookie).toBeUndefined();
  });

  it('stops a body when the signal aborts', async () => {
    const transport = createPinnedTransport({ resolve: loopbackResolver().resolve, ca: [TEST_CERT] });
    const controller = new AbortController();
    const response = await get(transport, `${host.origin('images.test')}/endless`, LOCAL, controller.signal);
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    controller.abort(new Error('deadline'));
    await expect(reader.read()).rejects.toThrow();
  });
});

describe('behind a proxy', () => {
  const viaProxyCalls: string[] = [];
  const viaProxy: typeof fetch = async (input) => {
    viaProxyCalls.push(String(input));
    return new Response(PNG, { status: 200, headers: { 'content-type': 'image/png' } });
  };
  const direct: DownloadTransport = async ({ url }) => {
    viaProxyCalls.push(`direct ${url.href}`);
    return new Response(PNG, { status: 200, headers: { 'content-type': 'image/png' } });
  };

  it('goes direct (pinned) when the first proxy entry is DIRECT or the lookup fails', async () => {
    for (const proxyFor of [async () => 'DIRECT', async () => 'DIRECT; PROXY a:1', async () => Promise.reject(new Error('no session'))]) {
      viaProxyCalls.length = 0;
      const transport = createProxyAwareTransport({ proxyFor, direct, viaProxy, resolve: loopbackResolver().resolve });
      await get(transport, 'https://images.test/x.png');
      expect(viaProxyCalls).toEqual(['direct https://images.test/x.png']);
    }
  });

  it('checks the name first, then lets the proxy fetch; a name that does not resolve here is left to the proxy', async () => {
    const stub = loopbackResolver();
    const transport = createProxyAwareTransport({ proxyFor: async () => 'PROXY proxy.corp:3128;DIRECT', direct, viaProxy, resolve: stub.resolve });
    viaProxyCalls.length = 0;
    await get(transport, 'https://images.test/x.png');
    await get(transport, 'https://only-the-proxy-knows.example/x.png');
    expect(viaProxyCalls).toEqual(['https://images.test/x.png', 'https://only-the-proxy-knows.example/x.png']);
    expect(stub.asked).toEqual(['images.test', 'only-the-proxy-knows.example']);
  });

  it('refuses a name or literal that is not allowed, without handing it to the proxy', async () => {
    const transport = createProxyAwareTransport({ proxyFor: async () => 'PROXY proxy.corp:3128', direct, viaProxy, resolve: loopbackResolver().resolve });
    viaProxyCalls.length = 0;
    await expect(get(transport, 'https://images.test/x.png', PUBLIC_ONLY)).rejects.toBeInstanceOf(AddressRefusedError);
    await expect(get(transport, 'https://10.0.0.1/x.png', LOCAL)).rejects.toBeInstanceOf(AddressRefusedError);
    await expect(get(transport, 'https://[fd00::1]/x.png', LOCAL)).rejects.toBeInstanceOf(AddressRefusedError);
    expect(viaProxyCalls).toEqual([]);
  });
});
