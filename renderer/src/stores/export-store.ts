import { create } from 'zustand';
import { DEFAULT_EXPORT_OPTIONS as CONTRACT_EXPORT_DEFAULTS } from '../../../electron/shared/constants';
import type { ExportFinished, ExportOptions, ExportSummary, Selection } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';
import { invoke, on } from '../ipc';

/** The contract's defaults, as a plain value the page may import. */
export const DEFAULT_EXPORT_OPTIONS: ExportOptions = CONTRACT_EXPORT_DEFAULTS;

/**
 * - form: choosing options; starting: main shows the folder dialog; running: progress events arrive;
 * - finished: the summary (also after a cancel).
 */
export type ExportPhase =
  | { kind: 'form'; error: AppError | null }
  | { kind: 'starting' }
  | { kind: 'running'; exportId: string; done: number; total: number; cancelling: boolean }
  | { kind: 'finished'; exportId: string; summary: ExportSummary; destination: string; showError: AppError | null };

interface ExportState {
  /** What the open dialog exports; null: the dialog is closed. */
  selection: Selection | null;
  /** How many images that is, as the library counted them (the total until main's first progress event). */
  count: number;
  phase: ExportPhase;
  /** The options of the last export started, offered again for the rest of the session. */
  lastOptions: ExportOptions;
}

export const useExportStore = create<ExportState>()(() => ({
  selection: null,
  count: 0,
  phase: { kind: 'form', error: null },
  lastOptions: DEFAULT_EXPORT_OPTIONS,
}));

/** Events for an export whose id the renderer has not learnt yet (main's reply and its first events race). */
const early = new Map<string, { done: number; total: number } | ExportFinished>();

export function openExport(selection: Selection, count: number): void {
  if (useExportStore.getState().selection !== null) return;
  early.clear();
  useExportStore.setState({ selection, count, phase: { kind: 'form', error: null } });
}

/** Closing while an export runs is not offered: cancel first (the dialog says so). */
export function closeExport(): void {
  const { phase } = useExportStore.getState();
  if (phase.kind === 'running' || phase.kind === 'starting') return;
  useExportStore.setState({ selection: null, count: 0, phase: { kind: 'form', error: null } });
}

/** Asks main for a folder and starts; a cancelled folder dialog goes back to the form without a word. */
export async function startExport(options: ExportOptions): Promise<void> {
  const { selection, phase } = useExportStore.getState();
  if (selection === null || phase.kind !== 'form') return;
  useExportStore.setState({ lastOptions: options, phase: { kind: 'starting' } });
  const reply = await invoke('export:start', { selection, options });
  if (useExportStore.getState().selection === null) return;
  if (!reply.ok) {
    useExportStore.setState({ phase: { kind: 'form', error: reply.error.code === 'cancelled' ? null : reply.error } });
    return;
  }
  const { exportId } = reply.value;
  useExportStore.setState((state) => ({ phase: { kind: 'running', exportId, done: 0, total: state.count, cancelling: false } }));
  const pending = early.get(exportId);
  early.clear();
  if (pending && 'summary' in pending) finish(pending);
  else if (pending) progress(exportId, pending.done, pending.total);
}

export async function cancelExport(): Promise<void> {
  const { phase } = useExportStore.getState();
  if (phase.kind !== 'running' || phase.cancelling) return;
  useExportStore.setState({ phase: { ...phase, cancelling: true } });
  const reply = await invoke('export:cancel', { exportId: phase.exportId });
  // The summary (with cancelled: true) arrives as an event; a failed cancel means the export goes on.
  const now = useExportStore.getState().phase;
  if (!reply.ok && now.kind === 'running' && now.exportId === phase.exportId) useExportStore.setState({ phase: { ...now, cancelling: false } });
}

export async function showExportInFolder(): Promise<void> {
  const { phase } = useExportStore.getState();
  if (phase.kind !== 'finished') return;
  const reply = await invoke('export:show-in-folder', { exportId: phase.exportId });
  const now = useExportStore.getState().phase;
  if (now.kind === 'finished' && now.exportId === phase.exportId) useExportStore.setState({ phase: { ...now, showError: reply.ok ? null : reply.error } });
}

function progress(exportId: string, done: number, total: number): void {
  const { phase } = useExportStore.getState();
  if (phase.kind === 'starting') early.set(exportId, { done, total });
  if (phase.kind !== 'running' || phase.exportId !== exportId) return;
  useExportStore.setState({ phase: { ...phase, done, total } });
}

function finish(finished: ExportFinished): void {
  const { phase } = useExportStore.getState();
  if (phase.kind === 'starting') early.set(finished.exportId, finished);
  if (phase.kind !== 'running' || phase.exportId !== finished.exportId) return;
  useExportStore.setState({
    phase: { kind: 'finished', exportId: finished.exportId, summary: finished.summary, destination: finished.destination, showError: null },
  });
}

export function followExportEvents(): () => void {
  const stops = [on('export:progress', ({ exportId, done, total }) => progress(exportId, done, total)), on('export:finished', finish)];
  return () => stops.forEach((stop) => stop());
}
