import { create } from 'zustand';
import type { LibraryItem, LibraryQuery, Selection } from '../../../electron/shared/domain';
import { invoke } from '../ipc';
import { libraryIndexOf, libraryItemAt, loadedLibraryItems, useLibraryStore } from './library-store';

/** The contract's cap on listed ids; bigger selections travel as a query. */
export const MAX_SELECTED_IDS = 10_000;

interface DateRange {
  /** createdAt, inclusive */
  from: number;
  /** createdAt, exclusive */
  to: number;
}

/**
 * What is selected, in the smallest form that is exact:
 * - `ids`: items the user picked one by one (or a range that is all loaded);
 * - `query`: everything the view's query matches (select all), or a stretch of it by date (a
 *   Shift+click range reaching over pages that are not loaded), minus `except`. This is how a
 *   selection of 100,000 images costs nothing to hold or to send.
 */
export type Picked =
  | { kind: 'none' }
  | { kind: 'ids'; ids: ReadonlySet<string> }
  | { kind: 'query'; query: LibraryQuery; range: DateRange | null; size: number; except: ReadonlySet<string> };

interface Anchor {
  id: string;
  index: number;
  createdAt: number;
}

interface SelectionState {
  picked: Picked;
  /** Where a Shift+click range starts: the last item clicked on its own or with Ctrl/Cmd. */
  anchor: Anchor | null;
  /** Why the last selection change could not be made, in words; null when it could. */
  notice: string | null;
}

const NONE: Picked = { kind: 'none' };

export const useSelectionStore = create<SelectionState>()(() => ({ picked: NONE, anchor: null, notice: null }));

const anchorOf = (item: LibraryItem, index: number): Anchor => ({ id: item.id, index, createdAt: item.createdAt });

export function isItemSelected(picked: Picked, item: LibraryItem): boolean {
  switch (picked.kind) {
    case 'none':
      return false;
    case 'ids':
      return picked.ids.has(item.id);
    case 'query':
      if (picked.except.has(item.id)) return false;
      return picked.range === null || (item.createdAt >= picked.range.from && item.createdAt < picked.range.to);
  }
}

/** How many images are selected; a select-all follows the view's total as it changes. */
export function selectedCount(picked: Picked, total: number): number {
  switch (picked.kind) {
    case 'none':
      return 0;
    case 'ids':
      return picked.ids.size;
    case 'query':
      return Math.max((picked.range === null ? total : picked.size) - picked.except.size, 0);
  }
}

export function useSelectedCount(): number {
  const picked = useSelectionStore((state) => state.picked);
  const total = useLibraryStore((state) => state.total);
  return selectedCount(picked, total);
}

/** The selection as the contract's `Selection`, for a bulk action; null when nothing is selected. */
export function currentSelection(): Selection | null {
  const { picked } = useSelectionStore.getState();
  switch (picked.kind) {
    case 'none':
      return null;
    case 'ids':
      return picked.ids.size > 0 ? { ids: [...picked.ids] } : null;
    case 'query':
      return { query: selectionQuery(picked.query, picked.range), except: [...picked.except] };
  }
}

function selectionQuery(query: LibraryQuery, range: DateRange | null): LibraryQuery {
  if (range === null) return query;
  return {
    ...query,
    from: query.from === null ? range.from : Math.max(query.from, range.from),
    to: query.to === null ? range.to : Math.min(query.to, range.to),
  };
}

function setPicked(picked: Picked, anchor?: Anchor | null): void {
  const empty = picked.kind === 'ids' ? picked.ids.size === 0 : picked.kind === 'query' && picked.range !== null && picked.size <= picked.except.size;
  useSelectionStore.setState((state) => ({
    picked: empty ? NONE : picked,
    anchor: anchor === undefined ? state.anchor : anchor,
    notice: null,
  }));
}

/** A plain click: this image only. */
export function selectOnly(item: LibraryItem, index: number): void {
  setPicked({ kind: 'ids', ids: new Set([item.id]) }, anchorOf(item, index));
}

