import { EDIT_MODEL_ID, REMIX_MODEL_ID } from '../../../../electron/shared/constants';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { currentSelection, isItemSelected, useSelectionStore } from '../../stores/library-selection-store';
import { loadedLibraryItems } from '../../stores/library-store';
import { openCompare, openCompareByIds, type CompareSide } from './compare-store';

/** What the made image is called next to its source. */
const madeRole = (item: LibraryItem) => (item.model === REMIX_MODEL_ID ? 'Remix' : item.model === EDIT_MODEL_ID ? 'Edit' : 'Version');

/**
 * The two sides for two items: a source on the left and what was made from it on the right, else
 * the older on the left ("First") and the newer on the right ("Second").
 */
export function pairSides(a: LibraryItem, b: LibraryItem): [CompareSide, CompareSide] {
  if (b.sources.includes(a.id))
    return [
      { item: a, role: 'Source' },
      { item: b, role: madeRole(b) },
    ];
  if (a.sources.includes(b.id))
    return [
      { item: b, role: 'Source' },
      { item: a, role: madeRole(a) },
    ];
  const [older, newer] = a.createdAt <= b.createdAt ? [a, b] : [b, a];
  return [
    { item: older, role: 'First' },
    { item: newer, role: 'Second' },
  ];
}

/** Opens Compare on the selection when it is exactly two images; false when it is not. */
export function compareSelection(): boolean {
  const selection = currentSelection();
  if (selection === null) return false;
  const { picked } = useSelectionStore.getState();
  const loaded = loadedLibraryItems()
    .map(({ item }) => item)
    .filter((item) => isItemSelected(picked, item));
  const [a, b] = loaded;
  if (loaded.length === 2 && a && b) {
    const [first, second] = pairSides(a, b);
    openCompare(first, second);
    return true;
  }
  // Listed ids not all loaded (a selection made, then the list scrolled far away): main has them.
  if ('ids' in selection && selection.ids.length === 2) {
    const [firstId, secondId] = selection.ids;
    if (firstId !== undefined && secondId !== undefined) void openCompareByIds(firstId, secondId);
    return true;
  }
  return false;
}
