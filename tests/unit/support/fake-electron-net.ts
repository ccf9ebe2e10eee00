import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { PassThrough } from 'node:stream';

/**
 * Electron's `net` (net.request and net.fetch) over Node's http, for tests on machines without
 * the Electron binary. It talks to real servers (the fake AI/ML API on 127.0.0.1) and refuses what
 * Electron 45 refuses, each rule naming its source in electron/electron. Proxies, PAC and the OS
 * certificate store, the reasons the app uses `net`, cannot be imitated here.
 */

export interface NetCall {
  via: 'net.request' | 'net.fetch';
  method: string;
  url: string;
}

interface RequestOptions {
  method?: string;
  url: string;
  redirect?: 'follow' | 'error' | 'manual';
}

type NodeError = Error & { code?: string; syscall?: string };

/** Node's socket errors as Chromium names the same condition (net/base/net_error_list.h). */
export function chromiumMessageFor(error: NodeError, responseStarted: boolean): string {
  const code = error.code ?? '';
  const byCode: Record<string, string> = {
    ECONNREFUSED: 'ERR_CONNECTION_REFUSED',
    ENOTFOUND: 'ERR_NAME_NOT_RESOLVED',
    EAI_AGAIN: 'ERR_NAME_NOT_RESOLVED',
    EAI_FAIL: 'ERR_NAME_NOT_RESOLVED',
    EHOSTUNREACH: 'ERR_ADDRESS_UNREACHABLE',
    ENETUNREACH: 'ERR_ADDRESS_UNREACHABLE',
    ENETDOWN: 'ERR_INTERNET_DISCONNECTED',
    EPIPE: 'ERR_CONNECTION_RESET',
    ECONNABORTED: 'ERR_CONNECTION_ABORTED',
    CERT_HAS_EXPIRED: 'ERR_CERT_DATE_INVALID',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'ERR_CERT_AUTHORITY_INVALID',
    SELF_SIGNED_CERT_IN_CHAIN: 'ERR_CERT_AUTHORITY_INVALID',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'ERR_CERT_AUTHORITY_INVALID',
    ERR_TLS_CERT_ALTNAME_INVALID: 'ERR_CERT_COMMON_NAME_INVALID',
    // undici (Node's fetch): the server closed the connection before answering.
    UND_ERR_SOCKET: 'ERR_EMPTY_RESPONSE',
  };
  let name = byCode[code];
  if (code === 'ETIMEDOUT') name = error.syscall === 'connect' ? 'ERR_CONNECTION_TIMED_OUT' : 'ERR_TIMED_OUT';
  // Node says "socket hang up" when the server closed before answering; Chromium says the answer
  // was empty (HttpStreamParser). A reset of an open connection is a reset in both.
  if (code === 'ECONNRESET') name = !responseStarted && /hang up/i.test(error.message) ? 'ERR_EMPTY_RESPONSE' : 'ERR_CONNECTION_RESET';
  return `net::${name ?? 'ERR_FAILED'}`;
}

const asArrays = (headers: http.IncomingHttpHeaders): Record<string, string[]> =>
  Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value : [value]]])));

/** Restricted by Chromium (docs/api/client-request.md, setHeader): an app cannot set these. */
const RESTRICTED_HEADERS = new Set(['content-length', 'host', 'trailer', 'te', 'upgrade', 'cookie2', 'keep-alive', 'transfer-encoding']);

