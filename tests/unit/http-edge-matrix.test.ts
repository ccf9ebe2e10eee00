import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError, Result } from '../../electron/shared/errors';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { ipLiteralOf, nonPublicKind } from '../../electron/main/services/api/address-policy';
import { createAimlClient, type AimlClient, type GeneratedImage, type ReceivedImage } from '../../electron/main/services/api/client';
import { createProxyAwareTransport, type DownloadTransport } from '../../electron/main/services/api/download-transport';
import { createImageStore, ImageNotFiledError, type ImageStore } from '../../electron/main/services/library-folder/image-store';
import { createPinnedTransport } from '../../electron/main/services/api/pinned-transport';
import { GZIP_BOMB, hostileRoutes, PNG, type HostileRoutes } from './support/hostile-image-host';
import { loopbackResolver, startHttpsHost, TEST_CERT, type HttpsHost } from './support/loopback-tls';

/**
 * The HTTP edge matrix: what an image link in a paid answer can lead to (redirects, endless and
 * gigantic bodies, wrong types, HTML posing as PNG, decompression bombs, private addresses), each
 * through the real client against real servers on 127.0.0.1. Every case checks the money rule: one
 * generation is one POST, a refused download keeps the link and the charge for Download again, and
 * Download again never POSTs. Names resolve through a stub that answers loopback only; literal
 * non-loopback addresses must be refused before any transport sees them (a tripwire records it).
 */

const CAP = 256 * 1024;
const API_KEY = 'sk-matrix-0123456789abcdef';
const PUBLIC_API = 'https://api.example.com/v1';

type Expect = 'accepted' | 'refused' | 'refused-when-filed';
type Via = 'generate' | 'download-again-public-api';
type TransportName = 'direct' | 'proxied' | 'system';

interface EdgeCase {
  group: string;
  name: string;
  url: () => string;
  expect: Expect;
  /** What the refusal says, in its message or detail. */
  says?: RegExp;
  via?: Via;
  transport?: TransportName;
}

let api: { origin: string; baseUrl: string; posts: number; nextUrl: string; server: Server };
let host: HttpsHost;
let routes: HostileRoutes;
let workDir: string;
let store: ImageStore;
const tripped: string[] = [];
const figures = { cases: 0, refused: 0, accepted: 0, crashes: 0, generations: 0, posts: 0, downloadAgains: 0, downloadAgainPosts: 0 };

async function startApi(): Promise<typeof api> {
  const state = { posts: 0, nextUrl: '' };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/images/generations') {
        state.posts += 1;
        res.writeHead(201, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            data: [{ url: state.nextUrl, b64_json: null, request_id: `rsid-matrix-${state.posts}` }],
            meta: { usage: { credits_used: 30_000 } },
          }),
        );
      }
      if (req.url === '/files/img.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      if (req.url === '/files/gzip-bomb') return res.writeHead(200, { 'content-type': 'image/png', 'content-encoding': 'gzip' }).end(GZIP_BOMB);
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, { origin, baseUrl: `${origin}/v1`, server });
}

/** Records any download that reaches a transport for a literal address off this machine; such a request is never sent. */
function tripwire(inner: DownloadTransport): DownloadTransport {
  return async (request) => {
    const literal = ipLiteralOf(request.url);
    if (literal !== null && nonPublicKind(literal) !== 'loopback') {
      tripped.push(request.url.href);
      throw new Error(`tripwire: ${request.url.href} reached the transport`);
    }
    return inner(request);
  };
}

const stub = loopbackResolver();
const clients = {} as Record<TransportName, AimlClient>;

