import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isHtml, resolveAppFile } from '../../../electron/main/protocol/app-paths';
import { PRODUCTION_CSP } from '../../../electron/main/protocol/csp';
import { parseMediaUrl } from '../../../electron/main/protocol/media-url';
import type { Studio } from '../../../electron/main/services/studio/types';
import { MEDIA_BASE } from '../../../electron/shared/contract';

/** Where the page finds media in the harness: same origin, so the CSP's 'self' covers it. */
export const HARNESS_MEDIA_BASE = '/media';

export interface RendererServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * What the app:// and reverie-media:// protocol handlers do in Electron, over http on 127.0.0.1
 * (module scripts do not load from file:// in plain Chromium). It reuses the handlers' own path
 * and media-URL rules, so the browser tests exercise them too.
 */
export async function startRendererServer(rendererRoot: string, studio: Studio): Promise<RendererServer> {
  const server = createServer((request, response) => {
    void serve(request.method ?? 'GET', request.url ?? '/', response).catch(() => notFound(response));
  });

  async function serve(method: string, rawUrl: string, response: ServerResponse) {
    if (method !== 'GET' && method !== 'HEAD') return notFound(response);
    const { pathname } = new URL(rawUrl, 'http://harness');
    const headers: Record<string, string> = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

    if (pathname.startsWith(`${HARNESS_MEDIA_BASE}/`)) {
      // Translate to the URL the app would request, and let the app's own parser decide.
      const media = parseMediaUrl(`${MEDIA_BASE}${pathname.slice(HARNESS_MEDIA_BASE.length)}`);
      const file = media ? await studio.resolveMedia(media.variant, media.id) : null;
      if (!file) return notFound(response);
      const body = await readFile(file.path);
      response.writeHead(200, { ...headers, 'content-type': file.mimeType });
      return response.end(method === 'HEAD' ? undefined : body);
    }

    const file = await resolveAppFile(rendererRoot, pathname);
    if (!file) return notFound(response);
    if (isHtml(file.filePath)) headers['content-security-policy'] = PRODUCTION_CSP;
    const body = await readFile(file.filePath);
    response.writeHead(200, { ...headers, 'content-type': file.contentType });
    response.end(method === 'HEAD' ? undefined : body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function notFound(response: ServerResponse) {
  if (response.headersSent) return response.destroy();
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end('Not found');
}
