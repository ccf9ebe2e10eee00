import { dirname, join } from 'node:path';
import type { Handlers } from '../../../../shared/contract';
import type { LibraryMoveResult, MaintenanceReport, RestoreResult } from '../../../../shared/domain';
import { appError, fail, ok, type Result } from '../../../../shared/errors';
import { backupLibrary } from '../../backup/backup';
import { mergeBackupInto } from '../../backup/merge';
import { restoreLibraryTo } from '../../backup/restore';
import { moveOrOpenLibrary } from '../../backup/switch';
import type { StudioContext } from '../context';
import { rebuildFromFolder } from '../rebuild-flow';

type LibraryFolderHandlers = Pick<Handlers, 'library:location' | 'library:move' | 'library:backup' | 'library:restore-backup' | 'library:rebuild'>;

/**
 * The library folder as a whole: where it is, moving it (or opening another library), backing it
 * up and restoring it, and rebuilding its database from the files. Every swap of the folder runs
 * through `library.relocate`, with nothing in flight.
 */
export function libraryFolderHandlers({ library, session, deps, now }: StudioContext): LibraryFolderHandlers {
  const space = () => (deps.freeSpace ? { freeSpace: deps.freeSpace } : {});
  const stamp = () => new Date(now()).toISOString().slice(0, 16).replace('T', ' ').replace(':', '-');

  /** Moves the library to the folder picked, or opens the Reverie library that folder is (the current one stays as it is). */
  function moveLibrary(): Promise<Result<LibraryMoveResult>> {
    return library.relocate(
      () => deps.folderPicker.pickFolder('Choose where to keep the Reverie library, or a library to open'),
      'The library stays where it is.',
      async (picked) => {
        const result = await moveOrOpenLibrary(picked, {
          from: session().root,
          close: () => session().close(),
          open: (root) => library.open(root),
          remember: (root) => library.remember(root),
          beginMove: (to, from) => library.beginMove(to, from),
          ...space(),
        });
        if (result.ok) deps.emit('library:changed', { reason: 'move' });
        return result;
      },
    );
  }

  /** Sets the damaged database aside (kept) and opens the folder again on a new one, filled from the sidecars. */
  function replaceDamagedLibrary(reason: string): Promise<Result<MaintenanceReport>> {
    return library.relocate(
      async () => session().root,
      'The library was not rebuilt.',
      async (root) => {
        const damaged = session();
        await damaged.close();
        damaged.damage.withdraw();
        await library.open(root, { damaged: reason });
        deps.emit('cost:changed', session().ledger.summary());
        return ok(session().opening);
      },
    );
  }

  async function restoreBackup(mode: 'replace' | 'merge'): Promise<Result<RestoreResult>> {
    const pickArchive = () => deps.filePicker.pickFile('Restore the library from a backup', ['zip']);
    if (mode === 'merge') {
      const archive = await pickArchive();
      if (archive === null) return fail(appError('cancelled', 'Nothing was restored.'));
      const { root, store, library: index } = session();
      const merged = await mergeBackupInto(archive, { root, store, library: index }, space());
      if (!merged.ok) return merged;
      deps.emit('library:changed', { reason: 'import' });
      return ok({ mode, added: merged.value.added, skipped: merged.value.skipped, previousLibrary: null });
    }
    // Replace: the backup becomes a new library folder beside this one, which is kept as it is.
    return library.relocate(pickArchive, 'Nothing was restored.', async (archive) => {
      const previous = session().root;
      const target = join(dirname(previous), `Reverie Library (restored ${stamp()})`);
      const restored = await restoreLibraryTo(archive, target, space());
      if (!restored.ok) return restored;
      await session().close();
      await library.remember(target);
      await library.open(target);
      deps.emit('library:changed', { reason: 'rebuild' });
      return ok({ mode, added: restored.value.items, skipped: 0, previousLibrary: previous });
    });
  }

  return {
    'library:location': async () => ok({ path: session().root }),
    'library:move': moveLibrary,
    'library:backup': async () => {
      const day = new Date(now()).toISOString().slice(0, 10);
      const archive = await deps.filePicker.pickSaveFile('Back up the library', `Reverie backup ${day}.zip`, ['zip']);
      if (archive === null) return fail(appError('cancelled', 'No backup was written.'));
      await session().sidecars.flush();
      const written = await backupLibrary(session().root, session().db, archive);
      return written.ok ? ok({ items: written.value.items, files: written.value.files, archive }) : written;
    },
    'library:restore-backup': async ({ mode }) => restoreBackup(mode),
    'library:rebuild': () => rebuildFromFolder({ session: session(), replaceDamaged: replaceDamagedLibrary, emit: deps.emit }),
  };
}
