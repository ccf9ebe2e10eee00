import { dirname, join } from 'node:path';
import type { Handlers } from '../../../shared/contract';
import { EXTERNAL_LINKS } from '../../../shared/constants';
import type { LibraryItem, Selection } from '../../../shared/domain';
import type { LibraryMoveResult, MaintenanceReport, RestoreResult } from '../../../shared/domain';
import { appError, fail, ok, type Result } from '../../../shared/errors';
import { estimateExportBytes } from '../export/space';
import { checkFreeSpace, diskFreeSpace } from '../free-space';
import { createKeyVault } from '../settings/key-vault';
import { backupLibrary } from '../backup/backup';
import { importImages } from '../library-folder/import';
import { moveOrOpenLibrary } from '../backup/switch';
import { damagedLibraryError } from '../library/damage-watch';
import { rebuildFromFolder } from './rebuild-flow';
import { mergeBackupInto, restoreLibraryTo } from '../backup/restore';
import { openLibrarySession, type LibrarySession } from './session';
import { resolveMedia } from './media-file';
import { createNetworkMonitor } from '../queue/network-monitor';
import { createNoticeBoard } from '../notice-board';
import { openSettingsAndPlace } from './startup';
import { shareHandlers } from './share';
import type { Studio, StudioDeps } from './types';

export type { Studio, StudioDeps } from './types';

export { defaultLibraryRoot } from '../library-folder/location';

/**
 * The main-process application as plain TypeScript: every IPC handler and the media lookup.
 * Electron main and the browser test harness both host exactly this, with their own adapters.
 */
