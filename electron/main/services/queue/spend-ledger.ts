import type { DatabaseSync } from 'node:sqlite';
import { CREDITS_PER_USD, TYPICAL_CREDITS_PER_IMAGE, type CostSummary } from '../../../shared/domain';
import { appError, fail, ok, type Result } from '../../../shared/errors';

export interface SpendLedger {
  record(entry: { jobId: string | null; requestId: string | null; credits: number; at: number }): void;
  summary(): CostSummary;
  /** ok(null), or fail(appError('budget-exceeded', <plain sentence>)) when spending `estimatedCredits` more today would pass the daily budget. */
  /** `creditsPerImage` (default a create's) only words the refusal: how many more images would fit. */
  checkBudget(estimatedCredits: number, creditsPerImage?: number): Result<null>;
}

const CREDITS_PER_CENT = CREDITS_PER_USD / 100;

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Whole cents, rounded down: "$1.00 spent" must never read as more than was spent, and a spend just
 * under a $1.00 budget must not show as "$1.00" while new jobs are still allowed.
 */
const formatCredits = (credits: number) => usd.format(Math.floor(credits / CREDITS_PER_CENT) / 100);

/** Local midnight and local first-of-month: the user's "today" is their wall clock's, not UTC's. */
function periodStarts(now: number): { day: number; month: number } {
  const date = new Date(now);
  return {
    day: new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime(),
    month: new Date(date.getFullYear(), date.getMonth(), 1).getTime(),
  };
}

/** Every charge the API reported, summed per local day and month; the budget gate for new jobs. */
export function createSpendLedger(db: DatabaseSync, options: { now: () => number; dailyBudgetUsd: () => number | null }): SpendLedger {
  // A request id names one charge: recording it twice (a retried save, a restored job) must not
  // double the spend. Rows without one cannot be matched and are always kept.
  const insertStatement = db.prepare(
    `INSERT INTO spend (job_id, request_id, credits, at)
     SELECT :jobId, :requestId, :credits, :at
     WHERE :requestId IS NULL OR NOT EXISTS (SELECT 1 FROM spend WHERE request_id = :requestId)`,
  );
  // No upper bound on purpose: rows stamped "after now" exist only when the clock was set back, and
  // hiding them would let a clock change lift the budget. total() is 0.0 on no rows, never NULL.
  const totalsStatement = db.prepare(
    `SELECT total(CASE WHEN at >= :day THEN credits END) AS today, total(credits) AS month
     FROM spend WHERE at >= :month`,
  );

  function totals(): { today: number; month: number } {
    const { day, month } = periodStarts(options.now());
    const row = totalsStatement.get({ day, month });
    return { today: Number(row?.today ?? 0), month: Number(row?.month ?? 0) };
  }

  return {
    record({ jobId, requestId, credits, at }) {
      // `credits` comes from the API's usage field: outside data that must not corrupt the totals.
      if (!Number.isFinite(credits) || credits < 0 || !Number.isFinite(at)) return;
      // The column is a STRICT INTEGER; a fractional millisecond would be refused, not rounded.
      insertStatement.run({ jobId, requestId, credits, at: Math.trunc(at) });
    },

    summary() {
      const { today, month } = totals();
      const budget = options.dailyBudgetUsd();
      return {
        todayCredits: today,
        monthCredits: month,
        dailyBudgetUsd: budget,
        budgetReached: budget !== null && today >= budget * CREDITS_PER_USD,
      };
    },

    checkBudget(estimatedCredits, creditsPerImage = TYPICAL_CREDITS_PER_IMAGE) {
      const budget = options.dailyBudgetUsd();
      if (budget === null) return ok(null);
      const budgetCredits = budget * CREDITS_PER_USD;
      const spent = totals().today;
      const budgetText = formatCredits(budgetCredits);
      const spentText = formatCredits(spent);

      if (spent >= budgetCredits) {
        return fail(
          appError('budget-exceeded', `Today's budget of ${budgetText} is reached (${spentText} spent). Raise it in Settings or wait until tomorrow.`),
        );
      }

      // A NaN or negative estimate is a caller's bug; treating it as nothing to spend keeps the gate
      // meaningful for what has actually been spent.
      const estimate = Number.isNaN(estimatedCredits) || estimatedCredits < 0 ? 0 : estimatedCredits;
      if (spent + estimate <= budgetCredits) return ok(null);

      const fit = Math.floor((budgetCredits - spent) / (creditsPerImage > 0 ? creditsPerImage : TYPICAL_CREDITS_PER_IMAGE));
      const fitText =
        fit === 0
          ? 'not even one more image fits. Raise the budget in Settings or wait until tomorrow.'
          : `about ${fit} more ${fit === 1 ? 'image fits' : 'images fit'}. Generate fewer, raise the budget in Settings, or wait until tomorrow.`;
      return fail(appError('budget-exceeded', `This would pass today's budget of ${budgetText} (${spentText} spent so far); ${fitText}`));
    },
  };
}
