import { realpath } from 'node:fs/promises';
import type { LibraryMoveResult } from '../../../shared/domain';
import { appError, fail, messageOf, ok, type Result } from '../../../shared/errors';
import type { FreeSpaceProbe } from '../free-space';
import { findLibraryIn } from '../library-folder/location';
import { LIBRARY_FOLDER_NAME, moveLibraryFolder } from './move';

/** What the studio lends a switch of the library folder: its session, closed and opened again. */
export interface LibrarySwitchHost {
  /** The folder of the library open now. */
  from: string;
  close(): Promise<void>;
  /** Opens the library at `root` as the studio's session; throws when it cannot be opened. */
  open(root: string): Promise<void>;
  /** Records that the library is at `root` now; never throws (a failure is logged, the pointer then still resolves). */
  remember(root: string): Promise<void>;
  /** Records a move about to start, so the next start can tell which folder is whole after a crash. */
  beginMove(to: string, from: string): Promise<void>;
  freeSpace?: FreeSpaceProbe;
}

/**
 * Settings → Library folder → Move, with the folder the user picked. When that folder is a Reverie
 * library, or holds one as "Reverie Library" (one moved there before, or found again after the
 * settings were lost), that library is opened and the current one stays where it is, whole. Otherwise
 * the current library moves there. Precondition: the caller has stopped the queue (see studio.relocate).
 */
export async function moveOrOpenLibrary(picked: string, host: LibrarySwitchHost): Promise<Result<LibraryMoveResult>> {
  const from = host.from;
  const existing = await findLibraryIn(picked, LIBRARY_FOLDER_NAME);
  if (existing !== null) {
    if (existing === (await realpath(from).catch(() => from))) return fail(appError('invalid-input', 'The library is already in that folder.'));
    await host.close();
    try {
      await host.open(existing);
    } catch (error) {
      await host.open(from);
      return fail(appError('storage', 'The library in that folder could not be opened, so Reverie kept the one it had.', { detail: messageOf(error) }));
    }
    await host.remember(existing);
    return ok({ path: existing, outcome: 'opened', previousLibrary: from });
  }

  await host.close();
  const moved = await moveLibraryFolder(from, picked, {
    onBegin: (to) => host.beginMove(to, from),
    ...(host.freeSpace ? { freeSpace: host.freeSpace } : {}),
  });
  const root = moved.ok ? moved.value : from;
  // After a failure too: it clears the move recorded by onBegin.
  await host.remember(root);
  await host.open(root);
  return moved.ok ? ok({ path: root, outcome: 'moved', previousLibrary: null }) : moved;
}
