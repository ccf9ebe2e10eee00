import { useEffect, useId, useRef, useState } from 'react';
import type { MaintenanceReport } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { invoke } from '../../ipc';
import { LibraryBackup } from './library-backup';
import { SettingsSection } from './settings-section';

type RebuildState =
  { kind: 'idle' } | { kind: 'confirming' } | { kind: 'rebuilding' } | { kind: 'done'; report: MaintenanceReport } | { kind: 'failed'; error: AppError };

const count = new Intl.NumberFormat('en-US');

function plural(n: number, one: string, many: string): string {
  return `${count.format(n)} ${n === 1 ? one : many}`;
}

/** "Rebuilt 1,204 items; 2 files missing; 0 problems" */
export function reportText(report: MaintenanceReport): string {
  return [
    `Rebuilt ${plural(report.reindexed, 'item', 'items')}`,
    `${plural(report.missingFiles, 'file', 'files')} missing`,
    plural(report.problems.length, 'problem', 'problems'),
  ].join('; ');
}

/**
 * Rebuilds the library database from the image files and their sidecars. It replaces what the
 * database holds, so it asks first.
 */
export function LibraryMaintenanceSection() {
  const [state, setState] = useState<RebuildState>({ kind: 'idle' });
  const noteId = useId();
  const startRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Leaving the confirmation removes the focused button: focus goes back to the one that started it.
  useEffect(() => {
    if (wasConfirming.current && state.kind !== 'confirming') startRef.current?.focus();
    wasConfirming.current = state.kind === 'confirming';
  }, [state.kind]);

  const rebuild = async () => {
    setState({ kind: 'rebuilding' });
    const reply = await invoke('library:rebuild');
    setState(reply.ok ? { kind: 'done', report: reply.value } : { kind: 'failed', error: reply.error });
  };

  const busy = state.kind === 'rebuilding';

  return (
    <SettingsSection title="Library maintenance">
      <p id={noteId} className="field-note">
        Reads every image file and its sidecar in the library folder and builds the library again from them. Use it when images are missing from the library or
        the library looks wrong.
      </p>
      {state.kind === 'confirming' ? (
        <div className="notice library-confirm" role="group" aria-label="Confirm rebuild">
          <p>Rebuild the library from the folder now? The library database is made again from the files, which can take a while for a large library.</p>
          <div className="button-row">
            <button type="button" className="button button-primary" autoFocus onClick={() => void rebuild()}>
              Rebuild now
            </button>
            <button type="button" className="button" onClick={() => setState({ kind: 'idle' })}>
              Keep
            </button>
          </div>
        </div>
      ) : (
        <div className="button-row">
          <button
            ref={startRef}
            type="button"
            className="button"
            aria-disabled={busy}
            aria-describedby={noteId}
            onClick={() => (busy ? undefined : setState({ kind: 'confirming' }))}
          >
            Rebuild library from folder
          </button>
        </div>
      )}
      {/* Polite, not role="status": the panel's one status line is the key's. */}
      <p className="field-note library-report" aria-live="polite">
        {busy ? 'Rebuilding the library…' : state.kind === 'done' ? reportText(state.report) : null}
      </p>
      {state.kind === 'done' && state.report.problems.length > 0 ? (
        <ul className="library-problems" aria-label="Rebuild problems">
          {state.report.problems.map((problem, index) => (
            <li key={index}>{problem}</li>
          ))}
        </ul>
      ) : null}
      {state.kind === 'failed' ? <ErrorAlert error={state.error} title="The library was not rebuilt" /> : null}
      <LibraryBackup />
    </SettingsSection>
  );
}
