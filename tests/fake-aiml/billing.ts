import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendEnvelope, sendJson } from './envelope';
import { MESSAGES } from './generation';

/**
 * `GET /v2/billing`, the account balance, as the AI/ML API documents it
 * (docs.aimlapi.com/api-references/service-endpoints/account-balance): Bearer key, no body, answers
 * `{"current_balance": <number, USD>, "currency": "USD"}` and costs nothing. The docs show no error
 * answer for it; a missing or unknown key gets the same 401 envelope as every other route of this
 * API (the real 401 in ../shared/reference/aiml-reve-api.md), which is our reading, not verified.
 */
export const BILLING_PATH = '/v2/billing';

export interface RecordedBillingCheck {
  authorization: string | null;
  status: number;
}

export function answerBilling(
  req: IncomingMessage,
  res: ServerResponse,
  key: string | null,
  validKeys: ReadonlySet<string>,
  balanceUsd: number,
  checks: RecordedBillingCheck[],
): void {
  req.resume();
  const known = key !== null && validKeys.has(key);
  checks.push({ authorization: req.headers.authorization ?? null, status: known ? 200 : 401 });
  if (!known) return sendEnvelope(res, 401, BILLING_PATH, MESSAGES.unauthorized);
  sendJson(res, 200, { current_balance: balanceUsd, currency: 'USD' });
}