beforeAll(async () => {
  api = await startApi();
  routes = hostileRoutes({ otherOrigin: () => host.origin('other.test'), httpOther: () => `http://other.test:${host.port}`, apiOrigin: () => api.origin });
  host = await startHttpsHost(routes.handle);
  workDir = await mkdtemp(join(tmpdir(), 'reverie-edge-'));
  store = createImageStore(join(workDir, 'library'), createSharpImageCodec());
  // Node's fetch stands in for Chromium's net behind a proxy: it inflates gzip, as net does.
  const viaProxy: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== '127.0.0.1') tripped.push(url.href);
    return url.hostname === '127.0.0.1' ? fetch(input, init) : Promise.reject(new Error('tripwire: off loopback'));
  };
  const transports: Record<TransportName, DownloadTransport> = {
    direct: createPinnedTransport({ resolve: stub.resolve, ca: [TEST_CERT] }),
    proxied: createProxyAwareTransport({
      proxyFor: async () => 'PROXY 127.0.0.1:9',
      direct: () => Promise.reject(new Error('not direct')),
      viaProxy,
      resolve: stub.resolve,
    }),
    // The operating system's resolver, for `localhost` only.
    system: createPinnedTransport({ ca: [TEST_CERT] }),
  };
  for (const name of Object.keys(transports) as TransportName[]) {
    clients[name] = createAimlClient({
      incomingDir: store.incomingDir,
      downloadTransport: tripwire(transports[name]),
      maxDownloadBytes: CAP,
      downloadAttempts: 2,
      downloadBackoffMs: 1,
      sleep: async () => undefined,
    });
  }
});

