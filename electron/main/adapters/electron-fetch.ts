import { Readable } from 'node:stream';
import { net, type IncomingMessage } from 'electron';

/**
 * Main's HTTP through Chromium's network stack (Electron's `net`, docs/api/net.md): requests follow
 * the system's proxy settings (PAC and WPAD included) and trust the OS certificate store, as the
 * browser does, so Reverie works behind a corporate proxy or TLS inspection; Node's own fetch does
 * neither. The app uses this; tests and the browser harness keep Node's fetch. `net` works only
 * after the app is ready: the studio, the only caller, is built after `whenReady`.
 *
 * Failures are Chromium's: a plain Error reading `net::ERR_…` (see services/chromium-net-errors.ts).
 */
export function createElectronFetch(): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    refuseOtherSchemes(request.url);
    // Every caller asks for `redirect: 'manual'` (the key must never follow a redirect; each hop of
    // an image download is checked again). net.fetch cannot serve that: it leaves ClientRequest's
    // 'redirect' event unanswered, so any redirect fails with "Redirect was cancelled" and the 3xx
    // answer with its Location is lost (lib/browser/api/net-fetch.ts, lib/common/api/net-client-request.ts).
    // Such requests go through net.request, which reports the redirect; same network stack.
    if (request.redirect === 'manual') return fetchWithoutFollowing(request);
    return net.fetch(request);
  };
}

/**
 * net.fetch also reaches file: and the app's own schemes (app://, reverie-media://); main's HTTP is
 * for http(s) only, like Node's fetch. Chromium's own code for this refusal, so it reads as "not sent".
 */
function refuseOtherSchemes(url: string): void {
  const { protocol } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new TypeError(`net::ERR_DISALLOWED_URL_SCHEME (Reverie fetches http: and https: only, not ${protocol})`);
  }
}

/** Statuses whose responses have no body (the Fetch standard's null body statuses). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function headersOf(record: Record<string, string | string[]>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record)) {
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/**
 * One request that hands back a redirect instead of following it, as Node's fetch does with
 * `redirect: 'manual'`: a 3xx response with its Location header and no body. Abort works as in
 * fetch: before the answer the promise rejects with the signal's reason; after it, the body does.
 */
async function fetchWithoutFollowing(request: Request): Promise<Response> {
  const { signal } = request;
  signal.throwIfAborted();
  const body = request.body === null ? null : Buffer.from(await request.arrayBuffer());
  signal.throwIfAborted();

  return new Promise<Response>((resolve, reject) => {
    // No `credentials`: Chromium then sends proxy and HTTP authentication from the session but no
    // cookies (docs/api/client-request.md), which is what an API client wants.
    const outgoing = net.request({ method: request.method, url: request.url, redirect: 'manual' });
    for (const [name, value] of request.headers) outgoing.setHeader(name, value);

    let incoming: IncomingMessage | null = null;
    const onAbort = () => {
      reject(signal.reason);
      // The body, if any, fails with the same reason (Readable.toWeb passes the error on).
      (incoming as unknown as Readable | null)?.destroy(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
      outgoing.abort();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);

    outgoing.on('redirect', (status, _method, _location, headers) => {
      // Not followed: aborting inside the event is how ClientRequest is told so without an error.
      outgoing.abort();
      done();
      resolve(new Response(null, { status, headers: headersOf(headers) }));
    });
    outgoing.on('response', (message) => {
      incoming = message;
      const stream = message as unknown as Readable;
      stream.once('close', done);
      const hasBody = !NULL_BODY_STATUSES.has(message.statusCode) && request.method !== 'HEAD';
      if (!hasBody) stream.resume();
      resolve(
        new Response(hasBody ? (Readable.toWeb(stream) as ReadableStream<Uint8Array>) : null, {
          status: message.statusCode,
          statusText: message.statusMessage,
          headers: headersOf(message.headers),
        }),
      );
    });
    outgoing.on('error', (error) => {
      done();
      reject(error);
    });
    if (body === null) outgoing.end();
    else outgoing.end(body);
  });
}
