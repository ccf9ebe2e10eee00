import { z } from 'zod';
import { BILLING_SCENARIOS, type BillingScenario } from './billing';
import { SCENARIO_NAMES, type ScenarioName, type ScenarioOptions } from './scenarios';

/** Paths of the control endpoint, kept outside `/v1` so no client of the API can stumble on them. */
export const CONTROL_PATHS = {
  scenario: '/__fake/scenario',
  requests: '/__fake/requests',
  reset: '/__fake/reset',
  /** `{balanceUsd?, scenario?}`: what `GET /v2/billing` answers from now on. */
  billing: '/__fake/billing',
} as const;

/** JSON has no Infinity, so "always" stands for it over HTTP. */
const ScenarioCommand = z.strictObject({
  name: z.enum(SCENARIO_NAMES),
  times: z.union([z.int().nonnegative(), z.literal('always')]).optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  declareLength: z.boolean().optional(),
});

export type ParsedScenarioCommand = { ok: true; name: ScenarioName; options: ScenarioOptions } | { ok: false; message: string };

export function parseScenarioCommand(body: unknown): ParsedScenarioCommand {
  const parsed = ScenarioCommand.safeParse(body);
  if (!parsed.success) return { ok: false, message: z.prettifyError(parsed.error) };
  const { name, times, ...rest } = parsed.data;
  const options: ScenarioOptions = { ...rest };
  if (times !== undefined) options.times = times === 'always' ? Infinity : times;
  return { ok: true, name, options };
}

const BillingCommand = z.strictObject({
  balanceUsd: z.number().finite().optional(),
  scenario: z.enum(BILLING_SCENARIOS).optional(),
});

export type ParsedBillingCommand = { ok: true; balanceUsd?: number; scenario?: BillingScenario } | { ok: false; message: string };

export function parseBillingCommand(body: unknown): ParsedBillingCommand {
  const parsed = BillingCommand.safeParse(body);
  if (!parsed.success) return { ok: false, message: z.prettifyError(parsed.error) };
  return { ok: true, ...parsed.data };
}
