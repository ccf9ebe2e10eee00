import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createElectronDownloadTransport } from '../../electron/main/adapters/electron-download-transport';
import { createElectronFetch } from '../../electron/main/adapters/electron-fetch';
import { downloadOnce } from '../../electron/main/services/api/download';
import { describeNetworkFailure } from '../../electron/main/services/api/network-failure';
import { createNetworkMonitor } from '../../electron/main/services/queue/network-monitor';

/**
 * Main's fetch in the app, on the fake of Electron's `net` (fake-electron-net.ts: Node's http under
 * Electron's rules) against a real HTTP server on 127.0.0.1.
 */
const electron = await vi.hoisted(async () => (await import('./support/fake-electron')).createFakeElectron());
vi.mock('electron', () => electron.module);

/** A 1×1 PNG: enough for the image checks of a download. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const seen: Array<{ method: string; url: string }> = [];
let server: http.Server;
let base: string;
let closedPort: number;
let incoming: string;

function route(req: http.IncomingMessage, res: http.ServerResponse) {
  seen.push({ method: req.method ?? '', url: req.url ?? '' });
  switch (req.url) {
    case '/ok':
      return res.end('fine');
    case '/redirect':
      return res.writeHead(302, { location: '/ok' }).end();
    case '/image-hop':
      return res.writeHead(301, { location: '/image.png' }).end();
    case '/image.png':
      return res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(PNG);
    case '/no-content':
      return res.writeHead(204).end();
    case '/echo': {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ body: Buffer.concat(chunks).toString(), authorization: req.headers.authorization })),
      );
      return;
    }
    case '/headers-then-hang':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first part');
      return;
    case '/hang':
      return;
    case '/drop':
      return req.socket.destroy();
    case undefined:
    default:
      return res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = http.createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  incoming = await mkdtemp(path.join(tmpdir(), 'reverie-net-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(incoming, { recursive: true, force: true });
});

describe('before the app is ready', () => {
  it('refuses, as Electron’s net does', async () => {
    const fetchInApp = createElectronFetch();
    await expect(fetchInApp(`${base}/ok`, { redirect: 'manual' })).rejects.toThrow('net module can only be used after app is ready');
    await expect(fetchInApp(`${base}/ok`)).rejects.toThrow('Session can only be received when app is ready');
    expect(seen).toEqual([]);
  });
});

describe('after ready', () => {
  const fetchInApp = createElectronFetch();
  beforeAll(() => electron.markReady());

  it('hands a redirect back under redirect: manual (with its Location), instead of failing or following it', async () => {
    seen.length = 0;
    const response = await fetchInApp(`${base}/redirect`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/ok');
    expect(response.body).toBeNull();
    expect(seen.map((request) => request.url)).toEqual(['/redirect']);
    expect(electron.netCalls.at(-1)).toEqual({ via: 'net.request', method: 'GET', url: `${base}/redirect` });
  });

  it('leaves other redirect modes to net.fetch, which follows', async () => {
    const response = await fetchInApp(`${base}/redirect`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('fine');
    expect(electron.netCalls.at(-1)).toMatchObject({ via: 'net.fetch', url: `${base}/redirect` });
  });

  it('net.fetch itself loses the redirect under manual: the reason the adapter exists', async () => {
    await expect(electron.module.net.fetch(`${base}/redirect`, { redirect: 'manual' })).rejects.toThrow('Redirect was cancelled');
  });

  it('sends the method, headers and body, and streams the answer back', async () => {
    const response = await fetchInApp(`${base}/echo`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'a lighthouse' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ body: '{"prompt":"a lighthouse"}', authorization: 'Bearer test-key' });
  });

  it('gives HEAD and 204 answers no body', async () => {
    const head = await fetchInApp(`${base}/ok`, { method: 'HEAD', redirect: 'manual' });
    expect([head.status, head.body]).toEqual([200, null]);
    const empty = await fetchInApp(`${base}/no-content`, { redirect: 'manual' });
    expect([empty.status, empty.body]).toEqual([204, null]);
  });

  it('rejects with the signal’s reason when aborted before the answer', async () => {
    const controller = new AbortController();
    const pending = fetchInApp(`${base}/hang`, { redirect: 'manual', signal: controller.signal });
    await vi.waitFor(() => expect(seen.at(-1)?.url).toBe('/hang'));
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('fails the body with the signal’s reason when aborted after the answer', async () => {
    const controller = new AbortController();
    const response = await fetchInApp(`${base}/headers-then-hang`, { redirect: 'manual', signal: controller.signal });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first part');
    const reason = new Error('deadline');
    controller.abort(reason);
    await expect(reader.read()).rejects.toBe(reason);
  });

  it('does not send at all once the signal is aborted', async () => {
    const before = electron.netCalls.length;
    await expect(fetchInApp(`${base}/ok`, { redirect: 'manual', signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
    expect(electron.netCalls).toHaveLength(before);
  });

  it('reports Chromium’s codes: a refused connection proves nothing was sent, a dropped one does not', async () => {
    const refused = await fetchInApp(`http://127.0.0.1:${closedPort}/`, { redirect: 'manual' }).catch((error: unknown) => error);
    expect(refused).toEqual(new Error('net::ERR_CONNECTION_REFUSED'));
    expect(describeNetworkFailure(refused).maybeDelivered).toBe(false);
    const dropped = await fetchInApp(`${base}/drop`, { method: 'POST', body: '{}', redirect: 'manual' }).catch((error: unknown) => error);
    expect(dropped).toEqual(new Error('net::ERR_EMPTY_RESPONSE'));
    expect(describeNetworkFailure(dropped).maybeDelivered).toBe(true);
  });

  it('fetches http(s) only: net.fetch would also open file: and the app’s own schemes', async () => {
    const before = electron.netCalls.length;
    for (const url of ['file:///etc/passwd', 'app://reverie/index.html', 'reverie-media://library/original/x']) {
      const error = await fetchInApp(url).catch((caught: unknown) => caught);
      expect(String(error)).toContain('net::ERR_DISALLOWED_URL_SCHEME');
      expect(describeNetworkFailure(error).maybeDelivered).toBe(false);
    }
    expect(electron.netCalls).toHaveLength(before);
  });

  it('serves image downloads behind a proxy: each redirect hop comes back to be checked, then the image arrives', async () => {
    const transport = createElectronDownloadTransport();
    const download = () => downloadOnce(`${base}/image-hop`, { transport, baseUrl: base, incomingDir: incoming, maxBytes: 1024, timeoutMs: 10_000 });
    electron.proxy.rule = 'PROXY 127.0.0.1:3128;DIRECT';
    try {
      seen.length = 0;
      const before = electron.netCalls.length;
      expect((await download()).ok).toBe(true);
      expect(seen.map((request) => request.url)).toEqual(['/image-hop', '/image.png']);
      // Through Chromium's net: the proxy, not Reverie, opens the connection.
      expect(electron.netCalls.slice(before).map((call) => call.url)).toEqual([`${base}/image-hop`, `${base}/image.png`]);
      expect(electron.proxy.asked.slice(-2)).toEqual([`${base}/image-hop`, `${base}/image.png`]);
    } finally {
      electron.proxy.rule = 'DIRECT';
    }
  });

  it('downloads directly (pinned to the checked address, outside net) when no proxy applies', async () => {
    const transport = createElectronDownloadTransport();
    seen.length = 0;
    const before = electron.netCalls.length;
    const attempt = await downloadOnce(`${base}/image-hop`, { transport, baseUrl: base, incomingDir: incoming, maxBytes: 1024, timeoutMs: 10_000 });
    expect(attempt.ok).toBe(true);
    expect(seen.map((request) => request.url)).toEqual(['/image-hop', '/image.png']);
    expect(electron.netCalls).toHaveLength(before);
  });

  it('refuses a private address behind a proxy too, without a request', async () => {
    const transport = createElectronDownloadTransport();
    electron.proxy.rule = 'PROXY 127.0.0.1:3128';
    try {
      const before = electron.netCalls.length;
      // A public API address: loopback is not allowed, so the checked name must not lead here.
      const attempt = await downloadOnce(`https://localhost:${closedPort}/x.png`, {
        transport,
        baseUrl: 'https://api.example.com/v1',
        incomingDir: incoming,
        maxBytes: 1024,
        timeoutMs: 10_000,
      });
      expect(attempt).toMatchObject({ ok: false, retryable: false, error: { code: 'download-failed' } });
      expect(attempt.ok || attempt.error.detail).toMatch(/localhost resolves to (127\.0\.0\.1|::1), not a public address \(loopback\)/);
      expect(electron.netCalls).toHaveLength(before);
    } finally {
      electron.proxy.rule = 'DIRECT';
    }
  });

  it('serves the network probe: an API address that redirects is reachable, not offline', async () => {
    const monitor = createNetworkMonitor({ fetch: fetchInApp, baseUrl: () => `${base}/redirect`, emit: () => undefined });
    expect((await monitor.check()).online).toBe(true);
    monitor.close();
  });
});
