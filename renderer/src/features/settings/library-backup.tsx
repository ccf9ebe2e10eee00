import { useId, useRef, useState } from 'react';
import type { BackupResult, RestoreResult } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { invoke } from '../../ipc';
import { loadCollections } from '../../stores/library-collections-store';
import { clearSelection } from '../../stores/library-selection-store';
import { requestLibraryReload } from '../../stores/library-store';

type BackupState =
  | { kind: 'idle' }
  | { kind: 'choosing' }
  | { kind: 'working'; what: 'backup' | 'restore' }
  | { kind: 'backed-up'; result: BackupResult }
  | { kind: 'restored'; result: RestoreResult }
  | { kind: 'failed'; what: 'backup' | 'restore'; error: AppError };

const count = new Intl.NumberFormat('en-US');
const plural = (n: number, one: string, many: string) => `${count.format(n)} ${n === 1 ? one : many}`;

/** "Backed up 1,204 items to /path/Reverie backup.zip" */
export function backupText(result: BackupResult): string {
  return `Backed up ${plural(result.items, 'item', 'items')} to ${result.archive}`;
}

export function restoreText(result: RestoreResult): string {
  if (result.mode === 'merge') {
    return `Merged the backup: ${plural(result.added, 'item', 'items')} added, ${count.format(result.skipped)} already in the library`;
  }
  const kept = result.previousLibrary !== null ? ` The previous library folder is kept at ${result.previousLibrary}.` : '';
  return `Replaced the library with the backup: ${plural(result.added, 'item', 'items')}.${kept}`;
}

/**
 * Back up the whole library to one archive, and restore from one (merge what is new, or replace
 * the library, keeping the current folder as it is). Main shows the file dialogs; a cancelled
 * dialog says nothing.
 */
export function LibraryBackup() {
  const [state, setState] = useState<BackupState>({ kind: 'idle' });
  const restoreRef = useRef<HTMLButtonElement>(null);
  const replaceNoteId = useId();
  const busy = state.kind === 'working';

  const backUp = async () => {
    if (busy) return;
    setState({ kind: 'working', what: 'backup' });
    const reply = await invoke('library:backup');
    if (reply.ok) setState({ kind: 'backed-up', result: reply.value });
    else setState(reply.error.code === 'cancelled' ? { kind: 'idle' } : { kind: 'failed', what: 'backup', error: reply.error });
  };

  const restore = async (mode: RestoreResult['mode']) => {
    setState({ kind: 'working', what: 'restore' });
    restoreRef.current?.focus();
    const reply = await invoke('library:restore-backup', { mode });
    if (!reply.ok) {
      setState(reply.error.code === 'cancelled' ? { kind: 'idle' } : { kind: 'failed', what: 'restore', error: reply.error });
      return;
    }
    setState({ kind: 'restored', result: reply.value });
    // Main announces the change too; the reloads coalesce.
    clearSelection();
    requestLibraryReload();
    void loadCollections();
  };

  return (
    <div className="library-backup">
      <div className="button-row">
        <button type="button" className="button" aria-disabled={busy} onClick={() => void backUp()}>
          Back up library…
        </button>
        <button
          ref={restoreRef}
          type="button"
          className="button"
          aria-disabled={busy}
          aria-expanded={state.kind === 'choosing'}
          onClick={() => (busy ? undefined : setState(state.kind === 'choosing' ? { kind: 'idle' } : { kind: 'choosing' }))}
        >
          Restore from backup…
        </button>
      </div>
      {state.kind === 'choosing' ? (
        <div className="notice library-confirm" role="group" aria-label="Restore from backup">
          <p>How should the backup come in? You choose the archive next.</p>
          <div className="button-row">
            <button type="button" className="button button-primary" autoFocus onClick={() => void restore('merge')}>
              Merge into this library
            </button>
            <button type="button" className="button" aria-describedby={replaceNoteId} onClick={() => void restore('replace')}>
              Replace this library
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setState({ kind: 'idle' });
                restoreRef.current?.focus();
              }}
            >
              Cancel
            </button>
          </div>
          <p className="field-note">Merge adds the images this library does not have yet and changes nothing else.</p>
          <p id={replaceNoteId} className="field-note">
            Replace makes the backup this library. The current library folder is kept as it is, so nothing is deleted.
          </p>
        </div>
      ) : null}
      <p className="field-note library-report" aria-live="polite">
        {state.kind === 'working'
          ? state.what === 'backup'
            ? 'Backing up the library…'
            : 'Restoring from the backup…'
          : state.kind === 'backed-up'
            ? backupText(state.result)
            : state.kind === 'restored'
              ? restoreText(state.result)
              : null}
      </p>
      {state.kind === 'failed' ? (
        <ErrorAlert error={state.error} title={state.what === 'backup' ? 'The library was not backed up' : 'The backup was not restored'} />
      ) : null}
    </div>
  );
}