/** Ctrl/Cmd+click or Space: in or out of the selection, the rest unchanged. */
export async function toggleSelected(item: LibraryItem, index: number): Promise<void> {
  const { picked } = useSelectionStore.getState();
  const anchor = anchorOf(item, index);
  if (picked.kind === 'none') {
    setPicked({ kind: 'ids', ids: new Set([item.id]) }, anchor);
    return;
  }
  if (picked.kind === 'ids') {
    const ids = new Set(picked.ids);
    if (ids.has(item.id)) ids.delete(item.id);
    else if (ids.size >= MAX_SELECTED_IDS) {
      useSelectionStore.setState({ notice: `At most ${MAX_SELECTED_IDS.toLocaleString('en-US')} images can be picked one by one; use Select all for more.` });
      return;
    } else ids.add(item.id);
    setPicked({ kind: 'ids', ids }, anchor);
    return;
  }
  const inRange = picked.range === null || (item.createdAt >= picked.range.from && item.createdAt < picked.range.to);
  if (inRange) {
    const except = new Set(picked.except);
    if (except.has(item.id)) except.delete(item.id);
    else except.add(item.id);
    setPicked({ ...picked, except }, anchor);
    return;
  }
  // An image outside a date-stretch selection: a query cannot say "this stretch and that one",
  // so list the stretch by id (it was over unloaded pages) and add the image.
  const ids = await listSelected(picked);
  if (ids === null) {
    useSelectionStore.setState({ notice: 'That range is too large to add single images to; select a smaller range.' });
    return;
  }
  ids.add(item.id);
  setPicked({ kind: 'ids', ids }, anchor);
}

async function listSelected(picked: Extract<Picked, { kind: 'query' }>): Promise<Set<string> | null> {
  if (picked.size - picked.except.size >= MAX_SELECTED_IDS) return null;
  const query = selectionQuery(picked.query, picked.range);
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const reply = await invoke('library:list', cursor === undefined ? { query, limit: 500 } : { query, limit: 500, cursor });
    if (!reply.ok) return null;
    for (const item of reply.value.items) if (!picked.except.has(item.id)) ids.add(item.id);
    cursor = reply.value.nextCursor ?? undefined;
  } while (cursor !== undefined && ids.size < MAX_SELECTED_IDS);
  return ids.size < MAX_SELECTED_IDS ? ids : null;
}

/**
 * Shift+click: everything from the anchor to this image, replacing the selection. When every
 * image in between is loaded it is a list of ids; otherwise the images in between are described
 * by their dates (the list is sorted by date), with same-date neighbours outside the range
 * excepted, so nothing has to be loaded to select 50,000 images.
 */
export function selectRangeTo(item: LibraryItem, index: number): void {
  const { anchor } = useSelectionStore.getState();
  if (anchor === null) {
    selectOnly(item, index);
    return;
  }
  const anchorIndex = libraryIndexOf(anchor.id);
  const from = anchorIndex === -1 ? anchor.index : anchorIndex;
  const low = Math.min(from, index);
  const high = Math.max(from, index);

  const ids = new Set<string>();
  for (let position = low; position <= high && ids.size <= MAX_SELECTED_IDS; position += 1) {
    const loaded = libraryItemAt(position);
    if (!loaded) break;
    ids.add(loaded.id);
  }
  if (ids.size === high - low + 1 && ids.size <= MAX_SELECTED_IDS) {
    setPicked({ kind: 'ids', ids });
    return;
  }

  const oldest = Math.min(anchor.createdAt, item.createdAt);
  const newest = Math.max(anchor.createdAt, item.createdAt);
  const range = { from: oldest, to: newest + 1 };
  const except = new Set<string>();
  for (const entry of loadedLibraryItems()) {
    const outside = entry.index < low || entry.index > high;
    if (outside && entry.item.createdAt >= range.from && entry.item.createdAt < range.to) except.add(entry.item.id);
  }
  const { query } = useLibraryStore.getState();
  setPicked({ kind: 'query', query, range, size: high - low + 1 + except.size, except });
}

/** Ctrl/Cmd+A, "Select all": everything the view's query matches, loaded or not. */
export function selectAllMatching(): void {
  const { query, total } = useLibraryStore.getState();
  if (total === 0) return;
  setPicked({ kind: 'query', query, range: null, size: total, except: new Set() });
}

export function clearSelection(): void {
  useSelectionStore.setState({ picked: NONE, anchor: null, notice: null });
}
