import './library.css';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { RetryAlert } from '../../components/retry-alert';
import { followCollectionEvents, loadCollections } from '../../stores/library-collections-store';
import { clearSelection, selectAllMatching, useSelectionStore } from '../../stores/library-selection-store';
import { isPlainNewestView, loadLibrary, useLibraryStore } from '../../stores/library-store';
import { BulkBar } from './bulk-bar';
import { EmptyTrashConfirm } from './empty-trash-confirm';
import { matchCountText } from './format';
import { LibraryEmpty, NoMatches, TrashEmpty } from './library-empty';
import { LibraryGrid } from './library-grid';
import { useShownGalleryJobs } from './library-grid-model';
import { LibraryToolbar } from './library-toolbar';
import { emptyTrash, undoLastChange } from './organize';
import { UndoToast } from './undo-toast';

export const DEFAULT_TILE_SIZE = 180;

/** Text fields keep their own Ctrl/Cmd+A, Ctrl/Cmd+Z and Escape. */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'color', 'file', 'image'].includes(target.type);
}

/**
 * The library: search and filters, a virtualized grid of everything that matches, selection with
 * bulk actions and undo, the trash, and collections. The section keeps the name "Library".
 */
export function Library() {
  const status = useLibraryStore((state) => state.status);
  const error = useLibraryStore((state) => state.error);
  const total = useLibraryStore((state) => state.total);
  // While main counts a search's matches the number is left out, not shown as a guess.
  const counting = useLibraryStore((state) => state.counting);
  const query = useLibraryStore((state) => state.query);
  const hasSelection = useSelectionStore((state) => state.picked.kind !== 'none');
  const jobCount = useShownGalleryJobs().length;
  const [tileSize, setTileSize] = useState(DEFAULT_TILE_SIZE);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const headingId = useId();
  const inTrash = query.view === 'trash';
  const emptyTrashButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void loadCollections();
    return followCollectionEvents();
  }, []);

  // Undo works from anywhere in the window, except where Ctrl/Cmd+Z undoes typing.
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey || event.key.toLowerCase() !== 'z') return;
      if (event.defaultPrevented || isTextField(event.target)) return;
      event.preventDefault();
      void undoLastChange();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (isTextField(event.target)) return;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      selectAllMatching();
    } else if (event.key === 'Escape' && hasSelection) {
      event.preventDefault();
      clearSelection();
    }
  };

  const confirmEmptyTrash = async () => {
    setConfirmEmpty(false);
    await emptyTrash();
  };

  // Pending and failed jobs show in the gallery too, before the first image exists.
  const showGrid = total > 0 || jobCount > 0;
  const settledEmpty = status === 'ready' && !showGrid;

  return (
    <section className="library" aria-label="Library" onKeyDown={onKeyDown}>
      <div className="library-head">
        <h2 id={headingId} className="panel-title">
          {inTrash ? 'Library · Trash' : 'Library'}
        </h2>
        <span className="library-count" aria-live="polite">
          {status === 'ready' && !counting ? matchCountText(total, query) : ''}
        </span>
        {inTrash ? (
          <div className="section-actions">
            <button
              ref={emptyTrashButton}
              type="button"
              className="button button-small button-danger"
              disabled={total === 0}
              onClick={() => setConfirmEmpty(true)}
            >
              Empty trash
            </button>
          </div>
        ) : null}
      </div>

      <LibraryToolbar tileSize={tileSize} onTileSize={setTileSize} />
      {confirmEmpty ? (
        <EmptyTrashConfirm
          count={total}
          onConfirm={() => void confirmEmptyTrash()}
          onKeep={() => {
            setConfirmEmpty(false);
            emptyTrashButton.current?.focus();
          }}
        />
      ) : null}

      {error ? <RetryAlert error={error} title="The library could not be loaded" onRetry={loadLibrary} /> : null}

      {/* The gallery fills the rest; the selection bar floats over it, so selecting never moves the rows. */}
      <div className="library-stage">
        {status === 'loading' && total === 0 ? <p className="field-note">Loading the library…</p> : null}
        {settledEmpty ? inTrash ? <TrashEmpty /> : isPlainNewestView(query) ? <LibraryEmpty /> : <NoMatches /> : null}
        {showGrid ? <LibraryGrid tileSize={tileSize} labelledBy={headingId} /> : null}
        <BulkBar />
      </div>

      <UndoToast />
    </section>
  );
}
