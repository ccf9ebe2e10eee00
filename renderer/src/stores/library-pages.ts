import type { LibraryItem, LibraryQuery } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';

/**
 * The shape of the library store's sparse window onto main's list, and the arithmetic on it: which
 * item is at a position, which pages cover a span, which may exist, which are kept. Pure functions
 * of a state; the store (library-store.ts) does the loading, the timers and the events.
 */

export const LIBRARY_PAGE_SIZE = 200;
/** Pages kept on each side of what is on screen (and of what the viewer asked for). */
const KEEP_PAGES = 3;

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface Page {
  items: readonly LibraryItem[];
  /** The snapshot it came from; an older one is shown until it is replaced. */
  epoch: number;
}

export interface Span {
  start: number;
  end: number;
}

export interface LibraryState {
  query: LibraryQuery;
  /** Bumped when the query changes (not when the same query is reloaded): the grid goes back to the top. */
  queryVersion: number;
  epoch: number;
  /** How many items match the query, counting `head`; while `counting`, only how many there are at least. */
  total: number;
  /** Main answered a search's page before counting its matches (LibraryPage.total), and the count is on its way. */
  counting: boolean;
  /**
   * Items announced by main at the top of the plain newest-first view since the pages were loaded:
   * shown first, and every page position shifts by their count.
   */
  head: readonly LibraryItem[];
  pages: Readonly<Record<number, Page>>;
  /** The cursor page p's reply returned: where page p + 1 starts. Only for the current epoch. */
  cursors: Readonly<Record<number, string>>;
  status: LoadStatus;
  error: AppError | null;
  /** Positions the grid shows (with overscan) and the viewer last asked for: what is kept and reloaded. */
  visible: Span;
  requested: Span | null;
  /**
   * The grid's focused position (its one tab stop): the grid keeps that row rendered wherever the
   * view is, so its page is kept and loaded too, or the row would sit there as "Loading" cells.
   */
  focused: number | null;
}

export const pageOf = (position: number) => Math.floor(position / LIBRARY_PAGE_SIZE);

// ---- Reading ----

/** What positions are read from; components pass the slices they subscribed to. */
export type LoadedItems = Pick<LibraryState, 'head' | 'pages' | 'total'>;

/** The item at a position of the current list, or undefined while its page is not loaded. */
export function itemAt(state: LoadedItems, index: number): LibraryItem | undefined {
  if (index < 0 || index >= state.total) return undefined;
  if (index < state.head.length) return state.head[index];
  const position = index - state.head.length;
  return state.pages[pageOf(position)]?.items[position % LIBRARY_PAGE_SIZE];
}

/**
 * The loaded items at the positions they hold now, cut into pages from the top with no head: how
 * main's next answer, which includes the head's items, will page them. A reload shows these until
 * their fresh copies come; dropping the head instead would blank the newest images and shift
 * every other one by the head's length meanwhile. A page is made only where every position it
 * covers is loaded, and keeps an old epoch so that its fresh copy replaces it.
 */
export function pagesWithoutHead(state: LibraryState): Record<number, Page> {
  const shift = state.head.length;
  if (shift === 0) return { ...state.pages };
  const candidates = new Set<number>();
  for (let page = 0; page <= pageOf(shift - 1); page += 1) candidates.add(page);
  for (const [key, loaded] of Object.entries(state.pages)) {
    const first = shift + Number(key) * LIBRARY_PAGE_SIZE;
    candidates.add(pageOf(first));
    candidates.add(pageOf(first + Math.max(loaded.items.length - 1, 0)));
  }
  const epoch = Math.min(state.epoch, ...Object.values(state.pages).map((loaded) => loaded.epoch));
  const pages: Record<number, Page> = {};
  for (const page of candidates) {
    const items: LibraryItem[] = [];
    const end = Math.min((page + 1) * LIBRARY_PAGE_SIZE, state.total);
    for (let position = page * LIBRARY_PAGE_SIZE; position < end; position += 1) {
      const item = itemAt(state, position);
      if (item === undefined) break;
      items.push(item);
    }
    if (items.length > 0 && items.length === end - page * LIBRARY_PAGE_SIZE) pages[page] = { items, epoch };
  }
  return pages;
}

// Positions of loaded items, computed once per state (the pages change far less often than this is asked).
const positions = new WeakMap<LibraryState, Map<string, number>>();

export function positionsOf(state: LibraryState): Map<string, number> {
  const cached = positions.get(state);
  if (cached) return cached;
  const map = new Map<string, number>();
  state.head.forEach((item, index) => map.set(item.id, index));
  for (const [key, page] of Object.entries(state.pages)) {
    const base = state.head.length + Number(key) * LIBRARY_PAGE_SIZE;
    page.items.forEach((item, offset) => {
      if (!map.has(item.id)) map.set(item.id, base + offset);
    });
  }
  positions.set(state, map);
  return map;
}

// ---- Which pages ----

export function pagesFor(state: LibraryState, span: Span): number[] {
  const start = Math.max(span.start - state.head.length, 0);
  const end = span.end - state.head.length;
  if (end <= start) return [];
  const pages: number[] = [];
  for (let page = pageOf(start); page <= pageOf(end - 1); page += 1) pages.push(page);
  return pages;
}

/** Whether page p is worth asking for: before the first reply of an epoch only page 0 is known to exist. */
export function mayExist(state: LibraryState, page: number): boolean {
  // The first page always may: asking for it is how a new snapshot learns its total (an empty
  // library that just received an import has an old total of 0).
  if (page === 0) return true;
  const hasTotal = state.status === 'ready' || Object.values(state.pages).some((loaded) => loaded.epoch === state.epoch);
  if (!hasTotal) return false;
  return page * LIBRARY_PAGE_SIZE < state.total - state.head.length;
}

export function isFresh(state: LibraryState, page: number): boolean {
  return state.pages[page]?.epoch === state.epoch;
}

/** The focused position's page; null when nothing is focused, or the position is in the head. */
export function focusedPage(state: Pick<LibraryState, 'focused' | 'head'>): number | null {
  return state.focused === null || state.focused < state.head.length ? null : pageOf(state.focused - state.head.length);
}

/** Drops pages far from the screen and the viewer's last range, but never the focused position's. */
export function evict(state: LibraryState, pages: Record<number, Page>): Record<number, Page> {
  const keep = [state.visible, state.requested].filter((span): span is Span => span !== null && span.end > span.start);
  const focused = focusedPage(state);
  const near = (page: number) =>
    keep.some((span) => {
      const first = pageOf(Math.max(span.start - state.head.length, 0)) - KEEP_PAGES;
      const last = pageOf(Math.max(span.end - 1 - state.head.length, 0)) + KEEP_PAGES;
      return page >= first && page <= last;
    });
  const kept: Record<number, Page> = {};
  for (const [key, page] of Object.entries(pages)) {
    if (keep.length === 0 || near(Number(key)) || Number(key) === focused) kept[Number(key)] = page;
  }
  return kept;
}

/** The pages the grid shows: those of the visible positions (at least the first), and the focused position's. */
export function visiblePages(state: LibraryState): number[] {
  const pages = pagesFor(state, state.visible);
  const focused = focusedPage(state);
  if (focused !== null && !pages.includes(focused)) pages.push(focused);
  return pages.length > 0 ? pages : [0];
}
