import type { LibraryItem } from '../../../../electron/shared/domain';
import { invoke } from '../../ipc';
import { isItemSelected, useSelectionStore } from '../../stores/library-selection-store';
import { loadedLibraryItems, requestLibraryReload } from '../../stores/library-store';
import { showActionError, showToast } from '../../stores/library-undo-store';
import { rowAtOffset, rowOfTile, tileAbove, type LayoutOptions } from './library-grid-layout';
import type { GalleryModel } from './library-grid-model';
import { setItemFavorite, starSelected, trashSelected } from './organize';

/**
 * The grid's keys that move focus, and S and Delete. Positions are item indices (job tiles before
 * the items are not part of the selection or of these moves; Tab reaches their buttons).
 */

interface MoveContext {
  model: GalleryModel;
  options: LayoutOptions;
  /** The item that has focus, and how many items match. */
  focus: number;
  total: number;
  /** The scroller's height, for Page Up/Down. */
  viewportHeight: number;
}

/** Where a navigation key moves focus to (an item index), or null when the key does not move it. */
export function focusTarget(key: string, { model, options, focus, total, viewportHeight }: MoveContext): number | null {
  const { layout, jobCount, aspectOfTile } = model;
  const tile = jobCount + focus;
  const vertical = (step: number) => Math.max(tileAbove(layout, tile, step, aspectOfTile, options, jobCount) - jobCount, 0);
  const page = (direction: 1 | -1) => {
    const row = rowOfTile(layout, tile);
    const from = layout.row(row);
    if (!from) return focus;
    const landing = rowAtOffset(layout, from.top + direction * viewportHeight, options.gap);
    const lastRow = layout.rowCount - 1;
    // At least one row, at most to the first or last one.
    const target = direction > 0 ? Math.min(Math.max(landing, row + 1), lastRow) : Math.max(Math.min(landing, row - 1), 0);
    if (target === row) return direction > 0 ? total - 1 : 0;
    return vertical(target - row);
  };
  switch (key) {
    case 'ArrowRight':
      return focus + 1;
    case 'ArrowLeft':
      return focus - 1;
    case 'ArrowDown':
      return vertical(1);
    case 'ArrowUp':
      return vertical(-1);
    case 'PageDown':
      return page(1);
    case 'PageUp':
      return page(-1);
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    default:
      return null;
  }
}

/** S and Delete act on the selection when the focused image is part of it, otherwise on that image alone. */
function actsOnSelection(item: LibraryItem): boolean {
  return isItemSelected(useSelectionStore.getState().picked, item);
}

/** S: stars the focused image, or the selection it is in; when all of them are starred already, unstars them. */
export async function toggleStarKey(item: LibraryItem): Promise<void> {
  if (!actsOnSelection(item)) {
    await setItemFavorite(item, !item.favorite);
    return;
  }
  const { picked } = useSelectionStore.getState();
  const selected = loadedLibraryItems().filter((entry) => isItemSelected(picked, entry.item));
  await starSelected(!selected.every((entry) => entry.item.favorite));
}

/** Delete: moves the focused image, or the selection it is in, to the trash; the toast offers Undo. */
export async function trashKey(item: LibraryItem): Promise<void> {
  if (actsOnSelection(item)) {
    await trashSelected();
    return;
  }
  const reply = await invoke('library:trash', { selection: { ids: [item.id] } });
  if (!reply.ok) {
    showActionError(reply.error);
    return;
  }
  const { changed, undoLabel } = reply.value;
  if (changed === 0) showToast('Already in the trash', false);
  else showToast(undoLabel ?? 'Moved 1 image to the trash', undoLabel !== null);
  requestLibraryReload();
}
