import { create } from 'zustand';
import type { LibraryItem } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';
import { invoke, on } from '../ipc';

export const LIBRARY_PAGE_SIZE = 100;

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** A mirror of the newest part of main's library, newest first. */
interface LibraryState {
  items: LibraryItem[];
  nextCursor: string | null;
  total: number;
  status: LoadStatus;
  loadingMore: boolean;
  error: AppError | null;
}

export const useLibraryStore = create<LibraryState>()(() => ({
  items: [],
  nextCursor: null,
  total: 0,
  status: 'idle',
  loadingMore: false,
  error: null,
}));

/**
 * Items arrive from pages, generate replies and main's events, in any order and sometimes twice
 * (a generate reply and its `item-added` event). Keep the first copy of each id, newest first.
 */
export function mergeNewestFirst(current: readonly LibraryItem[], incoming: readonly LibraryItem[]): LibraryItem[] {
  const seen = new Set<string>();
  const merged: LibraryItem[] = [];
  for (const item of [...current, ...incoming]) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    merged.push(item);
  }
  // Array.prototype.sort is stable, so equal timestamps keep their arrival order.
  return merged.sort((a, b) => b.createdAt - a.createdAt);
}

export async function loadLibrary(): Promise<void> {
  if (useLibraryStore.getState().status === 'loading') return;
  useLibraryStore.setState({ status: 'loading', error: null });
  const reply = await invoke('library:list', { limit: LIBRARY_PAGE_SIZE });
  if (!reply.ok) {
    useLibraryStore.setState({ status: 'error', error: reply.error });
    return;
  }
  const { items, nextCursor, total } = reply.value;
  useLibraryStore.setState((state) => {
    const merged = mergeNewestFirst(state.items, items);
    return { items: merged, nextCursor, total: Math.max(total, merged.length), status: 'ready' };
  });
}

export async function loadMoreLibrary(): Promise<void> {
  const { nextCursor, loadingMore } = useLibraryStore.getState();
  if (nextCursor === null || loadingMore) return;
  useLibraryStore.setState({ loadingMore: true, error: null });
  const reply = await invoke('library:list', { limit: LIBRARY_PAGE_SIZE, cursor: nextCursor });
  if (!reply.ok) {
    useLibraryStore.setState({ loadingMore: false, error: reply.error });
    return;
  }
  const page = reply.value;
  useLibraryStore.setState((state) => {
    const merged = mergeNewestFirst(state.items, page.items);
    return { items: merged, nextCursor: page.nextCursor, total: Math.max(page.total, merged.length), loadingMore: false };
  });
}

export function addLibraryItem(item: LibraryItem): void {
  useLibraryStore.setState((state) => {
    if (state.items.some((existing) => existing.id === item.id)) return state;
    return { items: mergeNewestFirst([item], state.items), total: state.total + 1 };
  });
}

/** Follows main's library events; returns the unsubscribe function. */
export function followLibraryEvents(): () => void {
  return on('library:item-added', addLibraryItem);
}
