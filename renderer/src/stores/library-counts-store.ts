import { create } from 'zustand';
import type { LibraryCounts } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';
import { invoke, on } from '../ipc';
import { useCollectionsStore } from './library-collections-store';

/** Many changes in a row (a bulk action, a batch of images arriving one by one) count once. */
export const RECOUNT_DEBOUNCE_MS = 150;

interface CountsState {
  /** How many images each of the sidebar's places holds; null until main has answered. */
  counts: LibraryCounts | null;
  /** Why the last count failed; the counts before it stay shown. */
  error: AppError | null;
}

/** A mirror of main's `library:counts`, kept current by the library's events while someone follows them. */
export const useLibraryCountsStore = create<CountsState>()(() => ({ counts: null, error: null }));

let recount: ReturnType<typeof setTimeout> | null = null;
/** Only the newest answer is kept: an older count that arrives late is dropped. */
let request = 0;
/** How many follow the events (each with its own listeners); the one recount timer is shared. */
let followers = 0;

export async function loadLibraryCounts(): Promise<void> {
  const mine = ++request;
  const reply = await invoke('library:counts');
  if (mine !== request) return;
  useLibraryCountsStore.setState(reply.ok ? { counts: reply.value, error: null } : { error: reply.error });
}

/** Counts again once the changes stop for RECOUNT_DEBOUNCE_MS. */
function recountSoon(): void {
  if (recount !== null) clearTimeout(recount);
  recount = setTimeout(() => {
    recount = null;
    void loadLibraryCounts();
  }, RECOUNT_DEBOUNCE_MS);
}

function listen(): () => void {
  const stops = [
    // Organize actions, trash, undo, imports, rebuilds and moves.
    on('library:changed', recountSoon),
    // A new image, and a changed one (starred, a download that finally worked).
    on('library:item-added', recountSoon),
    on('library:item-updated', recountSoon),
    // Creating or renaming a collection changes no image, so main sends no event; the collections'
    // own store hears of it (a new collection must get its 0).
    useCollectionsStore.subscribe((state, previous) => {
      if (state.collections !== previous.collections) recountSoon();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}

/** Recounts after every change to the library; returns how to stop following. */
export function followLibraryCountEvents(): () => void {
  followers += 1;
  const stop = listen();
  let following = true;
  return () => {
    if (!following) return;
    following = false;
    stop();
    followers -= 1;
    // A recount still due is kept while anyone else follows: it is theirs too.
    if (followers === 0) cancelTimers();
  };
}

export function cancelTimers(): void {
  if (recount !== null) clearTimeout(recount);
  recount = null;
}
