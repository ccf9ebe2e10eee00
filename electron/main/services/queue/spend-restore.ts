import type { DatabaseSync } from 'node:sqlite';

export interface RestoredSpend {
  /** Charges put back into the ledger. */
  entries: number;
  credits: number;
}

/**
 * Puts back into the spend ledger the charges that library rows carry and the ledger lacks, after
 * those rows came back from their sidecars (a rebuild, a database set aside, a lost journal).
 * Without this, losing the database would reset today's spend to $0 and lift the daily budget.
 *
 * Only rows with `seq > afterSeq` are considered (the ones just re-indexed; 0 for all). A charge
 * is matched by its request id, so one the ledger already has is never counted twice. A charge
 * without a request id cannot be matched: it is put back only when the ledger is empty (the
 * database was lost whole), since otherwise it may already be there. The charge's time is the
 * item's creation time, which follows the API's answer by the download's duration.
 */
export function restoreSpendFromLibrary(db: DatabaseSync, afterSeq = 0): RestoredSpend {
  const ledgerEmpty = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM spend) AS empty').get()?.empty === 1;
  // NOT IN over a subquery is one pass with a temporary index; a NOT EXISTS per row would scan
  // the ledger (which has no index on request_id) once per item.
  const restored = db
    .prepare(
      `INSERT INTO spend (job_id, request_id, credits, at)
       SELECT NULL, request_id, credits, created_at FROM generations
       WHERE seq > :afterSeq AND credits > 0
         AND (request_id IS NOT NULL OR :ledgerEmpty)
         AND (request_id IS NULL OR request_id NOT IN (SELECT request_id FROM spend WHERE request_id IS NOT NULL))
       GROUP BY coalesce(request_id, 'row:' || seq)
       RETURNING credits`,
    )
    .all({ afterSeq, ledgerEmpty: ledgerEmpty ? 1 : 0 });
  return { entries: restored.length, credits: restored.reduce((sum, row) => sum + Number(row.credits), 0) };
}

/** The newest row's seq, before re-indexing, so `restoreSpendFromLibrary` looks only at what came back. */
export function lastLibrarySeq(db: DatabaseSync): number {
  return Number(db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM generations').get()?.seq ?? 0);
}
