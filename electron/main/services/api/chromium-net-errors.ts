/**
 * Chromium's network errors (net/base/net_error_list.h), as Electron's net.fetch and net.request
 * report them: a plain Error whose message is the code, e.g. `net::ERR_CONNECTION_REFUSED`
 * (electron_api_url_loader.cc emits net::ErrorToString). Only codes listed here count as proof
 * that the request never left this machine; any other code, known or not, may have reached the
 * server, so a request that may have been charged is never taken for one that was not sent.
 */
export const CHROMIUM_ERRORS_BEFORE_SENDING: ReadonlySet<string> = new Set([
  // The name could not be resolved.
  'ERR_NAME_NOT_RESOLVED',
  'ERR_NAME_RESOLUTION_FAILED',
  'ERR_DNS_TIMED_OUT',
  'ERR_DNS_SERVER_FAILED',
  'ERR_DNS_MALFORMED_RESPONSE',
  // Opening the connection failed. These come from connect() only (MapConnectError in
  // socket_posix.cc and tcp_socket_win.cc); a reset of an open connection is ERR_CONNECTION_RESET.
  'ERR_CONNECTION_REFUSED',
  'ERR_CONNECTION_TIMED_OUT',
  'ERR_CONNECTION_FAILED',
  'ERR_NETWORK_ACCESS_DENIED',
  // The proxy could not be reached, configured (PAC) or tunnelled through: nothing reached the API.
  'ERR_PROXY_CONNECTION_FAILED',
  'ERR_TUNNEL_CONNECTION_FAILED',
  'ERR_MANDATORY_PROXY_CONFIGURATION_FAILED',
  'ERR_PAC_SCRIPT_FAILED',
  'ERR_SOCKS_CONNECTION_FAILED',
  'ERR_SOCKS_CONNECTION_HOST_UNREACHABLE',
  'ERR_PROXY_CERTIFICATE_INVALID',
  // The TLS handshake failed: the server's certificate was refused while verifying it, or there
  // was no common version or cipher. Chromium writes the request only after the handshake.
  'ERR_CERT_COMMON_NAME_INVALID',
  'ERR_CERT_DATE_INVALID',
  'ERR_CERT_AUTHORITY_INVALID',
  'ERR_CERT_CONTAINS_ERRORS',
  'ERR_CERT_NO_REVOCATION_MECHANISM',
  'ERR_CERT_UNABLE_TO_CHECK_REVOCATION',
  'ERR_CERT_REVOKED',
  'ERR_CERT_INVALID',
  'ERR_CERT_WEAK_SIGNATURE_ALGORITHM',
  'ERR_CERT_NON_UNIQUE_NAME',
  'ERR_CERT_WEAK_KEY',
  'ERR_CERT_NAME_CONSTRAINT_VIOLATION',
  'ERR_CERT_VALIDITY_TOO_LONG',
  'ERR_CERTIFICATE_TRANSPARENCY_REQUIRED',
  'ERR_CERT_SYMANTEC_LEGACY',
  'ERR_CERT_KNOWN_INTERCEPTION_BLOCKED',
  'ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN',
  'ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
  // Refused before any connection because of the address itself.
  'ERR_INVALID_URL',
  'ERR_DISALLOWED_URL_SCHEME',
  'ERR_UNKNOWN_URL_SCHEME',
  'ERR_UNSAFE_PORT',
]);
// Deliberately absent, so they count as "may have been delivered":
// - ERR_INTERNET_DISCONNECTED and ERR_ADDRESS_UNREACHABLE: Chromium maps ENETDOWN, EHOSTUNREACH and
//   ENETUNREACH to them on reads and writes of an open connection too (MapSystemError, used by
//   SocketPosix::DoRead/DoWrite), e.g. when the network drops while the API is working on the image.
// - ERR_CERT_DATABASE_CHANGED and ERR_CERT_VERIFIER_CHANGED: they close connections already in use.
// - ERR_SSL_PROTOCOL_ERROR and ERR_BAD_SSL_CLIENT_AUTH_CERT: they can arrive after the request left.
// - ERR_CONNECTION_RESET/CLOSED/ABORTED, ERR_EMPTY_RESPONSE, ERR_TIMED_OUT, ERR_NETWORK_CHANGED …:
//   the connection existed, and the request may have been read.

const NET_ERROR = /\bnet::(ERR_[A-Z0-9_]+)\b/;

/** The Chromium error code in an error message (`ERR_NAME_NOT_RESOLVED`), or null when there is none. */
export function chromiumErrorCode(message: string): string | null {
  return NET_ERROR.exec(message)?.[1] ?? null;
}
