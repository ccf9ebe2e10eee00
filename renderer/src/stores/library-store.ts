import { create } from 'zustand';
import type { LibraryItem, LibraryPageInput, LibraryQuery } from '../../../electron/shared/domain';
import { activeLibraryFilters, DEFAULT_LIBRARY_QUERY as SCHEMA_DEFAULT_QUERY } from '../../../electron/shared/domain/library-filters';
import { invoke, on } from '../ipc';
import {
  evict,
  focusedPage,
  isFresh,
  itemAt,
  LIBRARY_PAGE_SIZE,
  mayExist,
  pagesFor,
  pagesWithoutHead,
  positionsOf,
  visiblePages,
  type LibraryState,
  type Page,
  type Span,
} from './library-pages';

export { itemAt, LIBRARY_PAGE_SIZE, type LoadedItems } from './library-pages';

/**
 * A sparse mirror of main's library for the current query. Main may hold 100,000 items; the grid
 * only ever needs the few hundred around what is on screen, so items are kept in pages of
 * LIBRARY_PAGE_SIZE by position, `total` sizes the grid, and pages far from the screen are dropped.
 *
 * Paging: page p holds positions [p·SIZE, (p+1)·SIZE). Scrolling on asks for the next page with the
 * keyset cursor the previous page returned (cheap and stable while items are added); a jump (End,
 * scrollbar drag, the viewer opening far away) asks by offset. Each (snapshot, page) is requested
 * at most once at a time.
 *
 * Snapshots: `epoch` names the list main answered for. A new query, or main saying the library
 * changed, starts a new epoch; replies for an older one are dropped (a slow search reply never
 * overwrites a newer one). After a change, pages of the old epoch stay on screen until their fresh
 * copies arrive, so the grid does not flash.
 *
 * Where positions and pages are (pure functions of the state) is in library-pages.ts.
 */

/** A jump waits until the scrollbar has rested this long, so a drag does not load every page it passes. */
const JUMP_SETTLE_MS = 100;
/** Many events in a row (a bulk action, a batch finishing) reload once. */
const REFRESH_COALESCE_MS = 50;

/** The query the library opens with: the schema's defaults (no search, no filter, newest first). */
export const DEFAULT_LIBRARY_QUERY: LibraryQuery = SCHEMA_DEFAULT_QUERY;

const initialState: LibraryState = {
  query: DEFAULT_LIBRARY_QUERY,
  queryVersion: 0,
  epoch: 0,
  total: 0,
  counting: false,
  head: [],
  pages: {},
  cursors: {},
  status: 'idle',
  error: null,
  visible: { start: 0, end: 0 },
  requested: null,
  focused: null,
};

export const useLibraryStore = create<LibraryState>()(() => initialState);

// Epochs come from a counter that never goes back (not even when a test resets the store), so a
// reply from an earlier snapshot can never be taken for a current one.
let epochCounter = 0;
const nextEpoch = () => {
  epochCounter += 1;
  return epochCounter;
};

/**
 * What is known of the total beyond the state: the epoch whose total main counted (on a page, or by
 * library:count) and its query version, and the epoch a count was asked for.
 */
const totals = { countedEpoch: 0, countedQueryVersion: -1, countingEpoch: 0 };

/** Requests in flight, by `${epoch}:${page}`: the same page is never asked for twice at once. */
const inflight = new Map<string, Promise<void>>();
const timers: { refresh: ReturnType<typeof setTimeout> | null; jump: ReturnType<typeof setTimeout> | null } = {
  refresh: null,
  jump: null,
};

// ---- Reading ----

export function libraryItemAt(index: number): LibraryItem | undefined {
  return itemAt(useLibraryStore.getState(), index);
}

/** Every loaded item with its position, in no particular order. */
export function loadedLibraryItems(): Array<{ index: number; item: LibraryItem }> {
  const state = useLibraryStore.getState();
  const entries: Array<{ index: number; item: LibraryItem }> = [];
  for (const [id, index] of positionsOf(state)) {
    const item = itemAt(state, index);
    if (item && item.id === id) entries.push({ index, item });
  }
  return entries;
}

