import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** 21 url-safe characters, the shape of the `requestId` seen in real error envelopes. */
export function envelopeRequestId(): string {
  return Array.from(randomBytes(21), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

/** `rsid-` + 32 hex, the shape of `request_id` in real success bodies. */
export function generationRequestId(): string {
  return `rsid-${randomBytes(16).toString('hex')}`;
}

export interface ErrorEnvelope {
  requestId: string;
  statusCode: number | string;
  timestamp: string;
  path: string;
  message: string;
  [extra: string]: unknown;
}

export function errorEnvelope(statusCode: number | string, path: string, message: string, extra: Record<string, unknown> = {}): ErrorEnvelope {
  return { requestId: envelopeRequestId(), statusCode, timestamp: new Date().toISOString(), path, message, ...extra };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

export function sendText(res: ServerResponse, status: number, text: string | Buffer, contentType: string, headers: Record<string, string> = {}): void {
  const body = typeof text === 'string' ? Buffer.from(text) : text;
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(body.length), ...headers });
  res.end(body);
}

export function sendEnvelope(
  res: ServerResponse,
  status: number,
  path: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, errorEnvelope(status, path, message, extra), headers);
}
