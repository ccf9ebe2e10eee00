import { ErrorAlert } from '../../components/error-alert';
import { summaryText } from './import-files';
import { dismissImportSummary, useImportStore } from './import-store';

/**
 * Progress, then the outcome, of the last import. The live region is always mounted, so the
 * summary is announced when it appears.
 */
export function ImportStatus() {
  const running = useImportStore((state) => state.running);
  const total = useImportStore((state) => state.total);
  const done = useImportStore((state) => state.done);
  const imported = useImportStore((state) => state.imported);
  const skipped = useImportStore((state) => state.skipped);
  const error = useImportStore((state) => state.error);
  const notSent = useImportStore((state) => state.notSent);

  const text = running ? `Importing images… ${done} of ${total}` : imported !== null ? summaryText(imported, skipped) : null;
  const finished = !running && imported !== null;

  return (
    <div className="import-feedback" data-shown={text !== null}>
      <p role="status" className="import-status">
        {text}
      </p>
      {finished && error ? (
        <ErrorAlert
          error={error}
          title="The import stopped"
          hint={notSent > 0 ? `${notSent === 1 ? '1 file was' : `${notSent} files were`} not imported. Try again with those files.` : undefined}
        />
      ) : null}
      {finished ? (
        <button type="button" className="button button-quiet button-small" aria-label="Dismiss import summary" onClick={dismissImportSummary}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
