import { useEffect, useId, useRef } from 'react';
import type { BackupResult, RestoreResult } from '../../../../electron/shared/domain';
import { ErrorAlert } from '../../components/error-alert';
import { backUpLibrary, chooseRestoreMode, forgetBackupOutcome, restoreLibraryBackup, useBackupStore } from './backup-store';

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
  const state = useBackupStore((store) => store.state);
  const restoreRef = useRef<HTMLButtonElement>(null);
  const replaceNoteId = useId();
  const busy = state.kind === 'working';
  useEffect(() => forgetBackupOutcome, []);

  const restore = (mode: RestoreResult['mode']) => {
    // The question closes: focus goes back to the button that asked it.
    restoreRef.current?.focus();
    void restoreLibraryBackup(mode);
  };

  return (
    <div className="library-backup">
      <div className="button-row">
        <button type="button" className="button" aria-disabled={busy} onClick={() => void backUpLibrary()}>
          Back up library…
        </button>
        <button
          ref={restoreRef}
          type="button"
          className="button"
          aria-disabled={busy}
          aria-expanded={state.kind === 'choosing'}
          onClick={() => chooseRestoreMode(state.kind !== 'choosing')}
        >
          Restore from backup…
        </button>
      </div>
      {state.kind === 'choosing' ? (
        <div className="notice library-confirm" role="group" aria-label="Restore from backup">
          <p>How should the backup come in? You choose the archive next.</p>
          <div className="button-row">
            <button type="button" className="button button-primary" autoFocus onClick={() => restore('merge')}>
              Merge into this library
            </button>
            <button type="button" className="button" aria-describedby={replaceNoteId} onClick={() => restore('replace')}>
              Replace this library
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                chooseRestoreMode(false);
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
