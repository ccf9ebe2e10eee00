import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { invoke } from '../../ipc';
import { useSelectedCount, useSelectionStore } from '../../stores/library-selection-store';
import { libraryIndexOf, libraryItemAt, useLibraryStore } from '../../stores/library-store';

/**
 * Which image the inspector shows: the one selected, else the tile that last had keyboard or
 * pointer focus in the grid (kept while focus moves on into the inspector's own buttons).
 */
interface FocusedTileState {
  /** The focused tile's item id, in the library query version it was focused in. */
  id: string | null;
  queryVersion: number;
}

export const useFocusedTileStore = create<FocusedTileState>()(() => ({ id: null, queryVersion: -1 }));

/** Follows focus into grid cells (their data-position is the item's place in the list). */
export function followTileFocus(): () => void {
  const onFocusIn = (event: FocusEvent) => {
    if (!(event.target instanceof HTMLElement)) return;
    const cell = event.target.closest<HTMLElement>('[role="gridcell"][data-position]');
    if (cell === null) return;
    const item = libraryItemAt(Number(cell.dataset.position));
    if (item === undefined) return;
    useFocusedTileStore.setState({ id: item.id, queryVersion: useLibraryStore.getState().queryVersion });
  };
  document.addEventListener('focusin', onFocusIn);
  return () => document.removeEventListener('focusin', onFocusIn);
}

export type Inspected = { kind: 'none' } | { kind: 'one'; id: string; item: LibraryItem | null } | { kind: 'many'; count: number };

/** The loaded copy of an item, kept current by the library's reloads and events. */
function useLoadedItem(id: string | null): LibraryItem | undefined {
  return useLibraryStore(() => {
    if (id === null) return undefined;
    const index = libraryIndexOf(id);
    return index >= 0 ? libraryItemAt(index) : undefined;
  });
}

/** An item outside the loaded pages (selected, then scrolled far away) is asked of main. */
function useFetchedItem(id: string | null, loaded: boolean): LibraryItem | null {
  const [fetched, setFetched] = useState<LibraryItem | null>(null);
  const version = useLibraryStore((state) => state.epoch);
  useEffect(() => {
    if (id === null || loaded) return;
    let current = true;
    void invoke('library:get', { id }).then((reply) => {
      if (current) setFetched(reply.ok ? reply.value : null);
    });
    return () => {
      current = false;
    };
  }, [id, loaded, version]);
  return fetched !== null && fetched.id === id ? fetched : null;
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
  if (many) return { kind: 'many', count };
  if (id === null) return { kind: 'none' };
  return { kind: 'one', id, item: loaded ?? fetched };
}
