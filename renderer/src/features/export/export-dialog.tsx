import './export.css';
import { useId, useLayoutEffect, type SyntheticEvent } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { useModalDialog } from '../../components/use-modal-dialog';
import { cancelExport, closeExport, showExportInFolder, startExport, useExportStore } from '../../stores/export-store';
import { ExportForm } from './export-form';
import { ExportSummaryView } from './export-summary';

function ExportProgress() {
  const phase = useExportStore((state) => state.phase);
  const textId = useId();
  if (phase.kind !== 'running') return null;
  const total = Math.max(phase.total, 1);
  return (
    <div className="export-progress">
      <p id={textId} className="export-progress-text">
        {`Exporting ${Math.min(phase.done, phase.total).toLocaleString('en-US')} of ${phase.total.toLocaleString('en-US')}`}
      </p>
      <progress className="export-progress-bar" aria-labelledby={textId} value={Math.min(phase.done, total)} max={total} />
      <div className="button-row">
        <button type="button" className="button" aria-disabled={phase.cancelling} onClick={() => void cancelExport()}>
          Cancel
        </button>
      </div>
      <p className="field-note" aria-live="polite">
        {phase.cancelling ? 'Cancelling… files already written are kept.' : null}
      </p>
    </div>
  );
}

/**
 * The export dialog: a native modal <dialog> over the library or the viewer. Main asks for the
 * folder; progress and the summary arrive as events (see export-store). Focus goes back to what
 * opened it.
 */
function ExportDialogOpen() {
  const phase = useExportStore((state) => state.phase);
  const count = useExportStore((state) => state.count);
  const lastOptions = useExportStore((state) => state.lastOptions);
  const ref = useModalDialog((opener) => {
    if (useExportStore.getState().selection === null && opener?.isConnected) opener.focus();
  });

  // The form's buttons leave when the export starts: keep focus in the dialog.
  const running = phase.kind === 'running';
  useLayoutEffect(() => {
    if (running) ref.current?.focus();
  }, [running, ref]);

  // Escape closes, except while an export runs (Cancel is the way out then).
  const onCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    event.preventDefault();
    closeExport();
  };

  return (
    <dialog ref={ref} className="export-dialog" role="dialog" aria-modal="true" aria-label="Export" tabIndex={-1} onCancel={onCancel}>
      <h2 className="panel-title">Export</h2>
      {phase.kind === 'form' || phase.kind === 'starting' ? (
        <>
          {phase.kind === 'form' && phase.error ? <ErrorAlert error={phase.error} title="The export did not start" /> : null}
          <ExportForm
            initial={lastOptions}
            count={count}
            busy={phase.kind === 'starting'}
            onSubmit={(options) => void startExport(options)}
            onClose={closeExport}
          />
        </>
      ) : null}
      <ExportProgress />
      {phase.kind === 'finished' ? (
        <ExportSummaryView
          summary={phase.summary}
          destination={phase.destination}
          showError={phase.showError}
          onShow={() => void showExportInFolder()}
          onClose={closeExport}
        />
      ) : null}
    </dialog>
  );
}

/** Mounted once in the app; renders nothing while no export is open. */
export function ExportDialog() {
  const open = useExportStore((state) => state.selection !== null);
  return open ? <ExportDialogOpen /> : null;
}
