import { libraryIndexOf, useLibraryTotal } from '../../stores/library-store';
import { actualSize, closeViewer, fitImage, showNeighbour, useViewer, zoomIn, zoomOut } from '../../stores/viewer-store';

/**
 * aria-disabled rather than disabled: a button that becomes disabled while focused (the last
 * image reached) would drop focus out of the dialog.
 */
interface ToolButtonProps {
  label: string;
  disabled?: boolean;
  /** For the zoom presets: whether the view is at this preset now. */
  pressed?: boolean;
  onClick: () => void;
  keyHint?: string;
}

function ToolButton({ label, disabled = false, pressed, onClick, keyHint }: ToolButtonProps) {
  return (
    <button
      type="button"
      className="button button-small"
      aria-disabled={disabled}
      aria-pressed={pressed}
      aria-keyshortcuts={keyHint}
      onClick={() => {
        if (!disabled) onClick();
      }}
    >
      {label}
    </button>
  );
}

export function ViewerToolbar({ zoomable }: { zoomable: boolean }) {
  const id = useViewer((state) => state.id);
  const storedIndex = useViewer((state) => state.index);
  const zoom = useViewer((state) => state.zoom);
  // The total also re-renders the bar when the list changes, so the position below stays current.
  const total = useLibraryTotal();
  const found = id === null ? -1 : libraryIndexOf(id);
  const index = found >= 0 ? found : storedIndex;
  const readout = zoom === null ? 'Fit' : `${Math.round(zoom * 100)}%`;

  return (
    <div className="viewer-toolbar">
      <div className="viewer-tool-group">
        <ToolButton label="Previous image" keyHint="ArrowLeft" disabled={index <= 0} onClick={() => void showNeighbour(-1)} />
        <span className="viewer-position">{index >= 0 && total > 0 ? `${index + 1} of ${total}` : null}</span>
        <ToolButton label="Next image" keyHint="ArrowRight" disabled={index < 0 || index >= total - 1} onClick={() => void showNeighbour(1)} />
      </div>
      <div className="viewer-tool-group">
        <ToolButton label="Fit" keyHint="0" disabled={!zoomable} pressed={zoom === null} onClick={fitImage} />
        <ToolButton label="100%" disabled={!zoomable} pressed={zoom === 1} onClick={actualSize} />
        <ToolButton label="Zoom out" disabled={!zoomable} onClick={zoomOut} />
        <ToolButton label="Zoom in" disabled={!zoomable} onClick={zoomIn} />
        {zoomable ? (
          <span className="viewer-zoom">
            <span className="visually-hidden">Zoom </span>
            {readout}
          </span>
        ) : null}
      </div>
      <button type="button" className="button button-quiet viewer-close" aria-keyshortcuts="Escape" onClick={() => closeViewer()}>
        Close
      </button>
    </div>
  );
}
