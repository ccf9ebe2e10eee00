import type { exportHandlers as mainExportHandlers } from '../../../../electron/main/services/studio/handlers/export';
import { appError, fail, ok, type Result } from '../../../../electron/shared/errors';
import { fakeId } from '../fake-data';
import type { FakeReverie } from '../fake-reverie';
import type { FakeHandlersFor } from './types';

/**
 * Exports: the folder dialog "chooses" `fake.nextExportFolder` (null: the user cancels), and an
 * export started moves only when a test emits its events.
 */
export function exportHandlers(fake: FakeReverie): FakeHandlersFor<typeof mainExportHandlers> {
  const withExport = (exportId: string, change: (entry: { cancelled: boolean }) => void): Result<null> => {
    const entry = fake.exports.get(exportId);
    if (!entry) return fail(appError('not-found-locally', 'That export is not known any more.'));
    change(entry);
    return ok(null);
  };

  return {
    'export:start': ({ selection, options }) => {
      if (fake.nextExportFolder === null) return fail(appError('cancelled', 'No folder was chosen.'));
      const exportId = fakeId();
      fake.exports.set(exportId, { selection, options, destination: fake.nextExportFolder, cancelled: false });
      return ok({ exportId });
    },
    'export:cancel': ({ exportId }) =>
      withExport(exportId, (entry) => {
        entry.cancelled = true;
      }),
    'export:show-in-folder': ({ exportId }) => withExport(exportId, () => undefined),
  };
}
