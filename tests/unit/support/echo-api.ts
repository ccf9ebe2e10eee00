import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/**
 * A hostile AI/ML API on 127.0.0.1 that echoes the API key back in every field it can, in every
 * spelling: raw, base64 and base64url of `Bearer <key>`, URL- and percent-encoded, hex, in JSON
 * fields, headers, request ids, image links and error pages. The answer is chosen by the prompt
 * (`echo:<mode>` anywhere in it), so jobs running at the same time each get their own.
 * The shapes follow the real API (tests/fake-aiml): 201 with `data[]` and `meta.usage`, error
 * envelopes `{requestId, statusCode, message}`.
 */
export const ECHO_MODES = [
  /** 201, a clean link; the request id and meta echo the key. */
  'ok',
  /** Same, delivered inline (base64), when the request asks for it. */
  'ok-inline',
  /** 201 whose image link carries the key in its query. */
  'link-with-key',
  /** 201 whose image link carries base64url of `Bearer <key>` in its path. */
  'link-with-encoded-key',
  'bad-request',
  'unauthorized-echo',
  'rate-limited',
  'server-error',
  'gateway-html',
  'error-in-2xx',
  'redirect',
  'not-json',
  /** 201 with a clean link whose GET answers 404, echoing the key in headers and body. */
  'download-404',
  /** 201 with a clean link whose GET redirects to a link carrying the key. */
  'download-redirect',
  /** 201 with a clean link whose GET answers HTML, its Content-Type naming the key. */
  'download-not-image',
] as const;
export type EchoMode = (typeof ECHO_MODES)[number];

export const CREDITS_PER_IMAGE = 126_000;

export interface EchoRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  authorization: string | null;
  /** Every header but Authorization, as one text, to search for the key. */
  otherHeaders: string;
}

export interface EchoApi {
  baseUrl: string;
  origin: string;
  requests: EchoRequest[];
  close(): Promise<void>;
}

/** The key in every spelling, in one line of text. */
export function echoText(key: string): string {
  const bearer = `Bearer ${key}`;
  const hexAll = Buffer.from(key).toString('hex');
  const percentAll = hexAll.replace(/(..)/g, '%$1').toUpperCase();
  return [
    `key=${key}`,
    `header=${bearer}`,
    `b64=${Buffer.from(bearer).toString('base64')}`,
    `b64url=${Buffer.from(bearer).toString('base64url')}`,
    `b64key=${Buffer.from(key).toString('base64')}`,
    `url=${encodeURIComponent(key)}`,
    `pct=${percentAll}`,
    `hex=${hexAll}`,
  ].join(' ');
}

function echoFields(key: string, req: IncomingMessage): Record<string, unknown> {
  return { authorization: req.headers.authorization ?? null, key, text: echoText(key), nested: { deeper: [echoText(key)] } };
}

const echoHeaders = (key: string): Record<string, string> => ({
  'x-request-id': key,
  'x-echo-authorization': Buffer.from(`Bearer ${key}`).toString('base64'),
  'x-echo-key': encodeURIComponent(key),
});

function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string, headers: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(bytes.length), ...headers });
  res.end(bytes);
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

type FileBehaviour = 'image' | '404' | 'redirect' | 'not-image';

