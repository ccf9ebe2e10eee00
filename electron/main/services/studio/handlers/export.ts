import type { Handlers } from '../../../../shared/contract';
import type { LibraryItem, Selection } from '../../../../shared/domain';
import { appError, fail, ok } from '../../../../shared/errors';
import { estimateExportBytes } from '../../export/space';
import { checkFreeSpace, diskFreeSpace } from '../../free-space';
import type { StudioContext } from '../context';

type ExportHandlers = Pick<Handlers, 'export:start' | 'export:cancel' | 'export:show-in-folder'>;

/** Exporting a selection to a folder the user picks, in the background. */
export function exportHandlers({ session, deps }: StudioContext): ExportHandlers {
  /** The items a selection names, in library order; ids that vanished meanwhile are left out. */
  function itemsOf(selection: Selection): LibraryItem[] {
    return session()
      .library.resolveSelection(selection)
      .map((id) => session().library.get(id))
      .filter((item): item is LibraryItem => item !== null);
  }

  return {
    'export:start': async ({ selection, options }) => {
      const items = itemsOf(selection);
      if (items.length === 0) return fail(appError('invalid-input', 'Nothing to export: the selection is empty.'));
      const destination = await deps.folderPicker.pickFolder(`Export ${items.length === 1 ? 'the image' : `${items.length} images`} to…`);
      if (destination === null) return fail(appError('cancelled', 'Nothing was exported.'));
      const refusal = await checkFreeSpace(deps.freeSpace ?? diskFreeSpace, destination, estimateExportBytes(items, options), 'This export');
      if (refusal) return fail(refusal);
      return ok({ exportId: session().exports.start(items, options, destination) });
    },
    'export:cancel': async ({ exportId }) =>
      session().exports.cancel(exportId) ? ok(null) : fail(appError('not-found-locally', 'That export is not running.')),
    'export:show-in-folder': async ({ exportId }) => {
      const target = session().exports.revealTarget(exportId);
      if (target === null) return fail(appError('not-found-locally', 'That export is not known any more.'));
      deps.revealer.reveal(target);
      return ok(null);
    },
  };
}
