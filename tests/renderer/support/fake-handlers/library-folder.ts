import type { libraryFolderHandlers as mainLibraryFolderHandlers } from '../../../../electron/main/services/studio/handlers/library-folder';
import type { BackupResult, RestoreResult } from '../../../../electron/shared/domain';
import { appError, fail, ok } from '../../../../electron/shared/errors';
import type { FakeReverie } from '../fake-reverie';
import type { FakeHandlersFor } from './types';

/**
 * The library folder: where it is, moving it, backup and restore, rebuilding the index from it. The
 * system dialogs "choose" what the fake's `next…` fields say (null: the user cancels).
 */
export function libraryFolderHandlers(fake: FakeReverie): FakeHandlersFor<typeof mainLibraryFolderHandlers> {
  return {
    'library:location': () => ok({ path: fake.libraryPath }),
    'library:move': () => {
      if (fake.nextLibraryPath === null) return fail(appError('cancelled', 'No folder was chosen.'));
      fake.libraryPath = fake.nextLibraryPath;
      fake.emit('library:changed', { reason: 'move' });
      return ok({ path: fake.libraryPath, outcome: 'moved' as const, previousLibrary: null });
    },
    'library:backup': () => {
      if (fake.nextBackupArchive === null) return fail(appError('cancelled', 'No file was chosen.'));
      const live = fake.library.filter((item) => item.trashedAt === null).length;
      const result: BackupResult = { items: live, files: live * 3, archive: fake.nextBackupArchive };
      return ok(result);
    },
    'library:restore-backup': ({ mode }) => {
      if (fake.nextRestore === null) return fail(appError('cancelled', 'No archive was chosen.'));
      const result: RestoreResult = { mode, ...fake.nextRestore };
      fake.emit('library:changed', { reason: mode === 'replace' ? 'move' : 'import' });
      return ok(result);
    },
    'library:rebuild': () => {
      const report = fake.rebuildReport ?? { reindexed: fake.library.length, missingFiles: 0, problems: [] };
      fake.emit('library:changed', { reason: 'rebuild' });
      return ok({ ...report, problems: [...report.problems] });
    },
  };
}