afterAll(async () => {
  await host?.close();
  api?.server.closeAllConnections();
  await new Promise<void>((resolve) => (api ? api.server.close(() => resolve()) : resolve()));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const on = (name: 'images.test' | 'localhost', path: string) => () => `${host.origin(name)}${path}`;
const literal =
  (address: string, path = '/img.png') =>
  () =>
    `https://${address}:${host.port}${path}`;
const NOT_PUBLIC = /is not a public address \(|resolves to .+, not a public address \(/;

const CASES: EdgeCase[] = [
  { group: 'baseline', name: 'a PNG on an https host', url: on('images.test', '/img.png'), expect: 'accepted' },
  { group: 'baseline', name: 'a JPEG labelled image/png (typed by its bytes)', url: on('images.test', '/jpeg-labelled-png'), expect: 'accepted' },
  { group: 'redirects', name: 'to another https host', url: on('images.test', '/hop-other-host'), expect: 'accepted' },
  { group: 'redirects', name: '301 → 307 → 308 → image', url: on('images.test', '/hop-301-308'), expect: 'accepted' },
  { group: 'redirects', name: "to the API's own http origin", url: on('images.test', '/hop-api-origin'), expect: 'accepted' },
  { group: 'redirects', name: 'to plain http elsewhere', url: on('images.test', '/hop-http'), expect: 'refused', says: /only https:\/\/ links/ },
  {
    group: 'redirects',
    name: 'to a private address',
    url: on('images.test', '/hop-private'),
    expect: 'refused',
    says: /10\.0\.0\.1 is not a public address \(private-network\)/,
  },
  {
    group: 'redirects',
    name: 'to the metadata service',
    url: on('images.test', '/hop-metadata'),
    expect: 'refused',
    says: /169\.254\.169\.254 is not a public address \(link-local/,
  },
  {
    group: 'redirects',
    name: 'to the metadata service, IPv4-mapped',
    url: on('images.test', '/hop-mapped-metadata'),
    expect: 'refused',
    says: /::ffff:a9fe:a9fe is not a public address \(link-local/,
  },
  {
    group: 'redirects',
    name: 'to 192.168.1.1 spelled in decimal',
    url: on('images.test', '/hop-decimal-private'),
    expect: 'refused',
    says: /192\.168\.1\.1 is not a public address/,
  },
  { group: 'redirects', name: 'to file:', url: on('images.test', '/hop-file'), expect: 'refused', says: /file:\/\/\/etc\/passwd refused/ },
  { group: 'redirects', name: 'to itself (loop)', url: on('images.test', '/hop-self'), expect: 'refused', says: /redirected too many times/ },
  { group: 'redirects', name: 'ping-pong between two paths', url: on('images.test', '/ping'), expect: 'refused', says: /redirected too many times/ },
  { group: 'redirects', name: 'without a Location', url: on('images.test', '/hop-nowhere'), expect: 'refused', says: /redirected nowhere/ },
  { group: 'bodies', name: 'endless body', url: on('images.test', '/endless'), expect: 'refused', says: /larger than .*Stopped after/s },
  {
    group: 'bodies',
    name: 'Content-Length of a petabyte',
    url: on('images.test', '/huge-length'),
    expect: 'refused',
    says: /Content-Length: 1000000000000000/,
  },
  { group: 'types', name: 'text/html', url: on('images.test', '/html'), expect: 'refused', says: /something other than an image.*Content-Type: text\/html/s },
  { group: 'types', name: 'HTML posing as PNG', url: on('images.test', '/html-as-png'), expect: 'refused', says: /not a PNG, JPEG or WebP/ },
  {
    group: 'types',
    name: 'application/octet-stream',
    url: on('images.test', '/octet-stream'),
    expect: 'refused',
    says: /Content-Type: application\/octet-stream/,
  },
  { group: 'types', name: 'no Content-Type', url: on('images.test', '/no-type'), expect: 'refused', says: /Content-Type: \(none\)/ },
  { group: 'types', name: 'SVG with a script', url: on('images.test', '/svg'), expect: 'refused', says: /not a PNG, JPEG or WebP/ },
  { group: 'bombs', name: 'gzip bomb, direct (nothing is inflated)', url: on('images.test', '/gzip-bomb'), expect: 'refused', says: /not a PNG, JPEG or WebP/ },
  {
    group: 'bombs',
    name: 'gzip bomb through a proxy that inflates',
    url: () => `${api.origin}/files/gzip-bomb`,
    transport: 'proxied',
    expect: 'refused',
    says: /larger than .*Stopped after/s,
  },
  {
    group: 'bombs',
    name: 'PNG of 10 gigapixels (sharp limitInputPixels)',
    url: on('images.test', '/pixel-bomb'),
    expect: 'refused-when-filed',
    says: /pixel limit/,
  },
  { group: 'proxy', name: 'a PNG through a proxy', url: () => `${api.origin}/files/img.png`, transport: 'proxied', expect: 'accepted' },
  ...[
    'http://10.0.0.1/x.png',
    'https://10.0.0.1/x.png',
    'https://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'https://0xa9fea9fe/latest/meta-data/',
    'https://[::ffff:169.254.169.254]/latest/meta-data/',
    'https://192.168.1.1/x.png',
    'https://172.16.0.1/x.png',
    'https://100.64.0.1/x.png',
    'https://[fd00::1]/x.png',
    'https://[fe80::1]/x.png',
    'https://0/x.png',
    'https://[::]/x.png',
    'file:///etc/passwd',
    'data:image/png;base64,iVBORw0KGgo=',
  ].map((url): EdgeCase => ({ group: 'private answers', name: url, url: () => url, expect: 'refused', says: /not a public address|only https:\/\/ links/ })),
  ...[
    { name: 'a name that resolves to loopback', url: on('images.test', '/img.png') },
    { name: 'localhost (the system resolver)', url: on('localhost', '/img.png'), transport: 'system' as const },
    { name: '127.0.0.1', url: literal('127.0.0.1') },
    { name: '[::1]', url: literal('[::1]') },
    { name: '2130706433 (decimal)', url: literal('2130706433') },
    { name: '0x7f.1 (hex, short)', url: literal('0x7f.1') },
    { name: '0177.0.0.1 (octal)', url: literal('0177.0.0.1') },
    { name: '[::ffff:127.0.0.1]', url: literal('[::ffff:127.0.0.1]') },
  ].map((each): EdgeCase => ({ group: 'loopback, API not local', ...each, via: 'download-again-public-api', expect: 'refused', says: NOT_PUBLIC })),
];

function describeError(error: AppError): string {
  return `${error.message}\n${error.detail ?? ''}`;
}

/** A refusal the user can act on: download-failed, a sentence, the link kept in the detail. */
function expectClearRefusal(result: Result<unknown>, url: string, says: RegExp | undefined): AppError {
  if (result.ok) throw new Error(`expected a refusal for ${url}, got an image`);
  const { error } = result;
  expect(error.code).toBe('download-failed');
  expect(error.message).toMatch(/^The .+; the link is kept in the details to try again later\.$/);
  expect(error.detail).toContain(`Image URL: ${url}`);
  if (says) expect(describeError(error)).toMatch(says);
  return error;
}

async function incomingFiles(): Promise<string[]> {
  return (await readdir(store.incomingDir).catch(() => [])).sort();
}

async function runCase(edge: EdgeCase): Promise<void> {
  const url = edge.url();
  const client = clients[edge.transport ?? 'direct'];
  const postsBefore = api.posts;
  if ((edge.via ?? 'generate') === 'download-again-public-api') {
    const hitsBefore = host.hits.length;
    expectClearRefusal(await client.downloadAgain({ url, baseUrl: PUBLIC_API }), url, edge.says);
    figures.downloadAgains += 1;
    figures.downloadAgainPosts += api.posts - postsBefore;
    expect(host.hits).toHaveLength(hitsBefore);
    expect(api.posts).toBe(postsBefore);
    figures.refused += 1;
    return;
  }

  api.nextUrl = url;
  const result: Result<GeneratedImage> = await client.createImage({
    baseUrl: api.baseUrl,
    apiKey: API_KEY,
    params: { model: 'reve/create-image', sources: [], prompt: `edge ${edge.name}`, aspectRatio: '1:1', delivery: 'url', outputFormat: null },
  });
  figures.generations += 1;
  // One generation, one POST, whatever the download did.
  expect(api.posts).toBe(postsBefore + 1);
  figures.posts += api.posts - postsBefore;

  if (edge.expect === 'refused') {
    const error = expectClearRefusal(result, url, edge.says);
    expect(error).toMatchObject({ mayHaveBeenCharged: true, requestId: `rsid-matrix-${api.posts}` });
    // Download again: a GET at most, never the POST.
    const again = await client.downloadAgain({ url, baseUrl: api.baseUrl });
    figures.downloadAgains += 1;
    figures.downloadAgainPosts += api.posts - (postsBefore + 1);
    expect(again.ok).toBe(false);
    expect(api.posts).toBe(postsBefore + 1);
    figures.refused += 1;
    return;
  }
  if (!result.ok) throw new Error(`expected ${url} to be downloaded: ${describeError(result.error)}`);
  const image: ReceivedImage = result.value.image;
  if (edge.expect === 'accepted') {
    await rm(image.tempPath);
    figures.accepted += 1;
    return;
  }
  // The bytes are a PNG, so the download takes them; the decoder refuses before allocating, and the
  // paid bytes are set aside rather than deleted.
  const filed = await store.adopt(image).catch((error: unknown) => error);
  expect(filed).toBeInstanceOf(ImageNotFiledError);
  expect(String(filed)).toMatch(edge.says ?? /./);
  const keptAt = (filed as ImageNotFiledError).keptAt;
  expect(keptAt).not.toBeNull();
  expect((await stat(keptAt!)).size).toBe(image.byteSize);
  figures.refused += 1;
}

describe('HTTP edge matrix (loopback only)', () => {
  for (const edge of CASES) {
    it(`${edge.group}: ${edge.name} → ${edge.expect}`, async () => {
      figures.cases += 1;
      try {
        await runCase(edge);
      } catch (error) {
        if (!(error instanceof Error && error.name === 'AssertionError')) figures.crashes += 1;
        throw error;
      }
      expect(await incomingFiles()).toEqual([]);
      expect(tripped).toEqual([]);
    });
  }

  it('stopped the endless bodies early, and totals: every case refused clearly or accepted, no crash, no second POST', () => {
    // Both endless routes were cut off near the cap, far below what the server would have sent.
    expect(routes.endlessSent.bytes).toBeLessThan(16 * 1024 * 1024);
    console.log(
      `HTTP edge matrix: ${figures.cases} cases: ${figures.refused} refused with a clear error, ${figures.accepted} accepted, ` +
        `${figures.crashes} crashes; ${figures.generations} generations sent ${figures.posts} POSTs, ${figures.downloadAgains} Download again calls sent ${figures.downloadAgainPosts}; ` +
        `${stub.asked.length} name lookups (loopback answers only), ${tripped.length} requests off loopback`,
    );
    expect(figures.cases).toBe(CASES.length);
    expect(figures.refused + figures.accepted).toBe(CASES.length);
    expect(figures.crashes).toBe(0);
    expect(figures.posts).toBe(figures.generations);
    expect(figures.downloadAgainPosts).toBe(0);
    expect(tripped).toEqual([]);
  });
});
