import { describe, expect, it } from 'vitest';
import { CHROMIUM_ERRORS_BEFORE_SENDING } from '../../electron/main/services/api/chromium-net-errors';
import { describeNetworkFailure } from '../../electron/main/services/api/network-failure';

/** fetch's errors, shaped as undici wraps them: a TypeError whose `cause` carries the socket's code. */
const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

describe('network failures: could the request have reached the API?', () => {
  it('no: nothing listened, no name, or the certificate was refused during the handshake', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'CERT_HAS_EXPIRED', 'ERR_SSL_WRONG_VERSION_NUMBER']) {
      expect(describeNetworkFailure(fetchFailed(code)).maybeDelivered, code).toBe(false);
    }
  });

  it('maybe: TLS errors that can strike mid-stream, after the request body left (never resent by itself)', () => {
    for (const code of ['ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC', 'ERR_SSL_SSLV3_ALERT_BAD_RECORD_MAC', 'ECONNRESET', 'UND_ERR_SOCKET']) {
      expect(describeNetworkFailure(fetchFailed(code)).maybeDelivered, code).toBe(true);
    }
  });

  it('maybe: anything it does not recognise', () => {
    expect(describeNetworkFailure(new TypeError('fetch failed')).maybeDelivered).toBe(true);
  });
});

/** Electron's net.fetch and net.request fail with a plain Error whose message is Chromium's code. */
const chromiumFailed = (code: string) => new Error(`net::${code}`);

describe('network failures from Chromium (net.fetch in the app)', () => {
  /** Written out by hand, so a code added to the service without a reason here fails the last test. */
  const NOTHING_SENT = [
    'ERR_NAME_NOT_RESOLVED',
    'ERR_NAME_RESOLUTION_FAILED',
    'ERR_DNS_TIMED_OUT',
    'ERR_DNS_SERVER_FAILED',
    'ERR_DNS_MALFORMED_RESPONSE',
    'ERR_CONNECTION_REFUSED',
    'ERR_CONNECTION_TIMED_OUT',
    'ERR_CONNECTION_FAILED',
    'ERR_NETWORK_ACCESS_DENIED',
    'ERR_PROXY_CONNECTION_FAILED',
    'ERR_TUNNEL_CONNECTION_FAILED',
    'ERR_MANDATORY_PROXY_CONFIGURATION_FAILED',
    'ERR_PAC_SCRIPT_FAILED',
    'ERR_SOCKS_CONNECTION_FAILED',
    'ERR_SOCKS_CONNECTION_HOST_UNREACHABLE',
    'ERR_PROXY_CERTIFICATE_INVALID',
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
    'ERR_INVALID_URL',
    'ERR_DISALLOWED_URL_SCHEME',
    'ERR_UNKNOWN_URL_SCHEME',
    'ERR_UNSAFE_PORT',
  ];

  const MAYBE_DELIVERED = [
    // The connection existed and the request may have been read.
    'ERR_CONNECTION_RESET',
    'ERR_CONNECTION_CLOSED',
    'ERR_CONNECTION_ABORTED',
    'ERR_EMPTY_RESPONSE',
    'ERR_TIMED_OUT',
    'ERR_NETWORK_CHANGED',
    'ERR_SOCKET_NOT_CONNECTED',
    'ERR_INCOMPLETE_CHUNKED_ENCODING',
    'ERR_CONTENT_LENGTH_MISMATCH',
    'ERR_HTTP2_PROTOCOL_ERROR',
    'ERR_QUIC_PROTOCOL_ERROR',
    'ERR_INVALID_HTTP_RESPONSE',
    'ERR_FAILED',
    'ERR_ABORTED',
    // Also raised on reads and writes of an open connection (Chromium's MapSystemError).
    'ERR_INTERNET_DISCONNECTED',
    'ERR_ADDRESS_UNREACHABLE',
    // They close connections already in use, or can arrive after the request left.
    'ERR_CERT_DATABASE_CHANGED',
    'ERR_CERT_VERIFIER_CHANGED',
    'ERR_SSL_PROTOCOL_ERROR',
    'ERR_BAD_SSL_CLIENT_AUTH_CERT',
    // Codes this build does not know (a newer Chromium's, or a typo'd one).
    'ERR_SOMETHING_CHROMIUM_ADDS_LATER',
  ];

  it.each(NOTHING_SENT)('%s proves nothing was sent', (code) => {
    const failure = describeNetworkFailure(chromiumFailed(code));
    expect(failure.maybeDelivered).toBe(false);
    expect(failure.summary).toBe(`net::${code}`);
  });

  it.each(MAYBE_DELIVERED)('%s may have been delivered (never resent by itself)', (code) => {
    expect(describeNetworkFailure(chromiumFailed(code)).maybeDelivered).toBe(true);
  });

  it('reads the code only as net::ERR_…, not a bare word in some other message', () => {
    expect(describeNetworkFailure(new Error('ERR_NAME_NOT_RESOLVED')).maybeDelivered).toBe(true);
    expect(describeNetworkFailure(new Error('Redirect was cancelled')).maybeDelivered).toBe(true);
  });

  it('trusts exactly the codes listed here, no more', () => {
    expect([...CHROMIUM_ERRORS_BEFORE_SENDING].sort()).toEqual([...NOTHING_SENT].sort());
  });
});
