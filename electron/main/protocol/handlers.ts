import { readFile } from 'node:fs/promises';
import { APP_HOST } from '../ipc/app-origin';
import { isHtml, resolveAppFile } from './app-paths';
import { PRODUCTION_CSP } from './csp';
import { parseMediaUrl } from './media-url';
import type { Studio } from '../services/studio/types';

/**
 * The two protocol handlers as plain Request → Response functions. No Electron import: protocol.ts
 * registers them, unit tests call them directly with WHATWG Requests.
 */
export type ProtocolHandler = (request: Request) => Promise<Response>;

const BASE_HEADERS = { 'x-content-type-options': 'nosniff' } as const;

const notFound = () => new Response('Not found', { status: 404, headers: { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });

const readable = (method: string) => method === 'GET' || method === 'HEAD';

/** app://reverie/… → files of the built renderer in `rendererRoot`, and nothing outside it. */
export function createAppHandler(rendererRoot: string): ProtocolHandler {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (!readable(request.method) || url.host !== APP_HOST) return notFound();
    const file = await resolveAppFile(rendererRoot, url.pathname);
    if (!file) return notFound();
    const headers: Record<string, string> = { ...BASE_HEADERS, 'content-type': file.contentType };
    // The header repeats the <meta> policy, so it holds even for an HTML file without the tag.
    if (isHtml(file.filePath)) headers['content-security-policy'] = PRODUCTION_CSP;
    try {
      return new Response(request.method === 'HEAD' ? null : await readFile(file.filePath), { headers });
    } catch (error) {
      console.warn('[protocol] app file read failed:', error);
      return notFound();
    }
  };
}

/** reverie-media://library/<variant>/<id> → the library file for that id; ids only, never paths. */
export function createMediaHandler(resolveMedia: Studio['resolveMedia']): ProtocolHandler {
  return async (request) => {
    const media = readable(request.method) ? parseMediaUrl(request.url) : null;
    if (!media) return notFound();
    try {
      const file = await resolveMedia(media.variant, media.id);
      if (!file) return notFound();
      const body = request.method === 'HEAD' ? null : await readFile(file.path);
      return new Response(body, { headers: { ...BASE_HEADERS, 'content-type': file.mimeType } });
    } catch (error) {
      // A file that vanished between lookup and read is a 404 to the page, a note in the log to us.
      console.warn('[protocol] media read failed:', error);
      return notFound();
    }
  };
}
