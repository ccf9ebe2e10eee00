import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Emit } from '../../shared/contract';
import { createAimlClient } from './aiml-client';
import type { DownloadTransport } from './download-transport';
import { createDraftStore, type DraftStore } from './composer-draft';
import { createDragPreparer } from './drag-files';
import { createExportJobs } from './export-jobs';
import { openDatabase } from './database';
import { openGenerationQueue, type GenerationQueue } from './generation-queue';
import { createImageStore, type ImageStore } from './image-store';
import { createJobStore } from './job-store';
import { createImageKeeper } from './keep-image';
import { createLibrary, type Library } from './library';
import { ensureLibraryMarker } from './library-location';
import type { NetworkMonitor } from './network-monitor';
import type { NoticeBoard } from './notice-board';
import type { ImageCodec, Notifier } from './ports';
import { createPromptHistory, type PromptHistory } from './prompt-history';
import { createPromptTemplates, type PromptTemplates } from './prompt-templates';
import { checkFilesInBackground, reconcileLibrary } from './reconcile';
import { recoverAndTell } from './recover-received';
import type { SettingsService } from './settings';
import { createSidecarSync, type SidecarSync } from './sidecar-sync';
import { createSpendLedger, type SpendLedger } from './spend-ledger';

/** Everything that lives in the library folder, opened together and closed together (a move swaps it whole). */
export interface LibrarySession {
  root: string;
  db: DatabaseSync;
  store: ImageStore;
  library: Library;
  ledger: SpendLedger;
  history: PromptHistory;
  templates: PromptTemplates;
  draft: DraftStore;
  queue: GenerationQueue;
  sidecars: SidecarSync;
  exports: ReturnType<typeof createExportJobs>;
  drags: ReturnType<typeof createDragPreparer>;
  close(): Promise<void>;
}

export interface LibrarySessionDeps {
  imageCodec: ImageCodec;
  settings: SettingsService;
  apiKey: () => Promise<string | null>;
  network: NetworkMonitor;
  /** Tells the user what opening the library found and fixed (a damaged database, recovered images). */
  notices: NoticeBoard;
  notifier: Notifier;
  emit: Emit;
  fetch?: typeof fetch;
  /** How image downloads reach the network; default direct and pinned to the checked address. */
  downloadTransport?: DownloadTransport;
  now: () => number;
}

export const databasePath = (root: string) => join(root, 'library.sqlite');

/**
 * Opens the library folder at `root`: files and database reconciled (a sidecar without a row is
 * indexed again), then the queue restored. Checking that every row's file still exists runs in the
 * background afterwards, so a 100k library opens at once.
 */
export async function openLibrarySession(root: string, deps: LibrarySessionDeps): Promise<LibrarySession> {
  await mkdir(root, { recursive: true });
  // So that pointing Reverie at this folder later (Move, after settings were lost) opens it.
  await ensureLibraryMarker(root);
  const store = createImageStore(root, deps.imageCodec);
  const db = openDatabase(databasePath(root));
  const library = createLibrary(db);
  const reconciled = await reconcileLibrary(store, library);
  for (const problem of reconciled.problems) console.warn(`library: ${problem}`);
  if (reconciled.reindexed > 0) deps.emit('library:changed', { reason: 'rebuild' });

  const ledger = createSpendLedger(db, { now: deps.now, dailyBudgetUsd: () => deps.settings.view().dailyBudgetUsd });
  const keep = createImageKeeper(store, library, deps.now);
  // Before the queue opens: a job whose paid image is filed here comes back done, not interrupted.
  await recoverAndTell({ root, store, library, keep, jobs: createJobStore(db), ledger, codec: deps.imageCodec, now: deps.now }, deps);
  const client = createAimlClient({
    incomingDir: store.incomingDir,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.downloadTransport ? { downloadTransport: deps.downloadTransport } : {}),
  });
  const queue = openGenerationQueue({
    db,
    client,
    store,
    keep,
    ledger,
    network: deps.network,
    apiKey: deps.apiKey,
    baseUrl: () => deps.settings.apiBaseUrl(),
    concurrency: () => deps.settings.view().concurrency,
    notifyWhenDone: () => deps.settings.view().notifyWhenDone,
    notifier: deps.notifier,
    emit: deps.emit,
    now: deps.now,
  });
  const stopFileCheck = checkFilesInBackground(store, library, (report) => {
    if (report.missingFiles > 0 || report.restored > 0) deps.emit('library:changed', { reason: 'rebuild' });
  });
  const sidecars = createSidecarSync(store, library);
  const exports = createExportJobs({ store, codec: deps.imageCodec, now: deps.now, emit: deps.emit });
  const drags = createDragPreparer(store, deps.imageCodec, root);

  let closed = false;
  return {
    root,
    db,
    store,
    library,
    ledger,
    history: createPromptHistory(db),
    templates: createPromptTemplates(db),
    draft: createDraftStore(db),
    queue,
    sidecars,
    exports,
    drags,
    async close() {
      // Quit paths can close twice (window-all-closed, then will-quit); the second is a no-op.
      if (closed) return;
      closed = true;
      stopFileCheck();
      await exports.close();
      await drags.close();
      await queue.close();
      await sidecars.flush();
      // Fold the WAL into the main file, so the folder is one self-contained database at rest.
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
