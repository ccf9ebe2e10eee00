import { create } from 'zustand';
import type { ChannelInput } from '../../../../electron/shared/contract';
import type { AppError } from '../../../../electron/shared/errors';
import { invoke, on } from '../../ipc';
import { importName, planBatches, skipReason, UNREADABLE, type Skipped } from './import-files';

/**
 * One import at a time (a second drop waits for the first). Main adds the files to the library and
 * announces `library:changed`, which the library store follows; this only tracks progress and the
 * outcome for the user.
 */
interface ImportState {
  /** Files being imported in the current run, and how many of them main has answered for. */
  total: number;
  done: number;
  running: boolean;
  /** The outcome of the last run, until the next one starts or it is dismissed. */
  imported: number | null;
  skipped: readonly Skipped[];
  error: AppError | null;
  /** Files of the last run that never reached main because a batch failed. */
  notSent: number;
}

export const useImportStore = create<ImportState>()(() => ({
  total: 0,
  done: 0,
  running: false,
  imported: null,
  skipped: [],
  error: null,
  notSent: 0,
}));

let queue: Promise<void> = Promise.resolve();

/**
 * A clean summary ("Imported 3 images") goes by itself after this long; one that lists skipped
 * files or a failure stays until dismissed, since it names what to do again.
 */
export const IMPORT_SUMMARY_MS = 8000;
let summaryTimer: ReturnType<typeof setTimeout> | null = null;

function stopSummaryTimer(): void {
  if (summaryTimer !== null) clearTimeout(summaryTimer);
  summaryTimer = null;
}

/** Drops the summary's timer (the renderer tests' store registry calls this between tests). */
export const cancelTimers = stopSummaryTimer;

type ImportFile = ChannelInput<'library:import'>['files'][number];

async function readBatch(files: readonly File[], skipped: Skipped[]): Promise<ImportFile[]> {
  const read = await Promise.all(
    files.map(async (file): Promise<ImportFile | null> => {
      try {
        return { name: importName(file), bytes: new Uint8Array(await file.arrayBuffer()) };
      } catch {
        skipped.push({ name: file.name, reason: UNREADABLE });
        return null;
      }
    }),
  );
  return read.filter((entry) => entry !== null);
}

async function run(files: readonly File[]): Promise<void> {
  const skipped: Skipped[] = [];
  const candidates: File[] = [];
  for (const file of files) {
    const reason = skipReason(file);
    if (reason === null) candidates.push(file);
    else skipped.push({ name: file.name, reason });
  }
  stopSummaryTimer();
  useImportStore.setState({ total: files.length, done: skipped.length, running: true, imported: null, skipped: [], error: null, notSent: 0 });

  let imported = 0;
  let error: AppError | null = null;
  let notSent = 0;
  const batches = planBatches(candidates);
  for (const [index, batch] of batches.entries()) {
    // Bytes are read one batch at a time, so a large drop never sits in memory all at once.
    const payload = await readBatch(batch, skipped);
    if (payload.length > 0) {
      const reply = await invoke('library:import', { files: payload });
      if (!reply.ok) {
        error = reply.error;
        notSent = batches.slice(index).reduce((sum, rest) => sum + rest.length, 0);
        break;
      }
      imported += reply.value.imported.length;
      skipped.push(...reply.value.skipped);
    }
    useImportStore.setState((state) => ({ done: state.done + batch.length }));
  }
  finish(imported, skipped, error, notSent);
}

/** The outcome of a run; a clean one goes by itself after a while. */
function finish(imported: number, skipped: Skipped[], error: AppError | null, notSent: number): void {
  useImportStore.setState({ running: false, imported, skipped, error, notSent });
  if (error === null && skipped.length === 0) summaryTimer = setTimeout(dismissImportSummary, IMPORT_SUMMARY_MS);
}

/**
 * File › Import Images…: main shows the open dialog and reads the files the user picks (a page
 * cannot open its file chooser from a menu). Progress shows once files are chosen (main's
 * `import:progress`); a cancelled dialog changes nothing.
 */
async function runPicked(): Promise<void> {
  const stopFollowing = on('import:progress', ({ done, total }) => {
    if (!useImportStore.getState().running) {
      stopSummaryTimer();
      useImportStore.setState({ running: true, imported: null, skipped: [], error: null, notSent: 0 });
    }
    useImportStore.setState({ total, done });
  });
  try {
    const reply = await invoke('library:import-picked');
    if (reply.ok) finish(reply.value.imported.length, reply.value.skipped, null, 0);
    else if (reply.error.code !== 'cancelled') {
      const { total, done, running } = useImportStore.getState();
      finish(0, [], reply.error, running ? total - done : 0);
    }
  } finally {
    stopFollowing();
  }
}

/** Imports dropped or picked files; resolves when this drop (and any before it) is done. */
export function importFiles(files: readonly File[]): Promise<void> {
  if (files.length === 0) return queue;
  queue = queue.catch(() => undefined).then(() => run(files));
  return queue;
}

/** Imports the files the user picks in main's open dialog; queued behind any import still running, as a drop is. */
export function importPickedFiles(): Promise<void> {
  queue = queue.catch(() => undefined).then(runPicked);
  return queue;
}

export function dismissImportSummary(): void {
  stopSummaryTimer();
  useImportStore.setState({ imported: null, skipped: [], error: null, notSent: 0 });
}
