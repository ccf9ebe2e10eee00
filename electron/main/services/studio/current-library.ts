import { appError, fail, type Result } from '../../../shared/errors';
import type { LibraryLocator } from '../library-folder/location';
import type { SettingsService } from '../settings/settings';
import { openLibrarySession, type LibrarySession, type LibrarySessionDeps } from './session';

/**
 * The library folder the studio has open, and the swapping of it (move, restore-replace, rebuild
 * of a damaged database). Handlers ask for `session()` each time: a swap replaces it whole.
 */
export interface CurrentLibrary {
  session(): LibrarySession;
  /** True while the folder is being swapped: library work waits instead of using a closed session. */
  relocating(): boolean;
  /**
   * Runs a switch of the library folder with nothing in flight: the queue is paused before the
   * dialog opens (so no waiting job goes out while the user picks), checked again after it, and
   * resumed afterwards as it was. A paid answer must never arrive at a closed session.
   */
  relocate<T>(pick: () => Promise<string | null>, cancelled: string, run: (picked: string) => Promise<Result<T>>): Promise<Result<T>>;
  /** Opens the library at `root` as the session (the caller has closed the one before). */
  open(root: string, options?: { damaged?: string }): Promise<void>;
  /** The library is at `root` from now on: the pointer first (it wins at startup), then the settings' copy. */
  remember(root: string): Promise<void>;
  /** Records a move about to start, so the next start can tell which folder is whole after a crash. */
  beginMove(to: string, from: string): Promise<void>;
}

export interface CurrentLibraryDeps {
  session: LibrarySessionDeps;
  locator: LibraryLocator;
  settings: SettingsService;
}

/** Opens the library folder at `root` and keeps it as the current one. */
export async function openCurrentLibrary(root: string, deps: CurrentLibraryDeps): Promise<CurrentLibrary> {
  let session: LibrarySession = await openLibrarySession(root, deps.session);
  let relocating = false;

  return {
    session: () => session,
    relocating: () => relocating,

    async relocate(pick, cancelled, run) {
      if (relocating) return fail(appError('invalid-input', 'The library is already being moved.'));
      const wasPaused = session.queue.pause();
      try {
        const picked = await pick();
        if (picked === null) return fail(appError('cancelled', cancelled));
        if (session.queue.activeCount() > 0) {
          return fail(appError('invalid-input', 'Images are on their way in. Try again once the queue is idle.'));
        }
        relocating = true;
        return await run(picked);
      } finally {
        relocating = false;
        // The session open now: after a swap, the new one.
        if (!wasPaused) session.queue.resume();
      }
    },

    async open(next, options = {}) {
      session = await openLibrarySession(next, deps.session, options);
    },

    async remember(next) {
      await deps.locator.remember(next).catch((error: unknown) => console.warn(`library: the library location could not be saved: ${String(error)}`));
      await deps.settings
        .setLibraryLocation(next)
        .catch((error: unknown) => console.warn(`settings: the library location could not be saved: ${String(error)}`));
    },

    beginMove: (to, from) => deps.locator.beginMove(to, from),
  };
}
