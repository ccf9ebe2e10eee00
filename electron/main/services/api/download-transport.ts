import { lookup } from 'node:dns/promises';
import { checkAddress, ipLiteralOf, type AddressPolicy } from './address-policy';

/**
 * How an image download reaches the network: one GET, redirects handed back (never followed), and
 * only to addresses `policy` allows, checked after name resolution. The caller checks the URL
 * itself (scheme, literal addresses) and every redirect hop; the transport checks where the name
 * leads. A refused address rejects with `AddressRefusedError`, before any connection to it.
 */
export type DownloadTransport = (request: DownloadRequest) => Promise<Response>;

export interface DownloadRequest {
  url: URL;
  policy: AddressPolicy;
  signal: AbortSignal;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name resolution as the operating system does it (getaddrinfo, hosts file included); tests pass a stub. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, order: 'verbatim' })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/** The link leads to an address Reverie does not download from: final, trying again would only repeat it. */
export class AddressRefusedError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: string,
  ) {
    super(host === address ? `${address} is not a public address (${kind})` : `${host} resolves to ${address}, not a public address (${kind})`);
    this.name = 'AddressRefusedError';
  }
}

/** The URL's host without IPv6 brackets, as sockets and resolvers want it. */
export const bareHostOf = (url: URL): string => ipLiteralOf(url) ?? url.hostname;

/**
 * Resolves the URL's host and checks every address it gives: a name with one non-public address
 * among public ones is refused as a whole, since the connection could pick any of them. A literal
 * address is checked as it is, without asking any resolver.
 */
export async function resolveAllowed(url: URL, policy: AddressPolicy, resolve: Resolve): Promise<ResolvedAddress[]> {
  const literal = ipLiteralOf(url);
  const host = bareHostOf(url);
  const addresses: ResolvedAddress[] = literal !== null ? [{ address: literal, family: literal.includes(':') ? 6 : 4 }] : await resolve(host);
  if (addresses.length === 0) throw Object.assign(new Error(`${host} resolves to no address`), { code: 'ENOTFOUND' });
  for (const { address } of addresses) {
    const verdict = checkAddress(address, policy);
    if (!verdict.allowed) throw new AddressRefusedError(host, address, verdict.kind);
  }
  return addresses;
}

export interface ProxyAwareTransportOptions {
  /**
   * The proxy Chromium would use for a URL, in PAC form ("DIRECT", "PROXY host:port; DIRECT", …):
   * Electron's `session.resolveProxy`, which reads the system settings, PAC and WPAD included.
   */
  proxyFor: (url: string) => Promise<string>;
  /** Direct connections: pinned to the checked address (see pinned-transport.ts). */
  direct: DownloadTransport;
  /** Through the proxy: Electron's net, which knows how to talk to it (authentication included). */
  viaProxy: typeof fetch;
  resolve?: Resolve;
}

/**
 * Downloads go direct, pinned to the checked address, unless the system sends the URL through a
 * proxy. Then the proxy resolves the name and opens the connection, so no address can be pinned;
 * refusing would leave users behind a mandatory proxy with no downloads at all. So the name is
 * checked here first, best effort: a literal address is checked as usual, and a name that resolves
 * here must resolve to allowed addresses only. A name that does not resolve here (a network whose
 * proxy is the only resolver) is left to the proxy, as the browser leaves it, and so are
 * re-resolution races: the proxy, not Reverie, decides what it lets through. If the proxy lookup
 * itself fails, the download goes direct and pinned (the strict path).
 */
export function createProxyAwareTransport(options: ProxyAwareTransportOptions): DownloadTransport {
  const resolve = options.resolve ?? systemResolve;
  return async (request) => {
    const proxy = await options.proxyFor(request.url.href).catch(() => 'DIRECT');
    // Chromium tries the entries in order; only the first one decides where the request goes.
    const first = proxy.split(';')[0]?.trim().toUpperCase() ?? 'DIRECT';
    if (first === '' || first === 'DIRECT') return options.direct(request);
    try {
      await resolveAllowed(request.url, request.policy, resolve);
    } catch (error) {
      if (error instanceof AddressRefusedError) throw error;
      // Not resolvable here: the proxy resolves it.
    }
    return options.viaProxy(request.url, { method: 'GET', redirect: 'manual', signal: request.signal, headers: { accept: 'image/*' } });
  };
}
