import { FolderPlus, X } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { LibraryItem, Selection } from '../../../../electron/shared/domain';
import { IconButton } from '../../components/icon-button';
import { createCollection, useCollectionsStore } from '../../stores/library-collections-store';
import { showActionError } from '../../stores/library-undo-store';
import { addSelectedToCollection, addTagToSelected, removeSelectedFromCollection, removeTagFromSelected } from '../library/organize';
import { TagField } from '../library/tag-field';

const NEW_COLLECTION = '__new__';

/**
 * Adds the target to a collection chosen from a list, or to a new one named here. The target is
 * the inspector's image, or undefined for the grid's selection.
 */
export function AddToCollection({ target, exclude = [] }: { target?: Selection; exclude?: readonly string[] }) {
  const collections = useCollectionsStore((state) => state.collections).filter((collection) => !exclude.includes(collection.id));
  const [choice, setChoice] = useState('');
  const [name, setName] = useState('');
  const selectId = useId();
  const nameId = useId();
  const picked = choice === '' ? (collections[0]?.id ?? NEW_COLLECTION) : choice;
  const creating = picked === NEW_COLLECTION;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let collectionId = picked;
    if (creating) {
      if (name.trim() === '') return;
      const created = await createCollection(name.trim());
      if (!created.ok) return showActionError(created.error);
      collectionId = created.value.id;
    }
    if (await addSelectedToCollection(collectionId, target)) {
      setName('');
      setChoice('');
    }
  };

  return (
    <form className="inspector-form" aria-label="Add to collection" onSubmit={(event) => void submit(event)}>
      <label className="field-label" htmlFor={selectId}>
        Add to collection
      </label>
      <div className="inspector-form-row">
        <select id={selectId} className="select" value={picked} onChange={(event) => setChoice(event.target.value)}>
          {collections.map((collection) => (
            <option key={collection.id} value={collection.id}>
              {collection.name}
            </option>
          ))}
          <option value={NEW_COLLECTION}>New collection…</option>
        </select>
        <IconButton type="submit" label="Add to the collection" icon={<FolderPlus />} />
      </div>
      {creating ? (
        <>
          <label className="field-label" htmlFor={nameId}>
            New collection name
          </label>
          <input id={nameId} className="text-input" dir="auto" value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
        </>
      ) : null}
    </form>
  );
}

/** The image's tags as chips that can be removed, and a field to add one (with suggestions). */
export function ItemTags({ item }: { item: LibraryItem }) {
  const target = { ids: [item.id] };
  return (
    <div className="inspector-group">
      {item.tags.length > 0 ? (
        <ul className="inspector-chips" aria-label="Tags on this image">
          {item.tags.map((tag) => (
            <li key={tag} className="tag-chip">
              <bdi>{tag}</bdi>
              <IconButton className="chip-remove" label={`Remove tag ${tag}`} icon={<X />} onClick={() => void removeTagFromSelected(tag, target)} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="inspector-note">No tags</p>
      )}
      <TagField className="inspector-form" label="Add tag" submitLabel="Add" preferred={[]} onSubmit={(tag) => addTagToSelected(tag, target)} />
    </div>
  );
}

/** The collections the image is in, each removable, and adding it to another. */
export function ItemCollections({ item }: { item: LibraryItem }) {
  const collections = useCollectionsStore((state) => state.collections);
  const target = { ids: [item.id] };
  const memberOf = collections.filter((collection) => item.collectionIds.includes(collection.id));
  return (
    <div className="inspector-group">
      {memberOf.length > 0 ? (
        <ul className="inspector-chips" aria-label="Collections this image is in">
          {memberOf.map((collection) => (
            <li key={collection.id} className="tag-chip">
              <bdi>{collection.name}</bdi>
              <IconButton
                className="chip-remove"
                label={`Remove from ${collection.name}`}
                icon={<X />}
                onClick={() => void removeSelectedFromCollection(collection.id, target)}
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="inspector-note">In no collection</p>
      )}
      <AddToCollection target={target} exclude={item.collectionIds} />
    </div>
  );
}
