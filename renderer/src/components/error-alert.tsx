import { useId, useState, type ReactNode } from 'react';
import type { AppError } from '../../../electron/shared/errors';

interface ErrorAlertProps {
  error: AppError;
  /** A short headline above the message; the message itself is always shown as main wrote it. */
  title?: string;
  /** Extra guidance below the message. */
  hint?: ReactNode;
  /** Action buttons, shown next to "Details". */
  actions?: ReactNode;
  /**
   * false for a problem that is being handled (a job waiting to retry): shown the same, but not
   * announced as an alert.
   */
  urgent?: boolean;
}

/** The raw material behind "Details": main has already redacted the key from all of it. */
export function detailText(error: AppError): string {
  const lines: string[] = [];
  if (error.detail) lines.push(error.detail);
  if (error.status !== undefined) lines.push(`HTTP status: ${error.status}`);
  if (error.requestId) lines.push(`Request id: ${error.requestId}`);
  if (error.retryAfterSeconds !== undefined) lines.push(`Retry-After: ${error.retryAfterSeconds} s`);
  if (error.mayHaveBeenCharged) lines.push('May have been charged: yes');
  lines.push(`Error code: ${error.code}`);
  return lines.join('\n');
}

/** An expected failure, in words, with the raw material one click away. */
export function ErrorAlert({ error, title, hint, actions, urgent = true }: ErrorAlertProps) {
  const [showDetail, setShowDetail] = useState(false);
  const detailId = useId();

  return (
    <div role={urgent ? 'alert' : undefined} className="alert" data-urgent={urgent}>
      {title ? <p className="alert-title">{title}</p> : null}
      <p className="alert-message">{error.message}</p>
      {hint ? <p className="alert-hint">{hint}</p> : null}
      <div className="alert-actions">
        {actions}
        <button
          type="button"
          className="button button-quiet"
          aria-expanded={showDetail}
          aria-controls={detailId}
          onClick={() => setShowDetail((shown) => !shown)}
        >
          Details
        </button>
      </div>
      {/* Focusable: a long detail scrolls, and keyboard users must be able to scroll it. */}
      <pre id={detailId} className="alert-detail" hidden={!showDetail} tabIndex={0}>
        {detailText(error)}
      </pre>
    </div>
  );
}
