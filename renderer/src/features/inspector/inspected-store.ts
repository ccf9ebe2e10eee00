import { useEffect, useMemo, useState } from 'react';
import { create } from 'zustand';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { invoke } from '../../ipc';
import { selectedCount, useSelectedCount, useSelectionStore } from '../../stores/library-selection-store';
import { libraryIndexOf, libraryItemAt, useLibraryStore } from '../../stores/library-store';
import { INSPECTOR_ID } from './inspector-ids';

/**
 * Which image the inspector shows: the one selected, else the tile that has keyboard or pointer
 * focus in the grid. The focused tile is kept while focus moves on into the inspector's own
 * buttons (to act on it) or into something portalled over the studio (a menu, a dialog), and
 * forgotten when focus moves elsewhere in the studio or the selection is cleared while no tile has
 * focus: then the inspector shows its hint, not the last tile the user happened to pass.
 */
interface FocusedTileState {
  /** The focused tile's item id, in the library query version it was focused in. */
  id: string | null;
  queryVersion: number;
}

export const useFocusedTileStore = create<FocusedTileState>()(() => ({ id: null, queryVersion: -1 }));

const TILE_SELECTOR = '[role="gridcell"][data-position]';

function forgetFocusedTile(): void {
  if (useFocusedTileStore.getState().id !== null) useFocusedTileStore.setState({ id: null });
}

/** Whether focus is on a tile now (not merely the last place it was). */
function tileHasFocus(): boolean {
  return document.activeElement instanceof HTMLElement && document.activeElement.closest(TILE_SELECTOR) !== null;
}

/** Follows focus into grid cells (their data-position is the item's place in the list), and out of them. */
export function followTileFocus(): () => void {
  const onFocusIn = (event: FocusEvent) => {
    if (!(event.target instanceof HTMLElement)) return;
    const cell = event.target.closest<HTMLElement>(TILE_SELECTOR);
    if (cell === null) {
      // Elsewhere in the studio (the prompt, the toolbar, the sidebar) the tile is no longer the subject;
      // the inspector itself and portals over the page (menus, dialogs: outside .app) keep it.
      const inStudio = event.target.closest('.app') !== null;
      const inInspector = event.target.closest(`#${INSPECTOR_ID}`) !== null;
      if (inStudio && !inInspector) forgetFocusedTile();
      return;
    }
    const item = libraryItemAt(Number(cell.dataset.position));
    if (item === undefined) return;
    useFocusedTileStore.setState({ id: item.id, queryVersion: useLibraryStore.getState().queryVersion });
  };
  document.addEventListener('focusin', onFocusIn);
  // Clearing the selection (Clear selection, a click on the grid's background) leaves the hint, unless
  // a tile has focus (Escape on a tile), which the inspector then shows.
  const stopSelection = useSelectionStore.subscribe((state, previous) => {
    const total = useLibraryStore.getState().total;
    if (selectedCount(state.picked, total) === 0 && selectedCount(previous.picked, total) > 0 && !tileHasFocus()) forgetFocusedTile();
  });
  return () => {
    document.removeEventListener('focusin', onFocusIn);
    stopSelection();
  };
}

export type Inspected =
  | { kind: 'none' }
  /** `item` null: still being asked of main, or main could not give it (`problem` says why: deleted for good, most likely). */
  | { kind: 'one'; id: string; item: LibraryItem | null; problem: string | null }
  | { kind: 'many'; count: number };

/** The loaded copy of an item, kept current by the library's reloads and events. */
function useLoadedItem(id: string | null): LibraryItem | undefined {
  return useLibraryStore(() => {
    if (id === null) return undefined;
    const index = libraryIndexOf(id);
    return index >= 0 ? libraryItemAt(index) : undefined;
  });
}

/**
 * An item outside the loaded pages (selected, then scrolled far away, or left out by a new search)
 * is asked of main. `settled`: main has answered for this id, with the item or with `problem`.
 */
function useFetchedItem(id: string | null, loaded: boolean): { item: LibraryItem | null; problem: string | null; settled: boolean } {
  const [fetched, setFetched] = useState<{ id: string; item: LibraryItem | null; problem: string | null; settled: true } | null>(null);
  const version = useLibraryStore((state) => state.epoch);
  useEffect(() => {
    if (id === null || loaded) return;
    let current = true;
    void invoke('library:get', { id }).then((reply) => {
      if (current)
        setFetched(reply.ok ? { id, item: reply.value, problem: null, settled: true } : { id, item: null, problem: reply.error.message, settled: true });
    });
    return () => {
      current = false;
    };
  }, [id, loaded, version]);
  return fetched !== null && fetched.id === id ? fetched : { item: null, problem: null, settled: false };
}

export function useInspected(): Inspected {
  const picked = useSelectionStore((state) => state.picked);
  const count = useSelectedCount();
  const focused = useFocusedTileStore((state) => state.id);
  const focusedVersion = useFocusedTileStore((state) => state.queryVersion);
  const queryVersion = useLibraryStore((state) => state.queryVersion);
  const selectedId = picked.kind === 'ids' && picked.ids.size === 1 ? [...picked.ids][0]! : null;
  // A select-all that matches one image is still a query: it gets the bulk actions.
  const many = count > 1 || (count === 1 && selectedId === null);
  const id = many ? null : (selectedId ?? (focusedVersion === queryVersion ? focused : null));
  const loaded = useLoadedItem(id);
  const fetched = useFetchedItem(id, loaded !== undefined);
  // While main is asked for an item that has just left the loaded pages, the copy last shown
  // stays: the panel does not fall to "Loading the image…" and back, which would remount it and
  // lose what is being typed in it. (Kept in state, set during render: React's pattern for a value
  // from an earlier render.)
  const known = loaded ?? fetched.item;
  const [lastShown, setLastShown] = useState<LibraryItem | null>(null);
  if (known !== null && known !== lastShown) setLastShown(known);
  const item = known ?? (!fetched.settled && lastShown?.id === id ? lastShown : null);
  const problem = item === null ? fetched.problem : null;
  // The same object while the subject is the same, so a caller can defer it (useDeferredValue) or memoize on it.
  return useMemo<Inspected>(
    () => (many ? { kind: 'many', count } : id === null ? { kind: 'none' } : { kind: 'one', id, item, problem }),
    [many, count, id, item, problem],
  );
}
