/**
 * How the fake answers the next generation requests. Each name is one way the real API (or the
 * network in front of it) has been seen or is expected to behave; the API client must handle all.
 */
export const SCENARIO_NAMES = [
  'ok',
  'b64',
  'credits-used',
  /** A success without the x-aimlapi-* cost headers: usage only in `meta.usage`. */
  'no-cost-headers',
  /** A success whose only cost header is `x-aimlapi-usd-spent`. */
  'usd-header-only',
  '400',
  '401',
  '403',
  '404',
  '429',
  '500',
  '500-maintenance',
  '502',
  '503',
  '504',
  'string-status-code',
  'html',
  'empty-body',
  'malformed-json',
  'slow',
  'hang',
  'drop-connection',
  'content-violation',
  'download-not-image',
  'download-oversized',
  'download-404',
  'download-flaky',
  'download-drop',
  'raw-image',
  'no-data',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ScenarioOptions {
  /** How many generation requests get the scenario before the fake returns to 'ok'; default 1. */
  times?: number;
  /**
   * For '429' and '503' (on the POST) and 'download-flaky' (on its failing GET): send `Retry-After`
   * with this many seconds (the real API documents none).
   */
  retryAfterSeconds?: number;
  /**
   * For 'download-oversized': announce the size in `Content-Length`. Off by default so the client's
   * streaming cap is what gets exercised, not only its up-front header check.
   */
  declareLength?: boolean;
}

export interface ServedScenario {
  name: ScenarioName;
  retryAfterSeconds: number | null;
  declareLength: boolean;
}

export interface ScenarioSchedule {
  set(name: ScenarioName, options?: ScenarioOptions): void;
  /** The next requests get these scenarios, one each, in arrival order; then 'ok' again. */
  sequence(names: readonly ScenarioName[]): void;
  /** The scenario for the request being answered now; consumes one of its remaining uses. */
  take(): ServedScenario;
  reset(): void;
}

const OK: ServedScenario = { name: 'ok', retryAfterSeconds: null, declareLength: false };

export function createScenarioSchedule(): ScenarioSchedule {
  let current: ServedScenario = OK;
  let remaining = 0;
  let scripted: ServedScenario[] = [];

  return {
    sequence(names) {
      scripted = names.map((name) => ({ name, retryAfterSeconds: null, declareLength: false }));
      remaining = 0;
    },
    set(name, options = {}) {
      const times = options.times ?? 1;
      if (!(times >= 0)) throw new RangeError(`times must be a non-negative number, got ${times}`);
      current = {
        name,
        retryAfterSeconds: options.retryAfterSeconds ?? null,
        declareLength: options.declareLength ?? false,
      };
      remaining = times;
    },
    take() {
      const next = scripted.shift();
      if (next) return next;
      if (remaining <= 0) return OK;
      remaining -= 1;
      return current;
    },
    reset() {
      current = OK;
      remaining = 0;
      scripted = [];
    },
  };
}
