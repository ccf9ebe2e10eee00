import type { LibraryItem, Selection } from '../../../../electron/shared/domain';
import { currentSelection, isItemSelected, selectedCount, useSelectionStore } from '../../stores/library-selection-store';
import { loadedLibraryItems, useLibraryStore } from '../../stores/library-store';
import { MAX_DRAG_ITEMS } from './drag';

/**
 * What a tile's drag or "Export…" applies to: the whole selection when the tile is part of it,
 * otherwise just that tile (as in a file manager).
 */
export function exportTargetFor(item: LibraryItem): { selection: Selection; count: number } {
  const { picked } = useSelectionStore.getState();
  const selection = isItemSelected(picked, item) ? currentSelection() : null;
  if (selection === null) return { selection: { ids: [item.id] }, count: 1 };
  return { selection, count: selectedCount(picked, useLibraryStore.getState().total) };
}

/** The ids a drag hands to main, the dragged tile first; null when there are too many to drag. */
export function dragIdsFor(item: LibraryItem): string[] | null {
  const { picked } = useSelectionStore.getState();
  if (!isItemSelected(picked, item)) return [item.id];
  const count = selectedCount(picked, useLibraryStore.getState().total);
  if (count > MAX_DRAG_ITEMS) return null;
  const others =
    picked.kind === 'ids'
      ? [...picked.ids]
      : loadedLibraryItems()
          .filter((entry) => isItemSelected(picked, entry.item))
          .map((entry) => entry.item.id);
  // A select-all stretching over pages not loaded cannot be listed here: too many to drag anyway.
  if (others.length < count) return null;
  return [item.id, ...others.filter((id) => id !== item.id)];
}
