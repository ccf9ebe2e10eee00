import './viewer.css';
import { type KeyboardEvent, type SyntheticEvent } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { useModalDialog } from '../../components/use-modal-dialog';
import { closeViewer, fitImage, showNeighbour, takeOpener, useViewer, useViewerStore, zoomIn, zoomOut } from '../../stores/viewer-store';
import { focusPrompt } from '../composer/prompt-focus';
import { itemLabel } from '../library/format';
import { copyShortcut, hasTextSelection } from '../share/copy';
import { hasImage, promptExcerpt } from './viewer-format';
import { copyFromViewer, ViewerDetails } from './viewer-details';
import { ViewerStage } from './viewer-stage';
import { ViewerLineage } from './viewer-lineage';
import { ViewerToolbar } from './viewer-toolbar';

/** Keys typed into a field are the field's, not the viewer's. */
function isTextEntry(target: EventTarget): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

function onKeyDown(event: KeyboardEvent<HTMLDialogElement>): void {
  const copy = copyShortcut(event);
  if (copy !== null) {
    const { item } = useViewerStore.getState();
    if (item === null || isTextEntry(event.target) || hasTextSelection()) return;
    event.preventDefault();
    event.stopPropagation();
    void copyFromViewer(item, copy);
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return;
  const zoomable = (() => {
    const { item } = useViewerStore.getState();
    return item !== null && hasImage(item);
  })();
  const actions: Record<string, (() => void) | undefined> = {
    Escape: () => closeViewer(),
    ArrowLeft: () => void showNeighbour(-1),
    ArrowRight: () => void showNeighbour(1),
    '+': zoomable ? zoomIn : undefined,
    '=': zoomable ? zoomIn : undefined,
    '-': zoomable ? zoomOut : undefined,
    '0': zoomable ? fitImage : undefined,
  };
  const action = actions[event.key];
  if (!action) return;
  event.preventDefault();
  event.stopPropagation();
  action();
}

/** The native Escape handling (cancel) goes through the store like every other close. */
function onCancel(event: SyntheticEvent<HTMLDialogElement>): void {
  event.preventDefault();
  closeViewer();
}

/**
 * The full-size viewer: a native modal <dialog> (the browser makes the rest of the page inert and
 * keeps it in the top layer), named by the start of the prompt. Closing returns focus to the tile
 * that opened it, or to the prompt after "Use these settings".
 */
function ViewerDialog() {
  const item = useViewer((state) => state.item);
  const loading = useViewer((state) => state.loading);
  const error = useViewer((state) => state.error);
  // The opener comes from the store, which took it in openViewer: at a remount the focused element is the dialog.
  const ref = useModalDialog(() => {
    // A development remount (StrictMode) is not a close: the viewer is still open in the store.
    const { id, focusAfterClose } = useViewerStore.getState();
    if (id !== null) return;
    const opener = takeOpener();
    if (focusAfterClose === 'prompt') focusPrompt();
    else opener?.focus();
  });

  const zoomable = item !== null && hasImage(item);

  return (
    <dialog
      ref={ref}
      className="viewer"
      role="dialog"
      aria-modal="true"
      aria-label={promptExcerpt(item === null ? '' : itemLabel(item))}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onCancel={onCancel}
    >
      <div className="viewer-layout">
        <div className="viewer-main">
          <ViewerToolbar zoomable={zoomable} />
          {item !== null ? (
            <ViewerStage key={item.id} item={item} />
          ) : (
            <div className="viewer-stage">
              <div className="viewer-placeholder">
                <p>{loading ? 'Loading the image…' : null}</p>
              </div>
            </div>
          )}
        </div>
        <div className="viewer-side">
          {error ? <ErrorAlert error={error} title="This image could not be loaded" /> : null}
          {item !== null ? <ViewerLineage key={`lineage-${item.id}`} item={item} /> : null}
          {item !== null ? <ViewerDetails key={item.id} item={item} /> : null}
        </div>
      </div>
    </dialog>
  );
}

/** Mounted once in the app; renders nothing while the viewer is closed. */
export function Viewer() {
  const open = useViewer((state) => state.id !== null);
  return open ? <ViewerDialog /> : null;
}
