import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { invoke } from '../../ipc';
import { followTagEvents, loadTags, useTagsStore } from '../../stores/library-tags-store';
import { requestLibraryReload, useLibraryStore } from '../../stores/library-store';
import { showToast } from '../../stores/library-undo-store';
import { imageCount } from './format';
import { changeLibraryQuery } from './organize';

function RenameTagForm({ tag, onDone }: { tag: string; onDone: (error?: AppError) => void }) {
  const [name, setName] = useState(tag);
  const inputId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const to = name.trim();
    if (to === '' || to === tag) return onDone();
    const reply = await invoke('tags:rename', { from: tag, to });
    if (!reply.ok) return onDone(reply.error);
    showToast(reply.value.undoLabel ?? `Renamed “${tag}” to “${to}”`, reply.value.undoLabel !== null);
    requestLibraryReload();
    onDone();
  };
  return (
    <form className="collection-form" aria-label={`Rename tag ${tag}`} onSubmit={(event) => void submit(event)}>
      <label htmlFor={inputId} className="field-label">
        Tag name
      </label>
      <input id={inputId} className="text-input" value={name} maxLength={60} autoFocus onChange={(event) => setName(event.target.value)} />
      <div className="button-row">
        <button type="submit" className="button button-small button-primary">
          Save
        </button>
        <button type="button" className="button button-small button-quiet" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
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
  const headingId = useId();

  useEffect(() => {
    void loadTags();
    return followTagEvents();
  }, []);

  return (
    <section id={id} className="collections-panel" aria-labelledby={headingId}>
      <h3 id={headingId} className="section-title">
        Tags
      </h3>
      {error ? <ErrorAlert error={error} title="Tags" /> : null}
      {tags.length === 0 ? <p className="field-note">No tags yet. Select images and use “Add tag”.</p> : null}
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
                  onClick={() =>
                    changeLibraryQuery({ tags: filter.includes(tag.name) ? filter.filter((name) => name !== tag.name) : [...filter, tag.name] })
                  }
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
    </section>
  );
}
