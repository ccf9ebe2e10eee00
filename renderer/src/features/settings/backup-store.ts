import { create } from 'zustand';
import type { BackupResult, RestoreResult } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { invoke } from '../../ipc';
import { loadCollections } from '../../stores/library-collections-store';
import { clearSelection } from '../../stores/library-selection-store';
import { requestLibraryReload } from '../../stores/library-store';

export type BackupState =
  | { kind: 'idle' }
  | { kind: 'choosing' }
  | { kind: 'working'; what: 'backup' | 'restore' }
  | { kind: 'backed-up'; result: BackupResult }
  | { kind: 'restored'; result: RestoreResult }
  | { kind: 'failed'; what: 'backup' | 'restore'; error: AppError };

/**
 * Backing up and restoring the library: a store rather than the Settings panel's own state, so
 * File › Back Up Library… starts the same backup and the panel shows how it went. Main shows the
 * file dialogs; a cancelled dialog says nothing.
 */
export const useBackupStore = create<{ state: BackupState }>()(() => ({ state: { kind: 'idle' } }));

const set = (state: BackupState) => useBackupStore.setState({ state });
const busy = () => useBackupStore.getState().state.kind === 'working';

/** What the panel said last is for that visit to Settings: closed, it starts afresh (a backup still running goes on). */
export function forgetBackupOutcome(): void {
  if (!busy()) set({ kind: 'idle' });
}

/** Restore from backup… asks merge or replace first; this opens or closes that question. */
export function chooseRestoreMode(open: boolean): void {
  if (!busy()) set(open ? { kind: 'choosing' } : { kind: 'idle' });
}

export async function backUpLibrary(): Promise<void> {
  if (busy()) return;
  set({ kind: 'working', what: 'backup' });
  const reply = await invoke('library:backup');
  if (reply.ok) set({ kind: 'backed-up', result: reply.value });
  else set(reply.error.code === 'cancelled' ? { kind: 'idle' } : { kind: 'failed', what: 'backup', error: reply.error });
}

export async function restoreLibraryBackup(mode: RestoreResult['mode']): Promise<void> {
  if (busy()) return;
  set({ kind: 'working', what: 'restore' });
  const reply = await invoke('library:restore-backup', { mode });
  if (!reply.ok) {
    set(reply.error.code === 'cancelled' ? { kind: 'idle' } : { kind: 'failed', what: 'restore', error: reply.error });
    return;
  }
  set({ kind: 'restored', result: reply.value });
  // Main announces the change too; the reloads coalesce.
  clearSelection();
  requestLibraryReload();
  void loadCollections();
}
