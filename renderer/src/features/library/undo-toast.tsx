import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { dismissActionError, dismissToast, useUndoStore } from '../../stores/library-undo-store';
import { undoLastChange } from './organize';

/** How long a toast stays, unless the pointer or focus is on it. */
export const TOAST_MS = 8000;

/**
 * What the last organize action did, with Undo. The status region is always in the page so
 * screen readers announce each new message; the toast hides itself after TOAST_MS, but not while
 * the user is pointing at it or has focus in it (WCAG 2.2.1).
 */
export function UndoToast() {
  const toast = useUndoStore((state) => state.toast);
  const error = useUndoStore((state) => state.error);
  const undoing = useUndoStore((state) => state.undoing);
  const [held, setHeld] = useState(false);
  const toastId = toast?.id;

  useEffect(() => {
    if (toastId === undefined || held) return;
    const timer = setTimeout(() => dismissToast(toastId), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toastId, held]);

  return (
    <div className="library-toasts">
      {error ? (
        <ErrorAlert
          error={error}
          title="That change could not be made"
          actions={
            <button type="button" className="button button-small" onClick={dismissActionError}>
              Dismiss
            </button>
          }
        />
      ) : null}
      <div
        role="status"
        className="library-toast"
        data-shown={toast !== null}
        onPointerEnter={() => setHeld(true)}
        onPointerLeave={() => setHeld(false)}
        onFocus={() => setHeld(true)}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget)) setHeld(false);
        }}
      >
        {toast ? (
          <>
            <span className="library-toast-message">{toast.message}</span>
            {toast.canUndo ? (
              <button type="button" className="button button-small" aria-disabled={undoing} onClick={() => void undoLastChange()}>
                Undo
              </button>
            ) : null}
            <button type="button" className="button button-small button-quiet" aria-label="Dismiss" onClick={() => dismissToast()}>
              ×
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
}