/** Where an item is in the current list; -1 when it is not loaded (or not in the list). */
export function libraryIndexOf(id: string): number {
  const state = useLibraryStore.getState();
  const index = positionsOf(state).get(id);
  return index === undefined || index >= state.total ? -1 : index;
}

export function useLibraryTotal(): number {
  return useLibraryStore((state) => state.total);
}

/** True for the plain library, newest first, with no search or filter: the only view a new item's place is known in. */
export function isPlainNewestView(query: LibraryQuery): boolean {
  return query.view === 'library' && query.sort === 'newest' && query.text.trim() === '' && activeLibraryFilters(query).length === 0;
}

// ---- Loading ----

/** The current epoch; the store's first load takes a fresh one (epoch 0 is only "nothing asked yet"). */
function currentEpoch(): number {
  const { epoch } = useLibraryStore.getState();
  if (epoch !== 0) return epoch;
  const fresh = nextEpoch();
  useLibraryStore.setState({ epoch: fresh });
  return fresh;
}

function loadPage(page: number): Promise<void> {
  const epoch = currentEpoch();
  const state = useLibraryStore.getState();
  const key = `${epoch}:${page}`;
  const running = inflight.get(key);
  if (running) return running;
  if (isFresh(state, page) || !mayExist(state, page)) return Promise.resolve();

  // Scrolling on: wait for the page before and continue from its cursor instead of counting rows.
  const previous = inflight.get(`${epoch}:${page - 1}`);
  const request = previous ? previous.then(() => (useLibraryStore.getState().epoch === epoch ? fetchPage(epoch, page) : undefined)) : fetchPage(epoch, page);
  const tracked = request.finally(() => inflight.delete(key));
  inflight.set(key, tracked);
  return tracked;
}

async function fetchPage(epoch: number, page: number): Promise<void> {
  const state = useLibraryStore.getState();
  if (isFresh(state, page)) return;
  const input: LibraryPageInput = { query: state.query, limit: LIBRARY_PAGE_SIZE };
  if (page > 0) {
    const cursor = state.cursors[page - 1];
    if (cursor !== undefined) input.cursor = cursor;
    else input.offset = state.head.length + page * LIBRARY_PAGE_SIZE;
  }
  const reply = await invoke('library:list', input);
  if (useLibraryStore.getState().epoch !== epoch) return; // an older snapshot: its answer no longer applies
  if (!reply.ok) {
    useLibraryStore.setState((current) => ({
      error: reply.error,
      status: current.status === 'ready' ? 'ready' : 'error',
    }));
    return;
  }
  const { items, nextCursor, total } = reply.value;
  if (total !== null) {
    totals.countedEpoch = epoch;
    totals.countedQueryVersion = state.queryVersion;
  }
  const counting = total === null && totals.countedEpoch !== epoch;
  useLibraryStore.setState((current) => {
    const pages = evict(current, { ...current.pages, [page]: { items, epoch } });
    const cursors = nextCursor === null ? current.cursors : { ...current.cursors, [page]: nextCursor };
    const known = total ?? (counting ? totalSoFar(current, page, items.length, nextCursor !== null) : current.total);
    // Main's total counts the items in `head` too once they are stored (they are, before the event).
    return { pages, cursors, total: Math.max(known, current.head.length), counting, status: 'ready', error: null };
  });
  if (counting) void countMatches(epoch);
}

/**
 * How many items there are at least while main counts a search: up to this page, and one page more
 * when main said another follows, so the grid can scroll on. Within one snapshot the guess only
 * grows; a reload of the same query keeps its last count, the better guess until the new one.
 */
function totalSoFar(current: LibraryState, page: number, itemsOnPage: number, more: boolean): number {
  const end = current.head.length + page * LIBRARY_PAGE_SIZE + itemsOnPage + (more ? LIBRARY_PAGE_SIZE : 0);
  const sameQuery = current.counting || totals.countedQueryVersion === current.queryVersion;
  return Math.max(end, sameQuery ? current.total : 0);
}

