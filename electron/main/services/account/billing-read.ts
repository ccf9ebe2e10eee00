import { billingUrl, getBilling } from '../api/key-check';

/**
 * One read of `GET /v2/billing` (docs.aimlapi.com/api-references/service-endpoints/account-balance:
 * Bearer key, answers `{"current_balance": <USD>, "currency": "USD"}`, costs nothing), at the
 * billing address next to the configured API address (billingUrl, as the key check uses). Verified
 * in the docs only, so any other answer is told apart from "could not ask":
 * - `balance`: the documented shape, in USD;
 * - `unknown`: the API answered, but not with a balance Reverie can read (a 404, another shape, a
 *   refused key): the figure is hidden, quietly;
 * - `unreachable`: no answer (offline, timeout, 5xx, 429): the last figure stays.
 */
export type BillingReading = { kind: 'balance'; usd: number } | { kind: 'unknown'; why: string } | { kind: 'unreachable'; why: string };

export interface BillingReadRequest {
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** The documented shape, or null: a number in USD (a missing currency is read as USD, the only one documented). */
export function balanceFromBody(text: string): number | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  const balance = record.current_balance;
  const currency = record.currency ?? 'USD';
  return typeof balance === 'number' && Number.isFinite(balance) && currency === 'USD' ? balance : null;
}

export async function readBilling(request: BillingReadRequest): Promise<BillingReading> {
  const endpoint = billingUrl(request.baseUrl);
  if (endpoint === null) return { kind: 'unknown', why: 'the API address cannot be used' };
  const fetchImpl = request.fetch ?? fetch;
  const answered = await getBilling(endpoint, request.apiKey, fetchImpl, request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (answered.outcome !== 'done') return { kind: 'unreachable', why: answered.outcome };
  const { status, text } = answered.value;
  if (status >= 500 || status === 429) return { kind: 'unreachable', why: `HTTP ${status}` };
  if (status < 200 || status >= 300) return { kind: 'unknown', why: `HTTP ${status}` };
  const usd = balanceFromBody(text);
  return usd === null ? { kind: 'unknown', why: 'the answer had another shape' } : { kind: 'balance', usd };
}