export async function openStudio(deps: StudioDeps): Promise<Studio> {
  const now = deps.now ?? Date.now;
  const vault = createKeyVault(deps.secretStore);
  const notices = createNoticeBoard({ emit: deps.emit, now });
  const place = await openSettingsAndPlace({ ...deps, notices, now });
  const { settings, locator } = place;
  const network = createNetworkMonitor({
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    baseUrl: () => settings.apiBaseUrl(),
    emit: deps.emit,
    now,
  });
  const sessionDeps = {
    imageCodec: deps.imageCodec,
    notices,
    settings,
    apiKey: () => vault.current(),
    network,
    notifier: deps.notifier,
    emit: deps.emit,
    now,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.downloadTransport ? { downloadTransport: deps.downloadTransport } : {}),
  };
  let session: LibrarySession = await openLibrarySession(place.root, sessionDeps);
  // Learn early whether the API is reachable, without holding up the window.
  void network.check();

  /** The library is at `root` from now on: the pointer first (it wins at startup), then the settings' copy. */
  async function rememberLibrary(root: string): Promise<void> {
    await locator.remember(root).catch((error: unknown) => console.warn(`library: the library location could not be saved: ${String(error)}`));
    await settings.setLibraryLocation(root).catch((error: unknown) => console.warn(`settings: the library location could not be saved: ${String(error)}`));
  }

  /** After an organize action: sidecars follow in the background, and the renderer reloads what it shows. */
  function organized<T extends { changed: number }>(summary: T, reason: 'organize' | 'trash' | 'undo'): Result<T> {
    session.sidecars.schedule(session.library.takeChangedIds());
    if (summary.changed > 0 || reason === 'undo') deps.emit('library:changed', { reason });
    return ok(summary);
  }

  /** Set while the library folder is being swapped: library work waits instead of using a closed session. */
  let relocating = false;

  /**
   * Runs a switch of the library folder (move, restore-replace) with nothing in flight: the queue is
   * paused before the dialog opens (so no waiting job goes out while the user picks), checked again
   * after it, and resumed afterwards as it was. A paid answer must never arrive at a closed session.
   */
  async function relocate<T>(pick: () => Promise<string | null>, cancelled: string, run: (picked: string) => Promise<Result<T>>): Promise<Result<T>> {
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
      if (!wasPaused) session.queue.resume();
    }
  }

  /** Moves the library to the folder picked, or opens the Reverie library that folder is (the current one stays as it is). */
  function moveLibrary(): Promise<Result<LibraryMoveResult>> {
    return relocate(
      () => deps.folderPicker.pickFolder('Choose where to keep the Reverie library, or a library to open'),
      'The library stays where it is.',
      async (picked) => {
        const result = await moveOrOpenLibrary(picked, {
          from: session.root,
          close: () => session.close(),
          open: async (root) => {
            session = await openLibrarySession(root, sessionDeps);
          },
          remember: rememberLibrary,
          beginMove: (to, from) => locator.beginMove(to, from),
          ...(deps.freeSpace ? { freeSpace: deps.freeSpace } : {}),
        });
        if (result.ok) deps.emit('library:changed', { reason: 'move' });
        return result;
      },
    );
  }

  /** Sets the damaged database aside (kept) and opens the folder again on a new one, filled from the sidecars. */
  function replaceDamagedLibrary(reason: string): Promise<Result<MaintenanceReport>> {
    return relocate(
      async () => session.root,
      'The library was not rebuilt.',
      async (root) => {
        const damaged = session;
        await damaged.close();
        damaged.damage.withdraw();
        session = await openLibrarySession(root, sessionDeps, { damaged: reason });
        deps.emit('cost:changed', session.ledger.summary());
        return ok(session.opening);
      },
    );
  }

  /** The items a selection names, in library order; ids that vanished meanwhile are left out. */
  function itemsOf(selection: Selection): LibraryItem[] {
    return session.library
      .resolveSelection(selection)
      .map((id) => session.library.get(id))
      .filter((item): item is LibraryItem => item !== null);
  }

  const stamp = () => new Date(now()).toISOString().slice(0, 16).replace('T', ' ').replace(':', '-');

  async function restoreBackup(mode: 'replace' | 'merge'): Promise<Result<RestoreResult>> {
    const space = deps.freeSpace ? { freeSpace: deps.freeSpace } : {};
    const pickArchive = () => deps.filePicker.pickFile('Restore the library from a backup', ['zip']);
    if (mode === 'merge') {
      const archive = await pickArchive();
      if (archive === null) return fail(appError('cancelled', 'Nothing was restored.'));
      const merged = await mergeBackupInto(archive, { root: session.root, store: session.store, library: session.library }, space);
      if (!merged.ok) return merged;
      deps.emit('library:changed', { reason: 'import' });
      return ok({ mode, added: merged.value.added, skipped: merged.value.skipped, previousLibrary: null });
    }
    // Replace: the backup becomes a new library folder beside this one, which is kept as it is.
    return relocate(pickArchive, 'Nothing was restored.', async (archive) => {
      const previous = session.root;
      const target = join(dirname(previous), `Reverie Library (restored ${stamp()})`);
      const restored = await restoreLibraryTo(archive, target, space);
      if (!restored.ok) return restored;
      await session.close();
      await rememberLibrary(target);
      session = await openLibrarySession(target, sessionDeps);
      deps.emit('library:changed', { reason: 'rebuild' });
      return ok({ mode, added: restored.value.items, skipped: 0, previousLibrary: previous });
    });
  }

  const handlers: Handlers = {
    'key:status': async () => ok(await vault.status()),
    'key:save': (input) => vault.save(input),
    'key:remove': () => vault.remove(),
    'settings:get': async () => ok(settings.view()),
    'settings:update': async (patch) => {
      const view = await settings.update(patch);
      // A higher limit may start waiting jobs now; a new budget changes what "reached" means.
      if (patch.concurrency !== undefined) session.queue.kick();
      if (patch.dailyBudgetUsd !== undefined) deps.emit('cost:changed', session.ledger.summary());
      if (patch.apiBaseUrl !== undefined) void network.check();
      return ok(view);
    },
    'generate:enqueue': async (input) => {
      const queued = await session.queue.enqueue(input);
      if (queued.ok) session.history.record(input.prompt, now());
      return queued;
    },
    'queue:list': async () => ok(session.queue.snapshot()),
    'queue:cancel': async ({ jobId }) => session.queue.cancel(jobId),
    'queue:cancel-all': async () => ok(session.queue.cancelAll()),
    'queue:retry': async ({ jobId }) => session.queue.retry(jobId),
    'queue:download-again': async ({ jobId }) => session.queue.downloadAgain(jobId),
    'queue:resume': async () => ok(session.queue.resume()),
    'queue:dismiss': async ({ jobId }) => session.queue.dismiss(jobId),
    'queue:clear-finished': async () => ok(session.queue.clearFinished()),
    'cost:summary': async () => ok(session.ledger.summary()),
    'history:list': async (query) => ok(session.history.list(query)),
    'templates:list': async () => ok(session.templates.list()),
    'templates:save': async (input) => session.templates.save(input, now()),
    'templates:delete': async ({ id }) => ok(session.templates.delete(id)),
    'draft:get': async () => ok(session.draft.get()),
    'draft:save': async (input) => {
      session.draft.save(input);
      return ok(null);
    },
    'shell:open-link': async ({ link }) => {
      try {
        await deps.linkOpener.open(EXTERNAL_LINKS[link]);
        return ok(null);
      } catch {
        return fail(appError('internal', `The ${link} page could not be opened in your browser.`));
      }
    },
    'library:list': async (input) => session.library.list(input),
    'library:get': async ({ id }) => {
      const item = session.library.get(id);
      return item ? ok(item) : fail(appError('not-found-locally', 'That image is no longer in the library.'));
    },
    'library:set-favorite': async ({ selection, favorite }) => organized(session.library.setFavorite(selection, favorite), 'organize'),
    'library:add-tag': async ({ selection, tag }) => organized(session.library.addTag(selection, tag), 'organize'),
    'library:remove-tag': async ({ selection, tag }) => organized(session.library.removeTag(selection, tag), 'organize'),
    'library:trash': async ({ selection }) => organized(session.library.trash(selection, now()), 'trash'),
    'library:restore': async ({ selection }) => organized(session.library.restore(selection), 'trash'),
    'library:empty-trash': async () => {
      // A sidecar rewrite still queued must not bring back an item deleted here.
      await session.sidecars.flush();
      const { deleted, stillReferencedHashes } = session.library.emptyTrash();
      for (const item of deleted) {
        await session.store.removeFiles(item, { keepImage: item.fileHash !== null && stillReferencedHashes.has(item.fileHash) });
      }
      deps.emit('library:changed', { reason: 'trash' });
      return ok({ changed: deleted.length, undoLabel: null });
    },
    'library:undo': async () => organized(session.library.undo(), 'undo'),
    'library:import': async ({ files }) => {
      const result = await importImages(files, { store: session.store, library: session.library, codec: deps.imageCodec, now });
      if (result.imported.length > 0) deps.emit('library:changed', { reason: 'import' });
      return ok(result);
    },
    'library:rebuild': () => rebuildFromFolder({ session, replaceDamaged: replaceDamagedLibrary, emit: deps.emit }),
    'library:location': async () => ok({ path: session.root }),
    'library:move': moveLibrary,
    'tags:list': async (query) => ok(session.library.listTags(query)),
    'tags:rename': async ({ from, to }) => organized(session.library.renameTag(from, to), 'organize'),
    'collections:list': async () => ok(session.library.listCollections()),
    'collections:create': async ({ name }) => ok(session.library.createCollection(name, now())),
    'collections:rename': async ({ id, name }) => session.library.renameCollection(id, name),
    'collections:delete': async ({ id }) => organized(session.library.deleteCollection(id), 'organize'),
    'collections:add': async ({ collectionId, selection }) => {
      const result = session.library.addToCollection(collectionId, selection, now());
      return result.ok ? organized(result.value, 'organize') : result;
    },
    'collections:remove': async ({ collectionId, selection }) => {
      const result = session.library.removeFromCollection(collectionId, selection);
      return result.ok ? organized(result.value, 'organize') : result;
    },
    'export:start': async ({ selection, options }) => {
      const items = itemsOf(selection);
      if (items.length === 0) return fail(appError('invalid-input', 'Nothing to export: the selection is empty.'));
      const destination = await deps.folderPicker.pickFolder(`Export ${items.length === 1 ? 'the image' : `${items.length} images`} to…`);
      if (destination === null) return fail(appError('cancelled', 'Nothing was exported.'));
      const refusal = await checkFreeSpace(deps.freeSpace ?? diskFreeSpace, destination, estimateExportBytes(items, options), 'This export');
      if (refusal) return fail(refusal);
      return ok({ exportId: session.exports.start(items, options, destination) });
    },
    'export:cancel': async ({ exportId }) =>
      session.exports.cancel(exportId) ? ok(null) : fail(appError('not-found-locally', 'That export is not running.')),
    'export:show-in-folder': async ({ exportId }) => {
      const target = session.exports.revealTarget(exportId);
      if (target === null) return fail(appError('not-found-locally', 'That export is not known any more.'));
      deps.revealer.reveal(target);
      return ok(null);
    },
    ...shareHandlers({
      session: () => session,
      dragFormat: () => settings.view().dragFormat,
      originalFile: (id) => resolveMedia(session, 'original', id),
      deps,
    }),
    'library:backup': async () => {
      const day = new Date(now()).toISOString().slice(0, 10);
      const archive = await deps.filePicker.pickSaveFile('Back up the library', `Reverie backup ${day}.zip`, ['zip']);
      if (archive === null) return fail(appError('cancelled', 'No backup was written.'));
      await session.sidecars.flush();
      const written = await backupLibrary(session.root, session.db, archive);
      return written.ok ? ok({ items: written.value.items, files: written.value.files, archive }) : written;
    },
    'library:restore-backup': async ({ mode }) => restoreBackup(mode),
    'network:status': async () => ok(network.status()),
    'network:check': async () => ok(await network.check()),
    'notices:list': async () => ok(notices.list()),
    'notices:dismiss': async ({ id }) => {
      notices.dismiss(id);
      return ok(notices.list());
    },
    'notices:reveal': async ({ id }) => {
      const path = notices.pathOf(id);
      if (path === null) return fail(appError('not-found', 'That notice names no file to show.'));
      deps.revealer.reveal(path);
      return ok(null);
    },
  };

  // While the folder is being swapped, only what does not touch the library answers.
  const UNAFFECTED = new Set(['key:status', 'key:save', 'key:remove', 'settings:get', 'network:status', 'network:check', 'shell:open-link', 'notices:list', 'notices:dismiss', 'notices:reveal']);
  const guarded = Object.fromEntries(
    Object.entries(handlers).map(([channel, handler]) => [
      channel,
      (input: never) =>
        relocating && !UNAFFECTED.has(channel)
          ? Promise.resolve(fail(appError('invalid-input', 'The library is being moved; try again in a moment.')))
          : // A damaged database answers with the way out (and offers the rebuild) instead of a generic internal error.
            Promise.resolve()
              .then(() => (handler as (input: never) => unknown)(input))
              .catch((error: unknown) => {
                if (session.damage.noteError(error)) return fail(damagedLibraryError());
                throw error;
              }),
    ]),
  ) as unknown as Handlers;

  let closed = false;
  return {
    handlers: guarded,
    resolveMedia: (variant, id) => resolveMedia(session, variant, id),
    backgroundChecks: () => session.checked,
    async close() {
      if (closed) return;
      closed = true;
      network.close();
      await session.close();
    },
  };
}
