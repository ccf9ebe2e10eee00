import type { Emit } from '../../../shared/contract';
import type { MaintenanceReport } from '../../../shared/domain';
import { ok, type Result } from '../../../shared/errors';
import { startIntegrityCheck } from '../library/integrity-check';
import { rebuildLibrary } from '../library-folder/rebuild';
import { databasePath, type LibrarySession } from './session';
import { restoreSpendFromLibrary } from '../queue/spend-restore';

export interface RebuildFlowDeps {
  session: LibrarySession;
  /**
   * Closes the session, sets its damaged database aside (kept) and opens the folder again on a new
   * one that the sidecars fill, with nothing in flight meanwhile; answers what the new one put back.
   */
  replaceDamaged(reason: string): Promise<Result<MaintenanceReport>>;
  emit: Emit;
}

/** A fresh look at the whole file, off the main thread: the damage may not have been met yet. */
async function damageFoundNow(session: LibrarySession): Promise<string | null> {
  const result = await startIntegrityCheck(databasePath(session.root)).result;
  return result?.ok === false ? result.reason : null;
}

/**
 * "Rebuild library from folder", from Settings or from a damaged-library notice. A damaged database
 * is never rebuilt in place (SQLite may keep failing on it, and what it still holds must be kept):
 * it is set aside and a new one filled. Either way the spend ledger gets back the charges the
 * sidecars carry and it lacks, so a rebuild never lifts the daily budget.
 */
export async function rebuildFromFolder({ session, replaceDamaged, emit }: RebuildFlowDeps): Promise<Result<MaintenanceReport>> {
  const damaged = session.damage.reason() ?? (await damageFoundNow(session));
  if (damaged !== null) {
    const replaced = await replaceDamaged(damaged);
    if (replaced.ok) emit('library:changed', { reason: 'rebuild' });
    return replaced;
  }
  await session.sidecars.flush();
  const report = await rebuildLibrary(session.store, session.library);
  // Items whose sidecars carried no placeholder get one from their image, in the background.
  session.placeholders.start();
  const restored = restoreSpendFromLibrary(session.db);
  emit('library:changed', { reason: 'rebuild' });
  if (restored.entries > 0) emit('cost:changed', session.ledger.summary());
  return ok(report);
}
