import { describe, expect, it } from 'vitest';
import { describeNetworkFailure } from '../../electron/main/services/network-failure';

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
