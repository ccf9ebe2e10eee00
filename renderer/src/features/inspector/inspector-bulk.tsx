import { FileOutput, RotateCcw, Star, StarOff, Trash2, X } from 'lucide-react';
import { openExport } from '../../stores/export-store';
import { clearSelection, currentSelection } from '../../stores/library-selection-store';
import { useLibraryStore } from '../../stores/library-store';
import { addTagToSelected, restoreSelected, starSelected, trashSelected } from '../library/organize';
import { TagField } from '../library/tag-field';
import { AddToCollection } from './inspector-organize';

/** Several images selected: how many, and what can be done to all of them at once. */
export function InspectorBulk({ count }: { count: number }) {
  const inTrash = useLibraryStore((state) => state.query.view === 'trash');
  return (
    <div className="inspector-body">
      <p className="inspector-count" aria-live="polite">
        {count.toLocaleString('en-US')} selected
      </p>
      <div className="inspector-actions" role="group" aria-label="Actions on the selected images">
        {inTrash ? (
          <button type="button" className="button button-small inspector-action" onClick={() => void restoreSelected()}>
            <RotateCcw aria-hidden="true" className="inspector-action-icon" />
            Restore all
          </button>
        ) : (
          <>
            <button type="button" className="button button-small inspector-action" onClick={() => void starSelected(true)}>
              <Star aria-hidden="true" className="inspector-action-icon" />
              Star all
            </button>
            <button type="button" className="button button-small inspector-action" onClick={() => void starSelected(false)}>
              <StarOff aria-hidden="true" className="inspector-action-icon" />
              Unstar all
            </button>
            <button
              type="button"
              className="button button-small inspector-action"
              onClick={() => {
                const selection = currentSelection();
                if (selection !== null) openExport(selection, count);
              }}
            >
              <FileOutput aria-hidden="true" className="inspector-action-icon" />
              Export…
            </button>
            <button type="button" className="button button-small button-danger inspector-action" onClick={() => void trashSelected()}>
              <Trash2 aria-hidden="true" className="inspector-action-icon" />
              Move all to trash
            </button>
          </>
        )}
        <button type="button" className="button button-small button-quiet inspector-action" onClick={clearSelection}>
          <X aria-hidden="true" className="inspector-action-icon" />
          Clear selection
        </button>
      </div>
      {inTrash ? null : (
        <>
          <TagField className="inspector-form" label="Tag all selected" submitLabel="Add" onSubmit={(tag) => addTagToSelected(tag)} />
          <AddToCollection />
        </>
      )}
    </div>
  );
}