export async function startEchoApi(key: string): Promise<EchoApi> {
  const requests: EchoRequest[] = [];
  const files = new Map<string, { bytes: Buffer; behaviour: FileBehaviour }>();
  let origin = '';
  let sequence = 0;

  /** A small PNG of its own colour, so no two share a content hash. */
  const nextImage = () => {
    sequence += 1;
    const background = { r: (sequence * 53) % 256, g: (sequence * 101) % 256, b: (sequence * 197) % 256 };
    return sharp({ create: { width: 24, height: 16, channels: 3, background } })
      .png()
      .toBuffer();
  };
  const addFile = async (behaviour: FileBehaviour) => {
    const name = `${randomUUID()}.png`;
    files.set(name, { bytes: await nextImage(), behaviour });
    return name;
  };
  const envelope = (status: number, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      requestId: key,
      statusCode: status,
      timestamp: new Date().toISOString(),
      path: '/v1/images/generations',
      message: `Invalid request from ${echoText(key)}`,
      ...extra,
    });
  const requestId = `rsid-${key}-${Buffer.from(`Bearer ${key}`).toString('base64')}-${encodeURIComponent(key)}`;

  async function success(res: ServerResponse, req: IncomingMessage, item: Record<string, unknown>): Promise<void> {
    const body = { data: [{ request_id: requestId, ...item }], meta: { usage: { tokens_used: CREDITS_PER_IMAGE }, echo: echoFields(key, req) } };
    send(res, 201, JSON.stringify(body), 'application/json', echoHeaders(key));
  }

  async function generation(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = JSON.parse((await readBody(req)) || '{}') as { prompt?: string; convert_base64_to_url?: boolean };
    if (req.headers.authorization !== `Bearer ${key}`) return send(res, 401, envelope(401), 'application/json');
    const mode = (ECHO_MODES as readonly string[]).find((name) => (parsed.prompt ?? '').includes(`echo:${name} `)) as EchoMode | undefined;
    const json = (status: number, body: string, headers: Record<string, string> = {}) =>
      send(res, status, body, 'application/json', { ...echoHeaders(key), ...headers });
    const link = async (behaviour: FileBehaviour) => ({ url: `${origin}/files/${await addFile(behaviour)}` });
    switch (mode ?? 'ok') {
      case 'ok':
      case 'ok-inline':
        if (parsed.convert_base64_to_url === false) return success(res, req, { b64_json: (await nextImage()).toString('base64') });
        return success(res, req, await link('image'));
      case 'link-with-key':
        return success(res, req, { url: `${origin}/files/${await addFile('image')}?api_key=${encodeURIComponent(key)}` });
      case 'link-with-encoded-key':
        return success(res, req, { url: `${origin}/files/${Buffer.from(`Bearer ${key}`).toString('base64url')}/${await addFile('image')}` });
      case 'bad-request':
        return json(400, envelope(400, { errors: [{ path: ['prompt'], message: echoText(key) }], echo: echoFields(key, req) }));
      case 'unauthorized-echo':
        return json(401, envelope(401, { echo: echoFields(key, req) }));
      case 'rate-limited':
        return json(429, envelope(429), { 'retry-after': key });
      case 'server-error':
        return json(500, envelope(500, { echo: echoFields(key, req) }));
      case 'gateway-html':
        return send(res, 502, `<html><body><h1>502</h1><pre>${echoText(key)}</pre></body></html>`, 'text/html', echoHeaders(key));
      case 'error-in-2xx':
        return json(200, envelope(500, { echo: echoFields(key, req) }));
      case 'redirect':
        return send(res, 302, echoText(key), 'text/plain', { location: `https://elsewhere.invalid/v1?key=${encodeURIComponent(key)}` });
      case 'not-json':
        return send(res, 200, echoText(key), 'text/plain', echoHeaders(key));
      case 'download-404':
        return success(res, req, await link('404'));
      case 'download-redirect':
        return success(res, req, await link('redirect'));
      case 'download-not-image':
        return success(res, req, await link('not-image'));
    }
  }

  function download(res: ServerResponse, url: URL): void {
    const name = url.pathname.split('/').at(-1) ?? '';
    const file = files.get(name);
    if (!file) return send(res, 404, echoText(key), 'text/plain', echoHeaders(key));
    switch (file.behaviour) {
      case 'image':
        return send(res, 200, file.bytes, 'image/png');
      case '404':
        return send(res, 404, `Not found: ${echoText(key)}`, 'text/plain', { ...echoHeaders(key), 'retry-after': key });
      case 'redirect':
        return send(res, 302, '', 'text/plain', { location: `${url.pathname}?key=${encodeURIComponent(key)}` });
      case 'not-image':
        return send(res, 200, `<html>${echoText(key)}</html>`, `text/html; key=${encodeURIComponent(key)}`);
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://echo.invalid');
    const { authorization, ...others } = req.headers;
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: authorization ?? null, otherHeaders: JSON.stringify(others) });
    const answer = async () => {
      if (req.method === 'POST' && url.pathname === '/v1/images/generations') return generation(req, res);
      req.resume();
      if (req.method === 'GET' && url.pathname.startsWith('/files/')) return download(res, url);
      return send(res, 404, envelope(404), 'application/json', echoHeaders(key));
    };
    answer().catch((error: unknown) => {
      console.error('[echo-api] handler failed:', error);
      res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}/v1`,
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
