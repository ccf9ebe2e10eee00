import { CREDITS_PER_USD } from '../../../shared/domain';

/**
 * The tracing and cost headers of the AI/ML API (reference/aiml-reve-api.md, "Cost, tracing and
 * balance", from the vendor's docs repository): a request may carry `X-Client-Request-Id`, 1–128
 * characters of [A-Za-z0-9._:-] (an invalid one is silently dropped by the API, so Reverie does not
 * send one); every non-streaming JSON answer carries `x-inference-id`, and may carry
 * `x-aimlapi-credits-used` and `x-aimlapi-usd-spent`.
 */
export const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const isSendableClientRequestId = (id: string | undefined | null): id is string => typeof id === 'string' && CLIENT_REQUEST_ID.test(id);

/** Ids longer than this are not kept (the library's column takes 200); a real one is a short id. */
const MAX_INFERENCE_ID = 200;

export function readInferenceId(headers: Headers): string | null {
  const value = headers.get('x-inference-id')?.trim() ?? '';
  // Only printable ASCII is kept: it is shown to the user and quoted to support.
  return value.length > 0 && value.length <= MAX_INFERENCE_ID && /^[\x21-\x7e]+$/.test(value) ? value : null;
}

const NUMBER = /^\d+(\.\d+)?$/;

function readNumber(headers: Headers, name: string): number | null {
  const value = headers.get(name)?.trim() ?? '';
  if (!NUMBER.test(value)) return null;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : null;
}

/**
 * Credits the answer's headers report: `x-aimlapi-credits-used` when present, else
 * `x-aimlapi-usd-spent` at the docs' rate (1 USD = 2,000,000 credits), else null (the caller falls
 * back to `meta.usage` in the body).
 */
export function readHeaderCredits(headers: Headers): number | null {
  const credits = readNumber(headers, 'x-aimlapi-credits-used');
  if (credits !== null) return credits;
  const usd = readNumber(headers, 'x-aimlapi-usd-spent');
  return usd === null ? null : Math.round(usd * CREDITS_PER_USD);
}
