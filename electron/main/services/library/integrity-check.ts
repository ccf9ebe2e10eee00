import { Worker } from 'node:worker_threads';

/** `ok`, or SQLite's first few complaints (or its error) when the file is damaged. */
export type IntegrityResult = { ok: true } | { ok: false; reason: string };

export interface IntegrityCheck {
  /** Settles once, with the check's result; never rejects. `null` when it was stopped, or could not run. */
  result: Promise<IntegrityResult | null>;
  /** Ends the check (before the database is closed or moved). */
  stop(): Promise<void>;
}

/**
 * Runs in a worker thread on its own read-only connection: `PRAGMA quick_check` reads every page
 * (about 150 ms for a 100,000-item library here, far more on a cold or slow disk), and node:sqlite
 * is synchronous, so on the main thread it would hold up startup and every IPC call meanwhile. A
 * WAL database lets this reader run beside the app's writes. Plain CommonJS evaluated in the
 * worker, so the same code runs under Node, in tests and in Electron's main process with no
 * separate bundle entry. `quick_check(3)`: three complaints are enough to say it is damaged.
 */
const WORKER_SOURCE = `
// The main thread has already said once that node:sqlite is experimental; say it once per app, not per check.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'ExperimentalWarning') console.warn(warning);
});
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
let db;
try {
  db = new DatabaseSync(workerData.path, { readOnly: true });
  const rows = db.prepare('PRAGMA quick_check(3)').all();
  const problems = rows.map((row) => String(row.quick_check)).filter((text) => text !== 'ok');
  parentPort.postMessage(problems.length === 0 ? { kind: 'ok' } : { kind: 'problems', reason: problems.join('; ') });
} catch (error) {
  parentPort.postMessage({ kind: 'error', reason: String(error && error.message), code: error && typeof error.errcode === 'number' ? error.errcode : null });
} finally {
  if (db) db.close();
}
`;

type WorkerAnswer =
  | { kind: 'ok' }
  | { kind: 'problems'; reason: string }
  /** Opening or reading failed outright; `code` is SQLite's result code, if it was SQLite's error. */
  | { kind: 'error'; reason: string; code: number | null };

/** SQLITE_CORRUPT and SQLITE_NOTADB (sqlite.org/rescode.html): what counts as damage when the check itself fails. */
const DAMAGE_CODES = new Set([11, 26]);

/**
 * Checks the whole database file in the background. A check that cannot run for a reason other
 * than damage (the file is locked, the worker could not start) answers null: it is a best effort,
 * and damage it misses is still met, and reported, by the queries that touch it.
 */
export function startIntegrityCheck(dbPath: string): IntegrityCheck {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: dbPath } });
  // The app may quit before the check ends; the check must not keep it alive.
  worker.unref();
  let settle: (result: IntegrityResult | null) => void = () => undefined;
  const result = new Promise<IntegrityResult | null>((resolve) => {
    settle = resolve;
  });
  worker.once('message', (answer: WorkerAnswer) => {
    if (answer.kind === 'ok') settle({ ok: true });
    else if (answer.kind === 'problems') settle({ ok: false, reason: answer.reason });
    else settle(answer.code !== null && DAMAGE_CODES.has(answer.code & 0xff) ? { ok: false, reason: answer.reason } : null);
  });
  worker.once('error', () => settle(null));
  worker.once('exit', () => settle(null));
  return {
    result,
    async stop() {
      await worker.terminate();
    },
  };
}
