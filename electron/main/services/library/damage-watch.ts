import { appError, type AppError } from '../../../shared/errors';
import type { NoticeBoard } from '../notice-board';
import { damageReason, isDatabaseDamage } from './damage-codes';

/**
 * Damage met while the library is open (a query hit SQLITE_CORRUPT, or the background integrity
 * check failed). The app keeps running on what it can still read; the user is offered the rebuild,
 * which sets the damaged file aside rather than keep using it.
 */
export interface DamageWatch {
  /** Reports `error` when it is damage, and says whether it was. */
  noteError(error: unknown): boolean;
  report(reason: string): void;
  /** What was first found wrong, or null while nothing is known to be damaged. */
  reason(): string | null;
  /** The offer is withdrawn: the damaged database has been set aside. */
  withdraw(): void;
}

/** What a request that met the damage answers: it names the way out. */
export const damagedLibraryError = (): AppError =>
  appError(
    'storage',
    'The library database is damaged, so this could not be done. Rebuild the library ("Rebuild library" on the notice, or in Settings): the damaged file is kept aside and the library is made again from its folder.',
  );

export function createDamageWatch(notices: NoticeBoard): DamageWatch {
  let found: string | null = null;
  let noticeId: string | null = null;

  function report(reason: string): void {
    // One notice per damaged database: every later query that meets it would otherwise add one.
    if (found !== null) return;
    found = reason;
    noticeId = notices.post({
      severity: 'warning',
      title: 'The library database is damaged',
      message:
        `Reverie could not read part of its library database (${reason}). Rebuild the library: the damaged file is ` +
        'set aside and kept, and the library is made again from the image files and their sidecars. Jobs waiting in ' +
        'the queue are kept in that database and may be lost with it.',
      action: 'rebuild-library',
    }).id;
  }

  return {
    noteError(error) {
      if (!isDatabaseDamage(error)) return false;
      report(damageReason(error));
      return true;
    },
    report,
    reason: () => found,
    withdraw() {
      if (noticeId !== null) notices.dismiss(noticeId);
      noticeId = null;
    },
  };
}
