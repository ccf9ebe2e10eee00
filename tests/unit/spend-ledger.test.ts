import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/main/services/library/database';
import { createSpendLedger } from '../../electron/main/services/queue/spend-ledger';
import { CREDITS_PER_USD, TYPICAL_CREDITS_PER_IMAGE } from '../../electron/shared/domain';
import { useTempDirs } from './support/library-fixtures';

/** A real database file per test, closed before its folder is removed (hooks run as a stack). */
function useDatabases(): { open: () => Promise<DatabaseSync>; reopen: (db: DatabaseSync) => DatabaseSync } {
  const tempDir = useTempDirs();
  const opened: { db: DatabaseSync; path: string }[] = [];
  afterEach(() => {
    for (const { db } of opened.splice(0)) if (db.isOpen) db.close();
  });
  const at = (path: string) => {
    const db = openDatabase(path);
    opened.push({ db, path });
    return db;
  };
  return {
    open: async () => at(join(await tempDir(), 'reverie.sqlite')),
    reopen: (db) => {
      const entry = opened.find((candidate) => candidate.db === db);
      if (!entry) throw new Error('not a test database');
      db.close();
      return at(entry.path);
    },
  };
}

/** Runs the enclosed tests with the process in `zone`, so "local" means something other than UTC. */
function inTimeZone(zone: string): void {
  const original = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
    // If the runtime ignored TZ, every expectation below would silently test UTC instead.
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone);
  });
  afterAll(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });
}

/** Epoch ms of a local wall-clock time; month is 1-based. Call inside a test, after the zone is set. */
const local = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0) =>
  new Date(year, month - 1, day, hour, minute, second, ms).getTime();

const usd = (dollars: number) => dollars * CREDITS_PER_USD;

