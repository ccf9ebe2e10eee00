import { MAX_REMIX_REFERENCES } from '../../../../electron/shared/constants';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { isItemSelected, selectedCount, useSelectionStore } from '../../stores/library-selection-store';
import { loadedLibraryItems, useLibraryStore } from '../../stores/library-store';
import { tileProblem } from '../library/library-tile-problem';
import { focusPrompt } from '../composer/prompt-focus';
import { itemLabel } from '../library/format';
import { addReferences, setReferences, useReferencesStore } from './references-store';

/** Only an image that is in the library (not a refused prompt, not a failed download) can be a reference. */
export function canBeReference(item: LibraryItem): boolean {
  return tileProblem(item) === null;
}

function withoutImage(items: readonly LibraryItem[]): boolean {
  const missing = items.find((item) => !canBeReference(item));
  if (!missing) return false;
  useReferencesStore.setState({ notice: `“${itemLabel(missing)}” has no image in the library, so it cannot be a reference.` });
  return true;
}

/** The viewer's Edit: this image is the one source, the prompt becomes the instruction. */
export function editFrom(item: LibraryItem): boolean {
  if (withoutImage([item])) return false;
  return setReferences([item], 'edit');
}

/** The viewer's Remix: this image joins the references (up to four), Remix is picked. */
export function remixWith(item: LibraryItem): boolean {
  if (withoutImage([item])) return false;
  return addReferences([item], 'remix');
}

/**
 * A tile's "Use as reference": joins the references; the mode follows them. Focus stays on the
 * tile, so more can be added from the gallery.
 */
export function addAsReference(item: LibraryItem): boolean {
  if (withoutImage([item])) return false;
  return addReferences([item]);
}

/**
 * The selection's items in the order they were picked (ids) or shown (a select-all), from the
 * pages loaded; a selection of one to four is always on screen, so it is loaded.
 */
function selectedItems(): LibraryItem[] {
  const { picked } = useSelectionStore.getState();
  const loaded = loadedLibraryItems().map(({ item }) => item);
  if (picked.kind === 'ids') return [...picked.ids].map((id) => loaded.find((item) => item.id === id)).filter((item) => item !== undefined);
  return loaded.filter((item) => isItemSelected(picked, item));
}

/** "Remix" on a selection of 1–4: the selection becomes the references, in order. More: says so, changes nothing. */
export function remixSelection(): boolean {
  const count = selectedCount(useSelectionStore.getState().picked, useLibraryStore.getState().total);
  if (count > MAX_REMIX_REFERENCES) {
    useReferencesStore.setState({
      notice: `A remix takes at most ${MAX_REMIX_REFERENCES} images, and ${count.toLocaleString('en-US')} are selected. Select ${MAX_REMIX_REFERENCES} or fewer.`,
    });
    return false;
  }
  const items = selectedItems();
  if (items.length !== count) {
    useReferencesStore.setState({ notice: 'Some of the selected images are not loaded yet; scroll to them and try again.' });
    return false;
  }
  if (withoutImage(items)) return false;
  const done = setReferences(items, 'remix');
  if (done) focusPrompt();
  return done;
}
