import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Resolve } from '../../../electron/main/services/api/download-transport';

/**
 * An HTTPS image host on 127.0.0.1 for download tests, and a resolver stub that sends its test
 * names there. The certificate is self-signed, test-only and valid 2000–2125 for images.test,
 * other.test, rebind.test, localhost, 127.0.0.1 and ::1 (made with `openssl ca -selfsign`, EC P-256);
 * its key guards nothing but this loopback server.
 */
export const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIB6jCCAY+gAwIBAgIBATAKBggqhkjOPQQDAjAnMSUwIwYDVQQDDBxSZXZlcmll
IGxvb3BiYWNrIHRlc3Qgc2VydmVyMCAXDTAwMDEwMTAwMDAwMFoYDzIxMjUwMTAx
MDAwMDAwWjAnMSUwIwYDVQQDDBxSZXZlcmllIGxvb3BiYWNrIHRlc3Qgc2VydmVy
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEm4JqnNFqMxdaW/OpJJCOPBgZkot
GpLkCJSfX5lUbBRux+3AN4afmtOCu7R1ySteMrC/EiqrUSiNBm7yO41BuqOBqTCB
pjBSBgNVHREESzBJggtpbWFnZXMudGVzdIIKb3RoZXIudGVzdIILcmViaW5kLnRl
c3SCCWxvY2FsaG9zdIcEfwAAAYcQAAAAAAAAAAAAAAAAAAAAATAMBgNVHRMBAf8E
AjAAMBMGA1UdJQQMMAoGCCsGAQUFBwMBMA4GA1UdDwEB/wQEAwIHgDAdBgNVHQ4E
FgQU38te4GhTLXWlnaS9gzmPH7jVl4AwCgYIKoZIzj0EAwIDSQAwRgIhAKXLGSkk
tNMJJn/nG2DBF0nEA8RZ60zVlkVcGfqFuo7RAiEA/CeMWGwiPgnT4rHx2Qs2pp5E
dtDnKSF9NokMwSSSQH0=
-----END CERTIFICATE-----
`;

const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgsq17R/CAhX/ujBMb
20Rnbc58vrpji7X7dNdSZtC0TyahRANCAAQSbgmqc0WozF1pb86kkkI48GBmSi0a
kuQIlJ9fmVRsFG7H7cA3hp+a04K7tHXJK14ysL8SKqtRKI0GbvI7jUG6
-----END PRIVATE KEY-----
`;

/** The names the stub resolves; anything else is ENOTFOUND, as a resolver says of an unknown name. */
export const TEST_NAMES = ['images.test', 'other.test', 'rebind.test'] as const;
export type TestName = (typeof TEST_NAMES)[number];

export interface ResolverStub {
  resolve: Resolve;
  /** Every name asked for, in order. */
  asked: string[];
}

/**
 * Resolves the test names to loopback only: `answer` may say which loopback address each call
 * gets (default 127.0.0.1), so a test can change the answer between calls (DNS rebinding). Never a
 * non-loopback answer, so nothing built on it can send traffic off this machine.
 */
export function loopbackResolver(answer: (name: string, call: number) => string = () => '127.0.0.1'): ResolverStub {
  const asked: string[] = [];
  return {
    asked,
    resolve: async (name) => {
      asked.push(name);
      if (!(TEST_NAMES as readonly string[]).includes(name)) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      const address = answer(name, asked.filter((each) => each === name).length);
      if (!/^127\.\d+\.\d+\.\d+$/.test(address)) throw new Error(`the test resolver answers loopback only, not ${address}`);
      return [{ address, family: 4 }];
    },
  };
}

export interface HttpsHost {
  port: number;
  /** `https://<name>:<port>`. */
  origin(name: TestName | 'localhost' | '127.0.0.1'): string;
  /** Every request as "METHOD host path". */
  hits: string[];
  headers: IncomingMessage['headers'][];
  close(): Promise<void>;
}

export async function startHttpsHost(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<HttpsHost> {
  const hits: string[] = [];
  const headers: IncomingMessage['headers'][] = [];
  const server: Server = createServer({ cert: TEST_CERT, key: TEST_KEY }, (req, res) => {
    hits.push(`${req.method} ${req.headers.host} ${req.url}`);
    headers.push(req.headers);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: (name) => `https://${name}:${port}`,
    hits,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
