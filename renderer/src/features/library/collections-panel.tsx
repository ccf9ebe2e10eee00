import { useId, useState, type FormEvent } from 'react';
import type { Collection } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { createCollection, deleteCollection, renameCollection, useCollectionsStore } from '../../stores/library-collections-store';
import { requestLibraryReload, useLibraryStore } from '../../stores/library-store';
import { showToast } from '../../stores/library-undo-store';
import { imageCount } from './format';
import { RenameForm } from './inline-form';
import { OrganizePanel } from './organize-panel';
import { changeLibraryQuery } from './organize';

type Mode = { kind: 'idle' } | { kind: 'rename'; id: string } | { kind: 'delete'; id: string };

function RenameCollectionForm({ collection, onDone, onError }: { collection: Collection; onDone: () => void; onError: (error: AppError) => void }) {
  const rename = async (name: string) => {
    const reply = await renameCollection(collection.id, name);
    if (reply.ok) onDone();
    else onError(reply.error);
  };
  return (
    <RenameForm
      formLabel={`Rename ${collection.name}`}
      fieldLabel="Collection name"
      name={collection.name}
      maxLength={100}
      onRename={rename}
      onCancel={onDone}
    />
  );
}

/** Collections with their counts: show one, create, rename, delete (the images stay). */
export function CollectionsPanel({ id }: { id: string }) {
  const collections = useCollectionsStore((state) => state.collections);
  const loadError = useCollectionsStore((state) => state.error);
  const filter = useLibraryStore((state) => state.query.collectionId);
  const [mode, setMode] = useState<Mode>({ kind: 'idle' });
  const [name, setName] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const newId = useId();
  const shownError = error ?? loadError;

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return;
    const reply = await createCollection(name.trim());
    if (reply.ok) {
      setName('');
      setError(null);
    } else setError(reply.error);
  };

  const remove = async (collection: Collection) => {
    const reply = await deleteCollection(collection.id);
    setMode({ kind: 'idle' });
    if (!reply.ok) {
      setError(reply.error);
      return;
    }
    if (filter === collection.id) changeLibraryQuery({ collectionId: null });
    else requestLibraryReload();
    showToast(reply.value.undoLabel ?? `Deleted the collection “${collection.name}”`, reply.value.undoLabel !== null);
  };

  return (
    <OrganizePanel
      id={id}
      title="Collections"
      error={shownError}
      empty={collections.length === 0}
      emptyNote="No collections yet. Create one, or add selected images to a new one."
    >
      <ul className="collections-list">
        {collections.map((collection) => (
          <li key={collection.id} className="collection-row" data-current={filter === collection.id}>
            {mode.kind === 'rename' && mode.id === collection.id ? (
              <RenameCollectionForm collection={collection} onDone={() => setMode({ kind: 'idle' })} onError={setError} />
            ) : mode.kind === 'delete' && mode.id === collection.id ? (
              <div role="group" aria-label={`Delete ${collection.name}`} className="collection-confirm">
                <p>
                  Delete the collection “{collection.name}”? Its {imageCount(collection.count)} stay in the library.
                </p>
                <div className="button-row">
                  <button type="button" className="button button-small button-danger" onClick={() => void remove(collection)}>
                    Delete collection
                  </button>
                  <button type="button" className="button button-small button-quiet" onClick={() => setMode({ kind: 'idle' })}>
                    Cancel
                  </button>
                </div>
              </div>
            ) : (
              <>
                <button
                  type="button"
                  className="collection-name"
                  aria-pressed={filter === collection.id}
                  onClick={() => changeLibraryQuery({ collectionId: filter === collection.id ? null : collection.id })}
                >
                  {collection.name}
                </button>
                <span className="collection-count">{imageCount(collection.count)}</span>
                <button
                  type="button"
                  className="button button-small button-quiet"
                  aria-label={`Rename ${collection.name}`}
                  onClick={() => setMode({ kind: 'rename', id: collection.id })}
                >
                  Rename
                </button>
                <button
                  type="button"
                  className="button button-small button-quiet"
                  aria-label={`Delete ${collection.name}`}
                  onClick={() => setMode({ kind: 'delete', id: collection.id })}
                >
                  Delete
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <form className="collection-form" aria-label="Create collection" onSubmit={(event) => void create(event)}>
        <label htmlFor={newId} className="field-label">
          New collection
        </label>
        <div className="tag-field-row">
          <input id={newId} className="text-input" value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
          <button type="submit" className="button button-small">
            Create
          </button>
        </div>
      </form>
      <p className="field-note">Deleting a collection keeps its images in the library.</p>
    </OrganizePanel>
  );
}
