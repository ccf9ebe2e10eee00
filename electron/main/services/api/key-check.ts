import { ApiBaseUrl } from '../../../shared/domain';
import { appError, fail, ok, type AppError, type Result } from '../../../shared/errors';
import { createRedactor } from '../redact';
import { readCappedBody } from './capped-body';
import { runWithDeadline } from './deadline';
import { describeNetworkFailure } from './network-failure';

/**
 * Whether the API accepts a key, asked with a request that costs nothing: `GET /v2/billing` with the
 * key, the account-balance endpoint the AI/ML API documents (docs.aimlapi.com/api-references/
 * service-endpoints/account-balance: `GET https://api.aimlapi.com/v2/billing`, Bearer key, answers
 * `{"current_balance": <USD>, "currency": "USD"}`). Verified in the docs only, so the balance is a
 * bonus: an answer of another shape still says the key works, and only 401/403 mean refused.
 */

export interface KeyCheckRequest {
  /** The configured API address, e.g. `https://api.aimlapi.com/v1`. */
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Default 15 s: the check is interactive, the user waits for it. */
  timeoutMs?: number;
}

export interface KeyCheck {
  balanceUsd: number | null;
}

const DEFAULT_TIMEOUT_MS = 15_000;
/** Enough for the documented answer and any error envelope; anything longer is not read. */
const BODY_LIMIT = 64 * 1024;

/**
 * The billing address next to the configured API address: the API's version segment (`/v1`) gives
 * way to `/v2/billing` (the docs list both under https://api.aimlapi.com). A proxy address without
 * a version segment gets `/v2/billing` appended to its path (inferred: proxies mirror the API's paths).
 */
export function billingUrl(baseUrl: string): URL | null {
  const parsed = ApiBaseUrl.safeParse(baseUrl);
  if (!parsed.success) return null;
  const url = new URL(parsed.data);
  url.pathname = `${url.pathname.replace(/\/+$/, '').replace(/\/v\d+$/, '')}/v2/billing`;
  return url;
}

function balanceOf(text: string): number | null {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null || !('current_balance' in body)) return null;
    const balance = body.current_balance;
    const currency = 'currency' in body ? body.currency : 'USD';
    return typeof balance === 'number' && Number.isFinite(balance) && currency === 'USD' ? balance : null;
  } catch {
    return null;
  }
}

/**
 * One GET of the billing address with the key, its body capped and read as text: shared by the key
 * check and the balance, which read the answer each their own way.
 */
export function getBilling(endpoint: URL, apiKey: string, fetchImpl: typeof fetch, timeoutMs: number) {
  return runWithDeadline(timeoutMs, undefined, async (signal) => {
    const response = await fetchImpl(endpoint, {
      method: 'GET',
      headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
      // A redirect would carry the key somewhere the user did not configure.
      redirect: 'manual',
      signal,
    });
    const body = await readCappedBody(response.body, BODY_LIMIT);
    return { status: response.status, text: body.ok ? new TextDecoder().decode(body.bytes) : '' };
  });
}

export async function checkApiKey(request: KeyCheckRequest): Promise<Result<KeyCheck>> {
  const endpoint = billingUrl(request.baseUrl);
  if (endpoint === null) {
    return fail(appError('invalid-input', 'The API address cannot be used; set an https:// address in Settings (plain http:// only for this machine).'));
  }
  const fetchImpl = request.fetch ?? fetch;
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const redactor = createRedactor([request.apiKey]);
  const where = `GET ${endpoint.href}`;

  const answered = await getBilling(endpoint, request.apiKey, fetchImpl, timeoutMs);

  if (answered.outcome === 'timeout' || answered.outcome === 'cancelled') {
    return fail(
      appError('timeout', `The API did not answer within ${Math.round(timeoutMs / 1000)} seconds, so the key could not be checked. Nothing was charged.`, {
        detail: where,
      }),
    );
  }
  if (answered.outcome === 'failed') {
    const failure = describeNetworkFailure(answered.error);
    return fail(
      appError('network', `Could not reach the API at ${endpoint.host}, so the key could not be checked; check the internet connection and the API address.`, {
        detail: redactor.text(`${where}\n${failure.summary}`),
      }),
    );
  }

  const { status, text } = answered.value;
  const detail = redactor.text(`HTTP ${status} from ${where}\n${redactor.snippet(text) || '(empty body)'}`);
  if (status >= 200 && status < 300) return ok({ balanceUsd: balanceOf(text) });
  return fail(refusal(status, detail));
}

function refusal(status: number, detail: string): AppError {
  if (status === 401 || status === 403) {
    return appError('unauthorized', 'The API refused this key. Check that it was copied whole, or make a new one at aimlapi.com.', { status, detail });
  }
  if (status >= 300 && status < 400) {
    return appError('bad-response', 'The API address redirects elsewhere, so the key was not sent there; check the API address.', { status, detail });
  }
  if (status === 429) {
    return appError('rate-limited', 'The API is limiting how often it can be called, so the key could not be checked now; try again in a minute.', {
      status,
      detail,
    });
  }
  return appError('bad-response', `The API answered HTTP ${status}, so Reverie cannot tell whether the key works; see the details.`, { status, detail });
}