describe('spend ledger', () => {
  const databases = useDatabases();

  /** A ledger whose clock and budget the test moves by hand. */
  async function setup(start: number, budget: number | null = null) {
    const db = await databases.open();
    const state = { now: start, budget };
    const ledger = createSpendLedger(db, { now: () => state.now, dailyBudgetUsd: () => state.budget });
    return { db, state, ledger };
  }

  let jobs = 0;
  const charge = (credits: number, at: number, requestId: string | null = `rsid-${++jobs}`) => ({
    jobId: `job-${jobs}`,
    requestId,
    credits,
    at,
  });

  describe.each(['UTC', 'Pacific/Auckland', 'America/New_York'])('calendar periods in local time (%s)', (zone) => {
    inTimeZone(zone);

    it('starts at zero with no budget', async () => {
      const { ledger } = await setup(local(2025, 6, 15, 12));
      expect(ledger.summary()).toEqual({ todayCredits: 0, monthCredits: 0, dailyBudgetUsd: null, budgetReached: false });
    });

    it('counts a charge in today from local midnight, and yesterday only in the month', async () => {
      const { ledger } = await setup(local(2025, 6, 15, 9));
      ledger.record(charge(100, local(2025, 6, 14, 23, 59, 59, 999)));
      ledger.record(charge(20, local(2025, 6, 15, 0, 0, 0, 0)));
      ledger.record(charge(3, local(2025, 6, 15, 8, 30)));
      expect(ledger.summary()).toMatchObject({ todayCredits: 23, monthCredits: 123 });
    });

    it('starts a new day at the next local midnight', async () => {
      const { ledger, state } = await setup(local(2025, 6, 15, 23, 59, 59, 999));
      ledger.record(charge(500, local(2025, 6, 15, 12)));
      expect(ledger.summary().todayCredits).toBe(500);
      state.now = local(2025, 6, 16, 0, 0, 0, 0);
      expect(ledger.summary()).toMatchObject({ todayCredits: 0, monthCredits: 500 });
    });

    it('starts a new month on the first, local time', async () => {
      const { ledger, state } = await setup(local(2025, 1, 31, 23, 0));
      ledger.record(charge(1_000, local(2025, 1, 1, 0, 0)));
      ledger.record(charge(200, local(2025, 1, 31, 22, 0)));
      ledger.record(charge(7, local(2024, 12, 31, 23, 59, 59, 999)));
      expect(ledger.summary()).toMatchObject({ todayCredits: 200, monthCredits: 1_200 });

      state.now = local(2025, 2, 1, 0, 0, 0, 0);
      expect(ledger.summary()).toMatchObject({ todayCredits: 0, monthCredits: 0 });
      ledger.record(charge(40, local(2025, 2, 1, 0, 0, 0, 1)));
      state.now = local(2025, 2, 1, 6, 0);
      expect(ledger.summary()).toMatchObject({ todayCredits: 40, monthCredits: 40 });
    });

    it('starts a new year in January', async () => {
      const { ledger, state } = await setup(local(2024, 12, 31, 23, 30));
      ledger.record(charge(300, local(2024, 12, 31, 23, 0)));
      state.now = local(2025, 1, 1, 0, 30);
      ledger.record(charge(1, local(2025, 1, 1, 0, 10)));
      expect(ledger.summary()).toMatchObject({ todayCredits: 1, monthCredits: 1 });
    });
  });

  describe('on a day that is 23 hours long (New York, spring forward)', () => {
    inTimeZone('America/New_York');

    it('still begins today at local midnight, not 24 wall-clock hours back', async () => {
      // 2025-03-09 has no 02:00–03:00; counting back from the local hour would land at 23:00 the day before.
      const { ledger } = await setup(local(2025, 3, 9, 23, 30));
      ledger.record(charge(9, local(2025, 3, 8, 23, 50)));
      ledger.record(charge(4, local(2025, 3, 9, 0, 10)));
      ledger.record(charge(2, local(2025, 3, 9, 3, 30)));
      expect(ledger.summary()).toMatchObject({ todayCredits: 6, monthCredits: 15 });
    });
  });

  it('keeps fractional credits and sums them exactly enough', async () => {
    const { ledger } = await setup(Date.UTC(2025, 5, 15, 12));
    ledger.record(charge(0.5, Date.UTC(2025, 5, 15, 11)));
    ledger.record(charge(125_999.5, Date.UTC(2025, 5, 15, 11)));
    expect(ledger.summary().todayCredits).toBe(126_000);
  });

  it('ignores negative, NaN and infinite credits, and a timestamp that is not a number', async () => {
    const now = Date.UTC(2025, 5, 15, 12);
    const { ledger } = await setup(now);
    ledger.record(charge(-126_000, now));
    ledger.record(charge(Number.NaN, now));
    ledger.record(charge(Number.POSITIVE_INFINITY, now));
    ledger.record(charge(Number.NEGATIVE_INFINITY, now));
    ledger.record(charge(10, Number.NaN));
    ledger.record(charge(0, now));
    ledger.record(charge(5, now + 0.75));
    expect(ledger.summary().todayCredits).toBe(5);
  });

  it('counts a request id once, and every charge without one', async () => {
    const now = Date.UTC(2025, 5, 15, 12);
    const { db, ledger } = await setup(now);
    ledger.record(charge(126_000, now, 'rsid-same'));
    ledger.record(charge(126_000, now + 1, 'rsid-same'));
    ledger.record(charge(10, now, null));
    ledger.record(charge(10, now, null));
    expect(ledger.summary().todayCredits).toBe(126_020);
    expect(db.prepare('SELECT count(*) AS n FROM spend').get()?.n).toBe(3);
  });

  it('stores job and request ids with each charge', async () => {
    const now = Date.UTC(2025, 5, 15, 12);
    const { db, ledger } = await setup(now);
    ledger.record({ jobId: 'job-a', requestId: 'rsid-a', credits: 126_000, at: now });
    ledger.record({ jobId: null, requestId: null, credits: 1, at: now });
    expect(db.prepare('SELECT job_id, request_id, credits, at FROM spend ORDER BY seq').all()).toEqual([
      { job_id: 'job-a', request_id: 'rsid-a', credits: 126_000, at: now },
      { job_id: null, request_id: null, credits: 1, at: now },
    ]);
  });

  it('keeps the spend across a restart', async () => {
    const now = Date.UTC(2025, 5, 15, 12);
    const { db, ledger } = await setup(now);
    ledger.record(charge(126_000, now));
    const reopened = databases.reopen(db);
    const again = createSpendLedger(reopened, { now: () => now, dailyBudgetUsd: () => null });
    expect(again.summary().todayCredits).toBe(126_000);
  });

  describe('budget', () => {
    const now = Date.UTC(2025, 5, 15, 12);

    it('lets anything through when there is no budget', async () => {
      const { ledger } = await setup(now, null);
      ledger.record(charge(usd(500), now));
      expect(ledger.checkBudget(usd(1_000))).toEqual({ ok: true, value: null });
      expect(ledger.summary().budgetReached).toBe(false);
    });

    it('is reached at exactly the budget, not a credit before', async () => {
      const { ledger } = await setup(now, 1);
      ledger.record(charge(usd(1) - 1, now));
      expect(ledger.summary()).toMatchObject({ dailyBudgetUsd: 1, budgetReached: false });
      expect(ledger.checkBudget(0).ok).toBe(true);
      ledger.record(charge(1, now));
      expect(ledger.summary().budgetReached).toBe(true);
      expect(ledger.checkBudget(0).ok).toBe(false);
    });

    it('allows a batch that lands exactly on the budget and refuses one credit more', async () => {
      const { ledger } = await setup(now, 1);
      ledger.record(charge(usd(1) - 2 * TYPICAL_CREDITS_PER_IMAGE, now));
      expect(ledger.checkBudget(2 * TYPICAL_CREDITS_PER_IMAGE).ok).toBe(true);
      expect(ledger.checkBudget(2 * TYPICAL_CREDITS_PER_IMAGE + 1).ok).toBe(false);
    });

    it('says what was spent and what the budget is, in dollars and cents, once reached', async () => {
      const { ledger } = await setup(now, 1);
      ledger.record(charge(usd(1.01), now));
      expect(ledger.checkBudget(TYPICAL_CREDITS_PER_IMAGE)).toEqual({
        ok: false,
        error: {
          code: 'budget-exceeded',
          message: "Today's budget of $1.00 is reached ($1.01 spent). Raise it in Settings or wait until tomorrow.",
        },
      });
    });

    it('rounds the spend down to the cent, so it never reads as more than was spent', async () => {
      const { ledger } = await setup(now, 1234.5);
      ledger.record(charge(usd(1234.5) + usd(0.01) - 1, now));
      const result = ledger.checkBudget(0);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toContain('budget of $1,234.50 is reached ($1,234.50 spent)');
    });

    it('says how many images still fit when a batch would pass the budget', async () => {
      const { ledger } = await setup(now, 1);
      ledger.record(charge(usd(0.85), now)); // $0.15 left: two images at 126,000 credits ($0.063) each
      const result = ledger.checkBudget(3 * TYPICAL_CREDITS_PER_IMAGE);
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'budget-exceeded',
          message:
            "This would pass today's budget of $1.00 ($0.85 spent so far); about 2 more images fit. Generate fewer, raise the budget in Settings, or wait until tomorrow.",
        },
      });
      expect(ledger.checkBudget(2 * TYPICAL_CREDITS_PER_IMAGE).ok).toBe(true);
    });

    it('uses the singular for one image, and says so when not one fits', async () => {
      const { ledger } = await setup(now, 1);
      ledger.record(charge(usd(0.9), now)); // $0.10 left: one image
      const one = ledger.checkBudget(2 * TYPICAL_CREDITS_PER_IMAGE);
      expect(!one.ok && one.error.message).toContain('about 1 more image fits.');

      ledger.record(charge(usd(0.05), now)); // $0.05 left: less than one image
      const none = ledger.checkBudget(TYPICAL_CREDITS_PER_IMAGE);
      expect(none.ok).toBe(false);
      expect(!none.ok && none.error.message).toBe(
        "This would pass today's budget of $1.00 ($0.95 spent so far); not even one more image fits. Raise the budget in Settings or wait until tomorrow.",
      );
    });

    it('reads the budget each time, so a change in Settings applies at once', async () => {
      const { ledger, state } = await setup(now, 1);
      ledger.record(charge(usd(1), now));
      expect(ledger.summary().budgetReached).toBe(true);
      state.budget = 2;
      expect(ledger.summary()).toMatchObject({ dailyBudgetUsd: 2, budgetReached: false });
      expect(ledger.checkBudget(TYPICAL_CREDITS_PER_IMAGE).ok).toBe(true);
      state.budget = null;
      expect(ledger.checkBudget(usd(100)).ok).toBe(true);
    });

    it('opens again the next day', async () => {
      const { ledger, state } = await setup(now, 1);
      ledger.record(charge(usd(3), now));
      expect(ledger.checkBudget(TYPICAL_CREDITS_PER_IMAGE).ok).toBe(false);
      state.now = now + 24 * 60 * 60 * 1000;
      expect(ledger.checkBudget(TYPICAL_CREDITS_PER_IMAGE).ok).toBe(true);
      expect(ledger.summary()).toMatchObject({ todayCredits: 0, monthCredits: usd(3), budgetReached: false });
    });

    it('counts spend stamped after now (a clock set back) against today', async () => {
      const { ledger, state } = await setup(now, 1);
      ledger.record(charge(usd(1), now + 60 * 60 * 1000));
      state.now = now;
      expect(ledger.summary().budgetReached).toBe(true);
    });

    it('treats a NaN or negative estimate as nothing more to spend', async () => {
      const { ledger } = await setup(now, 1);
      ledger.record(charge(usd(0.5), now));
      expect(ledger.checkBudget(Number.NaN).ok).toBe(true);
      expect(ledger.checkBudget(-usd(10)).ok).toBe(true);
      expect(ledger.checkBudget(Number.POSITIVE_INFINITY).ok).toBe(false);
    });
  });
});
