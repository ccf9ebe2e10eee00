import type { AppError } from '../../../electron/shared/errors';
import { ErrorAlert } from './error-alert';

interface RetryAlertProps {
  error: AppError;
  /** Asks main again for what could not be loaded. */
  onRetry: () => Promise<unknown>;
  title?: string;
  /** The button's text. */
  retryLabel?: string;
}

/** Something could not be loaded: the failure, with the one button that asks for it again. */
export function RetryAlert({ error, onRetry, title, retryLabel = 'Try again' }: RetryAlertProps) {
  return (
    <ErrorAlert
      error={error}
      title={title}
      actions={
        <button type="button" className="button" onClick={() => void onRetry()}>
          {retryLabel}
        </button>
      }
    />
  );
}
