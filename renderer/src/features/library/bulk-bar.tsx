import { Tip } from '../../components/tooltip';
import { X } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { createCollection, useCollectionsStore } from '../../stores/library-collections-store';
import { openExport } from '../../stores/export-store';
import { clearSelection, currentSelection, isItemSelected, useSelectedCount, useSelectionStore } from '../../stores/library-selection-store';
import { loadedLibraryItems, useLibraryStore } from '../../stores/library-store';
import { showActionError } from '../../stores/library-undo-store';
import {
  addSelectedToCollection,
  addTagToSelected,
  removeSelectedFromCollection,
  removeTagFromSelected,
  restoreSelected,
  starSelected,
  trashSelected,
} from './organize';
import { compareSelection } from '../compare/compare-selection';
import { InlineFormButtons } from './inline-form';
import { focusGridTile } from './library-grid-focus';
import { TagField } from './tag-field';
import { remixSelection } from '../references/entry-points';

type Tool = 'add-tag' | 'remove-tag' | 'collection' | null;

const NEW_COLLECTION = '__new__';

/** Tags on the loaded selected images: offered first when removing a tag. */
function selectedTags(): string[] {
  const { picked } = useSelectionStore.getState();
  const tags = new Set<string>();
  for (const { item } of loadedLibraryItems()) if (isItemSelected(picked, item)) item.tags.forEach((tag) => tags.add(tag));
  return [...tags].sort();
}

function CollectionPicker({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const collections = useCollectionsStore((state) => state.collections);
  const [choice, setChoice] = useState(collections[0]?.id ?? NEW_COLLECTION);
  const [name, setName] = useState('');
  const selectId = useId();
  const nameId = useId();
  const creating = choice === NEW_COLLECTION || collections.length === 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let collectionId = choice;
    if (creating) {
      if (name.trim() === '') return;
      const created = await createCollection(name.trim());
      if (!created.ok) {
        showActionError(created.error);
        return;
      }
      collectionId = created.value.id;
    }
    if (await addSelectedToCollection(collectionId)) onDone();
  };

  return (
    <form className="bulk-tool" aria-label="Add to collection" onSubmit={(event) => void submit(event)}>
      <label className="library-inline-field" htmlFor={selectId}>
        <span className="field-label">Collection to add to</span>
        <select id={selectId} className="select" value={creating ? NEW_COLLECTION : choice} onChange={(event) => setChoice(event.target.value)}>
          {collections.map((collection) => (
            <option key={collection.id} value={collection.id} dir="auto">
              {collection.name}
            </option>
          ))}
          <option value={NEW_COLLECTION}>New collection…</option>
        </select>
      </label>
      {creating ? (
        <label className="library-inline-field" htmlFor={nameId}>
          <span className="field-label">New collection name</span>
          <input id={nameId} className="text-input" dir="auto" value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
        </label>
      ) : null}
      <InlineFormButtons submitLabel="Apply" onCancel={onCancel} />
    </form>
  );
}

/** What can be done to the selection; floats over the gallery while something is selected. */
export function BulkBar() {
  const count = useSelectedCount();
  const view = useLibraryStore((state) => state.query.view);
  const collectionFilter = useLibraryStore((state) => state.query.collectionId);
  const notice = useSelectionStore((state) => state.notice);
  const [tool, setTool] = useState<Tool>(null);
  const close = () => setTool(null);
  // A form that did its work closes, and focus goes back to the gallery's focused tile (not to a
  // button that is about to go away, nor to the page).
  const finish = () => {
    setTool(null);
    focusGridTile();
  };
  // An action that ends the selection removes this bar: focus returns to the gallery.
  const thenBackToGrid = (action: Promise<boolean>) => void action.then((done) => done && focusGridTile());
  const toggle = (next: Tool) => setTool((current) => (current === next ? null : next));

  if (count === 0) return null;

  return (
    <div className="bulk-bar">
      <div role="group" aria-label="Selection actions" className="bulk-actions">
        <span className="bulk-count" aria-live="polite">
          {count.toLocaleString('en-US')} selected
        </span>
        {view === 'trash' ? (
          <button type="button" className="button button-small button-primary" onClick={() => thenBackToGrid(restoreSelected())}>
            Restore
          </button>
        ) : (
          <>
            <button type="button" className="button button-small" onClick={() => void starSelected(true)}>
              Star
            </button>
            <button type="button" className="button button-small" onClick={() => void starSelected(false)}>
              Unstar
            </button>
            <button type="button" className="button button-small" aria-expanded={tool === 'add-tag'} onClick={() => toggle('add-tag')}>
              Add tag
            </button>
            <button type="button" className="button button-small" aria-expanded={tool === 'remove-tag'} onClick={() => toggle('remove-tag')}>
              Remove tag
            </button>
            <button type="button" className="button button-small" aria-expanded={tool === 'collection'} onClick={() => toggle('collection')}>
              Add to collection
            </button>
            {collectionFilter !== null ? (
              <button type="button" className="button button-small" onClick={() => thenBackToGrid(removeSelectedFromCollection(collectionFilter))}>
                Remove from collection
              </button>
            ) : null}
            {count === 2 ? (
              <button type="button" className="button button-small" onClick={() => compareSelection()}>
                Compare
              </button>
            ) : null}
            <button type="button" className="button button-small" onClick={() => remixSelection()}>
              Remix
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                const selection = currentSelection();
                if (selection !== null) openExport(selection, count);
              }}
            >
              Export…
            </button>
            <button type="button" className="button button-small button-danger" onClick={() => thenBackToGrid(trashSelected())}>
              Move to trash
            </button>
          </>
        )}
        <Tip label="Clear selection (Escape)">
          <button
            type="button"
            className="icon-button"
            aria-label="Clear selection"
            aria-keyshortcuts="Escape"
            onClick={() => {
              close();
              clearSelection();
              focusGridTile();
            }}
          >
            <X aria-hidden="true" size={16} />
          </button>
        </Tip>
      </div>

      {notice ? <p className="field-note">{notice}</p> : null}

      {tool === 'add-tag' ? (
        <TagField
          className="bulk-tool"
          formLabel="Add tag"
          label="Tag to add"
          submitLabel="Apply"
          autoFocus
          onSubmit={(tag) => addTagToSelected(tag).then((done) => done && finish())}
        >
          <button type="button" className="button button-small button-quiet" onClick={close}>
            Cancel
          </button>
        </TagField>
      ) : null}
      {tool === 'remove-tag' ? (
        <TagField
          className="bulk-tool"
          formLabel="Remove tag"
          label="Tag to remove"
          submitLabel="Apply"
          autoFocus
          preferred={selectedTags()}
          onSubmit={(tag) => removeTagFromSelected(tag).then((done) => done && finish())}
        >
          <button type="button" className="button button-small button-quiet" onClick={close}>
            Cancel
          </button>
        </TagField>
      ) : null}
      {tool === 'collection' ? <CollectionPicker onDone={finish} onCancel={close} /> : null}
    </div>
  );
}
