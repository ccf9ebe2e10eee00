import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { getCACertificates, rootCertificates } from 'node:tls';
import { bareHostOf, resolveAllowed, systemResolve, type DownloadTransport, type ResolvedAddress, type Resolve } from './download-transport';

export interface PinnedTransportOptions {
  resolve?: Resolve;
  /** Certificates to trust; default: Node's bundled roots plus the operating system's (see trustedRoots). */
  ca?: readonly string[];
}

/**
 * Node's bundled roots plus the OS store, so a certificate the system trusts (a company's TLS
 * inspection, as Chromium honours it) is trusted here too. The OS store is best effort: a runtime
 * that cannot read it (an older Node, a build without it) keeps the bundled roots.
 */
export function trustedRoots(): string[] {
  try {
    return [...new Set([...rootCertificates, ...getCACertificates('system')])];
  } catch {
    return [...rootCertificates];
  }
}

/**
 * Hands Node's connection exactly the addresses that were checked, so the name is not resolved a
 * second time between the check and the connection (DNS rebinding). Node asks for all addresses
 * when it races IPv4 and IPv6 (autoSelectFamily), one otherwise.
 */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = typeof options === 'object' && options.family ? addresses.filter((entry) => entry.family === options.family) : addresses;
    const usable = wanted.length > 0 ? wanted : addresses;
    if (typeof options === 'object' && options.all) return (callback as (error: null, all: ResolvedAddress[]) => void)(null, [...usable]);
    const [first] = usable;
    callback(null, first?.address ?? '', first?.family ?? 4);
  };
}

/** Statuses whose responses have no body (the Fetch standard's null body statuses). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function toResponse(message: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    for (const one of Array.isArray(value) ? value : [value ?? '']) headers.append(name, one);
  }
  const status = message.statusCode ?? 0;
  const hasBody = !NULL_BODY_STATUSES.has(status);
  if (!hasBody) message.resume();
  return new Response(hasBody ? (Readable.toWeb(message) as ReadableStream<Uint8Array>) : null, { status, statusText: message.statusMessage ?? '', headers });
}

/**
 * Image downloads over Node's http(s), connected to the address that was checked. Nothing is
 * decompressed (identity is asked for, and a compressed body fails the image check), redirects come
 * back as 3xx, and no cookie, key or other credential is ever sent.
 */
export function createPinnedTransport(options: PinnedTransportOptions = {}): DownloadTransport {
  const resolve = options.resolve ?? systemResolve;
  let ca: readonly string[] | undefined = options.ca;
  return async ({ url, policy, signal }) => {
    signal.throwIfAborted();
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`Only http: and https: are downloaded, not ${url.protocol}`);
    const addresses = await resolveAllowed(url, policy, resolve);
    signal.throwIfAborted();
    const trusted = (ca ??= trustedRoots());

    const requestOptions: RequestOptions = {
      method: 'GET',
      host: bareHostOf(url),
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: { accept: 'image/*', 'accept-encoding': 'identity', 'user-agent': 'Reverie' },
      // A fresh connection each time: a pooled socket could belong to an address checked for another name.
      agent: false,
      lookup: pinnedLookup(addresses),
      signal,
    };
    return new Promise<Response>((resolvePromise, reject) => {
      const outgoing = url.protocol === 'https:' ? httpsRequest({ ...requestOptions, ca: [...trusted] }) : httpRequest(requestOptions);
      outgoing.once('response', (message) => {
        try {
          resolvePromise(toResponse(message));
        } catch (error) {
          // A status fetch cannot represent (below 200 or above 599): a broken server.
          message.destroy();
          reject(error);
        }
      });
      outgoing.once('error', reject);
      outgoing.end();
    });
  };
}
