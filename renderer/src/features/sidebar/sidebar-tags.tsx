import { Pencil, Tag } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { IconButton } from '../../components/icon-button';
import { invoke } from '../../ipc';
import { requestLibraryReload } from '../../stores/library-store';
import { followTagEvents, loadTags, useTagsStore } from '../../stores/library-tags-store';
import { showToast } from '../../stores/library-undo-store';
import { RenameForm } from '../library/inline-form';
import { PlaceButton } from './place-button';

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
 * Every tag in use as a place, with its count; renaming one renames it everywhere at once
 * (onto an existing tag it merges the two; Undo reverts it).
 */
export function SidebarTags({ counts }: { counts: ReadonlyArray<{ name: string; count: number }> }) {
  const loadError = useTagsStore((state) => state.error);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [renameError, setRenameError] = useState<AppError | null>(null);
  const headingId = useId();
  const error = renameError ?? loadError;

  useEffect(() => {
    void loadTags();
    return followTagEvents();
  }, []);

  return (
    <section className="sidebar-section" aria-labelledby={headingId}>
      <div className="sidebar-heading">
        <h2 id={headingId} className="sidebar-title">
          Tags
        </h2>
      </div>
      {error ? <ErrorAlert error={error} title="Tags" /> : null}
      {counts.length === 0 ? <p className="sidebar-note">No tags yet. Select images and add one.</p> : null}
      <ul className="places">
        {counts.map((tag) => (
          <li key={tag.name} className="place">
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
                <PlaceButton place={{ kind: 'tag', name: tag.name }} label={tag.name} icon={<Tag />} count={tag.count} />
                <span className="place-tools">
                  <IconButton label={`Rename tag ${tag.name}`} icon={<Pencil />} onClick={() => setRenaming(tag.name)} />
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
