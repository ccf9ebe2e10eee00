import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Handlers } from '../../shared/contract';
import { EXTERNAL_LINKS } from '../../shared/constants';
import { ItemId, type MediaVariant } from '../../shared/domain';
import { appError, fail, ok, type Result } from '../../shared/errors';
import { createKeyVault } from './key-vault';
import { importImages } from './library-import';
import { moveLibraryFolder } from './library-move';
import { rebuildLibrary } from './library-rebuild';
import { openLibrarySession, type LibrarySession } from './library-session';
import { createNetworkMonitor } from './network-monitor';
import { createSettingsService } from './settings';
import type { MediaFile, Studio, StudioDeps } from './studio-types';

export type { Studio, StudioDeps } from './studio-types';

/** The library folder when the user has not moved it. */
export const defaultLibraryRoot = (dataDir: string) => join(dataDir, 'library');

/**
 * The main-process application as plain TypeScript: every IPC handler and the media lookup.
 * Electron main and the browser test harness both host exactly this, with their own adapters.
 */
export async function openStudio(deps: StudioDeps): Promise<Studio> {
  const now = deps.now ?? Date.now;
  const vault = createKeyVault(deps.secretStore);
  const settings = createSettingsService(deps.settingsBackend, deps.env);
  const network = createNetworkMonitor({
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    baseUrl: () => settings.apiBaseUrl(),
    emit: deps.emit,
    now,
  });
  const sessionDeps = {
    imageCodec: deps.imageCodec,
    settings,
    apiKey: () => vault.current(),
    network,
    notifier: deps.notifier,
    emit: deps.emit,
    now,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  };
  let session: LibrarySession = await openLibrarySession(settings.view().libraryLocation ?? defaultLibraryRoot(deps.dataDir), sessionDeps);
  // Learn early whether the API is reachable, without holding up the window.
  void network.check();

  /** After an organize action: sidecars follow in the background, and the renderer reloads what it shows. */
  function organized<T extends { changed: number }>(summary: T, reason: 'organize' | 'trash' | 'undo'): Result<T> {
    session.sidecars.schedule(session.library.takeChangedIds());
    if (summary.changed > 0 || reason === 'undo') deps.emit('library:changed', { reason });
    return ok(summary);
  }

  async function moveLibrary(): Promise<Result<{ path: string }>> {
    const active = session.queue.snapshot().jobs.some((job) => ['sending', 'downloading', 'saving'].includes(job.state));
    if (active) return fail(appError('invalid-input', 'Images are on their way in. Move the library once the queue is idle.'));
    const target = await deps.folderPicker.pickFolder('Choose where to keep the Reverie library');
    if (target === null) return fail(appError('cancelled', 'The library stays where it is.'));
    const from = session.root;
    await session.close();
    const moved = await moveLibraryFolder(from, target);
    const root = moved.ok ? moved.value : from;
    if (moved.ok) settings.setLibraryLocation(root);
    session = await openLibrarySession(root, sessionDeps);
    if (!moved.ok) return moved;
    deps.emit('library:changed', { reason: 'move' });
    return ok({ path: root });
  }

  const handlers: Handlers = {
    'key:status': async () => ok(await vault.status()),
    'key:save': (input) => vault.save(input),
    'key:remove': () => vault.remove(),
    'settings:get': async () => ok(settings.view()),
    'settings:update': async (patch) => {
      const view = settings.update(patch);
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
    'library:rebuild': async () => {
      await session.sidecars.flush();
      const report = await rebuildLibrary(session.store, session.library);
      deps.emit('library:changed', { reason: 'rebuild' });
      return ok(report);
    },
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
    'network:status': async () => ok(network.status()),
    'network:check': async () => ok(await network.check()),
  };

  let closed = false;
  return {
    handlers,
    resolveMedia: (variant, id) => resolveMedia(session, variant, id),
    async close() {
      if (closed) return;
      closed = true;
      network.close();
      await session.close();
    },
  };
}

async function resolveMedia(session: LibrarySession, variant: MediaVariant, id: string): Promise<MediaFile | null> {
  if (!ItemId.safeParse(id).success) return null;
  const item = session.library.get(id);
  if (!item?.fileHash || !item.mimeType) return null;
  const file: MediaFile =
    variant === 'thumb'
      ? { path: session.store.thumbnailPath(item.fileHash), mimeType: 'image/webp' }
      : { path: session.store.originalPath(item.fileHash, item.mimeType), mimeType: item.mimeType };
  try {
    return (await stat(file.path)).isFile() ? file : null;
  } catch {
    return null;
  }
}