export function createFakeNet(isReady: () => boolean) {
  const calls: NetCall[] = [];

  class FakeClientRequest extends EventEmitter {
    private readonly headers: Record<string, string> = {};
    private readonly redirectPolicy: 'follow' | 'error' | 'manual';
    private method: string;
    private url: URL;
    private started = false;
    private aborted = false;
    private followRedirectCb: (() => void) | null = null;
    private current: http.ClientRequest | null = null;
    private response: PassThrough | null = null;
    private body: Buffer | undefined;

    constructor(options: RequestOptions) {
      super();
      this.method = (options.method ?? 'GET').toUpperCase();
      this.url = new URL(options.url);
      const policy = options.redirect ?? 'follow';
      // lib/common/api/net-client-request.ts, parseOptions and the ClientRequest constructor.
      if (!['follow', 'error', 'manual'].includes(policy)) throw new Error('redirect mode should be one of follow, error or manual');
      if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new Error('ClientRequest only supports http: and https: protocols');
      this.redirectPolicy = policy;
    }

    setHeader(name: string, value: string) {
      // net-client-request.ts: no headers once the request started.
      if (this.started) throw new Error("Can't set headers after they are sent");
      // client-request.md lists headers Chromium refuses; the real request then fails. Refused at
      // once here, so a test sees Reverie never relies on them.
      if (RESTRICTED_HEADERS.has(name.toLowerCase()) || (name.toLowerCase() === 'connection' && /upgrade/i.test(value))) {
        throw new Error(`The header "${name}" is restricted by Chromium (docs/api/client-request.md)`);
      }
      this.headers[name] = String(value);
    }

    end(chunk?: Buffer | string) {
      this.body = chunk === undefined ? undefined : Buffer.from(chunk);
      this.started = true;
      calls.push({ via: 'net.request', method: this.method, url: this.url.href });
      this.send();
      return this;
    }

    followRedirect() {
      // client-request.md: "Can only be called during a 'redirect' event."
      if (!this.followRedirectCb) throw new Error('followRedirect() called, but was not waiting for a redirect');
      this.followRedirectCb();
    }

    abort() {
      // client-request.md: emits 'abort' (once) and 'close'; a response in progress ends too.
      if (this.aborted) return;
      this.aborted = true;
      process.nextTick(() => this.emit('abort'));
      this.current?.destroy();
      this.response?.destroy();
      this.emit('close');
    }

    private fail(message: string) {
      if (this.aborted) return;
      this.aborted = true;
      this.emit('error', new Error(message));
      this.emit('close');
    }

    private send(hops = 0) {
      const transport = this.url.protocol === 'https:' ? https : http;
      const outgoing = transport.request(this.url, { method: this.method, headers: this.headers });
      this.current = outgoing;
      let responseStarted = false;
      outgoing.on('error', (error: NodeError) => {
        if (!responseStarted) this.fail(chromiumMessageFor(error, false));
      });
      outgoing.on('response', (incoming) => {
        responseStarted = true;
        const location = incoming.headers.location;
        const status = incoming.statusCode ?? 0;
        if (status >= 300 && status < 400 && location !== undefined) {
          incoming.resume();
          this.redirect(status, new URL(location, this.url), incoming.headers, hops);
          return;
        }
        this.deliver(incoming);
      });
      outgoing.end(this.body);
    }

    /** Electron's handling of a redirect (net-client-request.ts, the URL loader's 'redirect' event). */
    private redirect(status: number, target: URL, headers: http.IncomingHttpHeaders, hops: number) {
      // Chromium refuses redirects to anything but http(s) (content::IsSafeRedirectTarget).
      if (target.protocol !== 'http:' && target.protocol !== 'https:') return this.fail('net::ERR_UNSAFE_REDIRECT');
      if (hops >= 20) return this.fail('net::ERR_TOO_MANY_REDIRECTS');
      // 303, and 301/302 after a POST, continue as GET (net::RedirectInfo).
      const method = status === 303 && this.method !== 'HEAD' ? 'GET' : (status === 301 || status === 302) && this.method === 'POST' ? 'GET' : this.method;
      const follow = () => {
        this.method = method;
        this.url = target;
        if (method === 'GET') this.body = undefined;
        this.send(hops + 1);
      };
      if (this.redirectPolicy === 'error') return this.fail("Attempted to redirect, but redirect policy was 'error'");
      if (this.redirectPolicy === 'follow') {
        this.emit('redirect', status, method, target.href, asArrays(headers));
        return follow();
      }
      // 'manual': followed only if followRedirect() is called during the event, else cancelled.
      let followed = false;
      this.followRedirectCb = () => (followed = true);
      try {
        this.emit('redirect', status, method, target.href, asArrays(headers));
      } finally {
        this.followRedirectCb = null;
      }
      if (followed) follow();
      else if (!this.aborted) this.fail('Redirect was cancelled');
    }

    private deliver(incoming: http.IncomingMessage) {
      const body = new PassThrough();
      this.response = body;
      // A body cut short fails with Chromium's code for it (HttpStreamParser).
      const cut = () => {
        if (this.aborted || incoming.complete) return;
        const code = incoming.headers['content-length'] !== undefined ? 'ERR_CONTENT_LENGTH_MISMATCH' : 'ERR_INCOMPLETE_CHUNKED_ENCODING';
        body.destroy(new Error(`net::${code}`));
      };
      incoming.on('aborted', cut);
      incoming.on('error', cut);
      incoming.on('close', cut);
      // A reader that stops early (cancel, abort) lets go of the connection.
      body.on('close', () => {
        if (!incoming.complete) incoming.destroy();
      });
      incoming.pipe(body);
      Object.assign(body, { statusCode: incoming.statusCode, statusMessage: incoming.statusMessage ?? '', headers: incoming.headers });
      this.emit('response', body);
    }
  }

  const net = {
    request(options: RequestOptions | string) {
      // lib/browser/api/net.ts: `net` works only after `ready` (docs/api/net.md says so too).
      if (!isReady()) throw new Error('net module can only be used after app is ready');
      return new FakeClientRequest(typeof options === 'string' ? { url: options } : options);
    },

    fetch(input: string | Request, init?: RequestInit): Promise<Response> {
      // net.fetch is session.defaultSession.fetch, and the session throws before `ready`
      // (lib/browser/api/net.ts, shell/browser/api/electron_api_session.cc): synchronously.
      if (!isReady()) throw new TypeError('Session can only be received when app is ready');
      const request = new Request(input, init);
      calls.push({ via: 'net.fetch', method: request.method, url: request.url });
      return fetchLikeElectron(request);
    },

    isOnline: () => true,
  };

  return { net, calls };
}

/**
 * Node's fetch where Electron's net.fetch behaves the same, and Electron's rules where it does not
 * (lib/browser/api/net-fetch.ts): a redirect under 'manual' or 'error' rejects, because net.fetch
 * never answers ClientRequest's 'redirect' event; failures are `net::ERR_…` errors.
 */
async function fetchLikeElectron(request: Request): Promise<Response> {
  const policy = request.redirect;
  const answer = await fetch(request, { redirect: policy === 'follow' ? 'follow' : 'manual' }).then(
    (response) => ({ response }),
    (error: unknown) => ({ error }),
  );
  if ('error' in answer) {
    if (request.signal.aborted) throw request.signal.reason;
    // Electron's error carries the code only, no `cause` (undici's cause would tell more than the app sees).
    const { error } = answer as { error: NodeError & { cause?: NodeError } };
    throw new Error(chromiumMessageFor(error.cause ?? error, false));
  }
  const { response } = answer;
  if (policy !== 'follow' && response.status >= 300 && response.status < 400 && response.headers.has('location')) {
    await response.body?.cancel();
    throw new Error(policy === 'error' ? "Attempted to redirect, but redirect policy was 'error'" : 'Redirect was cancelled');
  }
  return response;
}
