import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Emit } from '../../../shared/contract';
import { LibraryPageInput, type MaintenanceReport, type ModelId } from '../../../shared/domain';
import { createAimlClient } from '../api/client';
import type { DownloadTransport } from '../api/download-transport';
import { createDraftStore, type DraftStore } from '../prompts/draft';
import { createDragPreparer } from '../export/drag-files';
import { createExportJobs } from '../export/jobs';
import { openGenerationQueue, type GenerationQueue } from '../queue/generation-queue';
import { createImageStore, type ImageStore } from '../library-folder/image-store';
import { createJobStore } from '../queue/job-store';
import { createReferenceSource } from '../queue/references';
import { createImageKeeper } from '../library-folder/keep';
import { createLibrary, type Library } from '../library/library';
import { createDamageWatch, type DamageWatch } from '../library/damage-watch';
import { openLibraryDatabase, replaceDamagedDatabase, type OpenedDatabase } from '../library/database-file';
import { openingNotice } from './open-notices';
import { startIntegrityCheck } from '../library/integrity-check';
import { refreshPlannerStats } from '../library/planner-stats';
import { ensureLibraryMarker } from '../library-folder/location';
import type { NetworkMonitor } from '../queue/network-monitor';
import type { NoticeBoard } from '../notice-board';
import type { ImageCodec, Notifier } from '../ports';
import { createPromptHistory, type PromptHistory } from '../prompts/history';
import { createPromptTemplates, type PromptTemplates } from '../prompts/templates';
import { checkFilesInBackground, reconcileLibrary } from '../library-folder/reconcile';
import { settleImportTitles } from '../library-folder/import-titles';
import { createUntitledImports } from '../library/untitled-imports';
import { recoverAndTell } from '../queue/recover-received';
import type { SettingsService } from '../settings/settings';
import { createSidecarSync, type SidecarSync } from '../library-folder/sidecar-sync';
import { createPlaceholderBackfill, type PlaceholderBackfill } from '../library-folder/placeholder-backfill';
import { createSpendLedger, type SpendLedger } from '../queue/spend-ledger';
import { lastLibrarySeq, restoreSpendFromLibrary } from '../queue/spend-restore';
import { damageReason, isDatabaseDamage } from '../library/damage-codes';

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
  /** Fills in the placeholders of items that have none, in the background; started once the file check is done. */
  placeholders: PlaceholderBackfill;
  exports: ReturnType<typeof createExportJobs>;
  drags: ReturnType<typeof createDragPreparer>;
  /** Damage met while open: reported once, with the rebuild offered. */
  damage: DamageWatch;
  /** What opening put back from the sidecars (all of it when the database was new or set aside). */
  opening: MaintenanceReport;
  /** Settles when the checks begun at open (image files present, database integrity, placeholders made) have finished or stopped. */
  checked: Promise<void>;
  close(): Promise<void>;
}