/** Asks main for the total a search's page left out, once per snapshot. */
async function countMatches(epoch: number): Promise<void> {
  if (totals.countingEpoch === epoch) return;
  totals.countingEpoch = epoch;
  const reply = await invoke('library:count', { query: useLibraryStore.getState().query });
  const state = useLibraryStore.getState();
  if (state.epoch !== epoch) return; // a newer snapshot counts for itself
  if (!reply.ok) {
    // The grid keeps its "at least" total and still scrolls on page by page; only the number is missing.
    useLibraryStore.setState({ counting: false });
    return;
  }
  totals.countedEpoch = epoch;
  totals.countedQueryVersion = state.queryVersion;
  useLibraryStore.setState({ total: Math.max(reply.value, state.head.length), counting: false });
}

function loadSpan(span: Span): Promise<void> {
  return Promise.all(pagesFor(useLibraryStore.getState(), span).map(loadPage)).then(() => undefined);
}

/**
 * Loads every page covering positions [start, end) (for the viewer stepping through the list);
 * resolves when they are in, or failed. Those pages are kept while the viewer stays near them.
 */
export async function ensureLibraryRange(start: number, end: number): Promise<void> {
  const span = { start: Math.max(0, Math.floor(start)), end: Math.max(0, Math.ceil(end)) };
  useLibraryStore.setState({ requested: span });
  await loadSpan(span);
}

/**
 * The grid reports what it shows, and the position it keeps focused (rendered wherever the view
 * is). Pages next to loaded ones load at once (scrolling); a range with nothing loaded around it is
 * a jump and waits for the scrollbar to rest; the focused position's page is kept, and loaded when missing.
 */
export function setLibraryViewport(start: number, end: number, focused: number | null = null): void {
  const span = { start: Math.max(0, start), end: Math.max(0, end) };
  const current = useLibraryStore.getState();
  if (current.visible.start !== span.start || current.visible.end !== span.end) useLibraryStore.setState({ visible: span });
  if (current.focused !== focused) useLibraryStore.setState({ focused });
  const state = useLibraryStore.getState();
  // The focused row's page, far from the screen: one page, asked for at once (no scrollbar to wait for).
  const focusPage = focusedPage(state);
  if (focusPage !== null && !isFresh(state, focusPage) && mayExist(state, focusPage)) void loadPage(focusPage);
  const needed = pagesFor(state, span).filter((page) => !isFresh(state, page) && mayExist(state, page));
  if (needed.length === 0) return;
  const near = (page: number) =>
    page === 0 ||
    state.pages[page - 1] !== undefined ||
    state.pages[page + 1] !== undefined ||
    inflight.has(`${state.epoch}:${page - 1}`) ||
    inflight.has(`${state.epoch}:${page + 1}`);
  if (needed.some(near)) {
    if (timers.jump) clearTimeout(timers.jump);
    timers.jump = null;
    needed.forEach((page) => void loadPage(page));
    return;
  }
  if (timers.jump) clearTimeout(timers.jump);
  timers.jump = setTimeout(() => {
    timers.jump = null;
    const { visible } = useLibraryStore.getState();
    pagesFor(useLibraryStore.getState(), visible).forEach((page) => void loadPage(page));
  }, JUMP_SETTLE_MS);
}

/** The first page of the current query at startup; after a failure, "Try again". */
export async function loadLibrary(): Promise<void> {
  const state = useLibraryStore.getState();
  if (state.status === 'error') {
    reloadLibrary();
    return;
  }
  if (state.status === 'idle') useLibraryStore.setState({ status: 'loading' });
  const { visible } = useLibraryStore.getState();
  await loadSpan({ start: visible.start, end: Math.max(visible.end, visible.start + 1) });
}

/** A new search, filter, sort or view: a new snapshot from the top. */
export function setLibraryQuery(patch: Partial<LibraryQuery>): void {
  const state = useLibraryStore.getState();
  const query = { ...state.query, ...patch };
  if (JSON.stringify(query) === JSON.stringify(state.query)) return;
  if (timers.refresh) clearTimeout(timers.refresh);
  timers.refresh = null;
  useLibraryStore.setState({
    query,
    queryVersion: state.queryVersion + 1,
    epoch: nextEpoch(),
    head: [],
    pages: {},
    cursors: {},
    status: 'loading',
    error: null,
    requested: null,
    focused: null,
    visible: { start: 0, end: Math.max(state.visible.end - state.visible.start, 0) },
  });
  void loadPage(0);
}

