import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../electron/main/services/library/library';
import { createSpendLedger } from '../../electron/main/services/queue/spend-ledger';
import { lastLibrarySeq, restoreSpendFromLibrary } from '../../electron/main/services/queue/spend-restore';
import { makeItem, makeRecord, useTempDatabases } from './support/library-fixtures';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date(2025, 5, 15, 12, 0).getTime();

describe('restoreSpendFromLibrary', () => {
  const databases = useTempDatabases();

  async function setup() {
    const { db } = await databases.open();
    const library = createLibrary(db);
    const ledger = createSpendLedger(db, { now: () => NOW, dailyBudgetUsd: () => 1 });
    return { db, library, ledger };
  }

  it('brings back every charge the rows carry into an empty ledger, dated by the item, so today and the month count them again', async () => {
    const { db, library, ledger } = await setup();
    library.insert(makeItem({ requestId: 'rsid-a', credits: 126_000, createdAt: NOW - 1000 }));
    library.insert(makeItem({ requestId: 'rsid-b', credits: 126_000, createdAt: NOW - 2 * DAY, trashedAt: NOW }));
    // Paid but never downloaded; no request id (cannot be matched, but the ledger is empty).
    library.insert(makeRecord('download-failed', { requestId: null, credits: 120_000, createdAt: NOW - 2000 }));
    // Not charged: refused without credits, and imported.
    library.insert(makeRecord('refused', { credits: null, createdAt: NOW }));
    library.insert(makeItem({ origin: 'imported', requestId: null, credits: null, createdAt: NOW }));

    expect(restoreSpendFromLibrary(db)).toEqual({ entries: 3, credits: 372_000 });
    expect(ledger.summary()).toMatchObject({ todayCredits: 246_000, monthCredits: 372_000 });
    // The budget gate counts the restored spend: $1 a day is 2,000,000 credits, so this fits, a lot more does not.
    expect(ledger.checkBudget(2_000_000).ok).toBe(false);
  });

  it('never counts a charge twice: the ledger keeps what it had, and a second run adds nothing', async () => {
    const { db, library, ledger } = await setup();
    ledger.record({ jobId: 'job-a', requestId: 'rsid-a', credits: 126_000, at: NOW - 5000 });
    library.insert(makeItem({ requestId: 'rsid-a', credits: 126_000, createdAt: NOW - 1000 }));
    library.insert(makeItem({ requestId: 'rsid-b', credits: 130_000, createdAt: NOW - 1000 }));

    expect(restoreSpendFromLibrary(db)).toEqual({ entries: 1, credits: 130_000 });
    expect(restoreSpendFromLibrary(db)).toEqual({ entries: 0, credits: 0 });
    expect(ledger.summary().todayCredits).toBe(256_000);
  });

  it('leaves out a charge without a request id when the ledger already has entries (it may be one of them)', async () => {
    const { db, library, ledger } = await setup();
    ledger.record({ jobId: 'job-x', requestId: null, credits: 126_000, at: NOW - 5000 });
    library.insert(makeItem({ requestId: null, credits: 126_000, createdAt: NOW - 1000 }));

    expect(restoreSpendFromLibrary(db)).toEqual({ entries: 0, credits: 0 });
    expect(ledger.summary().todayCredits).toBe(126_000);
  });

  it('looks only at rows added after the seq it is given (the ones a restart just re-indexed)', async () => {
    const { db, library, ledger } = await setup();
    // The ledger lost this one's charge too, but its row was never lost: not this restore's business.
    library.insert(makeItem({ requestId: 'rsid-old', credits: 126_000, createdAt: NOW - 1000 }));
    const before = lastLibrarySeq(db);
    library.insert(makeItem({ requestId: 'rsid-new', credits: 126_000, createdAt: NOW - 1000 }));

    expect(restoreSpendFromLibrary(db, before)).toEqual({ entries: 1, credits: 126_000 });
    expect(ledger.summary().todayCredits).toBe(126_000);
  });

  it('counts one request id once, even when two rows carry it', async () => {
    const { db, library } = await setup();
    library.insert(makeItem({ requestId: 'rsid-twice', credits: 126_000 }));
    library.insert(makeItem({ requestId: 'rsid-twice', credits: 126_000 }));
    expect(restoreSpendFromLibrary(db)).toEqual({ entries: 1, credits: 126_000 });
  });
});