export interface LibrarySessionDeps {
  imageCodec: ImageCodec;
  settings: SettingsService;
  apiKey: () => Promise<string | null>;
  network: NetworkMonitor;
  /** Credits one image of a model is estimated at (the live prices, or the docs'). */
  creditsPerImage?: (model: ModelId) => number;
  /** Every job of a batch has ended. */
  onBatchSettled?: () => void;
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
async function openSessionOn(root: string, deps: LibrarySessionDeps, { db, damage: damageAtOpen }: OpenedDatabase): Promise<LibrarySession> {
  await mkdir(root, { recursive: true });
  // So that pointing Reverie at this folder later (Move, after settings were lost) opens it.
  await ensureLibraryMarker(root);
  const store = createImageStore(root, deps.imageCodec);
  const library = createLibrary(db);
  // Damage in the first page the window shows is found here, and repaired before anyone sees it.
  probeFirstPage(library);
  const seqBeforeReconcile = lastLibrarySeq(db);
  const reconciled = await reconcileLibrary(store, library);
  for (const problem of reconciled.problems) console.warn(`library: ${problem}`);
  if (reconciled.reindexed > 0) deps.emit('library:changed', { reason: 'rebuild' });

  const ledger = createSpendLedger(db, { now: deps.now, dailyBudgetUsd: () => deps.settings.view().dailyBudgetUsd });
  // Rows that came back from sidecars bring back their charges, so a lost database does not lift the budget.
  const restoredSpend = reconciled.reindexed > 0 ? restoreSpendFromLibrary(db, seqBeforeReconcile) : { entries: 0, credits: 0 };
  ledger.summary();
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
    references: createReferenceSource({ library, store, codec: deps.imageCodec }),
    ...(deps.creditsPerImage ? { creditsPerImage: deps.creditsPerImage } : {}),
    ...(deps.onBatchSettled ? { onBatchSettled: deps.onBatchSettled } : {}),
  });
  let filesChecked: () => void = () => undefined;
  const fileCheckDone = new Promise<void>((resolve) => (filesChecked = resolve));
  const stopFileCheck = checkFilesInBackground(store, library, (report) => {
    if (report.missingFiles > 0 || report.restored > 0) deps.emit('library:changed', { reason: 'rebuild' });
    if (report.missingFiles > 0) deps.notices.post(missingFilesNotice(report.missingFiles));
    filesChecked();
  });
  const damage = createDamageWatch(deps.notices);
  const integrity = startIntegrityCheck(databasePath(root));
  void integrity.result.then((result) => {
    if (result?.ok === false) damage.report(result.reason);
  });
  const sidecars = createSidecarSync(store, library);
  const placeholders = createPlaceholderBackfill({ store, library, codec: deps.imageCodec, onFilled: (ids) => sidecars.schedule(ids) });
  // After the file check: it knows which images are missing, and the two would only compete for the disk.
  const placeholdersMade = fileCheckDone.then(() => {
    placeholders.start();
    return placeholders.idle();
  });
  // Imports from before titles had their file name stored as their prompt: it becomes their title.
  // Each file is read once, off the startup path; closing stops it between files.
  let closing = false;
  const importsTitled = settleImportTitles({ imports: createUntitledImports(db), store, codec: deps.imageCodec, now: deps.now, cancelled: () => closing })
    .then(({ retitled }) => {
      if (closing || retitled.length === 0) return;
      sidecars.schedule(retitled);
      deps.emit('library:changed', { reason: 'rebuild' });
    })
    .catch((error: unknown) => console.warn('library: could not give earlier imports their titles', error));
  const exports = createExportJobs({ store, codec: deps.imageCodec, now: deps.now, emit: deps.emit });
  const drags = createDragPreparer(store, deps.imageCodec, root);

  const opening = openingNotice({
    root,
    damage: damageAtOpen,
    reindexed: reconciled.reindexed,
    missingFiles: reconciled.missingFiles,
    unreadableSidecars: reconciled.problems.length,
    spend: restoredSpend,
  });
  if (opening) deps.notices.post(opening);

  let closed = false;
  // Statistics only steer the planner: a library whose statistics could not be refreshed works as before.
  const refreshStats = (scope: 'every-table' | 'changed-tables') => {
    try {
      refreshPlannerStats(db, scope);
    } catch (error) {
      console.warn('library: could not refresh the query planner statistics', error);
    }
  };
  // Once the background work no longer competes with them for the database.
  const checked = Promise.all([fileCheckDone, integrity.result, importsTitled, placeholdersMade]).then(() => {
    if (!closed) refreshStats('every-table');
  });
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
    placeholders,
    exports,
    drags,
    damage,
    opening: { reindexed: reconciled.reindexed, missingFiles: reconciled.missingFiles, problems: reconciled.problems },
    checked,
    async close() {
      // Quit paths can close twice (window-all-closed, then will-quit); the second is a no-op.
      if (closed) return;
      closed = true;
      closing = true;
      stopFileCheck();
      filesChecked();
      try {
        await placeholders.stop();
        await importsTitled;
        await integrity.stop();
        await exports.close();
        await drags.close();
        await queue.close();
        await sidecars.flush();
        refreshStats('changed-tables');
        // Fold the WAL into the main file, so the folder is one self-contained database at rest.
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } catch (error) {
        // A damaged database is being closed to be set aside: what could not be written is in its sidecars.
        if (!isDatabaseDamage(error)) throw error;
      } finally {
        db.close();
      }
    },
  };
}

/** Reads the newest items, as the window asks for them first: SQLite's errors throw, and that is all this is for. */
function probeFirstPage(library: Library): void {
  library.list(FIRST_PAGE);
}

/** About one screen of tiles, newest first: what the window asks for first. */
const FIRST_PAGE = LibraryPageInput.parse({ limit: 100 });

function missingFilesNotice(missing: number) {
  return {
    severity: 'info' as const,
    title: `${missing} image ${missing === 1 ? 'file is' : 'files are'} missing from the library folder`,
    message:
      'They were deleted or moved outside Reverie. Their items are kept and shown as missing, with their prompts and ' +
      'settings; put the files back and they return.',
  };
}

/**
 * Opens the library folder at `root`. Damage met while opening (an unreadable header, a file cut
 * short, a first page that cannot be read, a queue that cannot be read back) sets the database
 * aside, kept in `damaged/`, and opens again on a new one that the sidecars fill; the user is told
 * where the damaged copy is. `damaged`: the caller already knows this database is damaged (the
 * rebuild offered at run time), so it is set aside first. Damage met again on a new database is a
 * real failure and is thrown.
 */
export async function openLibrarySession(root: string, deps: LibrarySessionDeps, options: { damaged?: string } = {}): Promise<LibrarySession> {
  const path = databasePath(root);
  let opened = options.damaged === undefined ? await openLibraryDatabase(path, deps.now) : await replaceDamagedDatabase(path, deps.now, options.damaged);
  for (;;) {
    try {
      return await openSessionOn(root, deps, opened);
    } catch (error) {
      if (!isDatabaseDamage(error) || opened.damage?.kind === 'database') {
        if (opened.db.isOpen) opened.db.close();
        throw error;
      }
      opened = await replaceDamagedDatabase(path, deps.now, damageReason(error), opened.db);
    }
  }
}
