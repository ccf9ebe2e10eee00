import type { ExportSummary } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * What was written, counting every file: "Exported 8 images (17 files)" when sidecars and a manifest
 * came too, "Exported 3 images" when the images are all there is, "Export cancelled after 2 images (4 files)".
 */
export function summaryHeadline(summary: ExportSummary): string {
  const files = summary.written.length;
  const images = count(summary.images, 'image', 'images');
  const what = files === summary.images ? images : `${images} (${count(files, 'file', 'files')})`;
  if (summary.cancelled) return files === 0 ? 'Export cancelled: no files written' : `Export cancelled after ${what}`;
  return files === 0 ? 'Nothing was exported' : `Exported ${what}`;
}

interface SummaryProps {
  summary: ExportSummary;
  destination: string;
  showError: AppError | null;
  onShow: () => void;
  onClose: () => void;
}

/** What was written, skipped and failed (with reasons), and "Show in folder". */
export function ExportSummaryView({ summary, destination, showError, onShow, onClose }: SummaryProps) {
  return (
    <div className="export-summary">
      <p role="status" className="export-headline">
        {summaryHeadline(summary)}
      </p>
      <p className="field-note">
        {summary.archive !== null ? `In the archive ${summary.archive}, in ` : 'To '}
        <span className="address">{destination}</span>
      </p>
      {summary.skipped.length > 0 ? (
        <section className="export-list" aria-label={`Skipped (${summary.skipped.length})`}>
          <h3 className="section-title">{`Skipped (${summary.skipped.length})`}</h3>
          <ul>
            {summary.skipped.map((entry, index) => (
              <li key={index}>
                <span className="viewer-mono" dir="auto">
                  {entry.name}
                </span>
                : {entry.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {summary.failed.length > 0 ? (
        <section className="export-list" aria-label={`Failed (${summary.failed.length})`}>
          <h3 className="section-title">{`Failed (${summary.failed.length})`}</h3>
          <ul>
            {summary.failed.map((entry) => (
              <li key={entry.id}>
                <span dir="auto">{entry.prompt.trim() || 'Image without a prompt'}</span>: {entry.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {showError ? <ErrorAlert error={showError} title="The folder could not be shown" /> : null}
      <div className="button-row">
        <button type="button" className="button button-primary" autoFocus onClick={onShow}>
          Show in folder
        </button>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
