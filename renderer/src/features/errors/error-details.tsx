import './errors.css';
import { Popover } from 'radix-ui';
import type { AppError } from '../../../../electron/shared/errors';
import { detailText } from '../../components/error-alert';

interface ErrorDetailsButtonProps {
  error: AppError;
  /** The job's request id, when the error itself did not carry it (support asks for it). */
  requestId?: string | null;
  /** A job's X-Client-Request-Id (its id) and the API's x-inference-id, shown for support and the account's ledger. */
  clientRequestId?: string | null;
  inferenceId?: string | null;
}

/** "Details": the full error (main's sentence and the raw material behind it) in a popover, out of the way of the one-line reason. */
export function ErrorDetailsButton({ error, requestId, clientRequestId = null, inferenceId = null }: ErrorDetailsButtonProps) {
  const full = error.requestId || !requestId ? error : { ...error, requestId };
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <button type="button" className="button button-small button-quiet">
          Details
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover-surface error-details" aria-label="Error details" side="bottom" align="start" sideOffset={6} collisionPadding={8}>
          <p className="error-details-message" dir="auto">
            {full.message}
          </p>
          {clientRequestId !== null || inferenceId !== null ? (
            <dl className="error-details-ids">
              {clientRequestId !== null ? (
                <div>
                  <dt>Client request id</dt>
                  <dd>{clientRequestId}</dd>
                </div>
              ) : null}
              {inferenceId !== null ? (
                <div>
                  <dt>Inference id</dt>
                  <dd>{inferenceId}</dd>
                </div>
              ) : null}
            </dl>
          ) : null}
          {/* Focusable: a long detail scrolls, and keyboard users must be able to scroll it. */}
          <pre className="error-details-raw" tabIndex={0} aria-label="Raw error">
            {detailText(full)}
          </pre>
          <Popover.Close className="button button-small" aria-label="Close details">
            Close
          </Popover.Close>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
