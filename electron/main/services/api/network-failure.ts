import { CHROMIUM_ERRORS_BEFORE_SENDING, chromiumErrorCode } from './chromium-net-errors';

/**
 * Why fetch failed below HTTP, and whether the request could have reached the server. Node's fetch
 * (tests, the browser harness) wraps the socket error in `cause` (and Happy Eyeballs in `errors`), so
 * the whole chain is read; Electron's net.fetch (the app) says `net::ERR_…` in the message.
 */
export interface NetworkFailure {
  /** False only when the failure proves nothing was delivered: no connection, no name, no TLS. */
  maybeDelivered: boolean;
  /** Codes and messages from the error chain, for the detail view. */
  summary: string;
}

const BEFORE_CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  // TLS failures that can only happen during the handshake, before any request byte is sent. Other
  // OpenSSL errors (a bad record MAC, a decryption failure) can strike mid-stream, after the body
  // left: they stay "maybe delivered", so a possibly charged request is never resent by itself.
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR',
  'ERR_SSL_TLSV1_UNRECOGNIZED_NAME',
]);
/** fetch refuses some ports (and bad URLs) before opening any socket; these come without a code. */
const BEFORE_CONNECTION_MESSAGES = [/^bad port$/i, /invalid url/i];

interface ChainEntry {
  code: string | null;
  message: string;
}

function errorChain(error: unknown, depth = 0): ChainEntry[] {
  if (depth > 6 || typeof error !== 'object' || error === null) {
    return error === undefined || error === null ? [] : [{ code: null, message: String(error) }];
  }
  const record = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const entry: ChainEntry = {
    code: typeof record.code === 'string' ? record.code : null,
    message: typeof record.message === 'string' ? record.message : String(error),
  };
  const nested = Array.isArray(record.errors) ? record.errors : [];
  return [entry, ...errorChain(record.cause, depth + 1), ...nested.flatMap((inner: unknown) => errorChain(inner, depth + 1))];
}

function isBeforeConnection({ code, message }: ChainEntry): boolean {
  if (code !== null && BEFORE_CONNECTION_CODES.has(code)) return true;
  const chromiumCode = chromiumErrorCode(message);
  if (chromiumCode !== null) return CHROMIUM_ERRORS_BEFORE_SENDING.has(chromiumCode);
  return BEFORE_CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}

export function describeNetworkFailure(error: unknown): NetworkFailure {
  const chain = errorChain(error);
  return {
    maybeDelivered: !chain.some(isBeforeConnection),
    summary: chain.map(({ code, message }) => (code ? `${code}: ${message}` : message)).join(' <- '),
  };
}
