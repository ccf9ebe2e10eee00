import '../../components/toast.css';
import { X } from 'lucide-react';
import { Toast } from 'radix-ui';
import { ErrorAlert } from '../../components/error-alert';
import { dismissActionError, dismissToast, useUndoStore } from '../../stores/library-undo-store';
import { undoLastChange } from './organize';

/** How long a toast stays, unless the pointer or focus is on it. */
export const TOAST_MS = 8000;

/** The messages region's name; radix fills in its hotkey (F8 moves focus to it). */
export const TOAST_REGION_LABEL = 'Library messages ({hotkey})';

/**
 * Focus leaves a toast closed by its own button for the gallery's current tile (the grid's one
 * tabbable cell), else nowhere. Radix would park it on the messages region, where focus holds
 * every later message ("Undone" would never go away by itself).
 */
function focusGallery(): void {
  const tile = document.querySelector<HTMLElement>('.library [role="gridcell"][tabindex="0"]');
  if (tile) tile.focus();
  else if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
}

/**
 * What the last organize action did, with Undo (radix Toast). Radix announces each new message in a
 * live region of its own, hides it after TOAST_MS but not while the pointer is on the messages or
 * focus is in them (WCAG 2.2.1), and F8 reaches it from anywhere. Each message is a new toast (its
 * id is the key), so its time starts again. A refused action is an alert that stays until dismissed.
 */
export function UndoToast() {
  const toast = useUndoStore((state) => state.toast);
  const error = useUndoStore((state) => state.error);

  return (
    <Toast.Provider label="Library" duration={TOAST_MS} swipeDirection="down">
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
        <Toast.Viewport className="toast-viewport" label={TOAST_REGION_LABEL} />
      </div>
      {toast ? (
        <Toast.Root
          key={toast.id}
          className="toast"
          onOpenChange={(open) => {
            if (!open) dismissToast(toast.id);
          }}
        >
          <Toast.Description className="toast-message" dir="auto">
            {toast.message}
          </Toast.Description>
          {toast.canUndo ? (
            // Closes the toast; "Undone" (or what went wrong) follows as a new message.
            <Toast.Action
              className="button button-small"
              altText="Undo with Ctrl+Z (Cmd+Z on a Mac)"
              onClick={() => {
                focusGallery();
                void undoLastChange();
              }}
            >
              Undo
            </Toast.Action>
          ) : null}
          <Toast.Close className="icon-button" aria-label="Dismiss" onClick={focusGallery}>
            <X aria-hidden="true" />
          </Toast.Close>
        </Toast.Root>
      ) : null}
    </Toast.Provider>
  );
}
