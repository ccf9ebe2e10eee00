import type { ChangeSummary, LibraryItem, LibraryQuery, Selection } from '../../../../electron/shared/domain';
import type { Result } from '../../../../electron/shared/errors';
import { invoke } from '../../ipc';
import { loadCollections } from '../../stores/library-collections-store';
import { clearSelection, currentSelection } from '../../stores/library-selection-store';
import { patchLibraryItem, requestLibraryReload, setLibraryQuery, useLibraryStore } from '../../stores/library-store';
import { setUndoing, showActionError, showToast, useUndoStore } from '../../stores/library-undo-store';
import { imageCount } from './format';

/**
 * The organize actions: each sends the selection as the contract's Selection (ids, or a query for
 * a select-all), or the `target` given (the inspector's image), then says what happened in the toast, with Undo when main can revert it, and
 * reloads what is shown (main also announces the change; the two reloads coalesce).
 */

async function apply(
  run: (selection: Selection) => Promise<Result<ChangeSummary>>,
  done: (changed: number) => string,
  options: { clearAfter?: boolean; target?: Selection } = {},
): Promise<boolean> {
  // The inspector acts on the image it shows, which may be focused rather than selected.
  const selection = options.target ?? currentSelection();
  if (selection === null) return false;
  const reply = await run(selection);
  if (!reply.ok) {
    showActionError(reply.error);
    return false;
  }
  report(reply.value, done(reply.value.changed));
  if (options.clearAfter) clearSelection();
  requestLibraryReload();
  return true;
}

function report(summary: ChangeSummary, fallback: string): void {
  if (summary.changed === 0) showToast(fallback, false);
  else showToast(summary.undoLabel ?? fallback, summary.undoLabel !== null);
}

export const starSelected = (favorite: boolean, target?: Selection) =>
  apply(
    (selection) => invoke('library:set-favorite', { selection, favorite }),
    (changed) => (changed === 0 ? `Already ${favorite ? 'starred' : 'unstarred'}` : `${favorite ? 'Starred' : 'Unstarred'} ${imageCount(changed)}`),
    { target },
  );

export const addTagToSelected = (tag: string, target?: Selection) =>
  apply(
    (selection) => invoke('library:add-tag', { selection, tag }),
    (changed) => (changed === 0 ? `Already tagged “${tag}”` : `Tagged ${imageCount(changed)} “${tag}”`),
    { target },
  );

export const removeTagFromSelected = (tag: string, target?: Selection) =>
  apply(
    (selection) => invoke('library:remove-tag', { selection, tag }),
    (changed) => (changed === 0 ? `No selected image has the tag “${tag}”` : `Removed “${tag}” from ${imageCount(changed)}`),
    { target },
  );

export async function addSelectedToCollection(collectionId: string, target?: Selection): Promise<boolean> {
  const added = await apply(
    (selection) => invoke('collections:add', { collectionId, selection }),
    (changed) => (changed === 0 ? 'Already in that collection' : `Added ${imageCount(changed)} to the collection`),
    { target },
  );
  if (added) void loadCollections();
  return added;
}

export async function removeSelectedFromCollection(collectionId: string, target?: Selection): Promise<boolean> {
  const removed = await apply(
    (selection) => invoke('collections:remove', { collectionId, selection }),
    (changed) => (changed === 0 ? 'Not in that collection' : `Removed ${imageCount(changed)} from the collection`),
    { clearAfter: true, target },
  );
  if (removed) void loadCollections();
  return removed;
}

export const trashSelected = (target?: Selection) =>
  apply(
    (selection) => invoke('library:trash', { selection }),
    (changed) => `Moved ${imageCount(changed)} to the trash`,
    { clearAfter: true, target },
  );

export const restoreSelected = (target?: Selection) =>
  apply(
    (selection) => invoke('library:restore', { selection }),
    (changed) => `Restored ${imageCount(changed)}`,
    { clearAfter: true, target },
  );

/** Deletes the trash and its files for good; only after the user confirmed (the contract insists too). */
export async function emptyTrash(): Promise<boolean> {
  const reply = await invoke('library:empty-trash', { confirm: true });
  if (!reply.ok) {
    showActionError(reply.error);
    return false;
  }
  showToast(reply.value.changed === 0 ? 'The trash was already empty' : `Deleted ${imageCount(reply.value.changed)} for good`, false);
  clearSelection();
  requestLibraryReload();
  return true;
}

/** The star on a tile: shown at once, then confirmed by main's reload. */
export async function setItemFavorite(item: LibraryItem, favorite: boolean): Promise<void> {
  patchLibraryItem({ ...item, favorite });
  const reply = await invoke('library:set-favorite', { selection: { ids: [item.id] }, favorite });
  if (!reply.ok) {
    patchLibraryItem(item);
    showActionError(reply.error);
    return;
  }
  report(reply.value, favorite ? 'Starred 1 image' : 'Unstarred 1 image');
  requestLibraryReload();
}

/** Reverts main's last organize action (the toast's Undo, or Ctrl/Cmd+Z). */
export async function undoLastChange(): Promise<void> {
  if (useUndoStore.getState().undoing) return;
  const before = useUndoStore.getState().toast;
  setUndoing(true);
  const reply = await invoke('library:undo');
  setUndoing(false);
  if (!reply.ok) {
    showActionError(reply.error);
    return;
  }
  if (reply.value.changed === 0) showToast('Nothing to undo', false);
  else showToast(before?.canUndo ? `Undone: ${before.message}` : 'Undone', false);
  requestLibraryReload();
  void loadCollections();
}

/** A new search, filter, sort or view: the selection belonged to the old one. */
export function changeLibraryQuery(patch: Partial<LibraryQuery>): void {
  const before = useLibraryStore.getState().queryVersion;
  setLibraryQuery(patch);
  if (useLibraryStore.getState().queryVersion !== before) clearSelection();
}
