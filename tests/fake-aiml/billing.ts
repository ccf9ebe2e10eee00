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

/**
 * How the next balance reads are answered: as documented ('ok'); 'not-found' as an API without the
 * route would (a 404 envelope); 'odd-shape' as a changed API might (the legacy /v1/billing/balance
 * shape, credits and `lowBalance`, which the reference says is being deprecated).
 */
export const BILLING_SCENARIOS = ['ok', 'not-found', 'odd-shape'] as const;
export type BillingScenario = (typeof BILLING_SCENARIOS)[number];

export interface BillingState {
  balanceUsd: number;
  scenario: BillingScenario;
}

export interface RecordedBillingCheck {
  authorization: string | null;
  status: number;
}

export function answerBilling(
  req: IncomingMessage,
  res: ServerResponse,
  key: string | null,
  validKeys: ReadonlySet<string>,
  state: BillingState,
  checks: RecordedBillingCheck[],
): void {
  req.resume();
  const known = key !== null && validKeys.has(key);
  const status = !known ? 401 : state.scenario === 'not-found' ? 404 : 200;
  checks.push({ authorization: req.headers.authorization ?? null, status });
  if (!known) return sendEnvelope(res, 401, BILLING_PATH, MESSAGES.unauthorized);
  if (state.scenario === 'not-found') return sendEnvelope(res, 404, BILLING_PATH, `Cannot GET ${BILLING_PATH}`);
  if (state.scenario === 'odd-shape') return sendJson(res, 200, { balance: state.balanceUsd * 2_000_000, lowBalance: false });
  sendJson(res, 200, { current_balance: state.balanceUsd, currency: 'USD' });
}
