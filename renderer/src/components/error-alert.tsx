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
}

function detailText(error: AppError): string | null {
  const lines: string[] = [];
  if (error.detail) lines.push(error.detail);
  if (error.status !== undefined) lines.push(`HTTP status: ${error.status}`);
  if (error.requestId) lines.push(`Request id: ${error.requestId}`);
  return lines.length > 0 ? lines.join('\n') : null;
}

/** An expected failure, in words, with the raw material one click away. */
export function ErrorAlert({ error, title, hint, actions }: ErrorAlertProps) {
  const [showDetail, setShowDetail] = useState(false);
  const detailId = useId();
  const detail = detailText(error);

  return (
    <div role="alert" className="alert">
      {title ? <p className="alert-title">{title}</p> : null}
      <p className="alert-message">{error.message}</p>
      {hint ? <p className="alert-hint">{hint}</p> : null}
      {actions || detail ? (
        <div className="alert-actions">
          {actions}
          {detail ? (
            <button
              type="button"
              className="button button-quiet"
              aria-expanded={showDetail}
              aria-controls={detailId}
              onClick={() => setShowDetail((shown) => !shown)}
            >
              Details
            </button>
          ) : null}
        </div>
      ) : null}
      {detail ? (
        <pre id={detailId} className="alert-detail" hidden={!showDetail}>
          {detail}
        </pre>
      ) : null}
    </div>
  );
}
