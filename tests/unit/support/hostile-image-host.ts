import type { IncomingMessage, ServerResponse } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { pngChunk } from '../../../electron/main/services/image-metadata/png-text-chunks';

/**
 * What a hostile or broken image host answers, one path each, for the HTTP edge matrix. Every
 * stream is bounded on the server side too: an endless body ends by itself after BODY_CEILING bytes
 * even if the client never stops reading, so a broken test cannot run forever.
 */

export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PNG_SIGNATURE = PNG.subarray(0, 8);
/** Starts with the JPEG markers, which is what the download's type check reads (the decoder never sees it here). */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

const BODY_CEILING = 64 * 1024 * 1024;

/** A few hundred bytes that claim 100,000 × 100,000 grey pixels (10 gigapixels once decoded). */
export function pixelBomb(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(100_000, 0);
  header.writeUInt32BE(100_000, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, no filter, no interlace
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(Buffer.alloc(100_001 * 4))), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A PNG signature and 32 MiB of zeros, gzipped to about 32 KiB: a bomb for whoever inflates it. */
export const GZIP_BOMB = gzipSync(Buffer.concat([PNG_SIGNATURE, Buffer.alloc(32 * 1024 * 1024)]), { level: 9 });

/** Writes zeros after `head` until the client goes away or the ceiling is reached, respecting backpressure. */
function endless(res: ServerResponse, head: Buffer, sent: { bytes: number }): void {
  const block = Buffer.alloc(64 * 1024);
  res.write(head);
  const pump = () => {
    while (!res.destroyed && sent.bytes < BODY_CEILING) {
      sent.bytes += block.length;
      if (!res.write(block)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

export interface HostileRoutes {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Bytes the endless routes wrote before the client stopped them. */
  endlessSent: { bytes: number };
}

/** `otherOrigin` is the same host under another test name, `httpOther` that over plain http, `apiOrigin` the API's. */
export function hostileRoutes(options: { otherOrigin: () => string; apiOrigin: () => string; httpOther: () => string }): HostileRoutes {
  const endlessSent = { bytes: 0 };
  const image = (res: ServerResponse, type: string | null, body: Buffer, extra: Record<string, string | number> = {}) =>
    res.writeHead(200, { ...(type === null ? {} : { 'content-type': type }), 'content-length': body.length, ...extra }).end(body);
  const redirect = (res: ServerResponse, location: string | null, status = 302) => res.writeHead(status, location === null ? {} : { location }).end();

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/img.png': (_req, res) => image(res, 'image/png', PNG),
    '/jpeg-labelled-png': (_req, res) => image(res, 'image/png', JPEG),
    '/hop-other-host': (_req, res) => redirect(res, `${options.otherOrigin()}/img.png`),
    '/hop-301-308': (_req, res) => redirect(res, '/hop-307', 301),
    '/hop-307': (_req, res) => redirect(res, '/hop-308', 307),
    '/hop-308': (_req, res) => redirect(res, '/img.png', 308),
    '/hop-api-origin': (_req, res) => redirect(res, `${options.apiOrigin()}/files/img.png`),
    '/hop-http': (_req, res) => redirect(res, `${options.httpOther()}/img.png`),
    '/hop-private': (_req, res) => redirect(res, 'https://10.0.0.1/img.png'),
    '/hop-metadata': (_req, res) => redirect(res, 'https://169.254.169.254/latest/meta-data/iam/security-credentials/'),
    '/hop-mapped-metadata': (_req, res) => redirect(res, 'https://[::ffff:a9fe:a9fe]/latest/meta-data/'),
    '/hop-decimal-private': (_req, res) => redirect(res, 'https://3232235777/img.png'),
    '/hop-file': (_req, res) => redirect(res, 'file:///etc/passwd'),
    '/hop-self': (_req, res) => redirect(res, '/hop-self'),
    '/ping': (_req, res) => redirect(res, '/pong'),
    '/pong': (_req, res) => redirect(res, '/ping'),
    '/hop-nowhere': (_req, res) => redirect(res, null),
    '/endless': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      endless(res, PNG_SIGNATURE, endlessSent);
    },
    '/huge-length': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(10 ** 15) });
      endless(res, PNG_SIGNATURE, endlessSent);
    },
    '/html': (_req, res) => image(res, 'text/html; charset=utf-8', Buffer.from('<!doctype html><title>Sign in</title>')),
    '/html-as-png': (_req, res) => image(res, 'image/png', Buffer.from('<!doctype html><html><body>Not a picture</body></html>')),
    '/octet-stream': (_req, res) => image(res, 'application/octet-stream', PNG),
    '/no-type': (_req, res) => image(res, null, PNG),
    '/svg': (_req, res) => image(res, 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
    '/gzip-bomb': (_req, res) => image(res, 'image/png', GZIP_BOMB, { 'content-encoding': 'gzip' }),
    '/pixel-bomb': (_req, res) => image(res, 'image/png', pixelBomb()),
  };
  return {
    endlessSent,
    handle: (req, res) => {
      const route = routes[new URL(req.url ?? '/', 'https://x').pathname];
      if (route) route(req, res);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    },
  };
}
