import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Handlers } from '../../shared/contract';
import { EXTERNAL_LINKS } from '../../shared/constants';
import { ItemId, type MediaVariant } from '../../shared/domain';
import { appError, fail, ok } from '../../shared/errors';
import { createAimlClient } from './aiml-client';
import { createDraftStore } from './composer-draft';
import { openDatabase } from './database';
import { openGenerationQueue } from './generation-queue';
import { createImageStore, type ImageStore } from './image-store';
import { createImageKeeper } from './keep-image';
import { createKeyVault } from './key-vault';
import { createLibrary, type Library } from './library';
import { createPromptHistory } from './prompt-history';
import { createPromptTemplates } from './prompt-templates';
import { reconcileLibrary } from './reconcile';
import { createSettingsService } from './settings';
import { createSpendLedger } from './spend-ledger';
import type { MediaFile, Studio, StudioDeps } from './studio-types';

export type { Studio, StudioDeps } from './studio-types';

/** Where the library lives inside the data folder. Everything under it can rebuild the database. */
export const libraryPaths = (dataDir: string) => {
  const root = join(dataDir, 'library');
  return { root, database: join(root, 'library.sqlite') };
};

/**
 * The main-process application as plain TypeScript: every IPC handler and the media lookup.
 * Electron main and the browser test harness both host exactly this, with their own adapters.
 */
export async function openStudio(deps: StudioDeps): Promise<Studio> {
  const now = deps.now ?? Date.now;
  const paths = libraryPaths(deps.dataDir);
  await mkdir(paths.root, { recursive: true });

  const store = createImageStore(paths.root, deps.imageCodec);
  const db = openDatabase(paths.database);
  const library = createLibrary(db);
  const reconciled = await reconcileLibrary(store, library);
  for (const problem of reconciled.problems) console.warn(`library: ${problem}`);

  const vault = createKeyVault(deps.secretStore);
  const settings = createSettingsService(deps.settingsBackend, deps.env);
  const ledger = createSpendLedger(db, { now, dailyBudgetUsd: () => settings.view().dailyBudgetUsd });
  const history = createPromptHistory(db);
  const templates = createPromptTemplates(db);
  const draft = createDraftStore(db);
  const client = createAimlClient({ incomingDir: store.incomingDir, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const queue = openGenerationQueue({
    db,
    client,
    store,
    keep: createImageKeeper(store, library, now),
    ledger,
    apiKey: () => vault.current(),
    baseUrl: () => settings.apiBaseUrl(),
    concurrency: () => settings.view().concurrency,
    notifyWhenDone: () => settings.view().notifyWhenDone,
    notifier: deps.notifier,
    emit: deps.emit,
    now,
  });

  const handlers: Handlers = {
    'key:status': async () => ok(await vault.status()),
    'key:save': (input) => vault.save(input),
    'key:remove': () => vault.remove(),
    'settings:get': async () => ok(settings.view()),
    'settings:update': async (patch) => {
      const view = settings.update(patch);
      // A higher limit may start waiting jobs now; a new budget changes what "reached" means.
      if (patch.concurrency !== undefined) queue.kick();
      if (patch.dailyBudgetUsd !== undefined) deps.emit('cost:changed', ledger.summary());
      return ok(view);
    },
    'generate:enqueue': async (input) => {
      const queued = await queue.enqueue(input);
      if (queued.ok) history.record(input.prompt, now());
      return queued;
    },
    'queue:list': async () => ok(queue.snapshot()),
    'queue:cancel': async ({ jobId }) => queue.cancel(jobId),
    'queue:cancel-all': async () => ok(queue.cancelAll()),
    'queue:retry': async ({ jobId }) => queue.retry(jobId),
    'queue:download-again': async ({ jobId }) => queue.downloadAgain(jobId),
    'queue:resume': async () => ok(queue.resume()),
    'queue:dismiss': async ({ jobId }) => queue.dismiss(jobId),
    'queue:clear-finished': async () => ok(queue.clearFinished()),
    'cost:summary': async () => ok(ledger.summary()),
    'history:list': async (query) => ok(history.list(query)),
    'templates:list': async () => ok(templates.list()),
    'templates:save': async (input) => templates.save(input, now()),
    'templates:delete': async ({ id }) => ok(templates.delete(id)),
    'draft:get': async () => ok(draft.get()),
    'draft:save': async (input) => {
      draft.save(input);
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
    'library:list': async (input) => library.list(input),
  };

  let closed = false;
  return {
    handlers,
    resolveMedia: (variant, id) => resolveMedia(store, library, variant, id),
    async close() {
      // Quit paths can close twice (window-all-closed, then will-quit); the second is a no-op.
      if (closed) return;
      closed = true;
      await queue.close();
      db.close();
    },
  };
}

async function resolveMedia(store: ImageStore, library: Library, variant: MediaVariant, id: string): Promise<MediaFile | null> {
  if (!ItemId.safeParse(id).success) return null;
  const item = library.get(id);
  if (!item) return null;
  const file: MediaFile =
    variant === 'thumb'
      ? { path: store.thumbnailPath(item.fileHash), mimeType: 'image/webp' }
      : { path: store.originalPath(item.fileHash, item.mimeType), mimeType: item.mimeType };
  try {
    return (await stat(file.path)).isFile() ? file : null;
  } catch {
    return null;
  }
}