/**
 * The same query again, keeping the scroll position: the shown pages stay until their fresh
 * copies replace them; pages off screen are dropped.
 */
export function reloadLibrary(): void {
  if (timers.refresh) clearTimeout(timers.refresh);
  timers.refresh = null;
  const state = useLibraryStore.getState();
  // The head's items are folded into the pages at the positions they hold (main's answer pages them so).
  const unshifted: LibraryState = { ...state, head: [], pages: pagesWithoutHead(state) };
  const wanted = new Set(visiblePages(unshifted));
  const pages: Record<number, Page> = {};
  for (const [key, page] of Object.entries(unshifted.pages)) if (wanted.has(Number(key))) pages[Number(key)] = page;
  useLibraryStore.setState({
    epoch: nextEpoch(),
    head: [],
    pages,
    cursors: {},
    error: null,
    status: state.status === 'ready' ? 'ready' : 'loading',
  });
  // Positions are those of the old snapshot until the reply; ask by offset from the top.
  [...wanted].sort((a, b) => a - b).forEach((page) => void loadPage(page));
}

/** Coalesces reloads that arrive together (an action's reply and main's event about it). */
export function requestLibraryReload(): void {
  if (timers.refresh) clearTimeout(timers.refresh);
  timers.refresh = setTimeout(() => {
    timers.refresh = null;
    reloadLibrary();
  }, REFRESH_COALESCE_MS);
}

// ---- Changes from main ----

/** Replaces a loaded copy of the item (a star, a tag, its file arriving); unknown items are ignored. */
export function patchLibraryItem(item: LibraryItem): void {
  useLibraryStore.setState((state) => {
    let changed = false;
    const head = state.head.map((existing) => {
      if (existing.id !== item.id) return existing;
      changed = true;
      return item;
    });
    const pages: Record<number, Page> = { ...state.pages };
    for (const [key, page] of Object.entries(state.pages)) {
      const index = page.items.findIndex((existing) => existing.id === item.id);
      if (index === -1) continue;
      const items = [...page.items];
      items[index] = item;
      pages[Number(key)] = { ...page, items };
      changed = true;
    }
    return changed ? { head, pages } : state;
  });
}

/**
 * A new item: on the plain newest-first view its place is the top, so it is shown at once;
 * anywhere else its place is unknown and the view reloads. While a page that counts rows from the
 * top is in flight, its reply may or may not include the item, so that reloads too.
 */
export function addLibraryItem(item: LibraryItem): void {
  const state = useLibraryStore.getState();
  if (libraryIndexOf(item.id) !== -1) {
    patchLibraryItem(item);
    return;
  }
  if (state.query.view === 'trash') return;
  const countingFromTop = [...inflight.keys()].some((key) => {
    const [epoch, page] = key.split(':').map(Number);
    return epoch === state.epoch && (page === 0 || state.cursors[(page ?? 0) - 1] === undefined);
  });
  if (!isPlainNewestView(state.query) || state.status !== 'ready' || countingFromTop) {
    requestLibraryReload();
    return;
  }
  useLibraryStore.setState({ head: [item, ...state.head], total: state.total + 1 });
}

/** Follows main's library events; returns the unsubscribe function (which also stops pending reloads). */
export function followLibraryEvents(): () => void {
  const stops = [on('library:item-added', addLibraryItem), on('library:item-updated', patchLibraryItem), on('library:changed', () => requestLibraryReload())];
  return () => {
    stops.forEach((stop) => stop());
    cancelTimers();
  };
}

/**
 * Drops a pending reload or jump. The app does so when it stops following events; the renderer
 * tests' store registry calls it between tests, so no timer of one test fires in the next.
 */
export function cancelTimers(): void {
  if (timers.refresh) clearTimeout(timers.refresh);
  if (timers.jump) clearTimeout(timers.jump);
  timers.refresh = null;
  timers.jump = null;
}
