import { Folder, FolderPlus, Pencil, Trash2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { Collection } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { IconButton } from '../../components/icon-button';
import { createCollection, deleteCollection, renameCollection, useCollectionsStore } from '../../stores/library-collections-store';
import { requestLibraryReload, useLibraryStore } from '../../stores/library-store';
import { showToast } from '../../stores/library-undo-store';
import { imageCount } from '../library/format';
import { InlineFormButtons, RenameForm } from '../library/inline-form';
import { changeLibraryQuery } from '../library/organize';
import { PlaceButton } from './place-button';
import { placeQuery } from './places';

type Mode = { kind: 'idle' } | { kind: 'create' } | { kind: 'rename'; id: string } | { kind: 'delete'; id: string };

function CreateCollectionForm({ onDone, onError }: { onDone: () => void; onError: (error: AppError | null) => void }) {
  const [name, setName] = useState('');
  const nameId = useId();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return;
    const reply = await createCollection(name.trim());
    if (!reply.ok) return onError(reply.error);
    onError(null);
    onDone();
  };
  return (
    <form className="sidebar-form" aria-label="Create collection" onSubmit={(event) => void create(event)}>
      <label htmlFor={nameId} className="field-label">
        New collection
      </label>
      <input id={nameId} className="text-input" dir="auto" value={name} maxLength={100} autoFocus onChange={(event) => setName(event.target.value)} />
      <InlineFormButtons submitLabel="Create" onCancel={onDone} />
    </form>
  );
}

function DeleteConfirm({ collection, onDelete, onCancel }: { collection: Collection; onDelete: () => void; onCancel: () => void }) {
  return (
    <div role="group" aria-label={`Delete ${collection.name}`} className="sidebar-confirm">
      <p>
        Delete the collection “<bdi>{collection.name}</bdi>”? Its {imageCount(collection.count)} stay in the library.
      </p>
      <div className="button-row">
        <button type="button" className="button button-small button-danger" onClick={onDelete}>
          Delete collection
        </button>
        <button type="button" className="button button-small button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** The collections as places, with their counts; created, renamed and deleted here (deleting keeps the images). */
export function SidebarCollections({ counts }: { counts: Readonly<Record<string, number>> }) {
  const collections = useCollectionsStore((state) => state.collections);
  const loadError = useCollectionsStore((state) => state.error);
  const shown = useLibraryStore((state) => state.query.collectionId);
  const [mode, setMode] = useState<Mode>({ kind: 'idle' });
  const [error, setError] = useState<AppError | null>(null);
  const headingId = useId();
  const idle = () => setMode({ kind: 'idle' });
  const shownError = error ?? loadError;

  const rename = async (collection: Collection, name: string) => {
    const reply = await renameCollection(collection.id, name);
    if (reply.ok) idle();
    else setError(reply.error);
  };

  const remove = async (collection: Collection) => {
    const reply = await deleteCollection(collection.id);
    idle();
    if (!reply.ok) return setError(reply.error);
    if (shown === collection.id) changeLibraryQuery(placeQuery({ kind: 'all' }));
    else requestLibraryReload();
    showToast(reply.value.undoLabel ?? `Deleted the collection “${collection.name}”`, reply.value.undoLabel !== null);
  };

  return (
    <section className="sidebar-section" aria-labelledby={headingId}>
      <div className="sidebar-heading">
        <h2 id={headingId} className="sidebar-title">
          Collections
        </h2>
        <IconButton
          label="Create a collection"
          icon={<FolderPlus />}
          aria-expanded={mode.kind === 'create'}
          onClick={() => setMode(mode.kind === 'create' ? { kind: 'idle' } : { kind: 'create' })}
        />
      </div>
      {shownError ? <ErrorAlert error={shownError} title="Collections" /> : null}
      {mode.kind === 'create' ? <CreateCollectionForm onDone={idle} onError={setError} /> : null}
      {collections.length === 0 && mode.kind !== 'create' ? <p className="sidebar-note">No collections yet.</p> : null}
      <ul className="places">
        {collections.map((collection) => (
          <li key={collection.id} className="place">
            {mode.kind === 'rename' && mode.id === collection.id ? (
              <RenameForm
                formLabel={`Rename ${collection.name}`}
                fieldLabel="Collection name"
                name={collection.name}
                maxLength={100}
                onRename={(name) => rename(collection, name)}
                onCancel={idle}
              />
            ) : mode.kind === 'delete' && mode.id === collection.id ? (
              <DeleteConfirm collection={collection} onDelete={() => void remove(collection)} onCancel={idle} />
            ) : (
              <>
                <PlaceButton
                  place={{ kind: 'collection', id: collection.id }}
                  label={collection.name}
                  icon={<Folder />}
                  count={counts[collection.id] ?? collection.count}
                />
                <span className="place-tools">
                  <IconButton label={`Rename ${collection.name}`} icon={<Pencil />} onClick={() => setMode({ kind: 'rename', id: collection.id })} />
                  <IconButton label={`Delete ${collection.name}`} icon={<Trash2 />} onClick={() => setMode({ kind: 'delete', id: collection.id })} />
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
