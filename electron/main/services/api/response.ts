import { z } from 'zod';
import { CREDITS_PER_USD } from '../../../shared/domain';

/**
 * Readers for what the API sends back. Every field is optional and tolerant: the reference marks
 * several shapes as inferred, so a surprise in one field degrades that field to null instead of
 * failing a response that may already have been paid for.
 */

const NumberLike = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
const optionalString = z.string().nullish().catch(null);

const ImageItem = z.looseObject({
  url: optionalString,
  b64_json: optionalString,
  request_id: optionalString,
  content_violation: z.boolean().nullish().catch(null),
});

export interface ImageItem {
  url: string | null;
  b64Json: string | null;
  requestId: string | null;
  contentViolation: boolean;
}

export type SuccessReading =
  | { kind: 'items'; items: ImageItem[]; credits: number | null }
  /** A 2xx whose body is an error envelope: treated as the status the envelope names. */
  | { kind: 'error-envelope'; envelope: ErrorEnvelope }
  | { kind: 'unreadable'; reason: string };

const Usage = z.looseObject({
  tokens_used: NumberLike.optional().catch(undefined),
  credits_used: NumberLike.optional().catch(undefined),
  usd_spent: NumberLike.optional().catch(undefined),
});

/** Reve reports `tokens_used`; other models on this API report `credits_used` or only `usd_spent`. */
export function readCredits(meta: unknown): number | null {
  const usage = z.looseObject({ usage: Usage }).safeParse(meta);
  if (!usage.success) return null;
  const { tokens_used, credits_used, usd_spent } = usage.data.usage;
  const credits = tokens_used ?? credits_used ?? (usd_spent === undefined ? undefined : Math.round(usd_spent * CREDITS_PER_USD));
  return credits !== undefined && Number.isFinite(credits) && credits >= 0 ? credits : null;
}

const Envelope = z.looseObject({
  requestId: optionalString,
  statusCode: NumberLike.optional().catch(undefined),
  message: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .catch(undefined),
});

const Issue = z.looseObject({
  message: z.string(),
  path: z
    .array(z.union([z.string(), z.number()]))
    .optional()
    .catch(undefined),
});
const ISSUE_LIST_FIELDS = ['errors', 'issues', 'details', 'meta'] as const;

export interface ErrorEnvelope {
  requestId: string | null;
  statusCode: number | null;
  /** The API's own words, with validation issues appended as `path: message`. */
  message: string | null;
}

function issueLines(body: Record<string, unknown>): string[] {
  for (const field of ISSUE_LIST_FIELDS) {
    const list = z.array(z.unknown()).safeParse(body[field]);
    if (!list.success) continue;
    const lines = list.data.flatMap((entry) => {
      const issue = Issue.safeParse(entry);
      if (!issue.success) return [];
      const path = issue.data.path?.join('.');
      return [path ? `${path}: ${issue.data.message}` : issue.data.message];
    });
    if (lines.length > 0) return lines;
  }
  return [];
}

/** The envelope `{requestId, statusCode, timestamp, path, message}`, or null when the body is not one. */
export function readErrorEnvelope(body: unknown): ErrorEnvelope | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const parsed = Envelope.safeParse(body);
  if (!parsed.success) return null;
  const { requestId, statusCode, message } = parsed.data;
  const words = [...(Array.isArray(message) ? message : message ? [message] : []), ...issueLines(body as Record<string, unknown>)];
  if (!requestId && statusCode === undefined && words.length === 0) return null;
  return { requestId: requestId ?? null, statusCode: statusCode ?? null, message: words.length > 0 ? words.join(' ') : null };
}

/** How a 2xx body must be read, by its Content-Type: the API may hand the image itself back (undocumented). */
export function bodyKindOf(contentType: string | null): 'json' | 'image' | 'other' {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType.startsWith('image/')) return 'image';
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return 'json';
  return 'other';
}

/** Gateways and proxies lose or rewrite Content-Type; a body that opens like JSON is read as JSON. */
export const looksLikeJson = (text: string): boolean => /^\s*[{[]/.test(text);

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Reads a 2xx body: the image items and usage, or why there are none. */
export function readSuccessBody(text: string): SuccessReading {
  if (text.trim() === '') return { kind: 'unreadable', reason: 'the body was empty' };
  const json = parseJson(text);
  if (!json.ok) return { kind: 'unreadable', reason: 'the body was not valid JSON' };

  const shape = z.looseObject({ data: z.array(z.unknown()), meta: z.unknown().optional() }).safeParse(json.value);
  if (!shape.success) {
    const envelope = readErrorEnvelope(json.value);
    if (envelope?.statusCode !== null && envelope?.statusCode !== undefined && envelope.statusCode >= 400) {
      return { kind: 'error-envelope', envelope };
    }
    return { kind: 'unreadable', reason: 'the body had no "data" list' };
  }

  const items = shape.data.data.flatMap((entry): ImageItem[] => {
    const item = ImageItem.safeParse(entry);
    if (!item.success) return [];
    const { url, b64_json, request_id, content_violation } = item.data;
    return [
      {
        url: url ? url : null,
        b64Json: b64_json ? b64_json : null,
        requestId: request_id ? request_id : null,
        contentViolation: content_violation === true,
      },
    ];
  });
  return { kind: 'items', items, credits: readCredits(shape.data.meta) };
}
