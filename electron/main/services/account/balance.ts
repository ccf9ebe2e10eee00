import type { Emit } from '../../../shared/contract';
import type { AccountBalance } from '../../../shared/domain';
import type { BalanceFile } from './balance-file';
import { readBilling, type BillingReading } from './billing-read';

/**
 * The account balance the header shows. Read from GET /v2/billing after a batch has settled and
 * when the page asks and the figure is older than a minute; at most one read a minute whatever
 * asks, and never awaited by anything the user waits on. A read that could not reach the API keeps
 * the last figure and its time (offline shows what was known, and when); an answer that is not a
 * balance (a 404, another shape, a refused key) hides it quietly.
 */
export interface BalanceService {
  /** The figure as known now; starts the file's figure once loaded. */
  current(): AccountBalance;
  /** Starts a read unless one ran within the last minute (or is running); resolves when it ends. */
  refresh(): Promise<AccountBalance>;
  /**
   * Something changed the balance (a batch settled): read now, or, when a read ran within the last
   * minute, once that minute is over, so the header catches up without a second read inside it.
   */
  changed(): void;
  /** Cancels a read scheduled by changed(); a read still out changes nothing; waits for a save under way. */
  close(): Promise<void>;
  /** The page asked: the figure now, and a read in the background when it is older than a minute. */
  ask(): AccountBalance;
  /** Resolves once the saved figure has been loaded. */
  ready: Promise<void>;
}

export interface BalanceServiceDeps {
  baseUrl: () => string;
  apiKey: () => Promise<string | null>;
  emit: Emit;
  now: () => number;
  file: BalanceFile;
  fetch?: typeof fetch;
  /** Default one minute. */
  minIntervalMs?: number;
  read?: (request: { baseUrl: string; apiKey: string; fetch?: typeof fetch }) => Promise<BillingReading>;
  /** Runs `run` after `ms`; returns a cancel. Default an unref'd timer (it never keeps the app alive). */
  later?: (ms: number, run: () => void) => () => void;
}

const realLater = (ms: number, run: () => void) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export const BALANCE_MIN_INTERVAL_MS = 60_000;
const NEVER: AccountBalance = { usd: null, readAt: null };

export function createBalanceService(deps: BalanceServiceDeps): BalanceService {
  const minInterval = deps.minIntervalMs ?? BALANCE_MIN_INTERVAL_MS;
  const read = deps.read ?? readBilling;
  let balance: AccountBalance = NEVER;
  let lastAttemptAt: number | null = null;
  let running: Promise<AccountBalance> | null = null;
  let cancelScheduled: (() => void) | null = null;
  let closed = false;
  const later = deps.later ?? realLater;

  const ready = deps.file.load().then((saved) => {
    // A read that finished before the file loaded is newer than the file.
    if (saved && balance.readAt === null && lastAttemptAt === null) balance = saved;
  });

  // Saves run one after another, so an older figure never lands over a newer one.
  let saved: Promise<void> = Promise.resolve();

  function set(next: AccountBalance): void {
    if (closed) return;
    if (next.usd === balance.usd && next.readAt === balance.readAt) return;
    balance = next;
    deps.emit('account:balance-changed', balance);
    const figure = balance;
    saved = saved.then(() => deps.file.save(figure)).catch((error: unknown) => console.warn('account: the balance could not be saved', error));
  }

  async function attempt(): Promise<AccountBalance> {
    await ready;
    const apiKey = await deps.apiKey().catch(() => null);
    if (apiKey === null || apiKey === '') {
      // Nothing was asked of the API: the first read once a key is there need not wait a minute.
      lastAttemptAt = null;
      return balance;
    }
    const reading = await read({ baseUrl: deps.baseUrl(), apiKey, ...(deps.fetch ? { fetch: deps.fetch } : {}) }).catch((error: unknown): BillingReading => ({
      kind: 'unreachable',
      why: String(error),
    }));
    if (reading.kind === 'balance') set({ usd: reading.usd, readAt: deps.now() });
    else if (reading.kind === 'unknown') set(NEVER);
    await saved;
    return balance;
  }

  function refresh(): Promise<AccountBalance> {
    if (running) return running;
    const now = deps.now();
    if (lastAttemptAt !== null && now - lastAttemptAt < minInterval) return Promise.resolve(balance);
    lastAttemptAt = now;
    running = attempt().finally(() => (running = null));
    return running;
  }

  return {
    current: () => balance,
    refresh,
    changed() {
      if (cancelScheduled) return;
      const wait = lastAttemptAt === null ? 0 : lastAttemptAt + minInterval - deps.now();
      if (wait <= 0 && !running) {
        void refresh();
        return;
      }
      cancelScheduled = later(Math.max(wait, 0), () => {
        cancelScheduled = null;
        void refresh();
      });
    },
    async close() {
      cancelScheduled?.();
      cancelScheduled = null;
      // Not waiting for a read still out (a black-holed network would hold the quit for its timeout).
      closed = true;
      await saved;
    },
    ask() {
      const stale = balance.readAt === null || deps.now() - balance.readAt >= minInterval;
      if (stale) void refresh();
      return balance;
    },
    ready,
  };
}
