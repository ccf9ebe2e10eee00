import './compare.css';
import { useId, useLayoutEffect, type KeyboardEvent, type SyntheticEvent } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { useModalDialog } from '../../components/use-modal-dialog';
import { isTextEntry } from '../share/copy';
import {
  closeCompare,
  compareZoomIn,
  compareZoomOut,
  isCompareOpen,
  moveCompareSplit,
  PAN_STEP,
  panCompare,
  resetCompareZoom,
  setCompareView,
  SPLIT_STEP,
  useCompareStore,
  type CompareView,
} from './compare-store';
import { SideBySide, SliderOverlay } from './compare-stage';

/**
 * The dialog's keys, wherever focus is inside it: Left/Right move the slider, Shift+arrows pan,
 * + and - zoom, 0 goes back to Fit, S and O pick the view. Escape is the native dialog's cancel.
 */
function onKeyDown(event: KeyboardEvent<HTMLDialogElement>): void {
  if (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return;
  const { view } = useCompareStore.getState();
  const pans: Record<string, [number, number]> = {
    ArrowLeft: [PAN_STEP, 0],
    ArrowRight: [-PAN_STEP, 0],
    ArrowUp: [0, PAN_STEP],
    ArrowDown: [0, -PAN_STEP],
  };
  let action: (() => void) | undefined;
  if (event.shiftKey && pans[event.key]) {
    // Shift+Right looks further right: the images move left under the pane.
    const [dx, dy] = pans[event.key] ?? [0, 0];
    action = () => panCompare(dx, dy);
  } else {
    const actions: Record<string, (() => void) | undefined> = {
      ArrowLeft: view === 'slider' ? () => moveCompareSplit(-SPLIT_STEP) : undefined,
      ArrowRight: view === 'slider' ? () => moveCompareSplit(SPLIT_STEP) : undefined,
      '+': compareZoomIn,
      '=': compareZoomIn,
      '-': compareZoomOut,
      '0': resetCompareZoom,
      s: () => setCompareView('side-by-side'),
      o: () => setCompareView('slider'),
    };
    action = actions[event.key];
  }
  if (!action) return;
  event.preventDefault();
  event.stopPropagation();
  action();
}

function onCancel(event: SyntheticEvent<HTMLDialogElement>): void {
  event.preventDefault();
  closeCompare();
}

function ViewButton({ view, label, shortcut }: { view: CompareView; label: string; shortcut: string }) {
  const current = useCompareStore((state) => state.view);
  return (
    <button type="button" className="button button-small" aria-pressed={current === view} aria-keyshortcuts={shortcut} onClick={() => setCompareView(view)}>
      {label}
    </button>
  );
}

function CompareToolbar() {
  const zoom = useCompareStore((state) => state.zoom);
  return (
    <div className="compare-toolbar">
      <h2 className="compare-title">Compare</h2>
      <div className="compare-tool-group" role="group" aria-label="View">
        <ViewButton view="side-by-side" label="Side by side" shortcut="S" />
        <ViewButton view="slider" label="Slider" shortcut="O" />
      </div>
      <div className="compare-tool-group" role="group" aria-label="Zoom">
        <button type="button" className="button button-small" aria-keyshortcuts="-" aria-disabled={zoom <= 1} onClick={compareZoomOut}>
          Zoom out
        </button>
        <button type="button" className="button button-small" aria-keyshortcuts="+" onClick={compareZoomIn}>
          Zoom in
        </button>
        <button type="button" className="button button-small" aria-keyshortcuts="0" aria-pressed={zoom === 1} onClick={resetCompareZoom}>
          Fit
        </button>
        {/* Fit says itself on its pressed button; a zoom reads as a share of the fitted size. */}
        <span className="compare-zoom" aria-live="polite">
          {zoom === 1 ? null : (
            <>
              <span className="visually-hidden">Zoom </span>
              {`${Math.round(zoom * 100)}%`}
            </>
          )}
        </span>
      </div>
      <button type="button" className="button button-quiet compare-close" aria-keyshortcuts="Escape" onClick={closeCompare}>
        Close
      </button>
    </div>
  );
}

/** A native modal <dialog>, as the viewer is: it opens over the viewer, and focus returns to what opened it. */
function CompareDialogOpen() {
  const sides = useCompareStore((state) => state.sides);
  const view = useCompareStore((state) => state.view);
  const loading = useCompareStore((state) => state.loading);
  const error = useCompareStore((state) => state.error);
  const keysId = useId();
  const ref = useModalDialog((opener) => {
    if (opener?.isConnected) opener.focus();
  });

  // A view change takes the focused divider away with the overlay: focus stays in the dialog, so the keys keep working.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.contains(document.activeElement)) dialog.focus();
  }, [view, ref]);

  return (
    <dialog
      ref={ref}
      className="compare-dialog"
      role="dialog"
      aria-modal="true"
      aria-label="Compare"
      aria-describedby={keysId}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onCancel={onCancel}
    >
      <CompareToolbar />
      <p id={keysId} className="compare-keys">
        Left and Right move the slider, Shift with an arrow pans, + and − zoom, 0 fits, Escape closes.
      </p>
      {error ? <ErrorAlert error={error} title="These images could not be compared" /> : null}
      {sides !== null ? view === 'slider' ? <SliderOverlay sides={sides} /> : <SideBySide sides={sides} /> : null}
      {loading ? <p className="compare-loading">Loading the images…</p> : null}
    </dialog>
  );
}

/** Mounted once in the app; renders nothing while no comparison is open. */
export function CompareDialog() {
  const open = useCompareStore(isCompareOpen);
  return open ? <CompareDialogOpen /> : null;
}
