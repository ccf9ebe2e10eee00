import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/**
 * One-off HTTP APIs on 127.0.0.1 for the answers the fake API has no scenario for (echoed keys,
 * redirects, odd content types), and the small helpers their handlers use.
 */

export type CustomApiHandler = (req: IncomingMessage, res: ServerResponse, origin: string) => void;

export interface CustomApi {
  origin: string;
  baseUrl: string;
  /** `METHOD /path` of every request, in arrival order. */
  hits: string[];
  close: () => Promise<void>;
}

export async function startCustomApi(handler: CustomApiHandler): Promise<CustomApi> {
  let origin = '';
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => handler(req, res, origin));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}/v1`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Runs `use` against a custom API and closes it afterwards, whether `use` passed or failed. */
export async function withCustomApi(handler: CustomApiHandler, use: (api: CustomApi) => Promise<void>): Promise<void> {
  const api = await startCustomApi(handler);
  try {
    await use(api);
  } finally {
    await api.close();
  }
}

export const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

export const smallPng = () =>
  sharp({ create: { width: 4, height: 4, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
