import { useEffect, useState } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { invoke } from '../../ipc';
import { followTagEvents, loadTags, useTagsStore } from '../../stores/library-tags-store';
import { requestLibraryReload, useLibraryStore } from '../../stores/library-store';
import { showToast } from '../../stores/library-undo-store';
import { imageCount } from './format';
import { RenameForm } from './inline-form';
import { OrganizePanel } from './organize-panel';
import { changeLibraryQuery } from './organize';

function RenameTagForm({ tag, onDone }: { tag: string; onDone: (error?: AppError) => void }) {
  const rename = async (to: string) => {
    const reply = await invoke('tags:rename', { from: tag, to });
    if (!reply.ok) return onDone(reply.error);
    showToast(reply.value.undoLabel ?? `Renamed “${tag}” to “${to}”`, reply.value.undoLabel !== null);
    requestLibraryReload();
    onDone();
  };
  return <RenameForm formLabel={`Rename tag ${tag}`} fieldLabel="Tag name" name={tag} maxLength={60} onRename={rename} onCancel={() => onDone()} />;
}

/**
 * Every tag in use with its count: show the images carrying one, or rename it everywhere at once
 * (renaming onto an existing tag merges the two; Undo reverts it).
 */
export function TagsPanel({ id }: { id: string }) {
  const tags = useTagsStore((state) => state.tags);
  const loadError = useTagsStore((state) => state.error);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [renameError, setRenameError] = useState<AppError | null>(null);
  const error = renameError ?? loadError;
  const filter = useLibraryStore((state) => state.query.tags);

  useEffect(() => {
    void loadTags();
    return followTagEvents();
  }, []);

  return (
    <OrganizePanel id={id} title="Tags" error={error} empty={tags.length === 0} emptyNote="No tags yet. Select images and use “Add tag”.">
      <ul className="collections-list">
        {tags.map((tag) => (
          <li key={tag.name} className="collection-row" data-current={filter.includes(tag.name)}>
            {renaming === tag.name ? (
              <RenameTagForm
                tag={tag.name}
                onDone={(failure) => {
                  setRenaming(null);
                  setRenameError(failure ?? null);
                  if (!failure) void loadTags();
                }}
              />
            ) : (
              <>
                <button
                  type="button"
                  className="collection-name"
                  aria-pressed={filter.includes(tag.name)}
                  onClick={() => changeLibraryQuery({ tags: filter.includes(tag.name) ? filter.filter((name) => name !== tag.name) : [...filter, tag.name] })}
                >
                  {tag.name}
                </button>
                <span className="collection-count">{imageCount(tag.count)}</span>
                <button type="button" className="button button-small button-quiet" aria-label={`Rename tag ${tag.name}`} onClick={() => setRenaming(tag.name)}>
                  Rename
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </OrganizePanel>
  );
}
